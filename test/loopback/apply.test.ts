import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import type {
	PortableAssignment,
	PortableProfile,
	PortableSetting,
} from '../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/format';
import { emptyDataset, IDS, seedDataset } from '../emulator/data';
import type { LogEntry } from '../emulator/emulator';
import { GraphEmulator } from '../emulator/emulator';
import { FABRIKAM_PATHS, generatedPolicies, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { ContextOptions } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';
import { heldSettings } from '../helpers/heldSettings';

/*
 * Apply against the emulator with two tenants over loopback: a portable profile made from the first
 * tenant planned, applied and planned again in the second (whose uploaded settings, groups and
 * filters have other IDs), every refusal before anything is sent, groups by ID, by name and by
 * mapping, unknown outcomes reconciled without duplicates, the files uploaded from binaries, and
 * what it costs.
 */

jest.setTimeout(60_000);

const SECOND_TENANT = '11111111-2222-4333-8444-555555550001';
/** Tenant 1's groups and filters: the same names as tenant 0's, other IDs (no Fabrikam Kiosks). */
const T1 = {
	pilot: '0a7e5a01-6b1c-4d2e-a001-000000000001',
	staff: '0a7e5a01-6b1c-4d2e-a001-000000000002',
	windows11: 'f17e0000-3c4d-4e5f-a001-000000000001',
};

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({
		tenantData: 'separate',
		datasetFor: (i) => (i === 0 ? seedDataset() : emptyDataset(i)),
		admx: { processingMs: 40 },
	}).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const B = FABRIKAM_PATHS.browser;

function seedChain(tenant: number) {
	emulator.storeOf(tenant).lifecycle.seedPolicies(POLICIES_CHAIN.base);
	emulator.storeOf(tenant).lifecycle.seedPolicies(POLICIES_CHAIN.app);
}

function custom(
	displayName: string,
	categoryPath: string,
	state: 'enabled' | 'disabled',
	values: PortableSetting['values'] = {},
	classType: 'machine' | 'user' = 'machine',
): PortableSetting {
	return {
		classType,
		categoryPath,
		displayName,
		state,
		values,
		source: 'custom',
		targetNamespace: POLICIES_CHAIN.app.targetNamespace,
	};
}

const SETTINGS: PortableSetting[] = [
	custom('Disable Telemetry', B, 'enabled'),
	custom('Home Page', B, 'enabled', { 'Home page URL': 'https://intra.fabrikam.com' }),
	custom('Home Page', B, 'disabled', {}, 'user'),
	custom('Cache Size', B, 'enabled', { 'Cache size (MB)': 300, 'Clear cache on exit': true }),
	custom('Update Channel', B, 'enabled', { Channel: { value: 'beta', displayName: 'Beta' } }),
	custom('Allowed Sites', B, 'enabled', {
		Sites: ['https://a.fabrikam.com', 'https://b.fabrikam.com'],
	}),
	custom(
		'Proxy',
		FABRIKAM_PATHS.network,
		'enabled',
		{ 'Proxy server': 'proxy', Port: 3128 },
		'user',
	),
	{
		classType: 'machine',
		categoryPath: B,
		displayName: 'Disable Telemetry',
		state: 'enabled',
		values: {},
		source: 'builtIn',
	},
];

/** Assignments as exported from tenant 0: its IDs, with names to find them elsewhere. */
const ASSIGNMENTS: PortableAssignment[] = [
	{
		type: 'includeGroup',
		groupId: IDS.groupPilotDevices,
		groupDisplayName: 'Fabrikam Pilot Devices',
		filterId: IDS.filterWindows11,
		filterDisplayName: 'Windows 11 only',
		filterType: 'include',
	},
	{ type: 'excludeGroup', groupId: IDS.groupAllStaff, groupDisplayName: 'Fabrikam All Staff' },
	{ type: 'allUsers' },
];

function portable(changes: Partial<PortableProfile> = {}): PortableProfile {
	return {
		format: 'n8n-intune-admx-profile',
		formatVersion: 1,
		exportedAt: '2026-01-01T00:00:00Z',
		source: { profileId: '00000000-0000-4000-8000-000000000001' },
		profile: {
			displayName: 'Fabrikam Browser baseline',
			description: 'Copied',
			roleScopeTagIds: ['0'],
		},
		settings: SETTINGS,
		assignments: ASSIGNMENTS,
		admxFiles: [
			{
				targetNamespace: POLICIES_CHAIN.base.targetNamespace,
				fileName: POLICIES_CHAIN.base.fileName,
				usings: [],
			},
			{
				targetNamespace: POLICIES_CHAIN.app.targetNamespace,
				fileName: POLICIES_CHAIN.app.fileName,
				usings: [POLICIES_CHAIN.base.targetNamespace],
			},
		],
		...changes,
	};
}

function apply(
	profile: unknown,
	mode: 'plan' | 'apply',
	options: IDataObject = {},
	more: IDataObject = {},
): IDataObject {
	return {
		resource: 'groupPolicyConfiguration',
		operation: 'apply',
		portableSource: 'json',
		portableProfile: typeof profile === 'string' ? profile : JSON.stringify(profile),
		mode,
		options,
		...more,
	};
}

async function run(
	parameters: IDataObject | ((i: number) => IDataObject),
	tenant = 1,
	extra: Partial<ContextOptions> = {},
) {
	const credentials = emulatorCredentials(emulator);
	if (tenant === 1) credentials.tenantId = SECOND_TENANT;
	const test = createExecuteContext({
		credentials,
		parameters,
		continueOnFail: true,
		...extra,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0].map((o) => o.json);
}

const graphRequests = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));
/** Writes: anything but a GET, a $batch counted by its parts (which the log holds one by one). */
const sentWrites = () =>
	graphRequests().filter((e) => e.method !== 'GET' && e.path !== '/beta/$batch');
