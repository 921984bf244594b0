import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { graphRequest } from './session';
import type { GraphContext, GraphSession, Send } from './types';

/*
 * Paging through a Graph collection with @odata.nextLink. A link that comes back again, or more
 * pages than any real collection of these objects has, means the server is looping: the read stops
 * with an error instead of asking for ever.
 */

export const MAX_PAGES = 1000;

export interface GraphPage {
	value: IDataObject[];
	nextLink?: string;
}

function pageOf(body: IDataObject): GraphPage {
	const value = Array.isArray(body.value) ? (body.value as IDataObject[]) : [];
	const nextLink =
		typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
	return { value, nextLink };
}

/** One page: `path` is a path below /beta or the nextLink of the previous page. */
export async function graphGetPage(
	this: GraphContext,
	session: GraphSession,
	path: string,
	qs?: IDataObject,
	itemIndex = 0,
): Promise<GraphPage> {
	return pageOf(await graphRequest.call(this, session, { method: 'GET', path, qs }, itemIndex));
}

/** Items of a collection across pages, up to `limit` when given. */
export async function collectPages(
	this: GraphContext,
	send: Send,
	path: string,
	qs: IDataObject = {},
	limit?: number,
	itemIndex = 0,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let next: string | undefined = path;
	while (next && (limit === undefined || items.length < limit)) {
		if (seen.has(next) || seen.size >= MAX_PAGES) {
			const why = seen.has(next)
				? 'sent the same next page link twice'
				: `had over ${MAX_PAGES} pages`;
			throw new NodeOperationError(this.getNode(), `Stopped reading: Microsoft Graph ${why}`, {
				itemIndex,
				description:
					`${items.length} items were read before it. Set a Limit, or retry later; if it ` +
					`persists, the service is looping.`,
			});
		}
		seen.add(next);
		const page = pageOf(await send({ method: 'GET', path: next, qs }));
		items.push(...page.value);
		next = page.nextLink;
	}
	return limit === undefined ? items : items.slice(0, limit);
}
