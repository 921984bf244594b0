import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { IdLocator } from '../../../helpers/locators';
import { urlPattern } from '../../../helpers/locators';
import type { ValidationContext } from '../../../helpers/validation';
import { invalid, validateEnum, validateId } from '../../../helpers/validation';
import { ASSIGNMENT_FILTER_ID, GROUP_ID } from '../paths';
import { GUID } from './groups';
import type { AssignmentMode, AssignmentTarget, FilterType, TargetType } from './targets';
import {
	ASSIGNMENT_MODES,
	FILTER_ID,
	FILTER_TYPE,
	FILTER_TYPES,
	firstDuplicate,
	fromGraphTarget,
	hasFilter,
	TARGET_NAMES,
	TARGET_TYPES,
} from './targets';

import {
	ALLOW_REMOVING_ALL,
	DEFINE_TARGETS,
	DEFINE_TARGETS_VALUES,
	JSON_SHAPE,
	MODE,
	TARGETS,
	TARGETS_JSON,
} from './parameters';

/*
 * Assign's parameters read and checked before anything is sent: every target, from the fields or
 * from JSON, and the rules on the whole list. An error names the item and the parameter.
 */

/** Which field groups of Targets give which target type. */
const FIELD_GROUPS: Array<[string, TargetType]> = [
	['includeGroups', 'includeGroup'],
	['excludeGroups', 'excludeGroup'],
	['allDevices', 'allDevices'],
	['allUsers', 'allUsers'],
];

/** The targets of an item, with where each came from (for messages). */
export interface ReadTargets {
	targets: AssignmentTarget[];
	/** The parameter each target came from, e.g. assignmentTargets.includeGroups[1]. */
	sources: string[];
}

const ID_FIX = 'Microsoft Entra groups and assignment filters have GUIDs as IDs.';

/** A checked GUID from a locator's value (a list pick, an ID, a Graph URL) or a plain string. */
export function locatorId(
	ctx: ValidationContext,
	parameter: string,
	id: IdLocator,
	value: unknown,
): string | undefined {
	let raw = value;
	let mode: unknown;
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
		mode = (raw as IDataObject).mode;
		raw = (raw as IDataObject).value;
	}
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return undefined;
	if (typeof raw === 'string' && (mode === 'url' || /^https?:\/\//i.test(raw.trim()))) {
		const match = new RegExp(urlPattern(id)).exec(raw.trim());
		if (!match) {
			invalid(
				ctx,
				parameter,
				`is not a Graph URL with /${id.segment}/{id}`,
				'Paste the URL of the object from Graph Explorer, or choose By ID and enter the ID.',
			);
		}
		raw = match[1];
	}
	const text = validateId(ctx, parameter, typeof raw === 'string' ? raw.trim() : raw);
	if (!GUID.test(text)) invalid(ctx, parameter, `is "${text}", not a GUID`, ID_FIX);
	return text;
}

/** Checks a target: a group ID where one belongs, a filter only where Intune takes one. */
function checkTarget(
	ctx: ValidationContext,
	source: string,
	target: {
		type: TargetType;
		groupId?: unknown;
		filterId?: unknown;
		filterType?: unknown;
	},
	names: { groupId: string; filterId: string; filterType: string },
): AssignmentTarget {
	const out: AssignmentTarget = { type: target.type };
	const isGroup = target.type === 'includeGroup' || target.type === 'excludeGroup';
	const groupId = locatorId(ctx, `${source}.${names.groupId}`, GROUP_ID, target.groupId);
	if (isGroup) {
		if (groupId === undefined) {
			invalid(
				ctx,
				`${source}.${names.groupId}`,
				'is empty',
				`Choose the group of this ${TARGET_NAMES[target.type]} entry, or enter its ID.`,
			);
		}
		out.groupId = groupId;
	} else if (groupId !== undefined) {
		invalid(
			ctx,
			`${source}.${names.groupId}`,
			`is set, but ${TARGET_NAMES[target.type]} targets no group`,
			'Use type includeGroup or excludeGroup for a group, or leave groupId out.',
		);
	}
	const filterId = locatorId(
		ctx,
		`${source}.${names.filterId}`,
		ASSIGNMENT_FILTER_ID,
		target.filterId,
	);
	if (filterId !== undefined && hasFilter(filterId)) {
		if (target.type === 'excludeGroup') {
			invalid(
				ctx,
				`${source}.${names.filterId}`,
				'is set on an excluded group',
				'Intune refuses assignment filters on exclusions: remove the filter, or include the ' +
					'group with a filter of type Exclude instead.',
			);
		}
		out.filterId = filterId;
		out.filterType = validateEnum(
			ctx,
			`${source}.${names.filterType}`,
			target.filterType ?? 'include',
			FILTER_TYPES,
		) as FilterType;
	}
	return out;
}