const reads = () => graphRequests().filter((e) => e.method === 'GET');
const bodyOf = (entry: LogEntry) => entry.body as IDataObject;

const profilesNamed = (tenant: number, name: string) =>
	emulator.storeOf(tenant).data.configurations.filter((c) => c.displayName === name);

/** A profile's settings as a tenant holds them: name path (and origin) -> enabled and values. */
const held = (tenant: number, profileId: string) =>
	heldSettings(emulator.storeOf(tenant).data, profileId, true);

const assignedTargets = (tenant: number, profileId: string) =>
	emulator
		.storeOf(tenant)
		.data.assignments.filter((a) => a.configurationId === profileId)
		.map((a) => a.target);

const EMPTY_PLAN = {
	settings: { add: [], update: [], remove: [] },
	assignments: { action: 'none' },
	ready: true,
	missing: [],
};

describe('Apply across two tenants', () => {
	it('plans, applies, then plans nothing: settings, groups and filters found by name', async () => {
		seedChain(0);
		seedChain(1);
		const [planned] = await run(apply(portable(), 'plan'));
		expect(planned).toMatchObject({
			profile: { action: 'create', displayName: 'Fabrikam Browser baseline' },
			settings: { update: [], remove: [] },
			assignments: { action: 'replace', from: [] },
			ready: true,
			missing: [],
		});
		expect((planned.settings as IDataObject).add).toHaveLength(SETTINGS.length);
		expect((planned.assignments as IDataObject).to).toEqual([
			{
				type: 'includeGroup',
				groupId: T1.pilot,
				groupDisplayName: 'Fabrikam Pilot Devices',
				groupFoundBy: 'displayName',
				filterId: T1.windows11,
				filterDisplayName: 'Windows 11 only',
				filterType: 'include',
				filterFoundBy: 'displayName',
			},
			{
				type: 'excludeGroup',
				groupId: T1.staff,
				groupDisplayName: 'Fabrikam All Staff',
				groupFoundBy: 'displayName',
			},
			{ type: 'allUsers' },
		]);
		expect(sentWrites()).toEqual([]);
		expect(graphRequests().every((e) => e.tenantId === SECOND_TENANT)).toBe(true);

		emulator.log.length = 0;
		const [applied] = await run(apply(portable(), 'apply'));
		expect(applied.error).toBeUndefined();
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(applied).toMatchObject({ done: true, id: profile.id, profile: { id: profile.id } });
		expect(sentWrites().map((e) => `${e.method} ${e.path.split('/').pop()}`)).toEqual([
			'POST groupPolicyConfigurations',
			`POST updateDefinitionValues`,
			'POST assign',
		]);
		expect(profile).toMatchObject({ description: 'Copied', roleScopeTagIds: ['0'] });
		expect(held(1, profile.id)).toEqual({
			[`${B}\\Disable Telemetry (machine) custom`]: { enabled: true, values: {} },
			[`${B}\\Disable Telemetry (machine) builtIn`]: { enabled: true, values: {} },
			[`${B}\\Home Page (machine) custom`]: {
				enabled: true,
				values: { 'Home page URL': 'https://intra.fabrikam.com' },
			},
			[`${B}\\Home Page (user) custom`]: { enabled: false, values: {} },
			[`${B}\\Cache Size (machine) custom`]: {
				enabled: true,
				values: { 'Cache size (MB)': 300, 'Clear cache on exit': true },
			},
			[`${B}\\Update Channel (machine) custom`]: { enabled: true, values: { Channel: 'beta' } },
			[`${B}\\Allowed Sites (machine) custom`]: {
				enabled: true,
				values: { Sites: ['https://a.fabrikam.com', 'https://b.fabrikam.com'] },
			},
			[`${FABRIKAM_PATHS.network}\\Proxy (user) custom`]: {
				enabled: true,
				values: { 'Proxy server': 'proxy', Port: 3128 },
			},
		});
		expect(assignedTargets(1, profile.id)).toEqual([
			expect.objectContaining({
				'@odata.type': '#microsoft.graph.groupAssignmentTarget',
				groupId: T1.pilot,
				deviceAndAppManagementAssignmentFilterId: T1.windows11,
				deviceAndAppManagementAssignmentFilterType: 'include',
			}),
			expect.objectContaining({
				'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
				groupId: T1.staff,
			}),
			expect.objectContaining({
				'@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget',
			}),
		]);
		// Nothing reached the first tenant.
		expect(profilesNamed(0, 'Fabrikam Browser baseline')).toEqual([]);

		emulator.log.length = 0;
		const [again] = await run(apply(portable(), 'plan'));
		expect(again).toMatchObject({ ...EMPTY_PLAN, profile: { action: 'none', id: profile.id } });
		const [reapplied] = await run(apply(portable(), 'apply'));
		expect(reapplied).toMatchObject({ ...EMPTY_PLAN, done: true, id: profile.id });
		expect(sentWrites()).toEqual([]);
	});

	it("applies Export's JSON of a profile of the first tenant; Compare then finds no difference", async () => {
		seedChain(0);
		seedChain(1);
		const [source] = await run(apply(portable(), 'apply'), 0);
		const locator = { __rl: true, mode: 'id', value: source.id };
		const [exported] = await run(
			{
				resource: 'groupPolicyConfiguration',
				operation: 'export',
				profiles: 'one',
				groupPolicyConfigurationId: locator,
			},
			0,
		);
		expect(exported.error).toBeUndefined();
		expect(exported.warnings).toBeUndefined();
		const [planned] = await run(apply(exported, 'plan'));
		expect(planned).toMatchObject({ profile: { action: 'create' }, ready: true });
		const [applied] = await run(apply(exported, 'apply'));
		expect(applied).toMatchObject({ done: true });
		expect(held(1, String(applied.id))).toEqual(held(0, String(source.id)));
		const [again] = await run(apply(exported, 'plan'));
		expect(again).toMatchObject({ ...EMPTY_PLAN, profile: { action: 'none' } });
		const [compared] = await run({
			resource: 'groupPolicyConfiguration',
			operation: 'compare',
			groupPolicyConfigurationId: { __rl: true, mode: 'id', value: applied.id },
			portableSource: 'json',
			portableProfile: exported,
			options: { outputWhenEqual: 'oneItem' },
		});
		expect(compared).toMatchObject({ equal: true });
	});

	it('in the tenant it came from, finds the groups and filter by ID', async () => {
		seedChain(0);
		const [planned] = await run(apply(portable(), 'plan'), 0);
		expect(
			((planned.assignments as IDataObject).to as IDataObject[]).map((t) => [
				t.groupFoundBy,
				t.filterFoundBy,
			]),
		).toEqual([
			['id', 'id'],
			['id', undefined],
			[undefined, undefined],
		]);
	});

	it('makes an existing profile hold exactly the portable settings: updates, removes, patches', async () => {
		seedChain(1);
		const settings = SETTINGS.slice(0, 4);
		await run(apply(portable({ settings }), 'apply'));
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		const changed = [
			custom('Disable Telemetry', B, 'disabled'),
			custom('Home Page', B, 'enabled', { 'Home page URL': 'https://new.fabrikam.com' }),
			SETTINGS[4],
		];
		const next = portable({
			settings: changed,
			assignments: [{ type: 'allDevices' }],
			profile: {
				displayName: 'Fabrikam Browser baseline',
				description: 'New',
				roleScopeTagIds: ['0'],
			},
		});
		emulator.log.length = 0;
		const [planned] = await run(apply(next, 'plan'));
		expect(planned).toMatchObject({
			profile: { action: 'update', id: profile.id, changes: { description: 'New' } },
			settings: {
				add: [
					{
						setting: `${B}\\Update Channel (machine)`,
						state: 'enabled',
						values: { Channel: 'beta' },
					},
				],
				update: [
					{ setting: `${B}\\Disable Telemetry (machine)`, state: 'disabled' },
					{
						setting: `${B}\\Home Page (machine)`,
						values: { 'Home page URL': 'https://new.fabrikam.com' },
					},
				],
				remove: [{ setting: `${B}\\Home Page (user)` }, { setting: `${B}\\Cache Size (machine)` }],
			},
			assignments: { action: 'replace', to: [{ type: 'allDevices' }] },
		});
		expect(sentWrites()).toEqual([]);
		const [applied] = await run(apply(next, 'apply'));
		expect(applied).toMatchObject({ done: true, id: profile.id });
		expect(sentWrites().map((e) => `${e.method} ${e.path.split('/').pop()}`)).toEqual([
			`PATCH ${profile.id}`,
			'POST updateDefinitionValues',
			'POST assign',
		]);
		expect(bodyOf(sentWrites()[0])).toEqual({ description: 'New' });
		expect(Object.keys(held(1, profile.id)).sort()).toEqual(
			[
				`${B}\\Disable Telemetry (machine) custom`,
				`${B}\\Home Page (machine) custom`,
				`${B}\\Update Channel (machine) custom`,
			].sort(),
		);
		const [again] = await run(apply(next, 'plan'));
		expect(again).toMatchObject({ ...EMPTY_PLAN, profile: { action: 'none' } });
	});

	it('reads the portable profile from a binary property', async () => {
		seedChain(1);
		const [planned] = await run(
			{
				resource: 'groupPolicyConfiguration',
				operation: 'apply',
				portableSource: 'binary',
				binaryPropertyName: 'profile',
				mode: 'plan',
			},
			1,
			{
				binary: () => ({
					profile: { data: Buffer.from(JSON.stringify(portable())), fileName: 'profile.json' },
				}),
			},
		);
		expect(planned).toMatchObject({ profile: { action: 'create' }, ready: true });
	});
});

