import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ValidationContext } from '../../../helpers/validation';
import { invalid } from '../../../helpers/validation';
import type {
	PortableAdmxFile,
	PortableAssignment,
	PortableProfile,
	PortableSetting,
	PortableValue,
} from './format';
import { PORTABLE_FORMAT, PORTABLE_FORMAT_VERSION } from './format';
import { GUID } from '../assignments/groups';
import { foldKey, namePathOf } from '../settings/definitions';

/*
 * Reading a portable profile an item brings (as JSON in a parameter, or as a .json file in a binary
 * property) and checking every field before anything is read from or sent to Graph. A problem
 * fails the item with the field's path in the message (settings[3].state). Every check is one pass
 * over the profile: a profile of any size costs time in proportion to its length. Every field the
 * format declares must be there: a misspelt "settings" must not read as a profile without settings,
 * which Apply would make the tenant's profile. Fields this version does not know are ignored, so
 * that a later exporter's additions do not break this reader.
 */

export const PORTABLE_SOURCE = 'portableSource';
export const PORTABLE_PROFILE = 'portableProfile';
export const BINARY_PROPERTY_NAME = 'binaryPropertyName';
export const DEFAULT_BINARY_PROPERTY = 'data';

const PORTABLE_SOURCES = ['json', 'binary'] as const;
export type PortableSource = (typeof PORTABLE_SOURCES)[number];

/** Where the portable profile comes from, and the JSON or binary property that holds it. */
export function portableProfileProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Portable Profile Source',
			name: PORTABLE_SOURCE,
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'JSON',
					value: 'json',
					description: 'The portable profile as JSON, e.g. the output of Export',
				},
				{
					name: 'Binary File',
					value: 'binary',
					description: 'A JSON file holding the portable profile, from a binary property',
				},
			],
			default: 'json',
		},
		{
			displayName: 'Portable Profile',
			name: PORTABLE_PROFILE,
			type: 'json',
			default: '',
			required: true,
			description:
				'The portable profile: the JSON Export writes, with "format": "' +
				`${PORTABLE_FORMAT}" and "formatVersion": ${PORTABLE_FORMAT_VERSION}`,
			displayOptions: { show: { [PORTABLE_SOURCE]: ['json'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: BINARY_PROPERTY_NAME,
			type: 'string',
			default: DEFAULT_BINARY_PROPERTY,
			required: true,
			description: 'Binary property that holds the portable profile as a JSON file',
			displayOptions: { show: { [PORTABLE_SOURCE]: ['binary'] } },
		},
	];
}

const FORMAT_HINT =
	`A portable profile is the JSON Export writes: {"format": "${PORTABLE_FORMAT}", ` +
	`"formatVersion": ${PORTABLE_FORMAT_VERSION}, "profile": {…}, "settings": […], ` +
	'"assignments": […], "admxFiles": […]}. Export the profile again, or fix the field named.';

/** A problem at a path inside the profile; turned into the item's error by the caller. */
class FieldProblem extends Error {
	constructor(
		readonly path: string,
		message: string,
		readonly hint = FORMAT_HINT,
	) {
		super(message);
	}
}

type Json = Record<string, unknown>;

const describe = (value: unknown): string =>
	value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;

function object(value: unknown, path: string): Json {
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new FieldProblem(path, `must be an object, not ${describe(value)}`);
	return value as Json;
}

function list(value: unknown, path: string): unknown[] {
	if (!Array.isArray(value)) throw new FieldProblem(path, `must be a list, not ${describe(value)}`);
	return value;
}

function text(value: unknown, path: string): string {
	if (typeof value !== 'string')
		throw new FieldProblem(path, `must be text, not ${describe(value)}`);
	return value;
}

function nonEmptyText(value: unknown, path: string): string {
	const result = text(value, path);
	if (result.trim() === '') throw new FieldProblem(path, 'is empty');
	return result;
}

function optionalText(value: unknown, path: string): string | undefined {
	return value === undefined ? undefined : nonEmptyText(value, path);
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw new FieldProblem(
		path,
		`is ${JSON.stringify(value) ?? 'missing'}; it must be ${allowed.map((a) => `"${a}"`).join(' or ')}`,
	);
}

/** Microsoft Entra groups and assignment filters have GUIDs as IDs. */
function guid(value: unknown, path: string): string {
	const id = nonEmptyText(value, path).trim();
	if (!GUID.test(id)) throw new FieldProblem(path, `is ${JSON.stringify(id)}, not a GUID`);
	return id;
}

/** Intune's scope tag IDs are numbers, as text: "0" is Default. */
function scopeTagId(value: unknown, path: string): string {
	const id = typeof value === 'number' ? String(value) : nonEmptyText(value, path).trim();
	if (!/^\d{1,10}$/.test(id))
		throw new FieldProblem(path, `is ${JSON.stringify(value)}, not a scope tag ID (a number)`);
	return id;
}

/** Graph writes the all-zero GUID for "no filter". */
const NO_FILTER = '00000000-0000-0000-0000-000000000000';

const CLASS_TYPES = ['machine', 'user'] as const;
const STATES = ['enabled', 'disabled'] as const;
const SOURCES = ['custom', 'builtIn'] as const;
const TARGET_TYPES = ['includeGroup', 'excludeGroup', 'allDevices', 'allUsers'] as const;
const FILTER_TYPES = ['include', 'exclude'] as const;

function value(raw: unknown, path: string): PortableValue {
	if (typeof raw === 'boolean' || typeof raw === 'string') return raw;
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw)) throw new FieldProblem(path, `is ${raw}, not a number`);
		return raw;
	}
	if (Array.isArray(raw)) {
		if (raw.length === 0) return [];
		if (typeof raw[0] === 'string') {
			raw.forEach((entry, i) => text(entry, `${path}[${i}]`));
			return raw as string[];
		}
		return raw.map((entry, i) => {
			const at = `${path}[${i}]`;
			if (typeof entry === 'string')
				throw new FieldProblem(at, 'is text, but the list holds name and value pairs');
			const pair = object(entry, at);
			const name = text(pair.name, `${at}.name`);
			if (pair.value !== null) text(pair.value, `${at}.value`);
			return { name, value: pair.value as string | null };
		});
	}
	if (raw !== null && typeof raw === 'object') {
		const dropdown = raw as Json;
		const result: { value: string; displayName?: string } = {
			value: text(dropdown.value, `${path}.value`),
		};
		if (dropdown.displayName !== undefined)
			result.displayName = text(dropdown.displayName, `${path}.displayName`);
		return result;
	}
	throw new FieldProblem(
		path,
		`is ${describe(raw)}; an input's value is true or false, a number, text, a list of text, ` +
			'a list of {"name", "value"}, or a dropdown item {"value", "displayName"}',
	);
}

