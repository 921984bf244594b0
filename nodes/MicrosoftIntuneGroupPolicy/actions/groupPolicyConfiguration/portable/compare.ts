import type { SettingInput } from '../settings/inputs';
import { findInput } from '../settings/inputs';
import { defaultValue, displayValue } from '../settings/inputValues';
import type {
	PortableAssignment,
	PortableProfile,
	PortableSetting,
	PortableTargetType,
	PortableValue,
} from './format';
import { settingKey } from './parse';

/*
 * The differences between two portable profiles: what a profile in the tenant (actual) holds that
 * a portable profile (expected: the JSON) does not, and the other way round. Pure: no Graph, no
 * n8n. The result does not depend on the order of settings, values or assignments in either, and
 * comes out in a fixed order: the profile's own fields, then settings by class, category path and
 * display name, then assignments.
 *
 * - Settings are the same setting when their class, category path and display name (trimmed,
 *   case-insensitive) and their source (custom or built-in) are: IDs are new in every tenant.
 * - Values are compared as Graph stores them: a dropdown by its item's value (its display name is
 *   for people), numbers and booleans as their text (300 and "300" are one value), a list entry
 *   without a value as its name. With the tenant's inputs of a setting (`inputsOf`), an input key
 *   may be the label or "Input N", and an input the JSON leaves out counts as the default Set
 *   Settings would write for it.
 * - A group is the same group when its ID is; a group of the JSON whose ID does not exist in this
 *   tenant (the JSON comes from another tenant: `groupsHere` lacks it) is the group with the same
 *   display name (case-insensitive). Assignment filters likewise (`filtersHere`).
 * - Scope tags are compared by ID, in any order.
 */

