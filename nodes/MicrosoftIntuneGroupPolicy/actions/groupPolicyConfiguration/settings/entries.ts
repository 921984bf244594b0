import type { IDataObject } from 'n8n-workflow';

import type { ValidationContext } from '../../../helpers/validation';
import { invalid, validateId } from '../../../helpers/validation';
import type { SettingRef } from './definitions';
import { refText } from './definitions';
import type { GivenValues, SettingState } from './desired';

/*
 * What an item asks for, read from its parameters: one setting from the fields (Setting, State,
 * Values), or any number from the Settings JSON, an array of
 *   { "setting": "<name path>" | { "id": "…" } | { "categoryPath", "displayName", "classType" },
 *     "state": "enabled" | "disabled" | "notConfigured",
 *     "values": { "<label or Input N>": value } }
 * Get Settings' output items have this shape too, so they can be fed back (into another tenant).
 */

export interface SettingEntry {
	ref: SettingRef;
	state: SettingState;
	given: GivenValues;
	/** Names the setting (and its JSON entry) in messages. */
	where: string;
}

export const SETTING_PARAMETER = 'setting';
export const JSON_PARAMETER = 'settingsJson';

const REF_HINT =
	'Give the name path as text (e.g. "\\\\Fabrikam\\\\Fabrikam Browser\\\\Disable Telemetry ' +
	'(machine)", backslashes doubled in JSON), {"id": "..."}, or {"categoryPath": "...", ' +
	'"displayName": "...", "classType": "machine"}.';

const STATE_HINT = 'Use enabled, disabled or notConfigured.';

/** A setting named by text (its name path) or an object (names, else ID). */
export function parseRef(ctx: ValidationContext, parameter: string, value: unknown): SettingRef {
	if (typeof value === 'string') {
		if (value.trim() === '') invalid(ctx, parameter, 'is empty', REF_HINT);
		return { namePath: value.trim() };
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const o = value as IDataObject;
		const names = ['categoryPath', 'displayName', 'classType'] as const;
		if (names.every((n) => typeof o[n] === 'string' && o[n] !== '')) {
			return {
				categoryPath: String(o.categoryPath),
				displayName: String(o.displayName),
				classType: String(o.classType),
			};
		}
		if (o.id !== undefined) return { id: validateId(ctx, `${parameter}.id`, o.id) };
	}
	invalid(
		ctx,
		parameter,
		`does not name a setting: ${JSON.stringify(value) ?? 'nothing'}`,
		REF_HINT,
	);
}

/** A state, forgiving case and spaces ("Not Configured"). */
export function parseState(
	ctx: ValidationContext,
	parameter: string,
	value: unknown,
): SettingState {
	const folded = typeof value === 'string' ? value.replace(/[\s_-]/g, '').toLowerCase() : undefined;
	if (folded === 'enabled') return 'enabled';
	if (folded === 'disabled') return 'disabled';
	if (folded === 'notconfigured') return 'notConfigured';
	invalid(ctx, parameter, `has the state ${JSON.stringify(value) ?? 'nothing'}`, STATE_HINT);
}

/** Keys of Get Settings' and Set Settings' own output items, accepted back and ignored. */
const OUTPUT_KEYS = new Set([
	'groupPolicyConfigurationId',
	'definitionValueId',
	'change',
	'inputs',
]);
const ENTRY_KEYS = new Set(['setting', 'state', 'values']);

function parseJson(ctx: ValidationContext, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		invalid(
			ctx,
			JSON_PARAMETER,
			`is not valid JSON: ${(error as Error).message}`,
			'Give an array of {"setting", "state", "values"} objects.',
		);
	}
}

/** The entries of the Settings JSON (an array, or a single object). */
export function readJsonEntries(ctx: ValidationContext, value: unknown): SettingEntry[] {
	const parsed = parseJson(ctx, value);
	const list = Array.isArray(parsed) ? parsed : [parsed];
	return list.map((entry, k) => {
		const parameter = `${JSON_PARAMETER}[${k}]`;
		if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
			invalid(
				ctx,
				parameter,
				`is not an object: ${JSON.stringify(entry) ?? 'nothing'}`,
				'Each entry is {"setting": ..., "state": ..., "values": {...}}.',
			);
		}
		const o = entry as IDataObject;
		const unknown = Object.keys(o).filter((key) => !ENTRY_KEYS.has(key) && !OUTPUT_KEYS.has(key));
		if (unknown.length) {
			invalid(
				ctx,
				parameter,
				`has the unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`,
				'An entry has "setting", "state" and "values".',
			);
		}
		const ref = parseRef(ctx, `${parameter}.setting`, o.setting);
		const state = parseState(ctx, `${parameter}.state`, o.state);
		const values = o.values ?? {};
		if (typeof values !== 'object' || Array.isArray(values) || values === null) {
			invalid(
				ctx,
				`${parameter}.values`,
				'is not an object',
				'Give {"<input label or Input N>": value, ...}.',
			);
		}
		return {
			ref,
			state,
			given: { values: values as IDataObject, strictKeys: true },
			where: `Settings JSON entry ${k}, setting "${refText(ref)}"`,
		};
	});
}

/** The Setting parameter (a resource locator, or a plain value from an expression). */
export function readSettingLocator(ctx: ValidationContext, value: unknown): SettingRef {
	if (value && typeof value === 'object' && 'mode' in value && 'value' in value) {
		const locator = value as { mode: string; value: unknown };
		if (locator.mode === 'id') return { id: validateId(ctx, SETTING_PARAMETER, locator.value) };
		if (locator.value === '' || locator.value === undefined || locator.value === null) {
			invalid(
				ctx,
				SETTING_PARAMETER,
				'is empty',
				'Choose a setting From List, or type its name path.',
			);
		}
		return parseRef(ctx, SETTING_PARAMETER, locator.value);
	}
	return parseRef(ctx, SETTING_PARAMETER, value);
}

/**
 * The values of the Values resource mapper: those defined below, or, when mapped automatically,
 * the item's fields that name an input.
 */
export function mappedValues(value: unknown, itemJson: IDataObject): GivenValues {
	if (!value || typeof value !== 'object') return { values: {}, strictKeys: true };
	const mapper = value as IDataObject;
	const schema = Array.isArray(mapper.schema) ? (mapper.schema as IDataObject[]) : [];
	const removed = new Set(schema.filter((f) => f.removed === true).map((f) => String(f.id)));
	const auto = mapper.mappingMode === 'autoMapInputData';
	const source = auto
		? itemJson
		: mapper.value && typeof mapper.value === 'object'
			? (mapper.value as IDataObject)
			: {};
	const values: IDataObject = {};
	for (const [key, v] of Object.entries(source)) if (!removed.has(key)) values[key] = v;
	return { values, strictKeys: !auto };
}
