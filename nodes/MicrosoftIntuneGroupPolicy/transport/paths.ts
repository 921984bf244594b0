import { UPLOADED_DEFINITION_FILE_CAST } from '../helpers/graphValues';

/*
 * Graph paths, relative to {graphRoot}/beta. IDs are validated before they get here and are still
 * URL-encoded, so a value can never add a path segment or a query string.
 */

export interface PresentationValuePath {
	groupPolicyConfigurationId: string;
	groupPolicyDefinitionValueId: string;
	groupPolicyPresentationValueId: string;
}

const enc = encodeURIComponent;

export const CONFIGURATIONS_PATH = '/deviceManagement/groupPolicyConfigurations';
export const UPLOADED_FILES_PATH = '/deviceManagement/groupPolicyUploadedDefinitionFiles';
export const DEFINITION_FILES_PATH = '/deviceManagement/groupPolicyDefinitionFiles';

export function uploadedFilePath(groupPolicyUploadedDefinitionFileId: string): string {
	return `${UPLOADED_FILES_PATH}/${enc(groupPolicyUploadedDefinitionFileId)}`;
}

/** An action on an uploaded file: remove, uploadNewVersion, add/update/removeLanguageFiles. */
export function uploadedFileActionPath(
	groupPolicyUploadedDefinitionFileId: string,
	action: string,
): string {
	return `${uploadedFilePath(groupPolicyUploadedDefinitionFileId)}/${action}`;
}

export function definitionValuesPath(groupPolicyConfigurationId: string): string {
	return `${CONFIGURATIONS_PATH}/${enc(groupPolicyConfigurationId)}/definitionValues`;
}

export function presentationValuesPath(
	groupPolicyConfigurationId: string,
	groupPolicyDefinitionValueId: string,
): string {
	const values = definitionValuesPath(groupPolicyConfigurationId);
	return `${values}/${enc(groupPolicyDefinitionValueId)}/presentationValues`;
}

export function presentationValuePath(ids: PresentationValuePath): string {
	const values = presentationValuesPath(
		ids.groupPolicyConfigurationId,
		ids.groupPolicyDefinitionValueId,
	);
	return `${values}/${enc(ids.groupPolicyPresentationValueId)}`;
}

/** The definition file behind a presentation value, read by the pre-flight check. */
export function presentationDefinitionFilePath(ids: PresentationValuePath): string {
	return `${presentationValuePath(ids)}/presentation/definition/definitionFile`;
}

/** The documented deep path to the operations of the uploaded file behind a presentation value. */
export function presentationOperationsPath(ids: PresentationValuePath): string {
	const file = `${presentationDefinitionFilePath(ids)}/${UPLOADED_DEFINITION_FILE_CAST}`;
	return `${file}/groupPolicyOperations`;
}

/**
 * The path Microsoft's SDKs and PowerShell use: operations of an uploaded definition file by its
 * ID.
 */
export function uploadedFileOperationsPath(groupPolicyUploadedDefinitionFileId: string): string {
	return `${UPLOADED_FILES_PATH}/${enc(groupPolicyUploadedDefinitionFileId)}/groupPolicyOperations`;
}

export function operationPath(operationsPath: string, groupPolicyOperationId: string): string {
	return `${operationsPath}/${enc(groupPolicyOperationId)}`;
}
