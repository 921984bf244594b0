import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphRead, Send } from '../../../../transport';
import { asNodeError, collectPages, graphStatusOf, readAll } from '../../../../transport';
import type { RunContext } from '../../../types';
import { GROUPS_PERMISSION } from '../../assignments/groups';
import type { AssignmentTarget } from '../../assignments/targets';
import { firstDuplicate, TARGET_NAMES } from '../../assignments/targets';
import {
	ASSIGNMENT_FILTERS_PATH,
	CONFIGURATIONS_PATH,
	GROUPS_PATH,
	odataString,
} from '../../paths';
import type { DefinitionSource } from '../../settings/definitions';
import { foldKey, namePathOf } from '../../settings/definitions';
import type { DesiredSetting } from '../../settings/desired';
import { desiredSetting } from '../../settings/desired';
import type { ExistingSetting } from '../../settings/diff';
import { existingSettings, needingValues } from '../../settings/diff';
import { SettingProblem } from '../../settings/errors';
import { readDefinitionValues, readPresentationValues } from '../../settings/profileState';
import { resolverFor } from '../../settings/resolve';
import type {
	PortableAdmxFile,
	PortableAssignment,
	PortableSetting,
	PortableValue,
} from '../format';
import type { Mapping } from './mapping';

/*
 * What a portable profile means in this tenant, read before anything is written: the profile of
 * that name, the uploaded files its settings come from, each setting (by class, category path and
 * display name, as Set Settings finds them) with its values checked, and each group and filter
 * (by ID, by display name, or by the item's mapping). Whatever cannot be found is collected, not
 * thrown, so that one answer lists everything missing.
 */

export type MissingKind = 'admxFile' | 'setting' | 'value' | 'group' | 'filter';

/** Something the profile needs that this tenant lacks, or that it cannot tell apart. */
export interface MissingPiece {
	kind: MissingKind;
	/** The file, setting, group or filter, as the portable profile names it. */
	name: string;
	problem: string;
	hint?: string;
}

/** A profile of this tenant, with the fields Apply keeps as the portable profile has them. */
export interface TenantProfile {
	id: string;
	displayName: string;
	description: string;
	roleScopeTagIds: string[];
}

/** The profile whose display name is this one (trimmed, exactly); several fail the item. */
export async function findProfile(
	this: IExecuteFunctions,
	send: Send,
	displayName: string,
	itemIndex: number,
): Promise<TenantProfile | undefined> {
	const listed = await collectPages.call(
		this,
		send,
		CONFIGURATIONS_PATH,
		{
			$filter: `displayName eq ${odataString(displayName)}`,
			$select: 'id,displayName,description,roleScopeTagIds',
		},
		undefined,
		itemIndex,
	);
	const named = listed.filter((p) => String(p.displayName ?? '').trim() === displayName);
	if (named.length > 1) {
		throw new NodeOperationError(
			this.getNode(),
			`${named.length} profiles are named "${displayName}": ${named.map((p) => String(p.id)).join(', ')} (item ${itemIndex})`,
			{
				itemIndex,
				description:
					'Apply finds the profile by its display name. Rename or delete all but one of them in ' +
					'Intune, then run again. Nothing was sent.',
			},
		);
	}
	if (named.length === 0) return undefined;
	const [profile] = named;
	return {
		id: String(profile.id),
		displayName: String(profile.displayName),
		description: typeof profile.description === 'string' ? profile.description : '',
		roleScopeTagIds: Array.isArray(profile.roleScopeTagIds)
			? profile.roleScopeTagIds.map(String)
			: [],
	};
}

/** Statuses of an uploaded file whose settings are, or will shortly be, listed. */
const PRESENT = new Set(['available', 'assigned', 'uploadInProgress', 'none']);

/**
 * The portable profile's files that no usable uploaded file of this tenant has the namespace of
 * (none with it, or only one that failed or is being removed), each with what was found.
 */
export function missingNamespaces(
	admxFiles: PortableAdmxFile[],
	uploaded: IDataObject[],
): Array<{ file: PortableAdmxFile; found?: IDataObject }> {
	const byNamespace = new Map<string, IDataObject[]>();
	for (const file of uploaded) {
		const namespace = String(file.targetNamespace ?? '');
		byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), file]);
	}
	const missing: Array<{ file: PortableAdmxFile; found?: IDataObject }> = [];
	for (const file of admxFiles) {
		const found = byNamespace.get(file.targetNamespace) ?? [];
		if (found.some((f) => PRESENT.has(String(f.status)))) continue;
		missing.push({ file, found: found[0] });
	}
	return missing;
}

