import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ValidationContext } from '../../../../helpers/validation';
import { invalid } from '../../../../helpers/validation';
import { GUID } from '../../assignments/groups';
import { foldKey } from '../../settings/definitions';

/*
 * Group Mapping and Filter Mapping: which group (or assignment filter) of this tenant stands for
 * one of the portable profile, named there by its ID or display name. Given as fields or as JSON;
 * an entry is the user's word, so it wins over a group found by ID or name. Names match trimmed
 * and whatever their case, as Compare matches them.
 */

export type MappingKind = 'group' | 'filter';

const WORDS: Record<MappingKind, { title: string; lower: string; target: string }> = {
	group: { title: 'Group', lower: 'group', target: 'targetGroupId' },
	filter: { title: 'Filter', lower: 'assignment filter', target: 'targetFilterId' },
};

export const mappingParameter = (kind: MappingKind) => `${kind}Mapping`;
export const mappingJsonParameter = (kind: MappingKind) => `${kind}MappingJson`;

/** The Mapping option (fields) and its JSON alternative, for the Options collection. */
export function mappingOptions(kind: MappingKind): INodeProperties[] {
	const { title, lower, target } = WORDS[kind];
	return [
		{
			displayName: `${title} Mapping`,
			name: mappingParameter(kind),
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${title} Mapping`,
			default: {},
			description: `Which ${lower} of this tenant to assign for a ${lower} of the portable profile`,
			options: [
				{
					displayName: 'Mapping',
					name: 'mappings',
					values: [
						{
							displayName: `Source ${title}`,
							name: 'source',
							type: 'string',
							default: '',
							description: `The ID or display name of the ${lower} in the portable profile`,
						},
						{
							displayName: `Target ${title} ID`,
							name: target,
							type: 'string',
							default: '',
							description: `The ID of the ${lower} in this tenant to assign instead`,
						},
					],
				},
			],
		},
		{
			displayName: `${title} Mapping (JSON)`,
			name: mappingJsonParameter(kind),
			type: 'json',
			default: '{}',
			description:
				`{"source ${lower} ID or display name": "target ${lower} ID"}, or a list of ` +
				`{"source": "…", "target": "…"}; used besides ${title} Mapping`,
		},
	];
}

/** A source (as the portable profile names it) and the ID of this tenant's counterpart. */
export interface MappingEntry {
	source: string;
	targetId: string;
	/** The parameter it came from, for messages. */
	parameter: string;
}

export class Mapping {
	private readonly byId = new Map<string, MappingEntry>();
	private readonly byName = new Map<string, MappingEntry>();

	constructor(readonly entries: MappingEntry[] = []) {
		for (const entry of entries) {
			if (GUID.test(entry.source)) this.byId.set(entry.source.toLowerCase(), entry);
			else this.byName.set(foldKey(entry.source), entry);
		}
	}

	/** The entry for a source named by ID (first) or display name. */
	lookup(id: string | undefined, displayName: string | undefined): MappingEntry | undefined {
		return (
			(id === undefined ? undefined : this.byId.get(id.toLowerCase())) ??
			(displayName === undefined ? undefined : this.byName.get(foldKey(displayName)))
		);
	}
}

interface GivenEntry {
	source: unknown;
	target: unknown;
	at: string;
}

function mappingJson(ctx: ValidationContext, parameter: string, value: unknown): GivenEntry[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			parsed = JSON.parse(value) as unknown;
		} catch (error) {
			invalid(ctx, parameter, `is not valid JSON: ${(error as Error).message}`, JSON_HINT);
		}
	}
	if (parsed === undefined || parsed === null) return [];
	if (Array.isArray(parsed)) {
		return parsed.map((entry, k) => {
			if (!entry || typeof entry !== 'object' || Array.isArray(entry))
				invalid(ctx, `${parameter}[${k}]`, 'is not an object', JSON_HINT);
			const e = entry as IDataObject;
			return { source: e.source, target: e.target, at: `${parameter}[${k}]` };
		});
	}
	if (typeof parsed === 'object') {
		return Object.entries(parsed as IDataObject).map(([source, target]) => ({
			source,
			target,
			at: `${parameter}[${JSON.stringify(source)}]`,
		}));
	}
	invalid(ctx, parameter, `must be an object or a list, not ${typeof parsed}`, JSON_HINT);
}

const JSON_HINT =
	'Give {"source ID or display name": "target ID"}, or [{"source": "…", "target": "…"}].';

/** The mapping an item gives, from the fields and the JSON; a source given twice must agree. */
export function readMapping(
	ctx: ValidationContext,
	kind: MappingKind,
	options: IDataObject,
): Mapping {
	const { title, target } = WORDS[kind];
	const fieldsParameter = `options.${mappingParameter(kind)}`;
	const jsonParameter = `options.${mappingJsonParameter(kind)}`;
	const fields = (options[mappingParameter(kind)] ?? {}) as IDataObject;
	const rows = Array.isArray(fields.mappings) ? (fields.mappings as IDataObject[]) : [];
	const given: GivenEntry[] = [
		...rows.map((row, k) => ({
			source: row.source,
			target: row[target],
			at: `${fieldsParameter}.mappings[${k}]`,
		})),
		...mappingJson(ctx, jsonParameter, options[mappingJsonParameter(kind)]),
	];
	const entries: MappingEntry[] = [];
	const seen = new Map<string, MappingEntry>();
	for (const { source, target: targetId, at } of given) {
		if (typeof source !== 'string' || source.trim() === '')
			invalid(
				ctx,
				`${at}.source`,
				'is empty',
				`Give the source ${WORDS[kind].lower}'s ID or name.`,
			);
		const text = typeof targetId === 'string' ? targetId.trim() : '';
		if (!GUID.test(text)) {
			invalid(
				ctx,
				`${at}.target`,
				`is ${JSON.stringify(targetId) ?? 'missing'}, not a GUID`,
				`Give the ID of the ${WORDS[kind].lower} in this tenant (${title} IDs are GUIDs).`,
			);
		}
		const trimmed = source.trim();
		const key = foldKey(trimmed);
		const prior = seen.get(key);
		if (prior && prior.targetId.toLowerCase() !== text.toLowerCase()) {
			invalid(
				ctx,
				at,
				`maps "${trimmed}" to ${text}, but ${prior.parameter} maps it to ${prior.targetId}`,
				'Map each source once.',
			);
		}
		const entry = { source: trimmed, targetId: text, parameter: at };
		seen.set(key, entry);
		entries.push(entry);
	}
	return new Mapping(entries);
}