describe('groups', () => {
	const kiosks: PortableAssignment = {
		type: 'includeGroup',
		groupId: IDS.groupKiosks,
		groupDisplayName: 'Fabrikam Kiosks',
	};
	const only = (assignments: PortableAssignment[]) =>
		portable({ settings: [], admxFiles: [], assignments });
	const targetsOf = (planned: IDataObject) => (planned.assignments as IDataObject).to;

	it('by ID where it exists, else by display name', async () => {
		const [planned] = await run(
			apply(
				only([
					{ type: 'includeGroup', groupId: T1.staff, groupDisplayName: 'Renamed meanwhile' },
					{ type: 'includeGroup', groupDisplayName: 'Fabrikam Pilot Devices' },
				]),
				'plan',
			),
		);
		expect(targetsOf(planned)).toEqual([
			expect.objectContaining({ groupId: T1.staff, groupFoundBy: 'id' }),
			expect.objectContaining({ groupId: T1.pilot, groupFoundBy: 'displayName' }),
		]);
	});

	it('by display name whatever its case, as Compare matches names', async () => {
		const [planned] = await run(
			apply(
				only([
					{
						type: 'includeGroup',
						groupDisplayName: ' fabrikam PILOT devices ',
						filterDisplayName: 'WINDOWS 11 ONLY',
						filterType: 'include',
					},
				]),
				'plan',
			),
		);
		expect(targetsOf(planned)).toEqual([
			expect.objectContaining({
				groupId: T1.pilot,
				groupFoundBy: 'displayName',
				filterId: T1.windows11,
				filterFoundBy: 'displayName',
			}),
		]);
		const [mapped] = await run(
			apply(only([kiosks]), 'plan', {
				groupMappingJson: JSON.stringify({ 'FABRIKAM KIOSKS': T1.staff }),
			}),
		);
		expect(targetsOf(mapped)).toEqual([
			expect.objectContaining({ groupId: T1.staff, groupFoundBy: 'mapping' }),
		]);
	});

	it('by the mapping, as fields or JSON, by source ID or display name', async () => {
		const fields = {
			groupMapping: { mappings: [{ source: IDS.groupKiosks, targetGroupId: T1.pilot }] },
		};
		const [byFields] = await run(apply(only([kiosks]), 'plan', fields));
		expect(targetsOf(byFields)).toEqual([
			expect.objectContaining({ groupId: T1.pilot, groupFoundBy: 'mapping' }),
		]);
		const json = { groupMappingJson: JSON.stringify({ 'Fabrikam Kiosks': T1.staff }) };
		const [byJson] = await run(apply(only([kiosks]), 'apply', json));
		expect(byJson).toMatchObject({ done: true });
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(assignedTargets(1, profile.id)).toEqual([
			expect.objectContaining({ groupId: T1.staff }),
		]);
	});

	it('not found: listed, nothing sent; a mapping to no group of the tenant too', async () => {
		const [planned] = await run(apply(only([kiosks]), 'plan'));
		expect(planned).toMatchObject({
			ready: false,
			missing: [
				{
					kind: 'group',
					name: `"Fabrikam Kiosks", ID ${IDS.groupKiosks}`,
					problem: 'is not a group of this tenant, by ID or by display name',
				},
			],
		});
		const [applied] = await run(
			apply(only([kiosks]), 'apply', {
				groupMappingJson: JSON.stringify([{ source: 'Fabrikam Kiosks', target: IDS.groupKiosks }]),
			}),
		);
		expect(applied.error).toMatch(
			/^Profile "Fabrikam Browser baseline" cannot be applied: 1 missing in this tenant: Group "Fabrikam Kiosks"/,
		);
		expect(String(applied.details)).toMatch(/is mapped by options\.groupMappingJson\[0\] to/);
		expect(sentWrites()).toEqual([]);
	});
});