/** A setting's folded name path, as Set Settings matches it (with its source, it names one setting). */
export const settingKey = (
	s: Pick<PortableSetting, 'classType' | 'categoryPath' | 'displayName'>,
): string => foldKey(namePathOf(s.categoryPath.trim(), s.displayName.trim(), s.classType));

function setting(raw: unknown, path: string): PortableSetting {
	const entry = object(raw, path);
	const classType = oneOf(entry.classType, `${path}.classType`, CLASS_TYPES);
	const categoryPath = nonEmptyText(entry.categoryPath, `${path}.categoryPath`).trim();
	if (!categoryPath.startsWith('\\'))
		throw new FieldProblem(
			`${path}.categoryPath`,
			`is ${JSON.stringify(categoryPath)}; a category path starts with a backslash, e.g. ` +
				'\\Fabrikam\\Fabrikam Browser',
		);
	const displayName = nonEmptyText(entry.displayName, `${path}.displayName`).trim();
	const state = oneOf(entry.state, `${path}.state`, STATES);
	const source = oneOf(entry.source, `${path}.source`, SOURCES);
	const values: Record<string, PortableValue> = {};
	const rawValues = object(entry.values, `${path}.values`);
	for (const [key, given] of Object.entries(rawValues)) {
		if (key.trim() === '') throw new FieldProblem(`${path}.values`, 'has an input with no key');
		values[key] = value(given, `${path}.values[${JSON.stringify(key)}]`);
	}
	if (state === 'disabled' && Object.keys(values).length > 0)
		throw new FieldProblem(
			`${path}.values`,
			'holds values for a disabled setting; a disabled setting has none',
		);
	const result: PortableSetting = { classType, categoryPath, displayName, state, values, source };
	if (source === 'custom') {
		result.targetNamespace = nonEmptyText(entry.targetNamespace, `${path}.targetNamespace`).trim();
	} else if (entry.targetNamespace !== undefined) {
		throw new FieldProblem(
			`${path}.targetNamespace`,
			'is given for a built-in setting; only settings of uploaded ADMX files have one',
		);
	}
	return result;
}