export const DIFFERENCE_KINDS = [
	'profileChanged',
	'settingAdded',
	'settingRemoved',
	'settingStateChanged',
	'settingValueChanged',
	'assignmentAdded',
	'assignmentRemoved',
	'assignmentChanged',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** A setting as differences name it. */
export interface SettingName {
	classType: string;
	categoryPath: string;
	displayName: string;
	source: string;
}

/** A setting's state and values, as a difference shows one side of it. */
export interface SettingSide {
	state: string;
	values: Record<string, PortableValue>;
}

export interface Difference {
	difference: DifferenceKind;
	/** The profile's field that differs (profileChanged). */
	field?: 'displayName' | 'description' | 'roleScopeTagIds';
	setting?: SettingName;
	/** The input whose value differs (settingValueChanged), by its key. */
	input?: string;
	/** What the portable profile says; null where it has nothing. */
	expected: PortableValue | SettingSide | PortableAssignment | string | string[] | null;
	/** What the profile in the tenant holds; null where it has nothing. */
	actual: PortableValue | SettingSide | PortableAssignment | string | string[] | null;
}

export interface CompareOptions {
	/** Folded IDs of the JSON's groups that exist in this tenant; undefined when not known. */
	groupsHere?: Set<string>;
	/** Folded IDs of the JSON's assignment filters that exist in this tenant. */
	filtersHere?: Set<string>;
	/** The tenant's inputs of a setting of the JSON, when the tenant has that setting. */
	inputsOf?: (setting: PortableSetting) => SettingInput[] | undefined;
}

const fold = (text: string | undefined) => (text ?? '').trim().toLowerCase();

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order settings are listed in: class, category path, display name, then source. */
export function settingOrder(
	a: Pick<PortableSetting, 'classType' | 'categoryPath' | 'displayName' | 'source'>,
	b: Pick<PortableSetting, 'classType' | 'categoryPath' | 'displayName' | 'source'>,
): number {
	return (
		order(a.classType, b.classType) ||
		order(fold(a.categoryPath), fold(b.categoryPath)) ||
		order(fold(a.displayName), fold(b.displayName)) ||
		order(a.categoryPath, b.categoryPath) ||
		order(a.displayName, b.displayName) ||
		order(a.source, b.source)
	);
}

const TARGET_ORDER: PortableTargetType[] = [
	'includeGroup',
	'excludeGroup',
	'allDevices',
	'allUsers',
];

/** The order assignments are listed in: by type, then group (name, then ID), then filter. */
export function assignmentOrder(a: PortableAssignment, b: PortableAssignment): number {
	return (
		TARGET_ORDER.indexOf(a.type) - TARGET_ORDER.indexOf(b.type) ||
		order(fold(a.groupDisplayName), fold(b.groupDisplayName)) ||
		order(fold(a.groupId), fold(b.groupId)) ||
		order(fold(a.filterDisplayName), fold(b.filterDisplayName)) ||
		order(fold(a.filterId), fold(b.filterId))
	);
}

/** A setting's identity across tenants: its folded name path and its source. */
export const settingIdentity = (
	setting: Pick<PortableSetting, 'classType' | 'categoryPath' | 'displayName' | 'source'>,
) => `${settingKey(setting)}|${setting.source}`;

const nameOf = (setting: PortableSetting): SettingName => ({
	classType: setting.classType,
	categoryPath: setting.categoryPath,
	displayName: setting.displayName,
	source: setting.source,
});

const sideOf = (setting: PortableSetting): SettingSide => ({
	state: setting.state,
	values: setting.values,
});

/** A value in the form Graph stores, for comparing. */
function canonical(value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (Array.isArray(value)) return value.map(canonical);
	if (typeof value === 'object') {
		const entry = value as Record<string, unknown>;
		if ('name' in entry) {
			const data = entry.value;
			return data === null || data === undefined || data === ''
				? String(entry.name)
				: [String(entry.name), String(data)];
		}
		return canonical(entry.value);
	}
	return String(value);
}

export function sameValue(a: unknown, b: unknown): boolean {
	return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The JSON's values by the tenant's input keys, with the defaults of the inputs it leaves out. */
function expectedValues(
	setting: PortableSetting,
	inputs: SettingInput[] | undefined,
): Map<string, { key: string; value: unknown }> {
	const values = new Map<string, { key: string; value: unknown }>();
	for (const [key, value] of Object.entries(setting.values)) {
		const input = inputs && findInput(inputs, key).input;
		const name = input?.key ?? key;
		if (!values.has(fold(name))) values.set(fold(name), { key: name, value });
	}
	if (setting.state === 'enabled') {
		for (const input of inputs ?? []) {
			if (values.has(fold(input.key))) continue;
			const fallback = defaultValue(input);
			if (fallback !== undefined)
				values.set(fold(input.key), { key: input.key, value: displayValue(input, fallback) });
		}
	}
	return values;
}

function valueDifferences(
	expected: PortableSetting,
	actual: PortableSetting,
	inputs: SettingInput[] | undefined,
): Difference[] {
	const wanted = expectedValues(expected, inputs);
	const held = new Map<string, { key: string; value: unknown }>();
	for (const [key, value] of Object.entries(actual.values))
		if (!held.has(fold(key))) held.set(fold(key), { key, value });
	const keys = [...new Set([...wanted.keys(), ...held.keys()])].sort(order);
	const differences: Difference[] = [];
	for (const key of keys) {
		const e = wanted.get(key);
		const a = held.get(key);
		if (sameValue(e?.value, a?.value)) continue;
		differences.push({
			difference: 'settingValueChanged',
			setting: nameOf(actual),
			input: a?.key ?? e!.key,
			expected: (e?.value ?? null) as PortableValue | null,
			actual: (a?.value ?? null) as PortableValue | null,
		});
	}
	return differences;
}

function settingDifferences(
	expected: PortableSetting[],
	actual: PortableSetting[],
	inputsOf: CompareOptions['inputsOf'],
): Difference[] {
	const held = new Map<string, PortableSetting[]>();
	for (const setting of actual) {
		const same = held.get(settingIdentity(setting));
		if (same) same.push(setting);
		else held.set(settingIdentity(setting), [setting]);
	}
	const found: Array<{ at: PortableSetting; differences: Difference[] }> = [];
	for (const wanted of expected) {
		const match = held.get(settingIdentity(wanted))?.shift();
		if (!match) {
			found.push({
				at: wanted,
				differences: [
					{
						difference: 'settingRemoved',
						setting: nameOf(wanted),
						expected: sideOf(wanted),
						actual: null,
					},
				],
			});
			continue;
		}
		if (match.state !== wanted.state) {
			found.push({
				at: match,
				differences: [
					{
						difference: 'settingStateChanged',
						setting: nameOf(match),
						expected: wanted.state,
						actual: match.state,
					},
				],
			});
			continue;
		}
		found.push({ at: match, differences: valueDifferences(wanted, match, inputsOf?.(wanted)) });
	}
	for (const rest of held.values()) {
		for (const setting of rest) {
			found.push({
				at: setting,
				differences: [
					{
						difference: 'settingAdded',
						setting: nameOf(setting),
						expected: null,
						actual: sideOf(setting),
					},
				],
			});
		}
	}
	return found
		.filter((f) => f.differences.length > 0)
		.sort((a, b) => settingOrder(a.at, b.at))
		.flatMap((f) => f.differences);
}

const isGroup = (a: PortableAssignment) => a.type === 'includeGroup' || a.type === 'excludeGroup';

/** Whether an assignment of the JSON and one in the tenant address the same target. */
function sameTarget(
	wanted: PortableAssignment,
	held: PortableAssignment,
	options: CompareOptions,
	byName: boolean,
): boolean {
	if (!isGroup(wanted) || !isGroup(held)) return wanted.type === held.type;
	if (!byName) return wanted.groupId !== undefined && fold(wanted.groupId) === fold(held.groupId);
	const here = wanted.groupId !== undefined && options.groupsHere?.has(fold(wanted.groupId));
	return (
		!here &&
		wanted.groupDisplayName !== undefined &&
		held.groupDisplayName !== undefined &&
		fold(wanted.groupDisplayName) === fold(held.groupDisplayName)
	);
}

/** Whether two assignments of the same target have the same type and filter. */
function sameSettings(
	wanted: PortableAssignment,
	held: PortableAssignment,
	options: CompareOptions,
): boolean {
	if (wanted.type !== held.type) return false;
	const filtered = (a: PortableAssignment) =>
		a.filterId !== undefined || a.filterDisplayName !== undefined;
	if (!filtered(wanted) || !filtered(held)) return filtered(wanted) === filtered(held);
	if ((wanted.filterType ?? 'include') !== (held.filterType ?? 'include')) return false;
	if (wanted.filterId !== undefined && fold(wanted.filterId) === fold(held.filterId)) return true;
	const here = wanted.filterId !== undefined && options.filtersHere?.has(fold(wanted.filterId));
	return (
		!here &&
		wanted.filterDisplayName !== undefined &&
		held.filterDisplayName !== undefined &&
		fold(wanted.filterDisplayName) === fold(held.filterDisplayName)
	);
}

function assignmentDifferences(
	expected: PortableAssignment[],
	actual: PortableAssignment[],
	options: CompareOptions,
): Difference[] {
	const wanted = [...expected].sort(assignmentOrder);
	const held = [...actual].sort(assignmentOrder);
	const pairs: Array<[PortableAssignment, PortableAssignment]> = [];
	// By ID first, so that a name never takes a group another assignment has by ID.
	for (const byName of [false, true]) {
		for (const w of [...wanted]) {
			const at = held.findIndex((h) => sameTarget(w, h, options, byName));
			if (at < 0) continue;
			pairs.push([w, held[at]]);
			held.splice(at, 1);
			wanted.splice(wanted.indexOf(w), 1);
		}
	}
	const found: Array<{ at: PortableAssignment; difference: Difference }> = [];
	for (const [w, h] of pairs) {
		if (sameSettings(w, h, options)) continue;
		found.push({
			at: h,
			difference: { difference: 'assignmentChanged', expected: w, actual: h },
		});
	}
	for (const w of wanted)
		found.push({
			at: w,
			difference: { difference: 'assignmentRemoved', expected: w, actual: null },
		});
	for (const h of held)
		found.push({ at: h, difference: { difference: 'assignmentAdded', expected: null, actual: h } });
	return found.sort((a, b) => assignmentOrder(a.at, b.at)).map((f) => f.difference);
}

function profileDifferences(expected: PortableProfile, actual: PortableProfile): Difference[] {
	const differences: Difference[] = [];
	const e = expected.profile;
	const a = actual.profile;
	if (e.displayName.trim() !== a.displayName.trim())
		differences.push({
			difference: 'profileChanged',
			field: 'displayName',
			expected: e.displayName,
			actual: a.displayName,
		});
	if (e.description !== a.description)
		differences.push({
			difference: 'profileChanged',
			field: 'description',
			expected: e.description,
			actual: a.description,
		});
	const tags = (ids: string[]) => [...new Set(ids.map(fold))].sort(order);
	if (JSON.stringify(tags(e.roleScopeTagIds)) !== JSON.stringify(tags(a.roleScopeTagIds)))
		differences.push({
			difference: 'profileChanged',
			field: 'roleScopeTagIds',
			expected: e.roleScopeTagIds,
			actual: a.roleScopeTagIds,
		});
	return differences;
}

/** Every difference between the portable profile (expected) and the tenant's (actual). */
export function compareProfiles(
	expected: PortableProfile,
	actual: PortableProfile,
	options: CompareOptions = {},
): Difference[] {
	return [
		...profileDifferences(expected, actual),
		...settingDifferences(expected.settings, actual.settings, options.inputsOf),
		...assignmentDifferences(expected.assignments, actual.assignments, options),
	];
}
