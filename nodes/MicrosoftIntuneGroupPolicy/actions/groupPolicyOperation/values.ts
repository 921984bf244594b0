import { valuesOf } from '../../helpers/choices';

/** Graph's groupPolicyOperationType (beta), in Graph's documented order, with the names shown. */
export const OPERATION_TYPE_NAMES = {
	none: 'None',
	upload: 'Upload',
	uploadNewVersion: 'Upload New Version',
	addLanguageFiles: 'Add Language Files',
	removeLanguageFiles: 'Remove Language Files',
	updateLanguageFiles: 'Update Language Files',
	remove: 'Remove',
};

/** Graph's groupPolicyOperationStatus (beta), in Graph's documented order, with the names shown. */
export const OPERATION_STATUS_NAMES = {
	unknown: 'Unknown',
	inProgress: 'In Progress',
	success: 'Success',
	failed: 'Failed',
};

export const OPERATION_TYPES = valuesOf(OPERATION_TYPE_NAMES);
export const OPERATION_STATUSES = valuesOf(OPERATION_STATUS_NAMES);

export const GROUP_POLICY_OPERATION_ODATA_TYPE = '#microsoft.graph.groupPolicyOperation';
