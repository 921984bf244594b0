/** Graph's own enum values for groupPolicyOperation (beta), in Graph's documented order. */
export const OPERATION_TYPES = [
	'none',
	'upload',
	'uploadNewVersion',
	'addLanguageFiles',
	'removeLanguageFiles',
	'updateLanguageFiles',
	'remove',
] as const;

export const OPERATION_STATUSES = ['unknown', 'inProgress', 'success', 'failed'] as const;

export type GroupPolicyOperationType = (typeof OPERATION_TYPES)[number];
export type GroupPolicyOperationStatus = (typeof OPERATION_STATUSES)[number];

export const GROUP_POLICY_OPERATION_ODATA_TYPE = '#microsoft.graph.groupPolicyOperation';
export const UPLOADED_DEFINITION_FILE_CAST = 'microsoft.graph.groupPolicyUploadedDefinitionFile';
