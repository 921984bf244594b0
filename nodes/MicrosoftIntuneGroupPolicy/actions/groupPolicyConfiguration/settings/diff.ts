import type { IDataObject } from 'n8n-workflow';

import type { SettingDefinition } from './definitions';
import { toDefinition } from './definitions';
import type { DesiredSetting } from './desired';
import { graphValue, readGraphValue, sameValue } from './inputValues';

/*
 * From what a profile holds and what the items want, the one updateDefinitionValues body: added
 * (new settings, bound to their definitions), updated (existing ones, by their definition value
 * ID), deletedIds (definition value IDs of settings to remove). Values are compared in normalised
 * form, so a setting already as wanted is left alone and a second run sends nothing.
 */

export type Change = 'added' | 'updated' | 'removed' | 'unchanged';

/** A setting the profile holds: a definition value. */
export interface ExistingSetting {
	id: string;
	enabled: boolean;
	definitionId: string;
	/** Its definition as expanded (without inputs). */
	definition?: SettingDefinition;
	/** Its input values, when read. */
	presentationValues?: IDataObject[];
}

export interface SettingsUpdate extends IDataObject {
	added: IDataObject[];
	updated: IDataObject[];
	deletedIds: string[];
}

export interface Diff {
	body: SettingsUpdate;
	/** The change for each wanted setting, by definition ID. */
	changes: Map<string, Change>;
	/** Whether there is anything to send. */
	writes: boolean;
}

export function existingSettings(definitionValues: IDataObject[]): ExistingSetting[] {
	return definitionValues.map((row) => {
		const definition =
			row.definition && typeof row.definition === 'object'
				? toDefinition(row.definition as IDataObject)
				: undefined;
		return {
			id: String(row.id),
			enabled: row.enabled === true,
			definitionId: definition?.id ?? '',
			definition,
		};
	});
}

/**
 * The setting the profile holds for a wanted definition: by definition ID, else (`stale`) one
 * whose definition has the same name path and origin but another ID (an ADMX file uploaded again
 * may bring new IDs), which is replaced.
 */
export function findExisting(
	wanted: SettingDefinition,
	existing: ExistingSetting[],
	wantedIds: Set<string>,
): { current?: ExistingSetting; stale?: ExistingSetting } {
	const current = existing.find((e) => e.definitionId === wanted.id);
	if (current) return { current };
	const stale = existing.find(
		(e) =>
			e.definition !== undefined &&
			!wantedIds.has(e.definitionId) &&
			e.definition.key === wanted.key &&
			e.definition.policyType === wanted.policyType,
	);
	return { stale };
}

/** The settings whose input values must be read to compare: enabled ones with inputs that exist. */
export function needingValues(
	desired: DesiredSetting[],
	existing: ExistingSetting[],
): ExistingSetting[] {
	const wantedIds = new Set(desired.map((d) => d.definition.id));
	return desired
		.filter((d) => d.state === 'enabled' && d.values.size > 0)
		.map((d) => findExisting(d.definition, existing, wantedIds).current)
		.filter((e): e is ExistingSetting => e !== undefined);
}

/** OData key literal. */
const key = (id: string) => `('${id.replace(/'/g, "''")}')`;

export function definitionBind(graphRoot: string, definitionId: string): string {
	return `${graphRoot}/beta/deviceManagement/groupPolicyDefinitions${key(definitionId)}`;
}

export function presentationBind(
	graphRoot: string,
	definitionId: string,
	presentationId: string,
): string {
	return `${definitionBind(graphRoot, definitionId)}/presentations${key(presentationId)}`;
}

const presentationIdOf = (value: IDataObject) =>
	String((value.presentation as IDataObject | undefined)?.id ?? '');

function newValues(graphRoot: string, wanted: DesiredSetting): IDataObject[] {
	return [...wanted.values].map(([input, value]) => ({
		...graphValue(input, value),
		'presentation@odata.bind': presentationBind(
			graphRoot,
			wanted.definition.id,
			input.presentationId,
		),
	}));
}

function isAsWanted(wanted: DesiredSetting, current: ExistingSetting): boolean {
	if (!current.enabled) return false;
	const held = current.presentationValues ?? [];
	return [...wanted.values].every(([input, value]) => {
		const pv = held.find((v) => presentationIdOf(v) === input.presentationId);
		const now = pv && readGraphValue(input, pv);
		return now !== undefined && sameValue(input, now, value);
	});
}

function updatedValues(
	graphRoot: string,
	wanted: DesiredSetting,
	current: ExistingSetting,
): IDataObject[] {
	const held = current.presentationValues ?? [];
	return [...wanted.values].map(([input, value]) => {
		const pv = held.find((v) => presentationIdOf(v) === input.presentationId);
		return pv
			? { ...graphValue(input, value), id: String(pv.id) }
			: {
					...graphValue(input, value),
					'presentation@odata.bind': presentationBind(
						graphRoot,
						wanted.definition.id,
						input.presentationId,
					),
				};
	});
}

/** The changes that make the profile hold what is wanted. */
export function diffSettings(
	desired: DesiredSetting[],
	existing: ExistingSetting[],
	graphRoot: string,
): Diff {
	const body: SettingsUpdate = { added: [], updated: [], deletedIds: [] };
	const changes = new Map<string, Change>();
	const wantedIds = new Set(desired.map((d) => d.definition.id));
	const add = (wanted: DesiredSetting) =>
		body.added.push({
			enabled: wanted.state === 'enabled',
			'definition@odata.bind': definitionBind(graphRoot, wanted.definition.id),
			presentationValues: wanted.state === 'enabled' ? newValues(graphRoot, wanted) : [],
		});
	for (const wanted of desired) {
		const { current, stale } = findExisting(wanted.definition, existing, wantedIds);
		const id = wanted.definition.id;
		if (wanted.state === 'notConfigured') {
			const held = current ?? stale;
			if (held) body.deletedIds.push(held.id);
			changes.set(id, held ? 'removed' : 'unchanged');
			continue;
		}
		if (stale) {
			body.deletedIds.push(stale.id);
			add(wanted);
			changes.set(id, 'updated');
			continue;
		}
		if (!current) {
			add(wanted);
			changes.set(id, 'added');
			continue;
		}
		if (wanted.state === 'disabled') {
			if (current.enabled) {
				body.updated.push({ id: current.id, enabled: false, presentationValues: [] });
				changes.set(id, 'updated');
			} else changes.set(id, 'unchanged');
			continue;
		}
		if (isAsWanted(wanted, current)) {
			changes.set(id, 'unchanged');
			continue;
		}
		body.updated.push({
			id: current.id,
			enabled: true,
			presentationValues: updatedValues(graphRoot, wanted, current),
		});
		changes.set(id, 'updated');
	}
	const writes = body.added.length + body.updated.length + body.deletedIds.length > 0;
	return { body, changes, writes };
}