function assignment(raw: unknown, path: string): PortableAssignment {
	const entry = object(raw, path);
	const type = oneOf(entry.type, `${path}.type`, TARGET_TYPES);
	const result: PortableAssignment = { type };
	const group = type === 'includeGroup' || type === 'excludeGroup';
	if (group) {
		if (entry.groupId !== undefined) result.groupId = guid(entry.groupId, `${path}.groupId`);
		const name = optionalText(entry.groupDisplayName, `${path}.groupDisplayName`);
		if (name !== undefined) result.groupDisplayName = name.trim();
		if (result.groupId === undefined && result.groupDisplayName === undefined)
			throw new FieldProblem(
				path,
				`is a group assignment with neither groupId nor groupDisplayName`,
			);
	} else if (entry.groupId !== undefined || entry.groupDisplayName !== undefined) {
		throw new FieldProblem(path, `names a group, but "${type}" assigns no group`);
	}
	if (entry.filterId !== undefined && entry.filterId !== null && entry.filterId !== NO_FILTER)
		result.filterId = guid(entry.filterId, `${path}.filterId`);
	const filterName = optionalText(entry.filterDisplayName, `${path}.filterDisplayName`);
	if (filterName !== undefined) result.filterDisplayName = filterName.trim();
	const filtered = result.filterId !== undefined || result.filterDisplayName !== undefined;
	// Graph's "none" goes with no filter: nothing to carry.
	if (entry.filterType !== undefined && !(entry.filterType === 'none' && !filtered)) {
		result.filterType = oneOf(entry.filterType, `${path}.filterType`, FILTER_TYPES);
		if (!filtered)
			throw new FieldProblem(
				`${path}.filterType`,
				'is given without filterId or filterDisplayName',
			);
	} else if (filtered) {
		result.filterType = 'include';
	}
	if (filtered && type === 'excludeGroup')
		throw new FieldProblem(path, 'puts a filter on an excluded group; Intune filters no exclusion');
	return result;
}

function admxFile(raw: unknown, path: string): PortableAdmxFile {
	const entry = object(raw, path);
	const targetNamespace = nonEmptyText(entry.targetNamespace, `${path}.targetNamespace`).trim();
	const fileName = nonEmptyText(entry.fileName, `${path}.fileName`).trim();
	if (!/\.admx$/i.test(fileName) || /[\\/]/.test(fileName))
		throw new FieldProblem(`${path}.fileName`, `is ${JSON.stringify(fileName)}, not an .admx name`);
	const usings = list(entry.usings, `${path}.usings`).map((using, i) =>
		nonEmptyText(using, `${path}.usings[${i}]`).trim(),
	);
	return { targetNamespace, fileName, usings };
}

/** A parsed and checked portable profile: every field as format.ts declares it, names trimmed. */
export function checkPortableProfile(raw: unknown): PortableProfile {
	const root = object(raw, '(the profile)');
	if (root.format !== PORTABLE_FORMAT)
		throw new FieldProblem(
			'format',
			`is ${JSON.stringify(root.format) ?? 'missing'}, not "${PORTABLE_FORMAT}": this is not a portable profile`,
		);
	if (root.formatVersion !== PORTABLE_FORMAT_VERSION) {
		const newer =
			typeof root.formatVersion === 'number' && root.formatVersion > PORTABLE_FORMAT_VERSION;
		throw new FieldProblem(
			'formatVersion',
			`is ${JSON.stringify(root.formatVersion) ?? 'missing'}; this node reads version ${PORTABLE_FORMAT_VERSION}`,
			newer
				? 'The profile was exported by a newer version of this node: update the node, or ' +
					'export with the version that applies it.'
				: FORMAT_HINT,
		);
	}
	const exportedAt = optionalText(root.exportedAt, 'exportedAt');
	const source = object(root.source, 'source');
	const profileId = text(source.profileId, 'source.profileId');

	const profile = object(root.profile, 'profile');
	const displayName = nonEmptyText(profile.displayName, 'profile.displayName').trim();
	const description = text(profile.description, 'profile.description');
	const roleScopeTagIds = [
		...new Set(
			list(profile.roleScopeTagIds, 'profile.roleScopeTagIds').map((id, i) =>
				scopeTagId(id, `profile.roleScopeTagIds[${i}]`),
			),
		),
	];

	const settings: PortableSetting[] = [];
	const seenSettings = new Map<string, number>();
	list(root.settings, 'settings').forEach((raw, i) => {
		const parsed = setting(raw, `settings[${i}]`);
		// A built-in setting and one of an uploaded file may share a name path: both are kept.
		const key = `${settingKey(parsed)}|${parsed.source}`;
		const first = seenSettings.get(key);
		if (first !== undefined)
			throw new FieldProblem(
				`settings[${i}]`,
				`is the same setting as settings[${first}] (${parsed.categoryPath}\\${parsed.displayName}, ` +
					`${parsed.classType}, ${parsed.source}); a profile holds a setting once`,
			);
		seenSettings.set(key, i);
		settings.push(parsed);
	});

	const assignments: PortableAssignment[] = [];
	const seenTargets = new Map<string, number>();
	list(root.assignments, 'assignments').forEach((raw, i) => {
		const parsed = assignment(raw, `assignments[${i}]`);
		const keys =
			parsed.type === 'allDevices' || parsed.type === 'allUsers'
				? [parsed.type]
				: [
						...(parsed.groupId ? [`id:${parsed.groupId.toLowerCase()}`] : []),
						...(parsed.groupId === undefined ? [`name:${parsed.groupDisplayName}`] : []),
					];
		for (const key of keys) {
			const first = seenTargets.get(key);
			if (first !== undefined)
				throw new FieldProblem(
					`assignments[${i}]`,
					`assigns the same target as assignments[${first}]; a profile is assigned to each once`,
				);
			seenTargets.set(key, i);
		}
		assignments.push(parsed);
	});

	const admxFiles: PortableAdmxFile[] = [];
	const namespaces = new Map<string, number>();
	list(root.admxFiles, 'admxFiles').forEach((raw, i) => {
		const parsed = admxFile(raw, `admxFiles[${i}]`);
		const first = namespaces.get(parsed.targetNamespace.toLowerCase());
		if (first !== undefined)
			throw new FieldProblem(
				`admxFiles[${i}].targetNamespace`,
				`is "${parsed.targetNamespace}", as admxFiles[${first}]'s; each file is listed once`,
			);
		namespaces.set(parsed.targetNamespace.toLowerCase(), i);
		admxFiles.push(parsed);
	});
	// An export may leave the files out (then none is listed); when it lists them, it lists all.
	settings.forEach((s, i) => {
		if (
			admxFiles.length > 0 &&
			s.targetNamespace !== undefined &&
			!namespaces.has(s.targetNamespace.toLowerCase())
		)
			throw new FieldProblem(
				`settings[${i}].targetNamespace`,
				`is "${s.targetNamespace}", which admxFiles does not list`,
			);
	});

	return {
		format: PORTABLE_FORMAT,
		formatVersion: PORTABLE_FORMAT_VERSION,
		...(exportedAt === undefined ? {} : { exportedAt }),
		source: { profileId },
		profile: { displayName, description, roleScopeTagIds },
		settings,
		assignments,
		admxFiles,
	};
}