/** A setting's name path, as messages and the plan name it. */
export const portableNamePath = (setting: PortableSetting) =>
	namePathOf(setting.categoryPath, setting.displayName, setting.classType);

/** A portable value as Set Settings takes it: a dropdown item by its value. */
function givenValue(value: PortableValue): unknown {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value.value;
	return value;
}

export interface ResolvedSettings {
	desired: DesiredSetting[];
	missing: MissingPiece[];
}

/**
 * Each setting found in this tenant (custom ones among uploaded files' settings, waiting while a
 * file is being processed; built-in ones among Intune's templates), with its values checked as Set
 * Settings checks them. A dropdown's value is its item's value; its display name is for people.
 */
export async function resolveSettings(
	this: IExecuteFunctions,
	run: RunContext,
	settings: PortableSetting[],
	itemIndex: number,
	timeoutMs: number,
): Promise<ResolvedSettings> {
	const resolver = resolverFor(this, run);
	const result: ResolvedSettings = { desired: [], missing: [] };
	for (const setting of settings) {
		const name = portableNamePath(setting);
		const source: DefinitionSource = setting.source;
		const ref = {
			categoryPath: setting.categoryPath,
			displayName: setting.displayName,
			classType: setting.classType,
		};
		try {
			const definition = await resolver.resolve(ref, source, itemIndex, timeoutMs);
			const values: IDataObject = {};
			for (const [key, value] of Object.entries(setting.values))
				values[key] = givenValue(value) as IDataObject;
			result.desired.push(
				desiredSetting(
					definition,
					setting.state,
					{ values, strictKeys: true },
					`Setting "${name}"`,
					itemIndex,
				),
			);
		} catch (error) {
			if (!(error instanceof SettingProblem)) throw asNodeError(this.getNode(), error, itemIndex);
			result.missing.push({
				kind: error.input === undefined ? 'setting' : 'value',
				name: error.input === undefined ? name : `${name}, input "${error.input}"`,
				problem: error.message,
				hint: error.hint,
			});
		}
	}
	return result;
}

/** What a profile holds now: its settings, with the input values the comparison needs. */
export async function readProfileSettings(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	profileId: string,
	desired: DesiredSetting[],
	itemIndex: number,
): Promise<ExistingSetting[]> {
	const rows = await readDefinitionValues.call(this, send, profileId, itemIndex);
	const existing = existingSettings(rows);
	const toRead = needingValues(desired, existing);
	const values = await readPresentationValues.call(
		this,
		run.session,
		itemIndex,
		profileId,
		toRead.map((e) => e.id),
	);
	for (const e of toRead) e.presentationValues = values.get(e.id);
	return existing;
}

/** A target resolved in this tenant, and how it was found (for the plan). */
export interface ResolvedTarget {
	target: AssignmentTarget;
	groupDisplayName?: string;
	groupFoundBy?: 'id' | 'displayName' | 'mapping';
	filterDisplayName?: string;
	filterFoundBy?: 'id' | 'displayName' | 'mapping';
}

export interface ResolvedTargets {
	targets: ResolvedTarget[];
	missing: MissingPiece[];
}

interface Named {
	id: string;
	displayName: string;
}

const named = (row: IDataObject): Named => ({
	id: String(row.id),
	displayName: String(row.displayName ?? ''),
});

/** A query of Graph's groups. */
function groupsQuery(filter: string): GraphRead {
	return { path: GROUPS_PATH, qs: { $filter: filter, $select: 'id,displayName' } };
}

async function readGroups(
	this: IExecuteFunctions,
	run: RunContext,
	filters: string[],
	itemIndex: number,
): Promise<Named[][]> {
	try {
		const answers = await readAll.call(this, run.session, itemIndex, filters.map(groupsQuery));
		return answers.map((answer) =>
			(Array.isArray(answer.value) ? (answer.value as IDataObject[]) : []).map(named),
		);
	} catch (error) {
		if (graphStatusOf(error) !== 403) throw asNodeError(this.getNode(), error, itemIndex);
		throw new NodeOperationError(
			this.getNode(),
			`The groups of the profile's assignments cannot be looked up: ${(error as Error).message} (item ${itemIndex})`,
			{ itemIndex, description: `${GROUPS_PERMISSION} Nothing was sent.` },
		);
	}
}

