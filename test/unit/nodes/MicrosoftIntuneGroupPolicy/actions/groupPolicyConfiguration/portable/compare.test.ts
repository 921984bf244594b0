import fc from 'fast-check';

import type {
	PortableAssignment,
	PortableProfile,
	PortableSetting,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/format';
import {
	assignmentOrder,
	compareProfiles,
	sameValue,
	settingOrder,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/compare';
import { settingInputs } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/inputs';
import { checkBox, decimal, dropdown, textBox } from '../settings/presentations';

/* The differences between two portable profiles: each kind, and what does not count as one. */

const B = '\\Fabrikam\\Fabrikam Browser';
const N = '\\Fabrikam\\Fabrikam Browser\\Network';
const GA = '0a7e5a01-6b1c-4d2e-9f30-000000000001';
const GB = '0a7e5a01-6b1c-4d2e-a001-000000000001';
const GC = '0a7e5a01-6b1c-4d2e-9f30-000000000002';
const FA = 'f17e0000-3c4d-4e5f-8a6b-000000000001';
const FB = 'f17e0000-3c4d-4e5f-a001-000000000001';

const setting = (
	displayName: string,
	values: PortableSetting['values'] = {},
	extra: Partial<PortableSetting> = {},
): PortableSetting => ({
	classType: 'machine',
	categoryPath: B,
	displayName,
	state: 'enabled',
	values,
	source: 'custom',
	targetNamespace: 'Fabrikam.Policies.FabrikamBrowser',
	...extra,
});

const SETTINGS: PortableSetting[] = [
	setting('Disable Telemetry'),
	setting('Home Page', {}, { classType: 'user', state: 'disabled' }),
	setting('Cache Size', { 'Cache size (MB)': 300, 'Clear cache on exit': true }),
	setting('Update Channel', { Channel: { value: 'beta', displayName: 'Beta' } }),
	setting('Allowed Sites', { Sites: ['a', 'b'] }),
	setting('Extension Settings', {
		Extensions: [{ name: 'ext', value: 'on' }],
		'Input 2': ['blocked'],
	}),
	setting('Proxy', { 'Proxy server': 'proxy', Port: 8080 }, { classType: 'user', categoryPath: N }),
];

const ASSIGNMENTS: PortableAssignment[] = [
	{
		type: 'includeGroup',
		groupId: GA,
		groupDisplayName: 'Fabrikam Pilot Devices',
		filterId: FA,
		filterDisplayName: 'Windows 11 only',
		filterType: 'include',
	},
	{ type: 'excludeGroup', groupId: GC, groupDisplayName: 'Fabrikam All Staff' },
	{ type: 'allUsers' },
];

function profile(
	settings: PortableSetting[] = SETTINGS,
	assignments: PortableAssignment[] = ASSIGNMENTS,
	extra: Partial<PortableProfile['profile']> = {},
): PortableProfile {
	return {
		format: 'n8n-intune-admx-profile',
		formatVersion: 1,
		exportedAt: '2026-01-01T00:00:00.000Z',
		source: { profileId: 'p1' },
		profile: {
			displayName: 'Fabrikam Browser baseline',
			description: 'Browser settings',
			roleScopeTagIds: ['0'],
			...extra,
		},
		settings,
		assignments,
		admxFiles: [],
	};
}

const replace = (name: string, next: PortableSetting) =>
	SETTINGS.map((s) => (s.displayName === name ? next : s));

describe('compareProfiles', () => {
	it('finds nothing between a profile and itself, nor its copy in another order', () => {
		expect(compareProfiles(profile(), profile())).toEqual([]);
		const shuffled = profile([...SETTINGS].reverse(), [...ASSIGNMENTS].reverse(), {
			roleScopeTagIds: ['0'],
		});
		expect(compareProfiles(profile(), shuffled)).toEqual([]);
	});

	it('reports a setting only the tenant has as added, one only the JSON has as removed', () => {
		const extra = setting('Max Download Size', { Bytes: 2048 }, { categoryPath: N });
		expect(compareProfiles(profile(), profile([...SETTINGS, extra]))).toEqual([
			{
				difference: 'settingAdded',
				setting: {
					classType: 'machine',
					categoryPath: N,
					displayName: 'Max Download Size',
					source: 'custom',
				},
				expected: null,
				actual: { state: 'enabled', values: { Bytes: 2048 } },
			},
		]);
		expect(compareProfiles(profile([...SETTINGS, extra]), profile())).toEqual([
			expect.objectContaining({
				difference: 'settingRemoved',
				expected: { state: 'enabled', values: { Bytes: 2048 } },
				actual: null,
			}),
		]);
	});

	it('reports a state change once, without the values that went with it', () => {
		const disabled = setting('Cache Size', {}, { state: 'disabled' });
		expect(compareProfiles(profile(), profile(replace('Cache Size', disabled)))).toEqual([
			{
				difference: 'settingStateChanged',
				setting: {
					classType: 'machine',
					categoryPath: B,
					displayName: 'Cache Size',
					source: 'custom',
				},
				expected: 'enabled',
				actual: 'disabled',
			},
		]);
	});

	it('reports each input whose value differs, with both values', () => {
		const changed = setting('Cache Size', { 'Cache size (MB)': 500 });
		expect(compareProfiles(profile(), profile(replace('Cache Size', changed)))).toEqual([
			{
				difference: 'settingValueChanged',
				setting: {
					classType: 'machine',
					categoryPath: B,
					displayName: 'Cache Size',
					source: 'custom',
				},
				input: 'Cache size (MB)',
				expected: 300,
				actual: 500,
			},
			expect.objectContaining({
				input: 'Clear cache on exit',
				expected: true,
				actual: null,
			}),
		]);
	});

	it("ignores a dropdown's display name, and compares numbers and booleans with their text", () => {
		const tenant = profile(
			SETTINGS.map((s) =>
				s.displayName === 'Update Channel'
					? setting('Update Channel', { Channel: { value: 'beta', displayName: 'Bêta (renamed)' } })
					: s.displayName === 'Cache Size'
						? setting('Cache Size', { 'Cache size (MB)': '300', 'Clear cache on exit': 'true' })
						: s,
			),
		);
		expect(compareProfiles(profile(), tenant)).toEqual([]);
		const plain = profile(
			replace('Update Channel', setting('Update Channel', { Channel: 'beta' })),
		);
		expect(compareProfiles(plain, profile())).toEqual([]);
		const other = setting('Update Channel', { Channel: { value: 'nightly', displayName: 'Beta' } });
		expect(compareProfiles(profile(), profile(replace('Update Channel', other)))).toEqual([
			expect.objectContaining({
				difference: 'settingValueChanged',
				input: 'Channel',
				expected: { value: 'beta', displayName: 'Beta' },
				actual: { value: 'nightly', displayName: 'Beta' },
			}),
		]);
	});

	it('matches settings by name case-insensitively and trimmed, but keeps custom and built-in apart', () => {
		const renamed = SETTINGS.map((s) => ({
			...s,
			displayName: ` ${s.displayName.toUpperCase()} `,
			categoryPath: s.categoryPath.toLowerCase(),
		}));
		expect(compareProfiles(profile(), profile(renamed))).toEqual([]);
		const builtIn = setting(
			'Disable Telemetry',
			{},
			{ source: 'builtIn', targetNamespace: undefined },
		);
		expect(
			compareProfiles(profile(), profile(replace('Disable Telemetry', builtIn))).map((d) => [
				d.difference,
				d.setting?.source,
			]),
		).toEqual([
			['settingAdded', 'builtIn'],
			['settingRemoved', 'custom'],
		]);
	});

	it('compares list entries in order, and an entry without a value by its name', () => {
		const same = setting('Extension Settings', {
			Extensions: [{ name: 'ext', value: 'on' }],
			'Input 2': [{ name: 'blocked', value: null }],
		});
		expect(compareProfiles(profile(), profile(replace('Extension Settings', same)))).toEqual([]);
		const reordered = setting('Allowed Sites', { Sites: ['b', 'a'] });
		expect(
			compareProfiles(profile(), profile(replace('Allowed Sites', reordered))).map((d) => d.input),
		).toEqual(['Sites']);
	});

	it('reads input keys case-insensitively, the first of two that differ only in case counting', () => {
		const json = profile(
			replace('Update Channel', setting('Update Channel', { channel: 'beta', Channel: 'nightly' })),
		);
		const tenant = profile(
			replace('Update Channel', setting('Update Channel', { CHANNEL: 'beta', Channel: 'x' })),
		);
		expect(compareProfiles(json, tenant)).toEqual([]);
		const onlyInTenant = profile(
			replace('Cache Size', setting('Cache Size', { ...SETTINGS[2].values, Extra: 1 })),
		);
		expect(compareProfiles(profile(), onlyInTenant)).toEqual([
			expect.objectContaining({ input: 'Extra', expected: null, actual: 1 }),
		]);
	});

	it('pairs a setting the tenant holds twice once, and reports the other as added', () => {
		const twice = profile([...SETTINGS, SETTINGS[0]]);
		expect(compareProfiles(profile(), twice)).toEqual([
			expect.objectContaining({
				difference: 'settingAdded',
				setting: expect.objectContaining({ displayName: 'Disable Telemetry' }),
			}),
		]);
	});

	describe('with the tenant inputs of a setting', () => {
		const inputs = settingInputs([
			decimal('Cache size (MB)', { defaultValue: 250, minValue: 10, maxValue: 5000 }),
			checkBox('Clear cache on exit', { defaultChecked: false }),
		]);
		const inputsOf = (s: PortableSetting) => (s.displayName === 'Cache Size' ? inputs : undefined);

		it('reads "Input N" keys and fills what the JSON leaves out with the default Set Settings writes', () => {
			const json = profile(replace('Cache Size', setting('Cache Size', { 'input 1': 300 })));
			const tenant = profile(
				replace(
					'Cache Size',
					setting('Cache Size', { 'Cache size (MB)': 300, 'Clear cache on exit': false }),
				),
			);
			expect(compareProfiles(json, tenant, { inputsOf })).toEqual([]);
			const cleared = profile(
				replace(
					'Cache Size',
					setting('Cache Size', { 'Cache size (MB)': 300, 'Clear cache on exit': true }),
				),
			);
			expect(compareProfiles(json, cleared, { inputsOf })).toEqual([
				expect.objectContaining({ input: 'Clear cache on exit', expected: false, actual: true }),
			]);
		});

		it('fills nothing in for a disabled setting', () => {
			const off = setting('Cache Size', {}, { state: 'disabled' });
			expect(
				compareProfiles(profile(replace('Cache Size', off)), profile(replace('Cache Size', off)), {
					inputsOf,
				}),
			).toEqual([]);
		});

		it('uses the dropdown and text defaults too', () => {
			const more = settingInputs([
				dropdown('Channel'),
				textBox('Home page URL', { defaultValue: 'x' }),
			]);
			const json = profile([setting('Update Channel')]);
			const tenant = profile([
				setting('Update Channel', { Channel: { value: 'stable' }, 'Home page URL': 'x' }),
			]);
			expect(compareProfiles(json, tenant, { inputsOf: () => more })).toEqual([]);
		});
	});

	it('reports what differs in the profile itself: name, description, scope tags (in any order)', () => {
		expect(
			compareProfiles(profile(), profile(SETTINGS, ASSIGNMENTS, { roleScopeTagIds: ['0'] })),
		).toEqual([]);
		const tags = profile(SETTINGS, ASSIGNMENTS, { roleScopeTagIds: ['2', '1'] });
		expect(
			compareProfiles(tags, profile(SETTINGS, ASSIGNMENTS, { roleScopeTagIds: ['1', '2'] })),
		).toEqual([]);
		expect(
			compareProfiles(
				profile(),
				profile(SETTINGS, ASSIGNMENTS, {
					displayName: 'Renamed',
					description: '',
					roleScopeTagIds: ['0', '7'],
				}),
			),
		).toEqual([
			{
				difference: 'profileChanged',
				field: 'displayName',
				expected: 'Fabrikam Browser baseline',
				actual: 'Renamed',
			},
			{
				difference: 'profileChanged',
				field: 'description',
				expected: 'Browser settings',
				actual: '',
			},
			{
				difference: 'profileChanged',
				field: 'roleScopeTagIds',
				expected: ['0'],
				actual: ['0', '7'],
			},
		]);
	});

	describe('assignments', () => {
		it('reports an assignment only the tenant has as added, one only the JSON has as removed', () => {
			const extra: PortableAssignment = { type: 'allDevices' };
			expect(compareProfiles(profile(), profile(SETTINGS, [...ASSIGNMENTS, extra]))).toEqual([
				{ difference: 'assignmentAdded', expected: null, actual: extra },
			]);
			expect(compareProfiles(profile(), profile(SETTINGS, ASSIGNMENTS.slice(1)))).toEqual([
				{ difference: 'assignmentRemoved', expected: ASSIGNMENTS[0], actual: null },
			]);
		});

		it('reports the same group with another type or filter as changed', () => {
			const excluded: PortableAssignment = {
				type: 'excludeGroup',
				groupId: GA,
				groupDisplayName: 'Fabrikam Pilot Devices',
			};
			expect(
				compareProfiles(profile(), profile(SETTINGS, [excluded, ...ASSIGNMENTS.slice(1)])),
			).toEqual([{ difference: 'assignmentChanged', expected: ASSIGNMENTS[0], actual: excluded }]);
			const otherFilter = { ...ASSIGNMENTS[0], filterType: 'exclude' as const };
			const unfiltered: PortableAssignment = { type: 'includeGroup', groupId: GA };
			const withFilter: PortableAssignment = {
				type: 'allUsers',
				filterId: FA,
				filterType: 'include',
			};
			for (const changed of [otherFilter, unfiltered]) {
				expect(
					compareProfiles(profile(), profile(SETTINGS, [changed, ...ASSIGNMENTS.slice(1)])).map(
						(d) => d.difference,
					),
				).toEqual(['assignmentChanged']);
			}
			expect(
				compareProfiles(profile(), profile(SETTINGS, [...ASSIGNMENTS.slice(0, 2), withFilter])).map(
					(d) => d.difference,
				),
			).toEqual(['assignmentChanged']);
		});

		it('matches groups by ID in the same tenant: the same name on another group is another group', () => {
			const sameName: PortableAssignment = { ...ASSIGNMENTS[0], groupId: GB };
			const found = compareProfiles(
				profile(),
				profile(SETTINGS, [sameName, ...ASSIGNMENTS.slice(1)]),
				{
					groupsHere: new Set([GA, GC]),
					filtersHere: new Set([FA]),
				},
			);
			expect(found.map((d) => d.difference).sort()).toEqual([
				'assignmentAdded',
				'assignmentRemoved',
			]);
		});

		it('matches groups and filters by display name when their IDs do not exist in this tenant', () => {
			const tenantB: PortableAssignment[] = [
				{
					...ASSIGNMENTS[0],
					groupId: GB,
					groupDisplayName: 'fabrikam pilot devices',
					filterId: FB,
				},
				{
					type: 'excludeGroup',
					groupId: '0a7e5a01-6b1c-4d2e-a001-000000000002',
					groupDisplayName: 'Fabrikam All Staff',
				},
				{ type: 'allUsers' },
			];
			expect(
				compareProfiles(profile(), profile(SETTINGS, tenantB), {
					groupsHere: new Set(),
					filtersHere: new Set(),
				}),
			).toEqual([]);
			const otherFilter = [
				{ ...tenantB[0], filterDisplayName: 'Corporate devices' },
				...tenantB.slice(1),
			];
			expect(
				compareProfiles(profile(), profile(SETTINGS, otherFilter), {
					groupsHere: new Set(),
					filtersHere: new Set(),
				}).map((d) => d.difference),
			).toEqual(['assignmentChanged']);
		});

		it('in the same tenant, a filter is its ID: another filter of the same name is another', () => {
			const other: PortableAssignment = { ...ASSIGNMENTS[0], filterId: FB };
			expect(
				compareProfiles(profile(), profile(SETTINGS, [other, ...ASSIGNMENTS.slice(1)]), {
					groupsHere: new Set([GA, GC]),
					filtersHere: new Set([FA]),
				}),
			).toEqual([{ difference: 'assignmentChanged', expected: ASSIGNMENTS[0], actual: other }]);
		});

		it('cannot match by name without names: the tenant could not read them', () => {
			const noNames: PortableAssignment[] = [{ type: 'includeGroup', groupId: GB }];
			expect(
				compareProfiles(profile(SETTINGS, [ASSIGNMENTS[0]]), profile(SETTINGS, noNames), {}).map(
					(d) => d.difference,
				),
			).toEqual(['assignmentAdded', 'assignmentRemoved']);
		});

		it('prefers a match by ID over one by name', () => {
			const json: PortableAssignment[] = [
				{ type: 'includeGroup', groupId: GB, groupDisplayName: 'Pilot' },
				{ type: 'excludeGroup', groupId: GA, groupDisplayName: 'Other' },
			];
			const tenant: PortableAssignment[] = [
				{ type: 'includeGroup', groupId: GA, groupDisplayName: 'Pilot' },
			];
			expect(
				compareProfiles(profile(SETTINGS, json), profile(SETTINGS, tenant), {
					groupsHere: new Set([GA]),
				}),
			).toEqual([
				{ difference: 'assignmentChanged', expected: json[1], actual: tenant[0] },
				{ difference: 'assignmentRemoved', expected: json[0], actual: null },
			]);
		});
	});

	it('lists differences in a fixed order whatever the order of its inputs', () => {
		const json = profile(SETTINGS, ASSIGNMENTS);
		const tenantSettings = [
			setting('Max Download Size', { Bytes: 1 }, { categoryPath: N }),
			setting('Cache Size', { 'Cache size (MB)': 1, 'Clear cache on exit': false }),
			...SETTINGS.filter((s) => !['Cache Size', 'Allowed Sites'].includes(s.displayName)),
		];
		const tenantAssignments = [ASSIGNMENTS[2], { type: 'allDevices' as const }];
		const expected = compareProfiles(
			json,
			profile(tenantSettings, tenantAssignments, { description: 'x' }),
		);
		expect(
			expected.map((d) =>
				`${d.difference} ${d.field ?? d.setting?.displayName ?? ''} ${d.input ?? ''}`.trim(),
			),
		).toEqual([
			'profileChanged description',
			'settingRemoved Allowed Sites',
			'settingValueChanged Cache Size Cache size (MB)',
			'settingValueChanged Cache Size Clear cache on exit',
			'settingAdded Max Download Size',
			'assignmentRemoved',
			'assignmentRemoved',
			'assignmentAdded',
		]);
		fc.assert(
			fc.property(
				fc.shuffledSubarray(tenantSettings, { minLength: tenantSettings.length }),
				fc.shuffledSubarray(SETTINGS, { minLength: SETTINGS.length }),
				fc.shuffledSubarray(tenantAssignments, { minLength: tenantAssignments.length }),
				(a, e, t) => {
					expect(
						compareProfiles(profile(e, ASSIGNMENTS), profile(a, t, { description: 'x' })),
					).toEqual(expected);
				},
			),
		);
	});
});

describe('orders and values', () => {
	it('orders settings by class, category path and display name, case-insensitively', () => {
		const sorted = [...SETTINGS].sort(settingOrder).map((s) => `${s.classType} ${s.displayName}`);
		expect(sorted).toEqual([
			'machine Allowed Sites',
			'machine Cache Size',
			'machine Disable Telemetry',
			'machine Extension Settings',
			'machine Update Channel',
			'user Home Page',
			'user Proxy',
		]);
	});

	it('orders assignments by type, then group name', () => {
		const sorted: PortableAssignment[] = [
			{ type: 'allUsers' },
			{ type: 'includeGroup', groupId: GC, groupDisplayName: 'b' },
			{ type: 'includeGroup', groupId: GA, groupDisplayName: 'A', filterDisplayName: 'Z' },
			{ type: 'includeGroup', groupId: GA, groupDisplayName: 'A', filterDisplayName: 'Y' },
			{ type: 'includeGroup', groupId: GB, groupDisplayName: 'a' },
			{ type: 'includeGroup', groupId: GA, groupDisplayName: 'A', filterId: FB },
			{ type: 'includeGroup', groupId: GA, groupDisplayName: 'A', filterId: FA },
			{ type: 'allDevices' },
		];
		sorted.sort(assignmentOrder);
		expect(
			sorted.map(
				(a) => `${a.groupDisplayName ?? a.type}${a.filterDisplayName ?? a.filterId ?? ''}`,
			),
		).toEqual([`A${FA}`, `A${FB}`, 'AY', 'AZ', 'a', 'b', 'allDevices', 'allUsers']);
	});

	it('treats missing and null as the same value, and nothing else', () => {
		expect(sameValue(undefined, null)).toBe(true);
		expect(sameValue('', null)).toBe(false);
		expect(sameValue([], null)).toBe(false);
		expect(sameValue({ value: '1' }, 1)).toBe(true);
	});
});
