import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { LocatorKind } from '../helpers/locators';
import { readLocator } from '../helpers/locators';
import { resolveTarget } from '../helpers/target';
import { openSession } from '../transport';
import type { GraphPage } from '../transport/pages';
import { graphGetPage } from '../transport/pages';
import {
	CONFIGURATIONS_PATH,
	definitionValuesPath,
	presentationValuesPath,
	UPLOADED_FILES_PATH,
} from '../transport/paths';

/*
 * Searchable, paged lists for the resource locators. Graph cannot filter definition values or
 * presentation values by their expanded labels, so search matches labels here, reading further
 * pages until a screenful is found.
 */

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

export async function searchGraphList(
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

/** A chosen ID that a dependent list needs, read from the node's current parameters. */
function chosen(this: ILoadOptionsFunctions, kind: LocatorKind, what: string): string {
	try {
		return readLocator({ node: this.getNode(), itemIndex: 0 }, kind, (name) =>
			this.getCurrentNodeParameter(name, { extractValue: true }),
		);
	} catch {
		throw new NodeOperationError(this.getNode(), `Choose a ${what} first`, {
			description: `This list depends on the ${what} chosen above.`,
		});
	}
}

const text = (value: unknown, fallback: string) =>
	typeof value === 'string' && value.trim() !== '' ? value : fallback;

export async function searchGroupPolicyConfigurations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchGraphList.call(
		this,
		CONFIGURATIONS_PATH,
		{ $select: 'id,displayName' },
		(row) => ({ name: text(row.displayName, String(row.id)), value: String(row.id) }),
		filter,
		paginationToken,
	);
}

export async function searchGroupPolicyDefinitionValues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const configurationId = chosen.call(
		this,
		'groupPolicyConfigurationId',
		'group policy configuration',
	);
	return await searchGraphList.call(
		this,
		definitionValuesPath(configurationId),
		{ $expand: 'definition($select=id,displayName,categoryPath)' },
		(row) => {
			const definition = (row.definition ?? {}) as IDataObject;
			const state =
				row.enabled === true ? 'Enabled' : row.enabled === false ? 'Disabled' : 'Not configured';
			return {
				name: `${text(definition.displayName, String(row.id))} (${state})`,
				value: String(row.id),
			};
		},
		filter,
		paginationToken,
	);
}

export async function searchGroupPolicyPresentationValues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const configurationId = chosen.call(
		this,
		'groupPolicyConfigurationId',
		'group policy configuration',
	);
	const definitionValueId = chosen.call(
		this,
		'groupPolicyDefinitionValueId',
		'group policy definition value',
	);
	return await searchGraphList.call(
		this,
		presentationValuesPath(configurationId, definitionValueId),
		{ $expand: 'presentation($select=id,label)' },
		(row) => {
			const presentation = (row.presentation ?? {}) as IDataObject;
			return { name: text(presentation.label, String(row.id)), value: String(row.id) };
		},
		filter,
		paginationToken,
	);
}

export async function searchGroupPolicyUploadedDefinitionFiles(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchGraphList.call(
		this,
		UPLOADED_FILES_PATH,
		{ $select: 'id,displayName,fileName,status' },
		(row) => {
			const name = text(row.displayName, String(row.id));
			const file = text(row.fileName, '');
			return {
				name: `${file ? `${file} — ` : ''}${name}${row.status ? ` (${String(row.status)})` : ''}`,
				value: String(row.id),
			};
		},
		filter,
		paginationToken,
	);
}

export async function searchGroupPolicyOperations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	let operationsPath: string;
	try {
		operationsPath = resolveTarget({ node: this.getNode(), itemIndex: 0 }, (name) =>
			this.getCurrentNodeParameter(name, { extractValue: true }),
		).operationsPath;
	} catch {
		throw new NodeOperationError(this.getNode(), 'Choose where the operations are first', {
			description: 'Pick the configuration setting or the uploaded definition file above.',
		});
	}
	return await searchGraphList.call(
		this,
		operationsPath,
		{},
		(row) => ({
			name:
				`${String(row.operationType ?? 'operation')} · ` +
				`${String(row.operationStatus ?? 'unknown')} · ` +
				`${String(row.lastModifiedDateTime ?? '')}`,
			value: String(row.id),
		}),
		filter,
		paginationToken,
	);
}
