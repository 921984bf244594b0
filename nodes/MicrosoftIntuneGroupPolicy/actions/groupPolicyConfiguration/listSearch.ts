import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListSearch } from '../../helpers/listSearch';
import { graphListSearch, text } from '../../helpers/listSearch';
import type { GraphPage } from '../../transport';
import { asNodeError, graphGetPage, graphStatusOf, openSession } from '../../transport';
import { groupFilter, GROUPS_PERMISSION } from './assignments/groups';
import { ASSIGNMENT_FILTERS_PATH, CONFIGURATIONS_PATH, GROUPS_PATH } from './paths';

/*
 * The lists behind the profile locator (Group Policy Operation's deep path starts from it too) and
 * behind an assignment's group and filter. Every export here is a list search method.
 */

export const searchGroupPolicyConfigurations = graphListSearch(
	CONFIGURATIONS_PATH,
	{ $select: 'id,displayName' },
	(row) => ({ name: text(row.displayName, String(row.id)), value: String(row.id) }),
);

const GROUPS_PAGE_SIZE = 100;

/**
 * Groups to assign to, filtered by Graph (there may be many thousands): one page per call, the
 * next one through the token. Needs Group.Read.All; a group ID can always be typed instead.
 */
export const searchGroups: ListSearch = async function (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const session = await openSession.call(this);
	const where = groupFilter(filter);
	const qs: IDataObject = { $select: 'id,displayName', $top: GROUPS_PAGE_SIZE };
	if (where) qs.$filter = where;
	let page: GraphPage;
	try {
		page = await graphGetPage.call(this, session, paginationToken || GROUPS_PATH, qs);
	} catch (error) {
		if (graphStatusOf(error) !== 403) throw asNodeError(this.getNode(), error);
		throw new NodeOperationError(this.getNode(), 'Not allowed to list groups', {
			description: GROUPS_PERMISSION,
		});
	}
	return {
		results: page.value.map((row) => ({
			name: text(row.displayName, String(row.id)),
			value: String(row.id),
		})),
		paginationToken: page.nextLink,
	};
};

/** Assignment filters, labelled with the platform they apply to. */
export const searchAssignmentFilters = graphListSearch(
	ASSIGNMENT_FILTERS_PATH,
	{ $select: 'id,displayName,platform' },
	(row) => {
		const name = text(row.displayName, String(row.id));
		return {
			name: typeof row.platform === 'string' ? `${name} (${row.platform})` : name,
			value: String(row.id),
		};
	},
);