describe('groups and filters, more', () => {
	const only = (assignments: PortableAssignment[]) =>
		portable({ settings: [], admxFiles: [], assignments });

	it('a name two groups of the tenant share: listed with their IDs, never a guess', async () => {
		const twin = emulator.storeOf(1).addGroup({ displayName: 'Fabrikam All Staff' });
		const [planned] = await run(
			apply(only([{ type: 'includeGroup', groupDisplayName: 'Fabrikam All Staff' }]), 'plan'),
		);
		expect(planned.missing).toEqual([
			expect.objectContaining({
				kind: 'group',
				problem: `matches 2 groups of this tenant by display name: ${T1.staff}, ${twin.id}`,
			}),
		]);
	});

	it('a filter by mapping, and a filter that is nowhere', async () => {
		const assignments: PortableAssignment[] = [
			{
				type: 'includeGroup',
				groupDisplayName: 'Fabrikam Pilot Devices',
				filterId: IDS.filterCorporate,
				filterDisplayName: 'Renamed filter',
				filterType: 'exclude',
			},
		];
		const [missing] = await run(apply(only(assignments), 'plan'));
		expect(missing.missing).toEqual([
			expect.objectContaining({
				kind: 'filter',
				name: `"Renamed filter", ID ${IDS.filterCorporate}`,
				problem: 'is not an assignment filter of this tenant, by ID or by display name',
			}),
		]);
		const [mapped] = await run(
			apply(only(assignments), 'plan', {
				filterMapping: { mappings: [{ source: 'Renamed filter', targetFilterId: T1.windows11 }] },
			}),
		);
		expect((mapped.assignments as IDataObject).to).toEqual([
			expect.objectContaining({
				filterId: T1.windows11,
				filterType: 'exclude',
				filterFoundBy: 'mapping',
			}),
		]);
		const [wrong] = await run(
			apply(only(assignments), 'plan', {
				filterMappingJson: { 'Renamed filter': T1.pilot },
			}),
		);
		expect(wrong.missing).toEqual([
			expect.objectContaining({
				kind: 'filter',
				problem: `is mapped by options.filterMappingJson["Renamed filter"] to ${T1.pilot}, which is not an assignment filter of this tenant`,
			}),
		]);
	});

	it('without permission to read groups: says which permission, sends nothing', async () => {
		const credentials = { ...emulatorCredentials(emulator, 3), tenantId: SECOND_TENANT };
		const test = createExecuteContext({
			credentials,
			parameters: apply(only(ASSIGNMENTS), 'apply'),
			continueOnFail: true,
		});
		const [out] = (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
		expect(out.json.error).toMatch(/^The groups of the profile's assignments cannot be looked up/);
		expect(String(out.json.details)).toMatch(/Group\.Read\.All/);
		expect(sentWrites()).toEqual([]);
	});
});

describe('refusals: nothing sent', () => {
	it.each([
		['not JSON', '{"format":', /^Parameter "portableProfile" is not valid JSON/],
		[
			'another format',
			{ ...portable(), format: 'other' },
			/^Parameter "portableProfile" is not a valid portable profile: format is "other"/,
		],
		[
			'a newer format version',
			{ ...portable(), formatVersion: 2 },
			/^Parameter "portableProfile" is not a valid portable profile: formatVersion is 2/,
		],
		[
			'a bad setting state',
			portable({ settings: [{ ...SETTINGS[0], state: 'on' as 'enabled' }] }),
			/settings\[0\]\.state is "on"/,
		],
	])('%s', async (_name, profile, message) => {
		seedChain(1);
		const [out] = await run(apply(profile, 'apply'));
		expect(out.error).toMatch(message);
		expect(graphRequests()).toEqual([]);
	});

	it('lists every missing piece: files, settings, values, groups, filters', async () => {
		seedChain(1);
		const profile = portable({
			settings: [
				custom('No Such Setting', B, 'enabled'),
				custom('Cache Size', B, 'enabled', { 'Cache size (MB)': 99999 }),
				{ ...custom('Other', '\\Contoso', 'enabled'), targetNamespace: 'Contoso.Missing' },
			],
			admxFiles: [
				...portable().admxFiles,
				{ targetNamespace: 'Contoso.Missing', fileName: 'contoso-missing.admx', usings: [] },
			],
			assignments: [
				{ type: 'includeGroup', groupId: IDS.groupKiosks, groupDisplayName: 'Fabrikam Kiosks' },
				{
					type: 'includeGroup',
					groupDisplayName: 'Fabrikam All Staff',
					filterDisplayName: 'No such filter',
				},
			],
		});
		const [planned] = await run(apply(profile, 'plan'));
		expect(planned.ready).toBe(false);
		expect((planned.missing as IDataObject[]).map((m) => [m.kind, m.name])).toEqual([
			['admxFile', 'contoso-missing.admx (Contoso.Missing)'],
			['setting', `${B}\\No Such Setting (machine)`],
			['value', `${B}\\Cache Size (machine), input "Cache size (MB)"`],
			['group', `"Fabrikam Kiosks", ID ${IDS.groupKiosks}`],
			['filter', '"No such filter"'],
		]);
		const [applied] = await run(apply(profile, 'apply'));
		expect(applied.error).toMatch(/cannot be applied: 5 missing in this tenant/);
		expect(String(applied.details)).toMatch(/upload them first/i);
		expect(sentWrites()).toEqual([]);
	});

	it('a tenant without the ADMX files: upload them first', async () => {
		const [applied] = await run(apply(portable(), 'apply'));
		expect(applied.error).toMatch(
			/^Profile "Fabrikam Browser baseline" cannot be applied: 2 missing in this tenant: ADMX file fabrikam\.admx/,
		);
		expect(sentWrites()).toEqual([]);
	});

	it('several profiles of that name: their IDs', async () => {
		seedChain(1);
		const store = emulator.storeOf(1);
		const ids = [1, 2].map((n) =>
			String(
				store.profiles.create(
					{ displayName: 'Fabrikam Browser baseline', description: `${n}` },
					emulator.url,
				).createdId,
			),
		);
		emulator.log.length = 0;
		const [out] = await run(apply(portable(), 'apply'));
		expect(out.error).toBe(
			`2 profiles are named "Fabrikam Browser baseline": ${ids.join(', ')} (item 0)`,
		);
		expect(sentWrites()).toEqual([]);
	});
});

describe('exactly once', () => {
	it('a create of unknown outcome adopts the profile it made: one profile, the POST not resent', async () => {
		seedChain(1);
		emulator.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: 'groupPolicyConfigurations',
		});
		const [out] = await run(apply(portable(), 'apply'));
		expect(out.error).toBeUndefined();
		const profiles = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(profiles).toHaveLength(1);
		expect(out).toMatchObject({ done: true, id: profiles[0].id });
		expect(sentWrites().filter((e) => e.path.endsWith('/groupPolicyConfigurations'))).toHaveLength(
			1,
		);
		expect(Object.keys(held(1, profiles[0].id))).toHaveLength(SETTINGS.length);
	});

	it('an updateDefinitionValues of unknown outcome is read back, not resent: nothing added twice', async () => {
		seedChain(1);
		emulator.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: '/updateDefinitionValues',
		});
		const [out] = await run(apply(portable(), 'apply'));
		expect(out.error).toBeUndefined();
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(sentWrites().filter((e) => e.path.endsWith('/updateDefinitionValues'))).toHaveLength(1);
		expect(
			emulator.storeOf(1).data.definitionValues.filter((v) => v.configurationId === profile.id),
		).toHaveLength(SETTINGS.length);
		const [again] = await run(apply(portable(), 'plan'));
		expect(again).toMatchObject({ ...EMPTY_PLAN, profile: { action: 'none' } });
	});

	it('an updateDefinitionValues that never arrived is sent again once the profile shows it missing', async () => {
		seedChain(1);
		emulator.arm({ kind: 'drop', method: 'POST', pathContains: '/updateDefinitionValues' });
		const [out] = await run(apply(portable(), 'apply'));
		expect(out.error).toBeUndefined();
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(sentWrites().filter((e) => e.path.endsWith('/updateDefinitionValues'))).toHaveLength(2);
		expect(
			emulator.storeOf(1).data.definitionValues.filter((v) => v.configurationId === profile.id),
		).toHaveLength(SETTINGS.length);
	});

	it('a create Graph refuses fails the item as Graph said, and nothing else is sent', async () => {
		seedChain(1);
		emulator.arm({
			kind: 'status',
			status: 400,
			method: 'POST',
			pathContains: 'groupPolicyConfigurations',
		});
		const [out] = await run(apply(portable(), 'apply'));
		expect(out.error).toMatch(/^Microsoft Graph returned 400/);
		expect(String(out.details)).not.toMatch(/Already done/);
		expect(sentWrites()).toHaveLength(1);
		expect(profilesNamed(1, 'Fabrikam Browser baseline')).toEqual([]);
	});

	it('a failure after the create says what was done; a run again finishes it', async () => {
		seedChain(1);
		emulator.arm({ kind: 'status', status: 400, method: 'POST', pathContains: '/assign' });
		const [out] = await run(apply(portable(), 'apply'));
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(String(out.details)).toMatch(
			`Already done for "Fabrikam Browser baseline": created profile ${profile.id}, wrote its settings.`,
		);
		emulator.log.length = 0;
		const [again] = await run(apply(portable(), 'apply'));
		expect(again).toMatchObject({
			profile: { action: 'none' },
			settings: { add: [], update: [], remove: [] },
			assignments: { action: 'replace' },
			done: true,
		});
		expect(sentWrites().map((e) => e.path.split('/').pop())).toEqual(['assign']);
	});
});

