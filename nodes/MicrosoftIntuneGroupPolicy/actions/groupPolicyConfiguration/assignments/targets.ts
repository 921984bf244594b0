import type { IDataObject } from 'n8n-workflow';

/*
 * Assignment targets, and the arithmetic of assigning: Graph's assign replaces every assignment of
 * a profile, so Add and Remove work out the whole resulting set from the current one, and nothing
 * is sent when that set is the current one. Pure: no Graph, no n8n.
 */

export const TARGET_TYPES = ['includeGroup', 'excludeGroup', 'allDevices', 'allUsers'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const FILTER_TYPES = ['include', 'exclude'] as const;
export type FilterType = (typeof FILTER_TYPES)[number];

export const ASSIGNMENT_MODES = ['replace', 'add', 'remove'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/** A target as the node's parameters give it (and as Using JSON documents it). */
export interface AssignmentTarget {
	type: TargetType;
	groupId?: string;
	/** deviceAndAppManagementAssignmentFilterId; absent for none. */
	filterId?: string;
	/** deviceAndAppManagementAssignmentFilterType; only with a filter. */
	filterType?: FilterType;
}

/** Each target type's @odata.type in Graph. */
export const ODATA_TYPES: Record<TargetType, string> = {
	includeGroup: '#microsoft.graph.groupAssignmentTarget',
	excludeGroup: '#microsoft.graph.exclusionGroupAssignmentTarget',
	allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
	allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
};

/** How the node names each target type in messages, as its parameters do. */
export const TARGET_NAMES: Record<TargetType, string> = {
	includeGroup: 'Include Groups',
	excludeGroup: 'Exclude Groups',
	allDevices: 'All Devices',
	allUsers: 'All Users',
};

const TYPE_OF_ODATA = Object.fromEntries(
	Object.entries(ODATA_TYPES).map(([type, odata]) => [odata, type as TargetType]),
);

export const FILTER_ID = 'deviceAndAppManagementAssignmentFilterId';
export const FILTER_TYPE = 'deviceAndAppManagementAssignmentFilterType';

/** Graph writes the all-zero GUID (or null, with filter type none) for "no filter". */
const NO_FILTER = '00000000-0000-0000-0000-000000000000';

export const hasFilter = (id: unknown): id is string =>
	typeof id === 'string' && id !== '' && id !== NO_FILTER;

/**
 * One assignment of a resulting set: the target to send, and what identifies it. `key` is what an
 * Add replaces and a Remove looks for (a group, whether included or excluded; All Devices; All
 * Users); `signature` is everything that matters to Intune, to tell whether a set changed.
 */
export interface Entry {
	key: string;
	/** The target's type, or undefined for a type this node does not manage (kept as it is). */
	type?: TargetType;
	signature: string;
	target: IDataObject;
}

/** The target object Graph expects for a known type; filter fields only when there is a filter. */
export function graphTarget(target: AssignmentTarget): IDataObject {
	const out: IDataObject = { '@odata.type': ODATA_TYPES[target.type] };
	if (target.groupId !== undefined) out.groupId = target.groupId;
	if (hasFilter(target.filterId)) {
		out[FILTER_ID] = target.filterId;
		out[FILTER_TYPE] = target.filterType ?? 'include';
	}
	return out;
}

function keyOf(target: AssignmentTarget): string {
	return target.groupId !== undefined ? `group:${target.groupId.toLowerCase()}` : target.type;
}

export function entryOf(target: AssignmentTarget): Entry {
	const filter = hasFilter(target.filterId)
		? `${target.filterId.toLowerCase()}:${target.filterType ?? 'include'}`
		: 'none';
	return {
		key: keyOf(target),
		type: target.type,
		signature: `${target.type}|${keyOf(target)}|${filter}`,
		target: graphTarget(target),
	};
}

/** A known target type from Graph's target object, or undefined for another type. */
export function fromGraphTarget(target: IDataObject): AssignmentTarget | undefined {
	const type = TYPE_OF_ODATA[String(target['@odata.type'])];
	if (!type) return undefined;
	const out: AssignmentTarget = { type };
	if ((type === 'includeGroup' || type === 'excludeGroup') && typeof target.groupId === 'string')
		out.groupId = target.groupId;
	if (type !== 'excludeGroup' && hasFilter(target[FILTER_ID])) {
		out.filterId = target[FILTER_ID];
		out.filterType = target[FILTER_TYPE] === 'exclude' ? 'exclude' : 'include';
	}
	return out;
}

/**
 * The entry of a current assignment as Graph lists it. A target type this node does not manage
 * (a Configuration Manager collection, say) is kept exactly as Graph gave it.
 */
export function currentEntry(assignment: IDataObject): Entry {
	const target = (assignment.target ?? {}) as IDataObject;
	const known = fromGraphTarget(target);
	if (known) return entryOf(known);
	const signature = `other|${JSON.stringify(target, Object.keys(target).sort())}`;
	return { key: signature, signature, target };
}

/**
 * The set Graph should hold afterwards. Replace: the targets given. Add: the current set with each
 * target given in place of the current assignment of the same group (or All Devices, All Users),
 * else appended. Remove: the current set without the assignments of the targets given (their type
 * and group; filters are not compared).
 */
export function resultingSet(
	mode: AssignmentMode,
	current: Entry[],
	targets: AssignmentTarget[],
): Entry[] {
	const given = targets.map(entryOf);
	if (mode === 'replace') return given;
	if (mode === 'remove') {
		const removed = new Set(given.map((entry) => `${entry.type}|${entry.key}`));
		return current.filter((entry) => !removed.has(`${entry.type}|${entry.key}`));
	}
	const result = [...current];
	for (const entry of given) {
		const at = result.findIndex((existing) => existing.key === entry.key);
		if (at >= 0) result[at] = entry;
		else result.push(entry);
	}
	return result;
}

/** Whether two sets hold the same assignments, in any order. */
export function sameSet(a: Entry[], b: Entry[]): boolean {
	if (a.length !== b.length) return false;
	const signatures = (set: Entry[]) => set.map((entry) => entry.signature).sort();
	const [x, y] = [signatures(a), signatures(b)];
	return x.every((signature, i) => signature === y[i]);
}

/** The body of Graph's assign action for a set. */
export function assignBody(set: Entry[]): IDataObject {
	return { assignments: set.map((entry) => ({ target: entry.target })) };
}

/**
 * The first pair of targets that address the same group (or All Devices, All Users twice): Graph
 * cannot hold both, and which one was meant is the user's call.
 */
export function firstDuplicate(
	targets: AssignmentTarget[],
): { first: number; second: number } | undefined {
	const seen = new Map<string, number>();
	for (const [index, target] of targets.entries()) {
		const key = keyOf(target);
		const first = seen.get(key);
		if (first !== undefined) return { first, second: index };
		seen.set(key, index);
	}
	return undefined;
}
