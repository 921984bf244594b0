import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { checkPortableProfile } from '../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/parse';
import {
	GROUP_NAMES_WARNING,
	USINGS_WARNING,
} from '../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/snapshot';
import { IDS, tenantOwnId } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import {
	CHAIN_SETTINGS,
	FABRIKAM_PATHS,
	generatedPolicies,
	POLICIES_CHAIN,
} from '../fixtures/admxPolicies';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { TestContext, TestCredentials } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/*
 * Export and Compare against the emulator over loopback, in two tenants: a seeded profile exported
 * as portable JSON (and as a .json file), compared with itself, changed by hand and compared
 * again, compared in another tenant, and the requests an export of 100 settings costs.
 */

jest.setTimeout(60_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({
		tenantData: 'separate',
		admx: { processingMs: 40 },
	}).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const B = FABRIKAM_PATHS.browser;
const node = new MicrosoftIntuneGroupPolicy();
const INTUNE_ONLY_APP = 3;

const inTenant = (tenant: number, appIndex = 0): TestCredentials => ({
	...emulatorCredentials(emulator, appIndex),
	tenantId: emulator.identity.tenants[tenant].id,
});

/** n8n's own handling of items given with their json key, and of binary data (in memory). */
function likeN8n(test: TestContext): TestContext {
	const helpers = test.context.helpers as unknown as Record<string, unknown>;
	helpers.returnJsonArray = (data: IDataObject | IDataObject[]) =>
		(Array.isArray(data) ? data : [data]).map((d) => (d.json ? { ...d } : { json: d }));
	helpers.prepareBinaryData = async (data: Buffer, fileName: string, mimeType: string) => ({
		data: data.toString('base64'),
		fileName,
		fileExtension: 'json',
		mimeType,
	});
	return test;
}

interface Out {
	json: IDataObject;
	binary?: Record<string, { data: string; fileName: string; mimeType: string }>;
}

async function run(
	parameters: IDataObject,
	credentials: TestCredentials = inTenant(0),
	binary?: Record<string, { data: Buffer; fileName: string }>,
): Promise<Out[]> {
	const test = likeN8n(
		createExecuteContext({
			credentials,
			parameters,
			continueOnFail: true,
			binary: binary && (() => binary),
		}),
	);
	return (await node.execute.call(test.context))[0] as unknown as Out[];
}
const jsonOf = async (parameters: IDataObject, credentials?: TestCredentials) =>
	(await run(parameters, credentials)).map((o) => o.json);

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

const exportOf = (profileId: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'groupPolicyConfiguration',
	operation: 'export',
	profiles: 'one',
	groupPolicyConfigurationId: rl(profileId),
	...extra,
});
const compareOf = (
	profileId: string,
	portable: unknown,
	options: IDataObject = {},
): IDataObject => ({
	resource: 'groupPolicyConfiguration',
	operation: 'compare',
	groupPolicyConfigurationId: rl(profileId),
	portableSource: 'json',
	portableProfile: portable as IDataObject,
	options,
});

const SETTINGS = CHAIN_SETTINGS;

/** A profile in a tenant with the chain's settings, assigned as the admin would. */
async function seededProfile(tenant = 0, displayName = 'Fabrikam Browser baseline') {
	const store = emulator.storeOf(tenant);
	store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
	store.lifecycle.seedPolicies(POLICIES_CHAIN.app);
	const id = String(
		store.profiles.create({ displayName, description: 'Browser settings' }, emulator.url).createdId,
	);
	const own = (seeded: string) => (tenant === 0 ? seeded : tenantOwnId(seeded, tenant));
	const [set, assigned] = [
		await jsonOf(
			{
				resource: 'groupPolicyConfiguration',
				operation: 'setSettings',
				groupPolicyConfigurationId: rl(id),
				defineSettings: 'json',
				settingsJson: SETTINGS as unknown as IDataObject[],
			},
			inTenant(tenant),
		),
		await jsonOf(
			{
				resource: 'groupPolicyConfiguration',
				operation: 'assign',
				groupPolicyConfigurationId: rl(id),
				assignmentMode: 'replace',
				defineTargets: 'json',
				assignmentTargetsJson: [
					{
						type: 'includeGroup',
						groupId: own(IDS.groupPilotDevices),
						filterId: own(IDS.filterWindows11),
						filterType: 'include',
					},
					{ type: 'excludeGroup', groupId: own(IDS.groupAllStaff) },
					{ type: 'allUsers' },
				] as unknown as IDataObject[],
			},
			inTenant(tenant),
		),
	];
	expect(set.every((item) => !item.error)).toBe(true);
	expect(assigned[0].changed).toBe(true);
	return id;
}