const describeSource = (id?: string, name?: string) =>
	[name && `"${name}"`, id && `ID ${id}`].filter(Boolean).join(', ');

/**
 * The groups of the assignments in this tenant: the item's mapping first (the user's word; its
 * target must exist), else the same ID, else the one group with that exact display name. At most
 * two rounds of reads, each a $batch: the IDs, then the names of those not found by ID.
 */
async function resolveGroups(
	this: IExecuteFunctions,
	run: RunContext,
	assignments: PortableAssignment[],
	mapping: Mapping,
	itemIndex: number,
): Promise<{
	groups: Array<{ group?: Named; foundBy?: ResolvedTarget['groupFoundBy'] }>;
	missing: MissingPiece[];
}> {
	const isGroup = (a: PortableAssignment) => a.type === 'includeGroup' || a.type === 'excludeGroup';
	const mapped = assignments.map((a) =>
		isGroup(a) ? mapping.lookup(a.groupId, a.groupDisplayName) : undefined,
	);
	const ids = new Set<string>();
	assignments.forEach((a, k) => {
		if (!isGroup(a)) return;
		const id = mapped[k]?.targetId ?? a.groupId;
		if (id) ids.add(id.toLowerCase());
	});
	const idList = [...ids];
	const byId = new Map<string, Named>();
	if (idList.length) {
		const found = await readGroups.call(
			this,
			run,
			idList.map((id) => `id eq ${odataString(id)}`),
			itemIndex,
		);
		found.forEach((rows, k) => {
			const row = rows.find((g) => g.id.toLowerCase() === idList[k]);
			if (row) byId.set(idList[k], row);
		});
	}
	// Names match as Compare matches them: trimmed, whatever their case. Entra's `eq` on a display
	// name answers every case; the rows are checked again here, whatever it answers.
	const names = new Map<string, string>();
	assignments.forEach((a, k) => {
		if (!isGroup(a) || mapped[k]) return;
		if (a.groupId && byId.has(a.groupId.toLowerCase())) return;
		const name = a.groupDisplayName?.trim();
		if (name && !names.has(foldKey(name))) names.set(foldKey(name), name);
	});
	const byName = new Map<string, Named[]>();
	if (names.size) {
		const asked = [...names];
		const found = await readGroups.call(
			this,
			run,
			asked.map(([, name]) => `displayName eq ${odataString(name)}`),
			itemIndex,
		);
		found.forEach((rows, k) => {
			const [key] = asked[k];
			byName.set(
				key,
				rows.filter((g) => foldKey(g.displayName) === key),
			);
		});
	}
	const missing: MissingPiece[] = [];
	const groups = assignments.map((a, k) => {
		if (!isGroup(a)) return {};
		const source = describeSource(a.groupId, a.groupDisplayName);
		const entry = mapped[k];
		if (entry) {
			const group = byId.get(entry.targetId.toLowerCase());
			if (group) return { group, foundBy: 'mapping' as const };
			missing.push({
				kind: 'group',
				name: source,
				problem: `is mapped by ${entry.parameter} to ${entry.targetId}, which is not a group of this tenant`,
				hint: 'Map it to the ID of a group of this tenant (Microsoft Entra admin center > Groups).',
			});
			return {};
		}
		const group = a.groupId ? byId.get(a.groupId.toLowerCase()) : undefined;
		if (group) return { group, foundBy: 'id' as const };
		const same = a.groupDisplayName ? (byName.get(foldKey(a.groupDisplayName)) ?? []) : [];
		if (same.length === 1) return { group: same[0], foundBy: 'displayName' as const };
		missing.push({
			kind: 'group',
			name: source,
			problem:
				same.length > 1
					? `matches ${same.length} groups of this tenant by display name: ${same.map((g) => g.id).join(', ')}`
					: 'is not a group of this tenant, by ID or by display name',
			hint: 'Add it to Group Mapping (in the options) with the ID of the group to assign instead.',
		});
		return {};
	});
	return { groups, missing };
}

