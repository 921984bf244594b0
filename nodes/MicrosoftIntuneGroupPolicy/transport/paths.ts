import { UPLOADED_DEFINITION_FILE_CAST } from '../helpers/graphValues';

/*
 * Graph paths, relative to {graphRoot}/beta. IDs are validated before they get here and are still URL-encoded, so a
 * value can never add a path segment or a query string.
 */

export interface PresentationValuePath {
	groupPolicyConfigurationId: string;
	groupPolicyDefinitionValueId: string;
	groupPolicyPresentationValueId: string;
}

const enc = encodeURIComponent;

export function presentationValuePath(ids: PresentationValuePath): string {
	return (
		`/deviceManagement/groupPolicyConfigurations/${enc(ids.groupPolicyConfigurationId)}` +
		`/definitionValues/${enc(ids.groupPolicyDefinitionValueId)}` +
		`/presentationValues/${enc(ids.groupPolicyPresentationValueId)}`
	);
}

/** The documented deep path for creating an operation through a configuration's presentation value. */
export function presentationOperationsPath(ids: PresentationValuePath): string {
	return `${presentationValuePath(ids)}/presentation/definition/definitionFile/${UPLOADED_DEFINITION_FILE_CAST}/groupPolicyOperations`;
}
