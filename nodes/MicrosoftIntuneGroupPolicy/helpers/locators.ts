import type { INode } from 'n8n-workflow';

import { validateId } from './validation';

/*
 * The IDs the node addresses, with how each one appears in a Graph URL. A resource locator holds a list pick, a
 * typed ID or a Graph URL; a workflow may also hold a plain string in its place.
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

/** The ID in a Graph URL (e.g. copied from Graph Explorer), or undefined when the URL holds none. */
export function idFromUrl(kind: LocatorKind, url: string): string | undefined {
	const match = new RegExp(urlPattern(kind), 'i').exec(url.trim());
	if (!match) return undefined;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return match[1];
	}
}

interface LocatorValue {
	__rl?: boolean;
	mode?: string;
	value?: unknown;
}

/** The checked ID from a locator parameter's raw value. */
export function resolveLocator(
	ctx: { node: INode; itemIndex: number },
	kind: LocatorKind,
	raw: unknown,
): string {
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
		const locator = raw as LocatorValue;
		if (locator.mode === 'url' && typeof locator.value === 'string' && locator.value !== '') {
			const id = idFromUrl(kind, locator.value);
			return validateId(ctx, kind, id ?? locator.value);
		}
		return validateId(ctx, kind, locator.value);
	}
	return validateId(ctx, kind, raw);
}
