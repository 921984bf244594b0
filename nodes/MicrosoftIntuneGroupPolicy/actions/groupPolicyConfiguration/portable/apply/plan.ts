import type { IDataObject } from 'n8n-workflow';

import type { AssignmentTarget, Entry } from '../../assignments/targets';
import {
	assignBody,
	currentEntry,
	entryOf,
	fromGraphTarget,
	sameSet,
} from '../../assignments/targets';
import type { DesiredSetting } from '../../settings/desired';
import { outputValues } from '../../settings/desired';
import type { ExistingSetting, SettingsUpdate } from '../../settings/diff';
import { diffSettings, findExisting } from '../../settings/diff';
import type { PortableProfile } from '../format';
import type { MissingPiece, ResolvedTarget, TenantProfile } from './resolve';

/*
 * What Apply would change, worked out from the portable profile as resolved in this tenant and what
 * the tenant holds: whether to create the profile or change its description or scope tags, the one
 * updateDefinitionValues body after which the profile holds exactly the portable profile's
 * settings, and the whole set of assignments when it differs from the current one. Pure: no Graph,
 * no n8n.
 */

export type ProfileAction = 'create' | 'update' | 'none';

export interface ProfileChange {
	action: ProfileAction;
	/** The body of the create, or of the PATCH of an update (only the fields that differ). */
	body: IDataObject;
}

/** The profile's own fields: created with the portable profile's, else patched where they differ. */
export function profileChange(
	portable: PortableProfile['profile'],
	existing: TenantProfile | undefined,
): ProfileChange {
	if (!existing) {
		const body: IDataObject = {
			displayName: portable.displayName,
			description: portable.description,
		};
		if (portable.roleScopeTagIds.length) body.roleScopeTagIds = portable.roleScopeTagIds;
		return { action: 'create', body };
	}
	const body: IDataObject = {};
	if (existing.description !== portable.description) body.description = portable.description;
	// Left empty, the tags are not the portable profile's to say: Intune applies Default.
	const tags = (ids: string[]) => [...new Set(ids)].sort().join(',');
	if (
		portable.roleScopeTagIds.length &&
		tags(portable.roleScopeTagIds) !== tags(existing.roleScopeTagIds)
	)
		body.roleScopeTagIds = portable.roleScopeTagIds;
	return { action: Object.keys(body).length ? 'update' : 'none', body };
}

export interface SettingsChange {
	body: SettingsUpdate;
	add: DesiredSetting[];
	update: Array<{ wanted: DesiredSetting; current: ExistingSetting }>;
	remove: ExistingSetting[];
	writes: boolean;
}

/**
 * The one updateDefinitionValues that leaves the profile holding exactly the wanted settings:
 * Set Settings' comparison for each wanted setting, and every other setting of the profile removed.
 */
export function settingsChange(
	desired: DesiredSetting[],
	existing: ExistingSetting[],
	graphRoot: string,
): SettingsChange {
	const diff = diffSettings(desired, existing, graphRoot);
	const wantedIds = new Set(desired.map((d) => d.definition.id));
	const kept = new Set<string>();
	const add: DesiredSetting[] = [];
	const update: SettingsChange['update'] = [];
	for (const wanted of desired) {
		const { current, stale } = findExisting(wanted.definition, existing, wantedIds);
		const held = current ?? stale;
		if (held) kept.add(held.id);
		const change = diff.changes.get(wanted.definition.id);
		if (change === 'added') add.push(wanted);
		else if (change === 'updated' && held) update.push({ wanted, current: held });
	}
	const remove = existing.filter((e) => !kept.has(e.id));
	const body: SettingsUpdate = {
		...diff.body,
		deletedIds: [...diff.body.deletedIds, ...remove.map((e) => e.id)],
	};
	const writes = body.added.length + body.updated.length + body.deletedIds.length > 0;
	return { body, add, update, remove, writes };
}

export interface AssignmentsChange {
	action: 'replace' | 'none';
	current: Entry[];
	wanted: Entry[];
	body: IDataObject;
}

/** Graph's assign replaces every assignment: sent whole, and only when the set differs. */
export function assignmentsChange(
	currentAssignments: IDataObject[],
	targets: AssignmentTarget[],
): AssignmentsChange {
	const current = currentAssignments.map(currentEntry);
	const wanted = targets.map(entryOf);
	return {
		action: sameSet(current, wanted) ? 'none' : 'replace',
		current,
		wanted,
		body: assignBody(wanted),
	};
}

/** A setting as the plan lists it. */
function shownSetting(wanted: DesiredSetting): IDataObject {
	const shown: IDataObject = { setting: wanted.definition.namePath, state: wanted.state };
	if (wanted.state === 'enabled' && wanted.values.size) shown.values = outputValues(wanted.values);
	return shown;
}

function shownExisting(existing: ExistingSetting): IDataObject {
	return {
		setting: existing.definition?.namePath ?? `definition ${existing.definitionId || 'unknown'}`,
		definitionValueId: existing.id,
	};
}

/** A current assignment as the plan lists it (a target this node does not manage as Graph has it). */
function shownCurrent(entry: Entry): IDataObject {
	const target = fromGraphTarget(entry.target);
	return target ? { ...target } : { type: 'other', target: entry.target };
}

function shownTarget(resolved: ResolvedTarget): IDataObject {
	const { target } = resolved;
	const shown: IDataObject = { type: target.type };
	if (target.groupId !== undefined) {
		shown.groupId = target.groupId;
		shown.groupDisplayName = resolved.groupDisplayName;
		shown.groupFoundBy = resolved.groupFoundBy;
	}
	if (target.filterId !== undefined) {
		shown.filterId = target.filterId;
		shown.filterDisplayName = resolved.filterDisplayName;
		shown.filterType = target.filterType;
		shown.filterFoundBy = resolved.filterFoundBy;
	}
	return shown;
}

export interface PlanParts {
	displayName: string;
	existing?: TenantProfile;
	profile: ProfileChange;
	settings: SettingsChange;
	/** Settings of files that Apply uploads first: found only once they are uploaded. */
	afterUpload: string[];
	assignments: AssignmentsChange;
	targets: ResolvedTarget[];
	missing: MissingPiece[];
	/** The files Apply uploads first (Upload Missing ADMX Files From Binaries), when it may. */
	uploads?: string[];
}

/** The plan as the item outputs it. */
export function planOutput(parts: PlanParts): IDataObject {
	const profile: IDataObject = { action: parts.profile.action };
	if (parts.existing) profile.id = parts.existing.id;
	profile.displayName = parts.displayName;
	if (parts.profile.action === 'update') profile.changes = parts.profile.body;
	const output: IDataObject = {
		profile,
		settings: {
			add: [
				...parts.settings.add.map(shownSetting),
				...parts.afterUpload.map((setting) => ({ setting, afterUpload: true })),
			],
			update: parts.settings.update.map(({ wanted, current }) => ({
				...shownSetting(wanted),
				definitionValueId: current.id,
			})),
			remove: parts.settings.remove.map(shownExisting),
		},
		assignments: {
			action: parts.assignments.action,
			from: parts.assignments.current.map(shownCurrent),
			to: parts.targets.map(shownTarget),
		},
	};
	if (parts.uploads) output.admxFiles = { upload: parts.uploads };
	output.ready = parts.missing.length === 0;
	output.missing = parts.missing.map((m) => ({ ...m }));
	return output;
}
