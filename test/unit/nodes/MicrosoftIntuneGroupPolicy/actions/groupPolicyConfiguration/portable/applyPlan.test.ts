import type { IDataObject } from 'n8n-workflow';

import type { PlanParts } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/apply/plan';
import {
	assignmentsChange,
	planOutput,
	profileChange,
	settingsChange,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/apply/plan';
import { missingNamespaces } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/apply/resolve';
import type { SettingDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import { toDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import type { SettingState } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/desired';
import { desiredSetting } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/desired';
import { existingSettings } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/diff';
import { checkBox, decimal, definitionRow, dropdown } from '../settings/presentations';

const ROOT = 'https://graph.microsoft.com';
const V = '#microsoft.graph.groupPolicyPresentationValue';
const GROUP = '0a7e5a01-6b1c-4d2e-9f30-000000000001';
const OTHER = '0a7e5a01-6b1c-4d2e-9f30-000000000002';
const FILTER = 'f17e0000-3c4d-4e5f-9a0b-000000000001';

const telemetryRow = definitionRow('Disable Telemetry');
const cacheRow = definitionRow('Cache Size', [
	decimal('Cache size (MB)', { minValue: 10, maxValue: 5000, defaultValue: 250 }),
	checkBox('Clear cache on exit'),
]);
const channelRow = definitionRow('Update Channel', [dropdown('Channel')]);
const oldRow = definitionRow('Old Setting');
const [telemetry, cache, channel] = [telemetryRow, cacheRow, channelRow].map(toDefinition);
const [sizeInput, clearInput] = cache.inputs;

const want = (definition: SettingDefinition, state: SettingState, values: IDataObject = {}) =>
	desiredSetting(
		definition,
		state,
		{ values, strictKeys: true },
		`Setting ${definition.displayName}`,
		0,
	);

/** Definition values as Graph lists them, with their definitions expanded. */
const heldRows = (...rows: Array<[string, IDataObject, boolean]>) =>
	existingSettings(rows.map(([id, definition, enabled]) => ({ id, enabled, definition })));

describe('profileChange', () => {
	const portable = { displayName: 'Baseline', description: 'About', roleScopeTagIds: ['0', '3'] };

	it('creates a missing profile with the portable fields', () => {
		expect(profileChange(portable, undefined)).toEqual({
			action: 'create',
			body: { displayName: 'Baseline', description: 'About', roleScopeTagIds: ['0', '3'] },
		});
		expect(profileChange({ ...portable, roleScopeTagIds: [] }, undefined).body).toEqual({
			displayName: 'Baseline',
			description: 'About',
		});
	});

	it('patches only the fields that differ; scope tags compared as a set', () => {
		const existing = {
			id: 'p',
			displayName: 'Baseline',
			description: 'About',
			roleScopeTagIds: ['3', '0'],
		};
		expect(profileChange(portable, existing)).toEqual({ action: 'none', body: {} });
		expect(profileChange({ ...portable, description: 'New' }, existing)).toEqual({
			action: 'update',
			body: { description: 'New' },
		});
		expect(profileChange({ ...portable, roleScopeTagIds: ['0'] }, existing)).toEqual({
			action: 'update',
			body: { roleScopeTagIds: ['0'] },
		});
		// No tags in the portable profile: the tenant's are left as they are.
		expect(profileChange({ ...portable, roleScopeTagIds: [] }, existing).action).toBe('none');
	});
});

describe('settingsChange', () => {
	it('adds everything to a new profile in one body, with all three keys', () => {
		const change = settingsChange(
			[want(telemetry, 'enabled'), want(cache, 'enabled', { 'Cache size (MB)': 300 })],
			[],
			ROOT,
		);
		expect(change.writes).toBe(true);
		expect(change.add.map((d) => d.definition.displayName)).toEqual([
			'Disable Telemetry',
			'Cache Size',
		]);
		expect(change.update).toEqual([]);
		expect(change.remove).toEqual([]);
		expect(change.body.updated).toEqual([]);
		expect(change.body.deletedIds).toEqual([]);
		expect(change.body.added).toHaveLength(2);
		expect((change.body.added[1].presentationValues as IDataObject[]).map((v) => v.value)).toEqual([
			300,
			false,
		]);
	});

	it('removes every setting the portable profile lacks, updates what differs, leaves the rest', () => {
		const existing = heldRows(
			['dv-telemetry', telemetryRow, true],
			['dv-cache', cacheRow, true],
			['dv-old', oldRow, true],
			['dv-gone', { id: 'removed-def' }, false],
		);
		existing[1].presentationValues = [
			{
				id: 'pv-size',
				'@odata.type': `${V}Decimal`,
				value: 250,
				presentation: { id: sizeInput.presentationId },
			},
			{
				id: 'pv-clear',
				'@odata.type': `${V}Boolean`,
				value: false,
				presentation: { id: clearInput.presentationId },
			},
		];
		const desired = [
			want(telemetry, 'enabled'),
			want(cache, 'enabled', { 'Cache size (MB)': 400 }),
			want(channel, 'enabled', { Channel: 'beta' }),
		];
		const change = settingsChange(desired, existing, ROOT);
		expect(change.add.map((d) => d.definition.displayName)).toEqual(['Update Channel']);
		expect(change.update.map((u) => [u.wanted.definition.displayName, u.current.id])).toEqual([
			['Cache Size', 'dv-cache'],
		]);
		expect(change.remove.map((e) => e.id)).toEqual(['dv-old', 'dv-gone']);
		expect(change.body.deletedIds).toEqual(['dv-old', 'dv-gone']);
		expect(change.body.updated).toEqual([
			{
				id: 'dv-cache',
				enabled: true,
				presentationValues: [
					{ '@odata.type': `${V}Decimal`, value: 400, id: 'pv-size' },
					{ '@odata.type': `${V}Boolean`, value: false, id: 'pv-clear' },
				],
			},
		]);
	});

	it('sends nothing when the profile holds exactly the portable settings', () => {
		const existing = heldRows(['dv-telemetry', telemetryRow, false]);
		const change = settingsChange([want(telemetry, 'disabled')], existing, ROOT);
		expect(change.writes).toBe(false);
		expect(change.body).toEqual({ added: [], updated: [], deletedIds: [] });
	});

	it('replaces a setting of an earlier upload of the file (same name path, other ID), not removes it twice', () => {
		const stale = heldRows(['dv-stale', { ...telemetryRow, id: 'def-old-upload' }, true]);
		const change = settingsChange([want(telemetry, 'enabled')], stale, ROOT);
		expect(change.body.deletedIds).toEqual(['dv-stale']);
		expect(change.body.added).toHaveLength(1);
		expect(change.update.map((u) => u.current.id)).toEqual(['dv-stale']);
		expect(change.remove).toEqual([]);
	});
});

describe('assignmentsChange', () => {
	const graph = (target: IDataObject) => ({ id: 'a', target });

	it('replaces the whole set when it differs, with the filter only where there is one', () => {
		const change = assignmentsChange(
			[graph({ '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' })],
			[
				{ type: 'includeGroup', groupId: GROUP, filterId: FILTER, filterType: 'exclude' },
				{ type: 'excludeGroup', groupId: OTHER },
			],
		);
		expect(change.action).toBe('replace');
		expect(change.body).toEqual({
			assignments: [
				{
					target: {
						'@odata.type': '#microsoft.graph.groupAssignmentTarget',
						groupId: GROUP,
						deviceAndAppManagementAssignmentFilterId: FILTER,
						deviceAndAppManagementAssignmentFilterType: 'exclude',
					},
				},
				{
					target: {
						'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
						groupId: OTHER,
					},
				},
			],
		});
	});

	it('leaves the same set alone, in any order, without a filter read as none', () => {
		const change = assignmentsChange(
			[
				graph({ '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' }),
				graph({
					'@odata.type': '#microsoft.graph.groupAssignmentTarget',
					groupId: GROUP.toUpperCase(),
					deviceAndAppManagementAssignmentFilterId: '00000000-0000-0000-0000-000000000000',
					deviceAndAppManagementAssignmentFilterType: 'none',
				}),
			],
			[{ type: 'includeGroup', groupId: GROUP }, { type: 'allUsers' }],
		);
		expect(change.action).toBe('none');
	});

	it('empties the assignments when the portable profile has none', () => {
		const change = assignmentsChange(
			[graph({ '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' })],
			[],
		);
		expect(change).toMatchObject({ action: 'replace', body: { assignments: [] } });
		expect(assignmentsChange([], []).action).toBe('none');
	});
});

describe('planOutput', () => {
	function parts(changes: Partial<PlanParts> = {}): PlanParts {
		return {
			displayName: 'Baseline',
			existing: { id: 'p-1', displayName: 'Baseline', description: '', roleScopeTagIds: ['0'] },
			profile: { action: 'none', body: {} },
			settings: settingsChange([], [], ROOT),
			afterUpload: [],
			assignments: assignmentsChange([], []),
			targets: [],
			missing: [],
			...changes,
		};
	}

	it('an empty plan: nothing to do, ready', () => {
		expect(planOutput(parts())).toEqual({
			profile: { action: 'none', id: 'p-1', displayName: 'Baseline' },
			settings: { add: [], update: [], remove: [] },
			assignments: { action: 'none', from: [], to: [] },
			ready: true,
			missing: [],
		});
	});

	it('lists each change, the targets with how they were found, and what is missing', () => {
		const existing = heldRows(['dv-old', oldRow, true], ['dv-cache', cacheRow, false]);
		const output = planOutput(
			parts({
				existing: undefined,
				profile: profileChange(
					{ displayName: 'Baseline', description: '', roleScopeTagIds: [] },
					undefined,
				),
				settings: settingsChange(
					[want(channel, 'enabled', { Channel: 'Beta' }), want(cache, 'enabled')],
					existing,
					ROOT,
				),
				afterUpload: ['\\Contoso\\Later (machine)'],
				assignments: assignmentsChange(
					[
						{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
						{
							target: {
								'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
								collectionId: 'c',
							},
						},
					],
					[{ type: 'includeGroup', groupId: GROUP, filterId: FILTER, filterType: 'include' }],
				),
				targets: [
					{
						target: {
							type: 'includeGroup',
							groupId: GROUP,
							filterId: FILTER,
							filterType: 'include',
						},
						groupDisplayName: 'Pilot',
						groupFoundBy: 'displayName',
						filterDisplayName: 'Windows 11',
						filterFoundBy: 'mapping',
					},
				],
				missing: [{ kind: 'group', name: '"Kiosks"', problem: 'is not a group of this tenant' }],
				uploads: ['contoso.admx'],
			}),
		);
		expect(output).toEqual({
			profile: { action: 'create', displayName: 'Baseline' },
			settings: {
				add: [
					{
						setting: '\\Fabrikam\\Fabrikam Browser\\Update Channel (machine)',
						state: 'enabled',
						values: { Channel: 'beta' },
					},
					{ setting: '\\Contoso\\Later (machine)', afterUpload: true },
				],
				update: [
					{
						setting: '\\Fabrikam\\Fabrikam Browser\\Cache Size (machine)',
						state: 'enabled',
						values: { 'Cache size (MB)': 250, 'Clear cache on exit': false },
						definitionValueId: 'dv-cache',
					},
				],
				remove: [
					{
						setting: '\\Fabrikam\\Fabrikam Browser\\Old Setting (machine)',
						definitionValueId: 'dv-old',
					},
				],
			},
			assignments: {
				action: 'replace',
				from: [
					{ type: 'allDevices' },
					{
						type: 'other',
						target: {
							'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
							collectionId: 'c',
						},
					},
				],
				to: [
					{
						type: 'includeGroup',
						groupId: GROUP,
						groupDisplayName: 'Pilot',
						groupFoundBy: 'displayName',
						filterId: FILTER,
						filterDisplayName: 'Windows 11',
						filterType: 'include',
						filterFoundBy: 'mapping',
					},
				],
			},
			admxFiles: { upload: ['contoso.admx'] },
			ready: false,
			missing: [{ kind: 'group', name: '"Kiosks"', problem: 'is not a group of this tenant' }],
		});
	});

	it('shows the changed fields of an update, and a setting whose definition is gone by its ID', () => {
		const output = planOutput(
			parts({
				profile: { action: 'update', body: { description: 'New' } },
				settings: settingsChange(
					[],
					heldRows(['dv-x', null as unknown as IDataObject, true]),
					ROOT,
				),
			}),
		);
		expect(output.profile).toEqual({
			action: 'update',
			id: 'p-1',
			displayName: 'Baseline',
			changes: { description: 'New' },
		});
		expect((output.settings as IDataObject).remove).toEqual([
			{ setting: 'definition unknown', definitionValueId: 'dv-x' },
		]);
	});
});

describe('missingNamespaces', () => {
	const files = [
		{ targetNamespace: 'A', fileName: 'a.admx', usings: [] },
		{ targetNamespace: 'B', fileName: 'b.admx', usings: ['A'] },
		{ targetNamespace: 'C', fileName: 'c.admx', usings: [] },
		{ targetNamespace: 'D', fileName: 'd.admx', usings: [] },
	];

	it('a namespace counts when a file has it available, assigned or being uploaded; not when failed', () => {
		const missing = missingNamespaces(files, [
			{ targetNamespace: 'A', status: 'available' },
			{ targetNamespace: 'B', status: 'uploadInProgress' },
			{ targetNamespace: 'C', status: 'uploadFailed', fileName: 'c.admx' },
			{ targetNamespace: 'C', status: 'removalFailed' },
		]);
		expect(missing).toEqual([
			{
				file: files[2],
				found: { targetNamespace: 'C', status: 'uploadFailed', fileName: 'c.admx' },
			},
			{ file: files[3], found: undefined },
		]);
	});
});
