import type { IDataObject } from 'n8n-workflow';

import type { GraphContext, Send } from '../../../transport';
import { asNodeError, collectPages, graphStatusOf } from '../../../transport';
import { UPLOADED_FILES_PATH } from '../../groupPolicyUploadedDefinitionFile/paths';
import { definitionPath, DEFINITIONS_PATH } from '../paths';
import type { Catalog, SettingDefinition } from './definitions';
import { buildCatalog, CUSTOM, odataString, toDefinition } from './definitions';

/*
 * Reading settings from Graph: the tenant's custom settings with their inputs (one paged read, once
 * per run), settings by name (a targeted query, built-in ones), and a setting by ID.
 */

export const DEFINITION_EXPAND = 'presentations,definitionFile';

/**
 * The page size asked for when reading whole collections: Graph caps it where it must, and the
 * next pages follow; a vendor's file brings hundreds of settings (Firefox: over 800).
 */
export const PAGE_SIZE = 999;

/** Every setting of the tenant's uploaded ADMX files, with inputs and file. */
export async function readCustomCatalog(
	this: GraphContext,
	send: Send,
	itemIndex: number,
): Promise<Catalog> {
	const rows = await collectPages.call(
		this,
		send,
		DEFINITIONS_PATH,
		{ $filter: `policyType eq '${CUSTOM}'`, $expand: DEFINITION_EXPAND, $top: PAGE_SIZE },
		undefined,
		itemIndex,
	);
	return buildCatalog(rows);
}

/** Settings with this display name (and category path), of one policy type or any. */
export async function queryByName(
	this: GraphContext,
	send: Send,
	names: { displayName: string; categoryPath?: string },
	policyType: string | undefined,
	itemIndex: number,
): Promise<SettingDefinition[]> {
	const clauses = [
		...(policyType ? [`policyType eq '${policyType}'`] : []),
		`displayName eq ${odataString(names.displayName)}`,
		...(names.categoryPath === undefined
			? []
			: [`categoryPath eq ${odataString(names.categoryPath)}`]),
	];
	const rows = await collectPages.call(
		this,
		send,
		DEFINITIONS_PATH,
		{ $filter: clauses.join(' and '), $expand: DEFINITION_EXPAND },
		undefined,
		itemIndex,
	);
	return rows.map(toDefinition);
}

/** A setting by its ID; undefined when Graph has none. */
export async function readDefinitionById(
	this: GraphContext,
	send: Send,
	id: string,
): Promise<SettingDefinition | undefined> {
	try {
		return toDefinition(
			await send({ method: 'GET', path: definitionPath(id), qs: { $expand: DEFINITION_EXPAND } }),
		);
	} catch (error) {
		if (graphStatusOf(error) === 404) return undefined;
		throw asNodeError(this.getNode(), error);
	}
}

/** The tenant's uploaded ADMX files with their status (at most 20). */
export async function readUploadedFiles(
	this: GraphContext,
	send: Send,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await collectPages.call(
		this,
		send,
		UPLOADED_FILES_PATH,
		{ $select: 'id,fileName,displayName,status,uploadDateTime,lastModifiedDateTime' },
		undefined,
		itemIndex,
	);
}