/** The assignment filters of the assignments in this tenant: mapping, else ID, else name. */
async function resolveFilters(
	this: IExecuteFunctions,
	send: Send,
	assignments: PortableAssignment[],
	mapping: Mapping,
	itemIndex: number,
): Promise<{
	filters: Array<{ filter?: Named; foundBy?: ResolvedTarget['filterFoundBy'] }>;
	missing: MissingPiece[];
}> {
	const filtered = (a: PortableAssignment) =>
		a.filterId !== undefined || a.filterDisplayName !== undefined;
	if (!assignments.some(filtered)) return { filters: assignments.map(() => ({})), missing: [] };
	const rows = (
		await collectPages.call(
			this,
			send,
			ASSIGNMENT_FILTERS_PATH,
			{ $select: 'id,displayName' },
			undefined,
			itemIndex,
		)
	).map(named);
	const byId = new Map(rows.map((f) => [f.id.toLowerCase(), f]));
	const missing: MissingPiece[] = [];
	const filters = assignments.map((a) => {
		if (!filtered(a)) return {};
		const source = describeSource(a.filterId, a.filterDisplayName);
		const entry = mapping.lookup(a.filterId, a.filterDisplayName);
		if (entry) {
			const filter = byId.get(entry.targetId.toLowerCase());
			if (filter) return { filter, foundBy: 'mapping' as const };
			missing.push({
				kind: 'filter',
				name: source,
				problem: `is mapped by ${entry.parameter} to ${entry.targetId}, which is not an assignment filter of this tenant`,
				hint: 'Map it to the ID of an assignment filter of this tenant (Intune admin center > Tenant administration > Filters).',
			});
			return {};
		}
		const filter = a.filterId ? byId.get(a.filterId.toLowerCase()) : undefined;
		if (filter) return { filter, foundBy: 'id' as const };
		const wanted = a.filterDisplayName === undefined ? '' : foldKey(a.filterDisplayName);
		const same = wanted ? rows.filter((f) => foldKey(f.displayName) === wanted) : [];
		if (same.length === 1) return { filter: same[0], foundBy: 'displayName' as const };
		missing.push({
			kind: 'filter',
			name: source,
			problem:
				same.length > 1
					? `matches ${same.length} assignment filters of this tenant by display name: ${same.map((f) => f.id).join(', ')}`
					: 'is not an assignment filter of this tenant, by ID or by display name',
			hint: 'Add it to Filter Mapping (in the options) with the ID of the filter to use instead.',
		});
		return {};
	});
	return { filters, missing };
}

/** The assignments as targets of this tenant, or what is missing to make them. */
export async function resolveTargets(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	assignments: PortableAssignment[],
	mappings: { group: Mapping; filter: Mapping },
	itemIndex: number,
): Promise<ResolvedTargets> {
	const [{ groups, missing: noGroups }, { filters, missing: noFilters }] = await Promise.all([
		resolveGroups.call(this, run, assignments, mappings.group, itemIndex),
		resolveFilters.call(this, send, assignments, mappings.filter, itemIndex),
	]);
	const missing = [...noGroups, ...noFilters];
	const targets: ResolvedTarget[] = [];
	assignments.forEach((a, k) => {
		const { group, foundBy } = groups[k];
		const { filter, foundBy: filterFoundBy } = filters[k];
		const isGroup = a.type === 'includeGroup' || a.type === 'excludeGroup';
		if ((isGroup && !group) || ((a.filterId || a.filterDisplayName) && !filter)) return;
		const target: AssignmentTarget = { type: a.type };
		const resolved: ResolvedTarget = { target };
		if (group) {
			target.groupId = group.id;
			resolved.groupDisplayName = group.displayName;
			resolved.groupFoundBy = foundBy;
		}
		if (filter) {
			target.filterId = filter.id;
			target.filterType = a.filterType ?? 'include';
			resolved.filterDisplayName = filter.displayName;
			resolved.filterFoundBy = filterFoundBy;
		}
		targets.push(resolved);
	});
	const duplicate = firstDuplicate(targets.map((t) => t.target));
	if (duplicate) {
		const [first, second] = [targets[duplicate.first], targets[duplicate.second]];
		missing.push({
			kind: 'group',
			name: second.groupDisplayName ?? TARGET_NAMES[second.target.type],
			problem:
				`is assigned twice in this tenant (as ${TARGET_NAMES[first.target.type]} and ` +
				`${TARGET_NAMES[second.target.type]}): two groups of the profile became one`,
			hint: 'Check Group Mapping: map each group of the profile to a different group.',
		});
	}
	return { targets, missing };
}
