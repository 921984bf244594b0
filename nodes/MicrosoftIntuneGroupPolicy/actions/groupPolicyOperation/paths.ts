import { idLocator } from '../../helpers/locators';
import { DEVICE_MANAGEMENT, graphPath } from '../../transport';
import { CONFIGURATION_ID } from '../groupPolicyConfiguration/paths';
import { UPLOADED_FILE_CAST, uploadedFilePath } from '../groupPolicyUploadedDefinitionFile/paths';

/*
 * Where a group policy operation lives: under its uploaded ADMX file, reached by the file's ID or
 * through a setting of an Administrative Templates profile that comes from the file.
 */

/** The profile the deep path starts at: declared with the profiles (their paths.ts). */
export { CONFIGURATION_ID };

export interface PresentationValuePath {
	groupPolicyConfigurationId: string;
	groupPolicyDefinitionValueId: string;
	groupPolicyPresentationValueId: string;
}

/* The IDs on the way to an operation, each with the collection it is the key in. */
export const DEFINITION_VALUE_ID = idLocator('groupPolicyDefinitionValueId', 'definitionValues');
export const PRESENTATION_VALUE_ID = idLocator(
	'groupPolicyPresentationValueId',
	'presentationValues',
);
export const OPERATION_ID = idLocator('groupPolicyOperationId', 'groupPolicyOperations');

const definitionValues = (groupPolicyConfigurationId: string) => [
	DEVICE_MANAGEMENT,
	CONFIGURATION_ID.segment,
	groupPolicyConfigurationId,
	DEFINITION_VALUE_ID.segment,
];

const presentationValues = (configurationId: string, definitionValueId: string) => [
	...definitionValues(configurationId),
	definitionValueId,
	PRESENTATION_VALUE_ID.segment,
];

const definitionFile = (ids: PresentationValuePath) => [
	...presentationValues(ids.groupPolicyConfigurationId, ids.groupPolicyDefinitionValueId),
	ids.groupPolicyPresentationValueId,
	'presentation',
	'definition',
	'definitionFile',
];

export function definitionValuesPath(groupPolicyConfigurationId: string): string {
	return graphPath(...definitionValues(groupPolicyConfigurationId));
}

export function presentationValuesPath(
	groupPolicyConfigurationId: string,
	groupPolicyDefinitionValueId: string,
): string {
	return graphPath(...presentationValues(groupPolicyConfigurationId, groupPolicyDefinitionValueId));
}

/** The definition file behind a presentation value, read by the pre-flight check. */
export function presentationDefinitionFilePath(ids: PresentationValuePath): string {
	return graphPath(...definitionFile(ids));
}

/** The documented deep path to the operations of the uploaded file behind a presentation value. */
export function presentationOperationsPath(ids: PresentationValuePath): string {
	return graphPath(...definitionFile(ids), UPLOADED_FILE_CAST, OPERATION_ID.segment);
}

/**
 * The path Microsoft's SDKs and PowerShell use: operations of an uploaded definition file by its
 * ID.
 */
export function uploadedFileOperationsPath(groupPolicyUploadedDefinitionFileId: string): string {
	return uploadedFilePath(groupPolicyUploadedDefinitionFileId, OPERATION_ID.segment);
}

/** One operation, below the operations path of its target. */
export function operationPath(operationsPath: string, groupPolicyOperationId: string): string {
	return `${operationsPath}${graphPath(groupPolicyOperationId)}`;
}