describe('uploading the missing ADMX files from binaries', () => {
	const binaries = () => ({
		[POLICIES_CHAIN.app.fileName]: { data: Buffer.from(POLICIES_CHAIN.app.admx), fileName: 'x' },
		[POLICIES_CHAIN.app.admlFileName]: {
			data: Buffer.from(POLICIES_CHAIN.app.adml),
			fileName: 'x',
		},
		[POLICIES_CHAIN.base.fileName]: { data: Buffer.from(POLICIES_CHAIN.base.admx), fileName: 'x' },
		[POLICIES_CHAIN.base.admlFileName]: {
			data: Buffer.from(POLICIES_CHAIN.base.adml),
			fileName: 'x',
		},
	});
	const options = { uploadMissingAdmxFiles: true };

	it('plans the uploads, then uploads in dependency order, waits, and applies', async () => {
		const [planned] = await run(apply(portable(), 'plan', options), 1, { binary: binaries });
		expect(planned).toMatchObject({
			admxFiles: { upload: [POLICIES_CHAIN.base.fileName, POLICIES_CHAIN.app.fileName] },
			ready: true,
		});
		const added = (planned.settings as IDataObject).add as IDataObject[];
		expect(added.filter((a) => a.afterUpload)).toHaveLength(SETTINGS.length - 1);
		expect(sentWrites()).toEqual([]);

		const [applied] = await run(apply(portable(), 'apply', options), 1, { binary: binaries });
		expect(applied.error).toBeUndefined();
		expect(
			sentWrites().map((e) => (e.body as IDataObject)?.fileName ?? e.path.split('/').pop()),
		).toEqual([
			POLICIES_CHAIN.base.fileName,
			POLICIES_CHAIN.app.fileName,
			'groupPolicyConfigurations',
			'updateDefinitionValues',
			'assign',
		]);
		const [profile] = profilesNamed(1, 'Fabrikam Browser baseline');
		expect(Object.keys(held(1, profile.id))).toHaveLength(SETTINGS.length);
		const [again] = await run(apply(portable(), 'plan', options), 1, { binary: binaries });
		expect(again).toMatchObject({ ...EMPTY_PLAN, admxFiles: { upload: [] } });
	});

	it('an upload of unknown outcome is found among the files, not sent again', async () => {
		emulator.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: 'groupPolicyUploadedDefinitionFiles',
		});
		const [applied] = await run(apply(portable(), 'apply', options), 1, { binary: binaries });
		expect(applied.error).toBeUndefined();
		const uploads = sentWrites().filter((e) =>
			e.path.endsWith('/groupPolicyUploadedDefinitionFiles'),
		);
		expect(uploads.map((e) => (e.body as IDataObject).fileName)).toEqual([
			POLICIES_CHAIN.base.fileName,
			POLICIES_CHAIN.app.fileName,
		]);
		expect(
			emulator.storeOf(1).data.definitionFiles.filter((f) => f.policyType === 'admxIngested'),
		).toHaveLength(2);
	});

	it('a file given under the name of another is refused before anything is sent', async () => {
		const swapped = () => ({
			...binaries(),
			[POLICIES_CHAIN.base.fileName]: {
				data: Buffer.from(POLICIES_CHAIN.app.admx),
				fileName: 'x',
			},
		});
		const [out] = await run(apply(portable(), 'apply', options), 1, { binary: swapped });
		expect(String(out.details)).toMatch(
			/fabrikam\.admx has the target namespace Fabrikam\.Policies\.FabrikamBrowser, not Fabrikam\.Policies/,
		);
		expect(sentWrites()).toEqual([]);
	});

	it('a setting the uploaded file does not have fails the item after the upload, saying so', async () => {
		const profile = portable({ settings: [custom('Not In The File', B, 'enabled')] });
		const [out] = await run(apply(profile, 'apply', { ...options, waitTimeoutSeconds: 1 }), 1, {
			binary: binaries,
		});
		expect(out.error).toMatch(/cannot be applied: 1 missing in this tenant: Setting/);
		expect(String(out.details)).toMatch(
			/The ADMX files fabrikam\.admx, fabrikambrowser\.admx were uploaded; nothing else was sent\.$/,
		);
		expect(sentWrites().map((e) => e.path.split('/').pop())).toEqual([
			'groupPolicyUploadedDefinitionFiles',
			'groupPolicyUploadedDefinitionFiles',
		]);
	});

	it("Intune's limit of 20 uploaded files is kept before anything is sent", async () => {
		emulator.storeOf(1).lifecycle.seedPolicies(POLICIES_CHAIN.base);
		for (let n = 1; n <= 19; n++) {
			emulator
				.storeOf(1)
				.lifecycle.seedPolicies(
					generatedPolicies(1, { prefix: `bench${n}`, targetNamespace: `Fabrikam.Bench${n}` }),
				);
		}
		const [out] = await run(apply(portable(), 'apply', options), 1, { binary: binaries });
		expect(String(out.details)).toMatch(
			/cannot be uploaded: the tenant has 20 uploaded ADMX files and Intune allows 20/,
		);
		expect(sentWrites()).toEqual([]);
	});

	it('a file the item lacks is missing; nothing is uploaded', async () => {
		const some = () => {
			const all = binaries();
			delete (all as Record<string, unknown>)[POLICIES_CHAIN.base.admlFileName];
			return all;
		};
		const [out] = await run(apply(portable(), 'apply', options), 1, { binary: some });
		expect(out.error).toMatch(/2 missing in this tenant: ADMX file fabrikam\.admx/);
		expect(String(out.details)).toMatch(/no binary property "fabrikam\.adml"/);
		expect(String(out.details)).toMatch(
			/uses namespace Fabrikam\.Policies, which is neither in the tenant nor among the files given/,
		);
		expect(sentWrites()).toEqual([]);
	});
});

