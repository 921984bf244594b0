import type { IDataObject } from 'n8n-workflow';

import type { SettingInput } from './inputs';
import { settingInputs } from './inputs';

/*
 * Settings (groupPolicyDefinitions) and how workflows name them. IDs of custom definitions are new
 * in every tenant and on every upload, so a setting is named by its name path,
 * `{categoryPath}\{displayName} ({classType})`, e.g. `\Fabrikam\Fabrikam Browser\Disable Telemetry
 * (machine)`: the whole key is matched, trimmed and case-insensitive, never split on backslashes
 * (display names may hold one). Everything that reads Graph's text runs in linear time.
 */

export const CUSTOM = 'admxIngested';
export const BUILT_IN = 'admxBacked';

export type DefinitionSource = 'custom' | 'builtIn' | 'any';
export const DEFINITION_SOURCES: DefinitionSource[] = ['custom', 'builtIn', 'any'];

export interface DefinitionFileInfo {
	id: string;
	fileName: string | null;
	displayName?: string;
	status?: string;
}

export interface SettingDefinition {
	id: string;
	displayName: string;
	categoryPath: string;
	classType: string;
	policyType: string;
	namePath: string;
	/** The name path folded for matching. */
	key: string;
	definitionFile?: DefinitionFileInfo;
	inputs: SettingInput[];
}

/** How a workflow names a setting. */
export type SettingRef =
	| { namePath: string }
	| { id: string }
	| { categoryPath: string; displayName: string; classType: string };

export function namePathOf(categoryPath: string, displayName: string, classType: string): string {
	return `${categoryPath}\\${displayName} (${classType})`;
}

/** A name path folded for comparison: trimmed and lower-cased. */
export const foldKey = (text: string): string => text.trim().toLowerCase();

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function fileInfo(file: unknown): DefinitionFileInfo | undefined {
	if (!file || typeof file !== 'object') return undefined;
	const f = file as IDataObject;
	if (f.id === undefined || f.id === null) return undefined;
	const info: DefinitionFileInfo = {
		id: String(f.id),
		fileName: typeof f.fileName === 'string' ? f.fileName : null,
	};
	if (typeof f.displayName === 'string') info.displayName = f.displayName;
	if (typeof f.status === 'string') info.status = f.status;
	return info;
}

/** A definition as Graph gave it (with presentations and definitionFile when expanded). */
export function toDefinition(row: IDataObject): SettingDefinition {
	const displayName = text(row.displayName);
	const categoryPath = text(row.categoryPath);
	const classType = text(row.classType);
	const namePath = namePathOf(categoryPath, displayName, classType);
	const presentations = Array.isArray(row.presentations)
		? (row.presentations as IDataObject[])
		: [];
	return {
		id: String(row.id ?? ''),
		displayName,
		categoryPath,
		classType,
		policyType: text(row.policyType),
		namePath,
		key: foldKey(namePath),
		definitionFile: fileInfo(row.definitionFile),
		inputs: settingInputs(presentations),
	};
}

export const isCustom = (definition: SettingDefinition) => definition.policyType === CUSTOM;

/** The setting as output items show it. */
export function settingSummary(definition: SettingDefinition): IDataObject {
	const file = definition.definitionFile;
	return {
		id: definition.id,
		displayName: definition.displayName,
		categoryPath: definition.categoryPath,
		classType: definition.classType,
		policyType: definition.policyType,
		namePath: definition.namePath,
		definitionFile: file ? { id: file.id, fileName: file.fileName } : null,
	};
}

/** The tenant's custom settings, looked up by name path and by ID. */
export interface Catalog {
	definitions: SettingDefinition[];
	byKey: Map<string, SettingDefinition[]>;
	byId: Map<string, SettingDefinition>;
	/** Folded category paths that hold at least one definition. */
	categories: Set<string>;
}

export function buildCatalog(rows: IDataObject[]): Catalog {
	const catalog: Catalog = {
		definitions: [],
		byKey: new Map(),
		byId: new Map(),
		categories: new Set(),
	};
	for (const row of rows) {
		const definition = toDefinition(row);
		catalog.definitions.push(definition);
		const same = catalog.byKey.get(definition.key);
		if (same) same.push(definition);
		else catalog.byKey.set(definition.key, [definition]);
		catalog.byId.set(definition.id, definition);
		catalog.categories.add(foldKey(definition.categoryPath));
	}
	return catalog;
}

const CLASS_SUFFIXES = [' (machine)', ' (user)'];

/**
 * A name path's parts for a Graph query: the class is the suffix, the display name follows the
 * last backslash. Only for asking Graph (a display name with a backslash is then not found, and
 * the object form {categoryPath, displayName, classType} names it); matching uses the whole key.
 */
export function queryParts(
	namePath: string,
): { categoryPath: string; displayName: string; classType: string } | undefined {
	const t = namePath.trim();
	const lower = t.toLowerCase();
	const suffix = CLASS_SUFFIXES.find((s) => lower.endsWith(s));
	if (!suffix) return undefined;
	const rest = t.slice(0, t.length - suffix.length);
	const at = rest.lastIndexOf('\\');
	if (at < 0) return undefined;
	return {
		categoryPath: rest.slice(0, at),
		displayName: rest.slice(at + 1),
		classType: suffix.slice(2, -1),
	};
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** The words of a text, lower-cased, by a scan (letters and digits; anything else separates). */
export function wordsOf(value: string): string[] {
	const words: string[] = [];
	let current = '';
	for (const ch of value.toLowerCase()) {
		if (WORD_CHARACTER.test(ch)) current += ch;
		else if (current) {
			words.push(current);
			current = '';
		}
	}
	if (current) words.push(current);
	return words;
}

/**
 * Up to `max` settings whose name paths share the most words with what was asked, the display
 * name's words counting double: what the user probably meant.
 */
export function nearCandidates(
	asked: string,
	definitions: SettingDefinition[],
	max = 5,
): SettingDefinition[] {
	const wanted = new Set(wordsOf(asked));
	if (wanted.size === 0) return [];
	const scored: Array<{ definition: SettingDefinition; score: number }> = [];
	for (const definition of definitions) {
		let score = 0;
		for (const word of new Set(wordsOf(definition.displayName))) if (wanted.has(word)) score += 2;
		for (const word of new Set(wordsOf(definition.categoryPath))) if (wanted.has(word)) score += 1;
		if (wanted.has(definition.classType.toLowerCase())) score += 1;
		if (score > 1) scored.push({ definition, score });
	}
	return scored
		.sort((a, b) => b.score - a.score || a.definition.namePath.localeCompare(b.definition.namePath))
		.slice(0, max)
		.map((s) => s.definition);
}

/** A setting as messages list it: its name path and where it comes from. */
export function describeDefinition(definition: SettingDefinition): string {
	const file = definition.definitionFile;
	const from = isCustom(definition)
		? `uploaded file ${file?.fileName ?? file?.id ?? 'unknown'}`
		: 'built-in template';
	return `${definition.namePath} [${from}, ID ${definition.id}]`;
}

/** What a reference to a setting reads as in messages. */
export function refText(ref: SettingRef): string {
	if ('namePath' in ref) return ref.namePath.trim();
	if ('id' in ref) return `ID ${ref.id}`;
	return namePathOf(ref.categoryPath, ref.displayName, ref.classType);
}

/** The folded name path a reference asks for (undefined for an ID). */
export function refKey(ref: SettingRef): string | undefined {
	if ('id' in ref) return undefined;
	return foldKey(refText(ref));
}

/** OData string literal: quotes doubled. */
export const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;
