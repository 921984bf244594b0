import { idLocator } from '../../helpers/locators';
import { DEVICE_MANAGEMENT, graphPath } from '../../transport';

/* Where uploaded ADMX files, and the definition files Intune resolves namespaces from, live. */

/** An uploaded file's ID, and the collection it is the key in. */
export const UPLOADED_FILE_ID = idLocator(
	'groupPolicyUploadedDefinitionFileId',
	'groupPolicyUploadedDefinitionFiles',
);

const UPLOADED_FILES = [DEVICE_MANAGEMENT, UPLOADED_FILE_ID.segment];

export const UPLOADED_FILES_PATH = graphPath(...UPLOADED_FILES);

export const DEFINITION_FILES_PATH = graphPath(DEVICE_MANAGEMENT, 'groupPolicyDefinitionFiles');

/** An uploaded file, or what lies below it: an action (remove, uploadNewVersion...) or a list. */
export function uploadedFilePath(groupPolicyUploadedDefinitionFileId: string, ...below: string[]) {
	return graphPath(...UPLOADED_FILES, groupPolicyUploadedDefinitionFileId, ...below);
}

/** The type's name: a cast in a path, and with a leading # the @odata.type of a body. */
export const UPLOADED_FILE_CAST = 'microsoft.graph.groupPolicyUploadedDefinitionFile';
export const UPLOADED_FILE_ODATA_TYPE = `#${UPLOADED_FILE_CAST}`;
