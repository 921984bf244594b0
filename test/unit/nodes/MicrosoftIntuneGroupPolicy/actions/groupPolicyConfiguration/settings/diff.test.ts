import type { IDataObject } from 'n8n-workflow';

import type { SettingDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import { toDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import type { SettingState } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/desired';
import { desiredSetting } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/desired';
import {
	definitionBind,
	diffSettings,
	existingSettings,
	needingValues,
	presentationBind,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/diff';
import { checkBox, decimal, definitionRow, listBox } from './presentations';

const ROOT = 'https://graph.microsoft.us';
const V = '#microsoft.graph.groupPolicyPresentationValue';

const telemetry = toDefinition(definitionRow('Disable Telemetry'));
const cacheRow = definitionRow('Cache Size', [
	decimal('Cache size (MB)', { minValue: 10, maxValue: 5000, defaultValue: 250 }),
	checkBox('Clear cache on exit'),
]);
const cache = toDefinition(cacheRow);
const [sizeInput, clearInput] = cache.inputs;
const blocked = toDefinition(definitionRow('Blocked', [listBox('', false)]));

const want = (definition: SettingDefinition, state: SettingState, values: IDataObject = {}) =>
	desiredSetting(definition, state, { values, strictKeys: true }, 'w', 0);

const held = (id: string, definition: IDataObject, enabled: boolean) => ({
	id,
	enabled,
	definition,
	configurationType: 'policy',
});

describe('binds', () => {
	it("use the credential's Graph root (national clouds) and OData key literals", () => {
		expect(definitionBind(ROOT, 'd1')).toBe(
			"https://graph.microsoft.us/beta/deviceManagement/groupPolicyDefinitions('d1')",
		);
		expect(presentationBind(ROOT, 'd1', "p'1")).toBe(
			"https://graph.microsoft.us/beta/deviceManagement/groupPolicyDefinitions('d1')/presentations('p''1')",
		);
	});
});

describe('the changes to a profile', () => {
	it('add settings the profile lacks, with every value bound to its presentation', () => {
		const diff = diffSettings(
			[
				want(telemetry, 'enabled'),
				want(cache, 'enabled', { 'Input 1': 300 }),
				want(blocked, 'disabled'),
			],
			[],
			ROOT,
		);
		expect(diff.writes).toBe(true);
		expect(diff.body).toEqual({
			added: [
				{
					enabled: true,
					'definition@odata.bind': definitionBind(ROOT, telemetry.id),
					presentationValues: [],
				},
				{
					enabled: true,
					'definition@odata.bind': definitionBind(ROOT, cache.id),
					presentationValues: [
						{
							'@odata.type': `${V}Decimal`,
							value: 300,
							'presentation@odata.bind': presentationBind(ROOT, cache.id, sizeInput.presentationId),
						},
						{
							'@odata.type': `${V}Boolean`,
							value: false,
							'presentation@odata.bind': presentationBind(
								ROOT,
								cache.id,
								clearInput.presentationId,
							),
						},
					],
				},
				{
					enabled: false,
					'definition@odata.bind': definitionBind(ROOT, blocked.id),
					presentationValues: [],
				},
			],
			updated: [],
			deletedIds: [],
		});
		expect([...diff.changes.values()]).toEqual(['added', 'added', 'added']);
	});

	it('leave settings already as wanted alone, and send nothing when all are', () => {
		const existing = existingSettings([
			held('v1', { id: telemetry.id }, true),
			held('v2', { id: cache.id }, true),
			held('v3', { id: blocked.id }, false),
		]);
		existing[1].presentationValues = [
			{
				'@odata.type': `${V}Decimal`,
				id: 'pv1',
				value: '300',
				presentation: { id: sizeInput.presentationId },
			},
			{
				'@odata.type': `${V}Boolean`,
				id: 'pv2',
				value: false,
				presentation: { id: clearInput.presentationId },
			},
		];
		const diff = diffSettings(
			[
				want(telemetry, 'enabled'),
				want(cache, 'enabled', { 'Input 1': 300 }),
				want(blocked, 'disabled'),
				want(toDefinition(definitionRow('Absent')), 'notConfigured'),
			],
			existing,
			ROOT,
		);
		expect(diff.writes).toBe(false);
		expect([...diff.changes.values()]).toEqual([
			'unchanged',
			'unchanged',
			'unchanged',
			'unchanged',
		]);
	});

	it('update changed values by presentation value ID, binding inputs that had none', () => {
		const existing = existingSettings([held('v2', { id: cache.id }, true)]);
		existing[0].presentationValues = [
			{
				'@odata.type': `${V}Decimal`,
				id: 'pv1',
				value: 250,
				presentation: { id: sizeInput.presentationId },
			},
		];
		const diff = diffSettings([want(cache, 'enabled', { 'Input 1': 300 })], existing, ROOT);
		expect(diff.body.updated).toEqual([
			{
				id: 'v2',
				enabled: true,
				presentationValues: [
					{ '@odata.type': `${V}Decimal`, value: 300, id: 'pv1' },
					{
						'@odata.type': `${V}Boolean`,
						value: false,
						'presentation@odata.bind': presentationBind(ROOT, cache.id, clearInput.presentationId),
					},
				],
			},
		]);
		expect(diff.changes.get(cache.id)).toBe('updated');
	});

	it('enable a disabled setting, disable an enabled one, remove by definition value ID', () => {
		const existing = existingSettings([
			held('v1', { id: telemetry.id }, false),
			held('v2', { id: cache.id }, true),
			held('v3', { id: blocked.id }, true),
		]);
		const diff = diffSettings(
			[want(telemetry, 'enabled'), want(cache, 'disabled'), want(blocked, 'notConfigured')],
			existing,
			ROOT,
		);
		expect(diff.body).toEqual({
			added: [],
			updated: [
				{ id: 'v1', enabled: true, presentationValues: [] },
				{ id: 'v2', enabled: false, presentationValues: [] },
			],
			deletedIds: ['v3'],
		});
		expect([...diff.changes.values()]).toEqual(['updated', 'updated', 'removed']);
	});

	it('replace a setting whose definition has the same name path but an older ID (a file uploaded again)', () => {
		const old = { ...cacheRow, id: 'old-cache', presentations: undefined };
		const existing = existingSettings([
			held('v9', old, true),
			held('v8', { ...old, id: 'gone' }, true),
		]);
		const diff = diffSettings([want(cache, 'enabled')], existing, ROOT);
		expect(diff.body.deletedIds).toEqual(['v9']);
		expect(diff.body.added).toHaveLength(1);
		expect(diff.changes.get(cache.id)).toBe('updated');
		const removal = diffSettings([want(cache, 'notConfigured')], existing, ROOT);
		expect(removal.body.deletedIds).toEqual(['v9']);
		expect(needingValues([want(cache, 'enabled')], existing)).toEqual([]);
	});

	it('read input values only for enabled wanted settings the profile holds', () => {
		const existing = existingSettings([
			held('v1', { id: telemetry.id }, true),
			held('v2', { id: cache.id }, false),
			{ id: 'v3', enabled: true },
		]);
		expect(existing[2]).toEqual({
			id: 'v3',
			enabled: true,
			definitionId: '',
			definition: undefined,
		});
		expect(
			needingValues(
				[want(telemetry, 'disabled'), want(cache, 'enabled'), want(blocked, 'enabled')],
				existing,
			).map((e) => e.id),
		).toEqual(['v2']);
	});
});