/** Requests that went over the wire to Graph (a $batch counts once), of one tenant. */
const wire = (tenant = 0) =>
	emulator.log.filter(
		(e) =>
			e.path.startsWith('/beta/') &&
			e.batch === undefined &&
			e.tenantId === emulator.identity.tenants[tenant].id,
	);

describe('Export', () => {
	it('outputs the profile as portable JSON: sorted settings by name, values by input key, assignments with names, files in order', async () => {
		const id = await seededProfile();
		emulator.log.length = 0;
		const [item] = await jsonOf(exportOf(id));
		expect(item).toEqual({
			format: 'n8n-intune-admx-profile',
			formatVersion: 1,
			exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			source: { profileId: id },
			profile: {
				displayName: 'Fabrikam Browser baseline',
				description: 'Browser settings',
				roleScopeTagIds: expect.any(Array),
			},
			settings: expect.any(Array),
			assignments: [
				{
					type: 'includeGroup',
					groupId: IDS.groupPilotDevices,
					groupDisplayName: 'Fabrikam Pilot Devices',
					filterId: IDS.filterWindows11,
					filterDisplayName: expect.any(String),
					filterType: 'include',
				},
				{
					type: 'excludeGroup',
					groupId: IDS.groupAllStaff,
					groupDisplayName: 'Fabrikam All Staff',
				},
				{ type: 'allUsers' },
			],
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
		});
		const settings = item.settings as IDataObject[];
		expect(
			settings.map(
				(s) => `${String(s.classType)} ${String(s.categoryPath)}\\${String(s.displayName)}`,
			),
		).toEqual([
			`machine ${B}\\Allowed Sites`,
			`machine ${B}\\Cache Size`,
			`machine ${B}\\Disable Telemetry`,
			`machine ${B}\\Update Channel`,
			`machine ${FABRIKAM_PATHS.extensions}\\Extension Settings`,
			`user ${B}\\Home Page`,
			`user ${FABRIKAM_PATHS.network}\\Proxy`,
		]);
		const byName = Object.fromEntries(settings.map((s) => [s.displayName, s]));
		expect(byName['Update Channel']).toEqual({
			classType: 'machine',
			categoryPath: B,
			displayName: 'Update Channel',
			state: 'enabled',
			values: { Channel: { value: 'beta', displayName: 'Beta' } },
			source: 'custom',
			targetNamespace: POLICIES_CHAIN.app.targetNamespace,
		});
		expect(byName['Home Page']).toEqual(expect.objectContaining({ state: 'disabled', values: {} }));
		for (const wanted of SETTINGS.filter(
			(s) => s.values && !s.setting.includes('Update Channel'),
		)) {
			const name = wanted.setting
				.slice(wanted.setting.lastIndexOf('\\') + 1)
				.replace(/ \((machine|user)\)$/, '');
			expect(byName[name].values).toEqual(wanted.values);
		}
		// What Compare and Apply read back is what Export wrote.
		expect(checkPortableProfile(JSON.parse(JSON.stringify(item)))).toEqual(item);
		expect(wire().length).toBeLessThanOrEqual(10);
	});

	it('also puts the JSON in a binary field as "<profile name>.json" when asked', async () => {
		const id = await seededProfile(0, 'Fabrikam: Browser/baseline');
		const [out] = await run(exportOf(id, { options: { binaryPropertyName: 'data' } }));
		expect(Object.keys(out.binary ?? {})).toEqual(['data']);
		const file = out.binary!.data;
		expect(file.fileName).toBe('Fabrikam_ Browser_baseline.json');
		expect(file.mimeType).toBe('application/json');
		const text = Buffer.from(file.data, 'base64').toString('utf8');
		expect(text.endsWith('}\n')).toBe(true);
		expect(JSON.parse(text)).toEqual(out.json);
		const [plain] = await run(exportOf(id));
		expect(plain.binary).toBeUndefined();
	});

	it('leaves out the export time when asked: an unchanged profile exports to the same bytes', async () => {
		const id = await seededProfile();
		const options = { options: { binaryPropertyName: 'data', omitExportedAt: true } };
		const [first] = await run(exportOf(id, options));
		expect(first.json).not.toHaveProperty('exportedAt');
		expect(Object.keys(first.json).slice(0, 3)).toEqual(['format', 'formatVersion', 'source']);
		const [again] = await run(exportOf(id, options));
		expect(again.binary!.data.data).toBe(first.binary!.data.data);
		// Such a file is read back as any other: compared with its profile, nothing differs.
		const text = Buffer.from(first.binary!.data.data, 'base64').toString('utf8');
		expect(await run(compareOf(id, text))).toEqual([]);
	});

	it('exports every profile whose name contains a text, or all, one item each by name, reading the catalog once', async () => {
		const first = await seededProfile(0, 'Fabrikam B');
		emulator.store.profiles.create({ displayName: 'Fabrikam A (empty)' }, emulator.url);
		emulator.log.length = 0;
		const byName = await jsonOf({
			resource: 'groupPolicyConfiguration',
			operation: 'export',
			profiles: 'byName',
			nameContains: 'Fabrikam',
		});
		expect(byName.map((p) => (p.profile as IDataObject).displayName)).toEqual([
			'Fabrikam A (empty)',
			'Fabrikam B',
		]);
		expect((byName[1].source as IDataObject).profileId).toBe(first);
		expect(byName[0].settings).toEqual([]);
		emulator.log.length = 0;
		const all = await jsonOf({
			resource: 'groupPolicyConfiguration',
			operation: 'export',
			profiles: 'all',
		});
		const catalogReads = emulator.log.filter(
			(e) =>
				e.path === '/beta/deviceManagement/groupPolicyDefinitions' &&
				decodeURIComponent(e.query).includes("policyType eq 'admxIngested'"),
		);
		expect(catalogReads).toHaveLength(1);
		const names = all.map((p) => (p.profile as IDataObject).displayName);
		expect(names).toEqual(
			expect.arrayContaining(['Fabrikam A (empty)', 'Fabrikam B', 'Contoso LOB baseline']),
		);
		expect(names).toEqual(
			[...names].sort((a, b) => String(a).toLowerCase().localeCompare(String(b).toLowerCase())),
		);
		expect(all.every((p) => !p.error)).toBe(true);
		const none = await jsonOf({
			resource: 'groupPolicyConfiguration',
			operation: 'export',
			profiles: 'byName',
			nameContains: 'No such profile',
		});
		expect(none).toEqual([]);
	});

	it('without Group.Read.All: exports the group IDs and says why the names are missing', async () => {
		const id = await seededProfile();
		const [item] = await jsonOf(exportOf(id), inTenant(0, INTUNE_ONLY_APP));
		expect((item.assignments as IDataObject[]).slice(0, 2)).toEqual([
			expect.objectContaining({
				groupId: IDS.groupPilotDevices,
				filterDisplayName: expect.any(String),
			}),
			{ type: 'excludeGroup', groupId: IDS.groupAllStaff },
		]);
		expect(item.warnings).toEqual([GROUP_NAMES_WARNING]);
		// The file still reads back: warnings are ignored, the IDs are kept.
		expect(checkPortableProfile(JSON.parse(JSON.stringify(item))).assignments).toHaveLength(3);
	});

	it('still exports when Graph refuses to list the categories, without usings, and says so', async () => {
		const id = await seededProfile();
		emulator.arm({ kind: 'status', status: 400, pathContains: 'groupPolicyCategories' });
		const [item] = await jsonOf(exportOf(id));
		expect(item.admxFiles).toEqual([
			expect.objectContaining({ targetNamespace: POLICIES_CHAIN.app.targetNamespace, usings: [] }),
		]);
		expect(item.warnings).toEqual([USINGS_WARNING]);
	});

	it('fails the item when Graph fails a group read otherwise than by refusing or not finding it', async () => {
		const id = await seededProfile();
		emulator.arm({ kind: 'status', status: 400, pathContains: '/groups/' });
		const [item] = await jsonOf(exportOf(id));
		expect(item.error).toEqual(expect.any(String));
		expect(item.format).toBeUndefined();
	});

	it('fails the item for a profile that does not exist, and checks its parameters before sending', async () => {
		const [missing] = await jsonOf(exportOf('2d8e3c6a-1f4b-4c1e-9a7d-00000000dead'));
		expect(String(missing.error)).toMatch(/not found|does not exist|404/i);
		emulator.log.length = 0;
		const [empty] = await jsonOf({
			resource: 'groupPolicyConfiguration',
			operation: 'export',
			profiles: 'byName',
			nameContains: '  ',
		});
		expect(empty.error).toBe('Parameter "nameContains" is empty (item 0)');
		expect(wire()).toHaveLength(0);
	});

	it('reads a profile of 100 settings in at most 10 requests', async () => {
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const bench = generatedPolicies(100);
		emulator.store.lifecycle.seedPolicies(bench);
		const id = String(
			emulator.store.profiles.create({ displayName: 'Bench' }, emulator.url).createdId,
		);
		await jsonOf({
			resource: 'groupPolicyConfiguration',
			operation: 'setSettings',
			groupPolicyConfigurationId: rl(id),
			defineSettings: 'json',
			settingsJson: bench.policies.map((p) => ({
				setting: `\\Fabrikam\\Fabrikam Bench\\${p.displayName} (machine)`,
				state: 'enabled',
			})) as unknown as IDataObject[],
		});
		await jsonOf({
			resource: 'groupPolicyConfiguration',
			operation: 'assign',
			groupPolicyConfigurationId: rl(id),
			assignmentMode: 'replace',
			defineTargets: 'json',
			assignmentTargetsJson: [
				{ type: 'includeGroup', groupId: IDS.groupPilotDevices, filterId: IDS.filterCorporate },
				{ type: 'excludeGroup', groupId: IDS.groupKiosks },
			] as unknown as IDataObject[],
		});
		emulator.log.length = 0;
		const [item] = await jsonOf(exportOf(id));
		expect(item.settings).toHaveLength(100);
		expect((item.assignments as IDataObject[]).map((a) => a.groupDisplayName)).toEqual([
			'Fabrikam Pilot Devices',
			'Fabrikam Kiosks',
		]);
		const exportRequests = wire().length;
		expect(exportRequests).toBeLessThanOrEqual(10);
		emulator.log.length = 0;
		expect(await jsonOf(compareOf(id, item))).toEqual([]);
		const compareRequests = wire().length;
		expect(compareRequests).toBeLessThanOrEqual(10);
	});
});