describe('costs', () => {
	it('100 settings and 3 assignments into an empty tenant: 3 writes, at most 12 reads', async () => {
		const bench = generatedPolicies(100);
		for (const tenant of [0, 1]) {
			emulator.storeOf(tenant).lifecycle.seedPolicies(POLICIES_CHAIN.base);
			emulator.storeOf(tenant).lifecycle.seedPolicies(bench);
		}
		const valueFor: Record<string, PortableSetting['values'][string] | undefined> = {
			none: undefined,
			checkBox: true,
			textBox: 'text',
			decimalTextBox: 5,
			longDecimalTextBox: 123,
			dropdownList: { value: '2', displayName: 'High' },
			multiTextBox: ['a', 'b'],
			listBox: ['x', 'y'],
		};
		const settings: PortableSetting[] = bench.policies.map((policy, i) => {
			const value = valueFor[policy.kind];
			return {
				classType: 'machine',
				categoryPath: '\\Fabrikam\\Fabrikam Bench',
				displayName: policy.displayName,
				state: 'enabled',
				values: value === undefined ? {} : { [`Value ${i + 1}`]: value },
				source: 'custom',
				targetNamespace: bench.targetNamespace,
			};
		});
		const profile = portable({
			profile: { displayName: 'Bench', description: '', roleScopeTagIds: ['0'] },
			settings,
			admxFiles: [
				{
					targetNamespace: POLICIES_CHAIN.base.targetNamespace,
					fileName: 'fabrikam.admx',
					usings: [],
				},
				{
					targetNamespace: bench.targetNamespace,
					fileName: bench.fileName,
					usings: [POLICIES_CHAIN.base.targetNamespace],
				},
			],
		});
		const [out] = await run(apply(profile, 'apply'));
		expect(out.error).toBeUndefined();
		expect(sentWrites()).toHaveLength(3);
		expect(reads().length).toBeLessThanOrEqual(12);
		const [made] = profilesNamed(1, 'Bench');
		expect(
			emulator.storeOf(1).data.definitionValues.filter((v) => v.configurationId === made.id),
		).toHaveLength(100);
		expect(assignedTargets(1, made.id)).toHaveLength(3);
		emulator.log.length = 0;
		const [again] = await run(apply(profile, 'plan'));
		expect(again).toMatchObject({ ...EMPTY_PLAN, profile: { action: 'none' } });
	});
});
