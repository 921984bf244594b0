import type { ValidationContext } from './validation';
import { invalid, validateId } from './validation';

/*
 * The IDs the node addresses, with how each one appears in a Graph URL. A resource locator holds a
 * list pick, a typed ID or a Graph URL; a workflow may also hold a plain string in its place.
 */

export type LocatorKind =
	| 'groupPolicyConfigurationId'
	| 'groupPolicyDefinitionValueId'
	| 'groupPolicyPresentationValueId'
	| 'groupPolicyUploadedDefinitionFileId'
	| 'groupPolicyOperationId';

/** The navigation segment whose key each ID is, in a Graph URL. */
export const URL_SEGMENTS: Record<LocatorKind, string> = {
	groupPolicyConfigurationId: 'groupPolicyConfigurations',
	groupPolicyDefinitionValueId: 'definitionValues',
	groupPolicyPresentationValueId: 'presentationValues',
	groupPolicyUploadedDefinitionFileId: 'groupPolicyUploadedDefinitionFiles',
	groupPolicyOperationId: 'groupPolicyOperations',
};

/** Matches `/segment/{id}` or `/segment('{id}')` in a Graph URL; the ID is the first group. */
export function urlPattern(kind: LocatorKind): string {
	return `https?://[^/]+/.*${URL_SEGMENTS[kind]}(?:/|\\(')([^/?#()'"]+)`;
}

/**
 * The checked ID of a locator parameter. `read` gives the parameter with n8n's extractValue, which
 * takes the ID out of a pasted URL with the pattern above; a URL without one fails here, naming the
 * parameter and the item.
 */
export function readLocator(
	ctx: ValidationContext,
	kind: LocatorKind,
	read: (name: LocatorKind) => unknown,
): string {
	let value: unknown;
	try {
		value = read(kind);
	} catch {
		invalid(
			ctx,
			kind,
			`is not a Graph URL with /${URL_SEGMENTS[kind]}/{id}`,
			'Paste the URL of the object from Graph Explorer, or choose By ID and enter the ID.',
		);
	}
	return validateId(ctx, kind, value);
}
