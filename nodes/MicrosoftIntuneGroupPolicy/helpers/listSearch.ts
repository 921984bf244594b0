import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphPage } from '../transport';
import { graphGetPage, openSession } from '../transport';
import type { IdLocator } from './locators';
import { readLocator } from './locators';

/*
 * Searchable, paged lists for the resource locators; each resource declares its own. Graph cannot
 * filter definition values or presentation values by their expanded labels, so search matches
 * labels here, reading further pages until a screenful is found.
 */

/** A list search method, as n8n calls it from a resource locator's list mode. */
export type ListSearch = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

const PAGE_SIZE = 100;
const WANTED = 25;
const MAX_PAGES_PER_CALL = 10;

type Labeller = (row: IDataObject) => INodeListSearchItems;

function matches(item: INodeListSearchItems, filter?: string): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return (
		item.name.toLowerCase().includes(needle) || String(item.value).toLowerCase().includes(needle)
	);
}

async function searchGraphList(
	this: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	label: Labeller,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const session = await openSession.call(this);
	const results: INodeListSearchItems[] = [];
	let next: string | undefined = paginationToken || path;
	for (let pages = 0; next && pages < MAX_PAGES_PER_CALL && results.length < WANTED; pages++) {
		const page: GraphPage = await graphGetPage.call(this, session, next, {
			...qs,
			$top: PAGE_SIZE,
		});
		results.push(...page.value.map(label).filter((item) => matches(item, filter)));
		next = page.nextLink;
	}
	return { results, paginationToken: next };
}

/**
 * A list search over a Graph collection: `path` is where it is (a function when a dependent list
 * reads the IDs chosen above), `qs` what to ask Graph for, and `label` how a row is shown.
 */
export function graphListSearch(
	path: string | ((this: ILoadOptionsFunctions) => string),
	qs: IDataObject,
	label: Labeller,
): ListSearch {
	return async function (this: ILoadOptionsFunctions, filter, paginationToken) {
		const where = typeof path === 'string' ? path : path.call(this);
		return await searchGraphList.call(this, where, qs, label, filter, paginationToken);
	};
}

/** A chosen ID that a dependent list needs, read from the node's current parameters. */
export function chosen(this: ILoadOptionsFunctions, id: IdLocator, what: string): string {
	try {
		return readLocator({ node: this.getNode(), itemIndex: 0 }, id, (name) =>
			this.getCurrentNodeParameter(name, { extractValue: true }),
		);
	} catch {
		throw new NodeOperationError(this.getNode(), `Choose a ${what} first`, {
			description: `This list depends on the ${what} chosen above.`,
		});
	}
}

/** A label: the value when it is text, else the fallback (usually the ID). */
export const text = (value: unknown, fallback: string) =>
	typeof value === 'string' && value.trim() !== '' ? value : fallback;