/**
 * A portable profile from a parameter's value (JSON text, or the object an expression gives) or
 * from a file's text; a problem fails the item, naming the parameter and the field.
 */
export function parsePortableProfile(
	ctx: ValidationContext,
	parameter: string,
	given: unknown,
): PortableProfile {
	let raw = given;
	if (typeof given === 'string') {
		const textValue = given.replace(/^\uFEFF/, '');
		if (textValue.trim() === '')
			invalid(ctx, parameter, 'is empty', 'Map the output of Export into it, or paste its JSON.');
		try {
			raw = JSON.parse(textValue);
		} catch (error) {
			invalid(
				ctx,
				parameter,
				`is not valid JSON: ${(error as Error).message}`,
				'Give the JSON Export writes, unchanged.',
			);
		}
	}
	try {
		return checkPortableProfile(raw);
	} catch (error) {
		if (error instanceof FieldProblem)
			invalid(
				ctx,
				parameter,
				`is not a valid portable profile: ${error.path} ${error.message}`,
				error.hint,
			);
		throw new NodeOperationError(ctx.node, error as Error, { itemIndex: ctx.itemIndex });
	}
}

/** The item's portable profile, from the parameters portableProfileProperties() declares. */
export async function readPortableProfile(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<PortableProfile> {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const source = this.getNodeParameter(PORTABLE_SOURCE, itemIndex, 'json');
	if (!(PORTABLE_SOURCES as readonly unknown[]).includes(source))
		invalid(
			ctx,
			PORTABLE_SOURCE,
			`has the value ${JSON.stringify(source)}`,
			'Use "json" or "binary".',
		);
	if (source === 'json')
		return parsePortableProfile(
			ctx,
			PORTABLE_PROFILE,
			this.getNodeParameter(PORTABLE_PROFILE, itemIndex, ''),
		);
	const property = String(
		this.getNodeParameter(BINARY_PROPERTY_NAME, itemIndex, DEFAULT_BINARY_PROPERTY),
	).trim();
	try {
		this.helpers.assertBinaryData(itemIndex, property);
	} catch {
		invalid(
			ctx,
			BINARY_PROPERTY_NAME,
			`names "${property}", which the item has no binary data in`,
			'Read the .json file Export wrote into a binary property (Read/Write Files from Disk, ' +
				'HTTP Request, a form), or choose JSON.',
		);
	}
	const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	return parsePortableProfile(ctx, BINARY_PROPERTY_NAME, bytes.toString('utf8'));
}
