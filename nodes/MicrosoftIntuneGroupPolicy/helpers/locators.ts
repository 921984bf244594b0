import type { IExecuteFunctions } from 'n8n-workflow';

import type { ValidationContext } from './validation';
import { invalid, validateId } from './validation';

/*
 * The IDs the node addresses, with how each one appears in a Graph URL. A resource locator holds a
 * list pick, a typed ID or a Graph URL; a workflow may also hold a plain string in its place. Each
 * resource declares its own IDs.
 */

export interface IdLocator {
	/** The parameter that holds the ID. */
	name: string;
	/** The navigation segment whose key the ID is, in a Graph URL. */
	segment: string;
}

export function idLocator(name: string, segment: string): IdLocator {
	return { name, segment };
}

/** Matches `/segment/{id}` or `/segment('{id}')` in a Graph URL; the ID is the first group. */
export function urlPattern(id: IdLocator): string {
	return `https?://[^/]+/.*${id.segment}(?:/|\\(')([^/?#()'"]+)`;
}

/**
 * The checked ID of a locator parameter. `read` gives the parameter with n8n's extractValue, which
 * takes the ID out of a pasted URL with the pattern above; a URL without one fails here, naming the
 * parameter and the item.
 */
export function readLocator(
	ctx: ValidationContext,
	id: IdLocator,
	read: (name: string) => unknown,
): string {
	let value: unknown;
	try {
		value = read(id.name);
	} catch {
		invalid(
			ctx,
			id.name,
			`is not a Graph URL with /${id.segment}/{id}`,
			'Paste the URL of the object from Graph Explorer, or choose By ID and enter the ID.',
		);
	}
	return validateId(ctx, id.name, value);
}

/** The checked ID of an item's locator parameter in a node run. */
export function readItemLocator(this: IExecuteFunctions, itemIndex: number, id: IdLocator): string {
	return readLocator({ node: this.getNode(), itemIndex }, id, (name) =>
		this.getNodeParameter(name, itemIndex, undefined, { extractValue: true }),
	);
}