describe('Compare', () => {
	it('finds nothing between a profile and its export: no item, or one item when asked', async () => {
		const id = await seededProfile();
		const [exported] = await run(exportOf(id, { options: { binaryPropertyName: 'data' } }));
		expect(await jsonOf(compareOf(id, exported.json))).toEqual([]);
		expect(
			await jsonOf(compareOf(id, JSON.stringify(exported.json), { outputWhenEqual: 'oneItem' })),
		).toEqual([{ equal: true, groupPolicyConfigurationId: id }]);
		const file = exported.binary!.data;
		const fromFile = await run(
			{
				...compareOf(id, ''),
				portableSource: 'binary',
				binaryPropertyName: 'data',
				options: { outputWhenEqual: 'oneItem' },
			},
			inTenant(0),
			{ data: { data: Buffer.from(file.data, 'base64'), fileName: file.fileName } },
		);
		expect(fromFile.map((o) => o.json)).toEqual([{ equal: true, groupPolicyConfigurationId: id }]);
	});

	it('reports what was changed in the tenant by hand, one item per difference', async () => {
		const id = await seededProfile();
		const [exported] = await jsonOf(exportOf(id));
		const data = emulator.store.data;
		const definitionOf = (displayName: string, classType = 'machine') =>
			data.definitions.find(
				(d) =>
					d.displayName === displayName &&
					d.classType === classType &&
					d.policyType === 'admxIngested',
			)!.id;
		const valueOf = (displayName: string) =>
			data.definitionValues.find(
				(v) => v.configurationId === id && v.definitionId === definitionOf(displayName),
			)!;
		// Cache size 300 -> 500; Update Channel disabled; Allowed Sites removed; All Staff no longer excluded.
		const cache = valueOf('Cache Size');
		const size = data.presentationValues.find(
			(v) => v.definitionValueId === cache.id && v.value === 300,
		)!;
		size.value = 500;
		const channel = valueOf('Update Channel');
		channel.enabled = false;
		data.presentationValues = data.presentationValues.filter(
			(v) => v.definitionValueId !== channel.id,
		);
		const sites = valueOf('Allowed Sites');
		data.definitionValues = data.definitionValues.filter((v) => v.id !== sites.id);
		data.assignments = data.assignments.filter(
			(a) => !(a.configurationId === id && a.target.groupId === IDS.groupAllStaff),
		);
		const found = await jsonOf(compareOf(id, exported));
		const setting = (displayName: string) => ({
			classType: 'machine',
			categoryPath: B,
			displayName,
			source: 'custom',
		});
		expect(found).toEqual([
			{
				difference: 'settingRemoved',
				setting: setting('Allowed Sites'),
				expected: { state: 'enabled', values: { Sites: ['a', 'b'] } },
				actual: null,
				groupPolicyConfigurationId: id,
			},
			{
				difference: 'settingValueChanged',
				setting: setting('Cache Size'),
				input: 'Cache size (MB)',
				expected: 300,
				actual: 500,
				groupPolicyConfigurationId: id,
			},
			{
				difference: 'settingStateChanged',
				setting: setting('Update Channel'),
				expected: 'enabled',
				actual: 'disabled',
				groupPolicyConfigurationId: id,
			},
			{
				difference: 'assignmentRemoved',
				expected: {
					type: 'excludeGroup',
					groupId: IDS.groupAllStaff,
					groupDisplayName: 'Fabrikam All Staff',
				},
				actual: null,
				groupPolicyConfigurationId: id,
			},
		]);
	});

	it('compares a profile exported from one tenant with its copy in another: same names count as equal', async () => {
		const inA = await seededProfile(0);
		const inB = await seededProfile(1);
		const [fromA] = await jsonOf(exportOf(inA));
		emulator.log.length = 0;
		expect(await jsonOf(compareOf(inB, fromA), inTenant(1))).toEqual([]);
		// It ran in B: A's IDs were looked up there (and not found), nothing was read in A.
		expect(wire(0)).toHaveLength(0);
		expect(wire(1).length).toBeGreaterThan(0);
		// A group of another name in B is another group.
		const B_KIOSKS = emulator.storeOf(1).addGroup({ displayName: 'Fabrikam Kiosks (B)' });
		emulator.storeOf(1).data.assignments.push({
			id: `${inB}_${String(B_KIOSKS.id)}`,
			configurationId: inB,
			target: {
				'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
				groupId: B_KIOSKS.id,
				deviceAndAppManagementAssignmentFilterId: null,
				deviceAndAppManagementAssignmentFilterType: 'none',
			},
			lastModifiedDateTime: new Date().toISOString(),
		});
		expect(await jsonOf(compareOf(inB, fromA), inTenant(1))).toEqual([
			{
				difference: 'assignmentAdded',
				expected: null,
				actual: {
					type: 'excludeGroup',
					groupId: B_KIOSKS.id,
					groupDisplayName: 'Fabrikam Kiosks (B)',
				},
				groupPolicyConfigurationId: inB,
			},
		]);
	});

	it('in the tenant it comes from, a group is its ID: a renamed copy elsewhere is not the same group', async () => {
		const id = await seededProfile(0);
		const [exported] = await jsonOf(exportOf(id));
		const twin = emulator.store.addGroup({ displayName: 'Fabrikam All Staff' });
		const assignment = emulator.store.data.assignments.find(
			(a) => a.configurationId === id && a.target.groupId === IDS.groupAllStaff,
		)!;
		assignment.target = { ...assignment.target, groupId: twin.id };
		const found = await jsonOf(compareOf(id, exported));
		expect(found.map((d) => d.difference)).toEqual(['assignmentRemoved', 'assignmentAdded']);
	});

	it('without Group.Read.All in the other tenant: groups cannot be found by name, and the items say why', async () => {
		const inA = await seededProfile(0);
		const inB = await seededProfile(1);
		const [fromA] = await jsonOf(exportOf(inA));
		const found = await jsonOf(compareOf(inB, fromA), inTenant(1, INTUNE_ONLY_APP));
		// Included groups first, then excluded ones; in each, the tenant's (without a name) first.
		expect(found.map((d) => d.difference)).toEqual([
			'assignmentAdded',
			'assignmentRemoved',
			'assignmentAdded',
			'assignmentRemoved',
		]);
		expect(found.every((d) => (d.warnings as string[])[0] === GROUP_NAMES_WARNING)).toBe(true);
	});

	it('fails the item with the field at fault before reading anything when the JSON is not a portable profile', async () => {
		const id = await seededProfile();
		emulator.log.length = 0;
		const [bad] = await jsonOf(compareOf(id, { format: 'something else' }));
		expect(String(bad.error)).toContain(
			'Parameter "portableProfile" is not a valid portable profile: format',
		);
		expect(wire()).toHaveLength(0);
	});
});
