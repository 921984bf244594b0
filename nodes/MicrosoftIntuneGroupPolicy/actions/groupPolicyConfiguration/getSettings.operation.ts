import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import { once } from '../../helpers/runCache';
import { validateEnum } from '../../helpers/validation';
import type { Send } from '../../transport';
import { readAll } from '../../transport';
import type { PlanItem, RunContext } from '../types';
import { configurationLocator, readConfigurationId } from './locator';
import { definitionPath } from './paths';
import { DEFINITION_EXPAND, readCustomCatalog } from './settings/catalog';
import type { SettingDefinition } from './settings/definitions';
import { CUSTOM, isCustom, settingSummary, toDefinition } from './settings/definitions';
import type { ExistingSetting } from './settings/diff';
import { existingSettings } from './settings/diff';
import type { SettingInput } from './settings/inputs';
import { dropdownDisplayName } from './settings/inputs';
import { displayValue, readGraphValue } from './settings/inputValues';
import { allOf, presentationValuesRead, readDefinitionValues } from './settings/profileState';

/*
 * Get Settings: a profile's settings as readable items, one per setting, with each input's value
 * under the key Set Settings accepts (its label, or "Input N"), so that the items can be fed back
 * into Set Settings, in this tenant or another. The input values are read in $batch of 20.
 */

export const option: OperationOption = {
	name: 'Get Settings',
	description: "Get a profile's settings with their values, one item per setting",
	action: 'Get settings of a profile',
};

const SETTINGS_FROM = ['all', 'custom'] as const;

const properties: INodeProperties[] = [
	configurationLocator,
	optionsCollection([
		{
			displayName: 'Settings From',
			name: 'settingsFrom',
			type: 'options',
			options: [
				{ name: 'All Templates', value: 'all' },
				{
					name: 'Uploaded ADMX Files Only',
					value: 'custom',
					description: 'Leave out settings of built-in templates',
				},
			],
			default: 'all',
			description: 'Which settings of the profile to output',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['getSettings'] } },
	properties,
);

interface Read {
	existing: ExistingSetting[];
	definitions: Map<string, SettingDefinition>;
	values: Map<string, IDataObject[]>;
}

async function readProfile(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	itemIndex: number,
	configurationId: string,
	onlyCustom: boolean,
): Promise<Read> {
	const rows = await readDefinitionValues.call(this, send, configurationId, itemIndex);
	const existing = existingSettings(rows).filter(
		(e) => !onlyCustom || e.definition?.policyType === CUSTOM,
	);
	const definitions = new Map<string, SettingDefinition>();
	if (existing.some((e) => e.definition && isCustom(e.definition))) {
		const catalog = await once(
			run.shared,
			'settings catalog',
			async () => await readCustomCatalog.call(this, send, itemIndex),
		);
		for (const e of existing) {
			const known = catalog.byId.get(e.definitionId);
			if (known) definitions.set(e.definitionId, known);
		}
	}
	// Built-in settings (and any the catalog lacks) are read with the input values, in the $batch.
	const missing = [
		...new Set(existing.map((e) => e.definitionId).filter((id) => id && !definitions.has(id))),
	];
	// A setting without inputs (known from the catalog) has no input values to read.
	const enabled = existing.filter(
		(e) => e.enabled && definitions.get(e.definitionId)?.inputs.length !== 0,
	);
	const answers = await readAll.call(this, run.session, itemIndex, [
		...enabled.map((e) => presentationValuesRead(configurationId, e.id)),
		...missing.map((id) => ({ path: definitionPath(id), qs: { $expand: DEFINITION_EXPAND } })),
	]);
	const values = new Map<string, IDataObject[]>();
	await Promise.all(
		enabled.map(async (e, k) =>
			values.set(e.id, await allOf.call(this, run.session, itemIndex, answers[k])),
		),
	);
	missing.forEach((id, k) => definitions.set(id, toDefinition(answers[enabled.length + k])));
	return { existing, definitions, values };
}

function inputEntry(input: SettingInput, held: IDataObject[] | undefined): IDataObject {
	const pv = held?.find(
		(v) => String((v.presentation as IDataObject | undefined)?.id ?? '') === input.presentationId,
	);
	const read = pv && readGraphValue(input, pv);
	const value =
		read !== undefined ? displayValue(input, read) : pv ? (pv.value ?? pv.values ?? null) : null;
	const entry: IDataObject = {
		key: input.key,
		label: input.label,
		type: input.kind,
		presentationId: input.presentationId,
		presentationValueId: pv ? String(pv.id) : null,
		value: value as IDataObject,
	};
	if (input.kind === 'dropdownList' && typeof value === 'string') {
		entry.valueDisplayName = dropdownDisplayName(input, value) ?? null;
	}
	return entry;
}

function settingItem(
	configurationId: string,
	e: ExistingSetting,
	definition: SettingDefinition | undefined,
	held: IDataObject[] | undefined,
): IDataObject {
	const inputs = (definition?.inputs ?? []).map((input) => inputEntry(input, held));
	const values: IDataObject = {};
	for (const input of inputs)
		if (input.presentationValueId !== null) values[String(input.key)] = input.value;
	return {
		groupPolicyConfigurationId: configurationId,
		definitionValueId: e.id,
		state: e.enabled ? 'enabled' : 'disabled',
		setting: definition ? settingSummary(definition) : { id: e.definitionId },
		values,
		inputs,
	};
}

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const configurationId = readConfigurationId.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const from = validateEnum(
		ctx,
		'options.settingsFrom',
		options.settingsFrom ?? 'all',
		SETTINGS_FROM,
	);
	return {
		steps: async (send) => {
			const read = await readProfile.call(
				this,
				send,
				run,
				itemIndex,
				configurationId,
				from === 'custom',
			);
			return read.existing.map((e) =>
				settingItem(
					configurationId,
					e,
					read.definitions.get(e.definitionId) ?? e.definition,
					read.values.get(e.id),
				),
			);
		},
	};
};