/** Targets from the Targets fields. */
export function targetsFromFields(ctx: ValidationContext, collection: unknown): ReadTargets {
	const read: ReadTargets = { targets: [], sources: [] };
	const groups = (collection ?? {}) as IDataObject;
	for (const [field, type] of FIELD_GROUPS) {
		const entries = groups[field];
		const list = Array.isArray(entries) ? entries : entries ? [entries] : [];
		list.forEach((entry, index) => {
			const values = (entry ?? {}) as IDataObject;
			const source = `${TARGETS}.${field}[${index}]`;
			// The filter type has a default: it counts only when a filter is chosen.
			const target = checkTarget(
				ctx,
				source,
				{
					type,
					groupId: values.groupId,
					filterId: values[FILTER_ID],
					filterType: values[FILTER_TYPE],
				},
				{ groupId: 'groupId', filterId: FILTER_ID, filterType: FILTER_TYPE },
			);
			read.targets.push(target);
			read.sources.push(source);
		});
	}
	return read;
}

const JSON_KEYS = ['type', 'groupId', 'filterId', 'filterType'];

const jsonHint = `Give a list of targets, e.g. ${JSON_SHAPE}.`;

function parseJson(ctx: ValidationContext, value: unknown): unknown[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			invalid(ctx, TARGETS_JSON, `is not valid JSON: ${(error as Error).message}`, jsonHint);
		}
	}
	if (parsed === undefined || parsed === null) return [];
	if (Array.isArray(parsed)) return parsed as unknown[];
	if (typeof parsed === 'object') return [parsed];
	invalid(ctx, TARGETS_JSON, `must be a list of targets, not ${typeof parsed}`, jsonHint);
}

/** One JSON target: the documented shape, or an assignment (or its target) as Graph lists it. */
function jsonTarget(ctx: ValidationContext, source: string, entry: unknown): AssignmentTarget {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry))
		invalid(ctx, source, `must be an object, not ${JSON.stringify(entry)}`, jsonHint);
	const object = entry as IDataObject;
	const graphShaped = object.target ?? (object['@odata.type'] ? object : undefined);
	if (graphShaped !== undefined) {
		const target = (
			graphShaped && typeof graphShaped === 'object' ? graphShaped : {}
		) as IDataObject;
		const known = fromGraphTarget(target);
		if (!known) {
			invalid(
				ctx,
				source,
				`has the target type ${JSON.stringify(target['@odata.type'])}, which this node does ` +
					`not assign`,
				'Use groupAssignmentTarget, exclusionGroupAssignmentTarget, allDevicesAssignmentTarget ' +
					'or allLicensedUsersAssignmentTarget, or the shape ' +
					JSON_SHAPE,
			);
		}
		return checkTarget(
			ctx,
			source,
			{ ...known, groupId: target.groupId, filterId: target[FILTER_ID] },
			{ groupId: 'target.groupId', filterId: `target.${FILTER_ID}`, filterType: FILTER_TYPE },
		);
	}
	const unknown = Object.keys(object).filter((key) => !JSON_KEYS.includes(key));
	if (unknown.length > 0) {
		invalid(
			ctx,
			`${source}.${unknown[0]}`,
			'is not a property of a target',
			`A target has only ${JSON_KEYS.join(', ')}, e.g. ${JSON_SHAPE}.`,
		);
	}
	const type = validateEnum(ctx, `${source}.type`, object.type, TARGET_TYPES);
	if (object.filterType !== undefined && !hasFilter(object.filterId)) {
		invalid(
			ctx,
			`${source}.filterType`,
			'is set without a filterId',
			'Give the filterId of the assignment filter too, or leave filterType out.',
		);
	}
	return checkTarget(
		ctx,
		source,
		{ ...object, type },
		{
			groupId: 'groupId',
			filterId: 'filterId',
			filterType: 'filterType',
		},
	);
}

