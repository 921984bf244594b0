import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { ValidationContext } from '../../helpers/validation';
import { validateEnum } from '../../helpers/validation';
import { timeoutOption } from '../groupPolicyUploadedDefinitionFile/wait';
import { asNodeError } from '../../transport';
import type { PlanItem } from '../types';
import { configurationLocator, readConfigurationId } from './locator';
import { DEFINITION_SOURCES, refText } from './settings/definitions';
import type { DesiredSetting } from './settings/desired';
import { desiredSetting } from './settings/desired';
import type { SettingEntry } from './settings/entries';
import {
	JSON_PARAMETER,
	mappedValues,
	parseState,
	readJsonEntries,
	readSettingLocator,
	SETTING_PARAMETER,
} from './settings/entries';
import { settingError, SettingProblem } from './settings/errors';
import { profileGroup } from './settings/plan';
import { resolverFor } from './settings/resolve';

/*
 * Set Settings: settings of uploaded ADMX files in a profile, named by their name path so that the
 * same workflow works in every tenant. Every item is planned (and checked) first; the items aimed
 * at one profile are then written together, in one request.
 */

export const option: OperationOption = {
	name: 'Set Settings',
	description: 'Enable, disable or remove settings of uploaded ADMX files in a profile, by name',
	action: 'Set settings of a profile',
};

const DEFAULT_WAIT_TIMEOUT_SECONDS = Number(timeoutOption.default);

export const definitionSourceOption: INodeProperties = {
	displayName: 'Definition Source',
	name: 'definitionSource',
	type: 'options',
	options: [
		{
			name: 'Any',
			value: 'any',
			description:
				'Settings of uploaded ADMX files and built-in ones; a name matching one of each fails',
		},
		{ name: 'Built-In', value: 'builtIn', description: "Intune's built-in templates only" },
		{
			name: 'Custom',
			value: 'custom',
			description: 'Settings of uploaded ADMX files only (a built-in twin is never picked)',
		},
	],
	default: 'custom',
	description: 'Where settings are looked for by name',
};

const waitTimeoutOption: INodeProperties = {
	...timeoutOption,
	description:
		'How long to wait for the settings of a just uploaded ADMX file to be listed by Intune ' +
		'before the item fails',
};

const properties: INodeProperties[] = [
	configurationLocator,
	{
		displayName: 'Define Settings',
		name: 'defineSettings',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Using Fields Below',
				value: 'fields',
				description: 'One setting per item, its inputs as fields',
			},
			{
				name: 'Using JSON',
				value: 'json',
				description: 'Any number of settings per item, e.g. the output of Get Settings',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Setting',
		name: 'setting',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The setting, by its name path: {category path}\\{display name} ({class}), the same in ' +
			'every tenant. The list offers the settings of uploaded ADMX files; give a built-in one ' +
			'By Name Path or By ID.',
		displayOptions: { show: { defineSettings: ['fields'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchGroupPolicyDefinitions', searchable: true },
			},
			{
				displayName: 'By Name Path',
				name: 'namePath',
				type: 'string',
				placeholder: 'e.g. \\Fabrikam\\Fabrikam Browser\\Disable Telemetry (machine)',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1f7c5e3a-9b2d-4c8e-a6f1-0d4b3e2a1c9f',
			},
		],
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		options: [
			{ name: 'Disabled', value: 'disabled' },
			{ name: 'Enabled', value: 'enabled' },
			{
				name: 'Not Configured',
				value: 'notConfigured',
				description: 'Removes the setting from the profile',
			},
		],
		default: 'enabled',
		displayOptions: { show: { defineSettings: ['fields'] } },
	},
	{
		displayName: 'Values',
		name: 'values',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		description:
			"The setting's inputs. An input left out takes the ADMX file's default, one left empty " +
			'is sent empty; lines of text and lists take one entry per line (a list with explicit ' +
			'values: name=value).',
		typeOptions: {
			loadOptionsDependsOn: ['setting.value', 'options.definitionSource'],
			resourceMapper: {
				resourceMapperMethod: 'getSettingInputs',
				mode: 'add',
				fieldWords: { singular: 'input', plural: 'inputs' },
				addAllFields: true,
				multiKeyMatch: false,
				noFieldsError: 'This setting has no inputs: Enabled is all there is to set.',
			},
		},
		displayOptions: { show: { defineSettings: ['fields'], state: ['enabled'] } },
	},
	{
		displayName: 'Settings (JSON)',
		name: 'settingsJson',
		type: 'json',
		default:
			'[\n  {\n    "setting": "\\\\Fabrikam\\\\Fabrikam Browser\\\\Disable Telemetry (machine)",\n    "state": "enabled",\n    "values": {}\n  }\n]',
		required: true,
		description:
			'An array of {"setting": name path, {"ID": "…"} or {"categoryPath", "displayName", ' +
			'"classType"}, "state": "enabled", "disabled" or "notConfigured", "values": {"input ' +
			'label or Input N": value}}',
		displayOptions: { show: { defineSettings: ['json'] } },
	},
	optionsCollection([definitionSourceOption, waitTimeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['setSettings'] } },
	properties,
);

/** Every item is planned first: items aimed at one profile are then written together. */
export const ordered = true;

function fieldsEntry(
	this: IExecuteFunctions,
	ctx: ValidationContext,
	itemIndex: number,
): SettingEntry {
	const ref = readSettingLocator(ctx, this.getNodeParameter(SETTING_PARAMETER, itemIndex, ''));
	const state = parseState(ctx, 'state', this.getNodeParameter('state', itemIndex, 'enabled'));
	const given =
		state === 'enabled'
			? mappedValues(
					this.getNodeParameter('values', itemIndex, undefined),
					this.getInputData()[itemIndex]?.json ?? {},
				)
			: { values: {}, strictKeys: true };
	return { ref, state, given, where: `Setting "${refText(ref)}"` };
}

function waitTimeoutMs(options: IDataObject): number {
	const seconds = Number(options.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
}

export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const configurationId = readConfigurationId.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = validateEnum(
		ctx,
		'options.definitionSource',
		options.definitionSource ?? 'custom',
		DEFINITION_SOURCES,
	);
	const timeoutMs = waitTimeoutMs(options);
	const mode = validateEnum(
		ctx,
		'defineSettings',
		this.getNodeParameter('defineSettings', itemIndex, 'fields'),
		['fields', 'json'] as const,
	);
	const entries =
		mode === 'json'
			? readJsonEntries(ctx, this.getNodeParameter(JSON_PARAMETER, itemIndex, '[]'))
			: [fieldsEntry.call(this, ctx, itemIndex)];
	const resolver = resolverFor(this, run);
	const desired: DesiredSetting[] = [];
	// In order, so that the first problem reported is the first entry's.
	for (const entry of entries) {
		try {
			const definition = await resolver.resolve(entry.ref, source, itemIndex, timeoutMs);
			desired.push(desiredSetting(definition, entry.state, entry.given, entry.where, itemIndex));
		} catch (error) {
			throw error instanceof SettingProblem
				? settingError(this.getNode(), itemIndex, entry.where, error)
				: asNodeError(this.getNode(), error, itemIndex);
		}
	}
	const group = profileGroup(run, configurationId);
	group.join(this, desired);
	return { steps: async (send) => await group.output(this, send, itemIndex, desired) };
};