/** Targets from Targets (JSON). */
export function targetsFromJson(ctx: ValidationContext, value: unknown): ReadTargets {
	const read: ReadTargets = { targets: [], sources: [] };
	parseJson(ctx, value).forEach((entry, index) => {
		const source = `${TARGETS_JSON}[${index}]`;
		read.targets.push(jsonTarget(ctx, source, entry));
		read.sources.push(source);
	});
	return read;
}

export interface AssignParameters {
	mode: AssignmentMode;
	targets: AssignmentTarget[];
	allowRemovingAll: boolean;
}

/**
 * The checked parameters of an item. Refused before anything is sent: a target twice, Add or
 * Remove without targets, and Replace All without targets unless removing every assignment is
 * explicitly allowed.
 */
export function readAssignParameters(this: IExecuteFunctions, itemIndex: number): AssignParameters {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const mode = validateEnum(
		ctx,
		MODE,
		this.getNodeParameter(MODE, itemIndex, 'replace'),
		ASSIGNMENT_MODES,
	);
	const define = validateEnum(
		ctx,
		DEFINE_TARGETS,
		this.getNodeParameter(DEFINE_TARGETS, itemIndex, 'fields'),
		DEFINE_TARGETS_VALUES,
	);
	const read =
		define === 'json'
			? targetsFromJson(ctx, this.getNodeParameter(TARGETS_JSON, itemIndex, '[]'))
			: targetsFromFields(ctx, this.getNodeParameter(TARGETS, itemIndex, {}));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const allowRemovingAll = options[ALLOW_REMOVING_ALL] === true;
	return { mode, allowRemovingAll, ...checkTargets(ctx, mode, read, allowRemovingAll, define) };
}

/** The rules on a whole list of targets; filters are left out of a removal. */
export function checkTargets(
	ctx: ValidationContext,
	mode: AssignmentMode,
	read: ReadTargets,
	allowRemovingAll: boolean,
	define: 'fields' | 'json' = 'fields',
): { targets: AssignmentTarget[] } {
	const parameter = define === 'json' ? TARGETS_JSON : TARGETS;
	if (read.targets.length === 0) {
		if (mode !== 'replace') {
			invalid(
				ctx,
				parameter,
				`names no target to ${mode}`,
				'Add at least one group, All Devices or All Users.',
			);
		}
		if (!allowRemovingAll) {
			invalid(
				ctx,
				parameter,
				'names no target, so Replace All would remove every assignment of the profile',
				'Add a target, or turn on the option Allow Removing All Assignments to unassign the ' +
					'profile. Nothing was sent.',
			);
		}
	}
	const duplicate = firstDuplicate(read.targets);
	if (duplicate) {
		const target = read.targets[duplicate.second];
		const what = target.groupId ? `group ${target.groupId}` : TARGET_NAMES[target.type];
		invalid(
			ctx,
			read.sources[duplicate.second],
			`names ${what} again (also in ${read.sources[duplicate.first]})`,
			'A group can be assigned once, either included or excluded, and All Devices or All ' +
				'Users once each: remove one of the two.',
		);
	}
	if (mode !== 'remove') return { targets: read.targets };
	return {
		targets: read.targets.map(({ type, groupId }) => (groupId ? { type, groupId } : { type })),
	};
}
