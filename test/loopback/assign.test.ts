import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';
import { createLoadOptionsContext } from '../helpers/loadOptionsContext';

/*
 * Assign against the emulator over loopback: each mode, the whole set sent in one write (or none
 * when nothing changes), every refusal before sending, and the group and filter lists.
 */

jest.setTimeout(30_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator().start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const PROFILE = IDS.configuration;
const OTHER_PROFILE = IDS.builtInConfiguration;
const BASE = `/beta/deviceManagement/groupPolicyConfigurations/${PROFILE}`;
const GROUP = '#microsoft.graph.groupAssignmentTarget';
const EXCLUSION = '#microsoft.graph.exclusionGroupAssignmentTarget';
const ALL_DEVICES = '#microsoft.graph.allDevicesAssignmentTarget';
const ALL_USERS = '#microsoft.graph.allLicensedUsersAssignmentTarget';
const FILTER_ID = 'deviceAndAppManagementAssignmentFilterId';
const FILTER_TYPE = 'deviceAndAppManagementAssignmentFilterType';
const MISSING_FILTER = 'f17e0000-3c4d-4e5f-8a6b-0000000000ff';

const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });
const noFilter = { [FILTER_ID]: rl(''), [FILTER_TYPE]: 'include' };

async function run(
	parameters: IDataObject | ((i: number) => IDataObject),
	items = 1,
	appIndex = 0,
) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator, appIndex),
		parameters: (i) => ({
			resource: 'groupPolicyConfiguration',
			operation: 'assign',
			groupPolicyConfigurationId: rl(PROFILE),
			...(typeof parameters === 'function' ? parameters(i) : parameters),
		}),
		items,
		continueOnFail: true,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0].map((o) => o.json);
}

/** Graph's part of the log (the sign-in is not counted), as "METHOD path-below-the-profile". */
const calls = () =>
	emulator.log
		.filter((e) => e.path.startsWith('/beta/'))
		.map((e) => `${e.method} ${e.path.replace(BASE, '')}`);
const assignBodies = () =>
	emulator.log.filter((e) => e.method === 'POST' && e.path === `${BASE}/assign`).map((e) => e.body);
/** The profile's targets as the emulator holds them. */
const targets = (profile: string = PROFILE) =>
	emulator.store.data.assignments.filter((a) => a.configurationId === profile).map((a) => a.target);

/** Puts the profile's assignments in place directly, as if assigned before. */
function assigned(...list: IDataObject[]) {
	emulator.store.data.assignments = [
		...emulator.store.data.assignments.filter((a) => a.configurationId !== PROFILE),
		...list.map((target, i) => ({
			id: `${PROFILE}_${i}`,
			configurationId: PROFILE,
			target: { [FILTER_ID]: null, [FILTER_TYPE]: 'none', ...target },
			lastModifiedDateTime: '2026-10-01T08:00:00Z',
		})),
	] as typeof emulator.store.data.assignments;
}

describe('Assign: Replace All', () => {
	it('sends every kind of target from the fields, filters only where chosen, and outputs the assignments', async () => {
		const [item] = await run({
			assignmentTargets: {
				includeGroups: [
					{
						groupId: rl(IDS.groupPilotDevices),
						[FILTER_ID]: rl(IDS.filterWindows11),
						[FILTER_TYPE]: 'include',
					},
					{ groupId: rl(IDS.groupAllStaff, 'id'), ...noFilter },
				],
				excludeGroups: [
					{ groupId: rl(`https://graph.microsoft.com/v1.0/groups/${IDS.groupKiosks}`, 'url') },
				],
				allDevices: [{ [FILTER_ID]: rl(IDS.filterCorporate, 'id'), [FILTER_TYPE]: 'exclude' }],
				allUsers: [noFilter],
			},
		});
		expect(assignBodies()).toEqual([
			{
				assignments: [
					{
						target: {
							'@odata.type': GROUP,
							groupId: IDS.groupPilotDevices,
							[FILTER_ID]: IDS.filterWindows11,
							[FILTER_TYPE]: 'include',
						},
					},
					{ target: { '@odata.type': GROUP, groupId: IDS.groupAllStaff } },
					{ target: { '@odata.type': EXCLUSION, groupId: IDS.groupKiosks } },
					{
						target: {
							'@odata.type': ALL_DEVICES,
							[FILTER_ID]: IDS.filterCorporate,
							[FILTER_TYPE]: 'exclude',
						},
					},
					{ target: { '@odata.type': ALL_USERS } },
				],
			},
		]);
		expect(item.groupPolicyConfigurationId).toBe(PROFILE);
		expect(item.changed).toBe(true);
		expect((item.assignments as IDataObject[]).map((a) => a.id)).toEqual([
			`${PROFILE}_${IDS.groupPilotDevices}`,
			`${PROFILE}_${IDS.groupAllStaff}`,
			`${PROFILE}_${IDS.groupKiosks}`,
			`${PROFILE}_allDevices`,
			`${PROFILE}_allLicensedUsers`,
		]);
		expect(targets()).toHaveLength(5);
		expect(calls()).toEqual(['GET /assignments', 'POST /assign']);
	});

	it('replaces what was assigned before', async () => {
		assigned({ '@odata.type': GROUP, groupId: IDS.groupAllStaff }, { '@odata.type': ALL_USERS });
		const [item] = await run({
			defineTargets: 'json',
			assignmentTargetsJson: JSON.stringify([{ type: 'includeGroup', groupId: IDS.groupKiosks }]),
		});
		expect(item.changed).toBe(true);
		expect(targets().map((t) => t.groupId)).toEqual([IDS.groupKiosks]);
	});

	it('sends nothing when the set is the one assigned, and says so: one read, no write', async () => {
		assigned(
			{
				'@odata.type': GROUP,
				groupId: IDS.groupPilotDevices,
				[FILTER_ID]: IDS.filterWindows11,
				[FILTER_TYPE]: 'include',
			},
			{ '@odata.type': ALL_DEVICES },
		);
		const [item] = await run({
			defineTargets: 'json',
			assignmentTargetsJson: [
				{ type: 'allDevices' },
				{
					type: 'includeGroup',
					groupId: IDS.groupPilotDevices.toUpperCase(),
					filterId: IDS.filterWindows11,
				},
			],
		});
		expect(item).toEqual({
			groupPolicyConfigurationId: PROFILE,
			changed: false,
			assignments: [
				expect.objectContaining({ id: `${PROFILE}_0` }),
				expect.objectContaining({ id: `${PROFILE}_1` }),
			],
		});
		expect(calls()).toEqual(['GET /assignments']);
	});

	it('is safe to run twice: the second run reads and sends nothing', async () => {
		const parameters = {
			defineTargets: 'json',
			assignmentTargetsJson: [
				{ type: 'allUsers', filterId: IDS.filterCorporate, filterType: 'exclude' },
			],
		};
		const [first] = await run(parameters);
		const [second] = await run(parameters);
		expect([first.changed, second.changed]).toEqual([true, false]);
		expect(second.assignments).toEqual(first.assignments);
		expect(assignBodies()).toHaveLength(1);
	});

	it('refuses to remove every assignment unless allowed, then removes them all', async () => {
		assigned({ '@odata.type': ALL_DEVICES });
		const [refused] = await run({ assignmentTargets: {} });
		expect(refused.error).toBe(
			'Parameter "assignmentTargets" names no target, so Replace All would remove every ' +
				'assignment of the profile (item 0)',
		);
		expect(refused.details).toMatch(/Allow Removing All Assignments/);
		expect(calls()).toEqual([]);
		const [item] = await run({
			assignmentTargets: {},
			options: { allowRemovingAllAssignments: true },
		});
		expect(item).toEqual({ groupPolicyConfigurationId: PROFILE, changed: true, assignments: [] });
		expect(assignBodies()).toEqual([{ assignments: [] }]);
		expect(targets()).toEqual([]);
	});

	it('sends the set once more when the outcome of the write is unknown', async () => {
		emulator.arm({ kind: 'dropAfterHandling', method: 'POST', pathContains: '/assign' });
		const [item] = await run({
			defineTargets: 'json',
			assignmentTargetsJson: [{ type: 'allDevices' }],
		});
		expect(item.changed).toBe(true);
		expect(calls()).toEqual(['GET /assignments', 'POST /assign', 'POST /assign']);
		expect(targets()).toEqual([expect.objectContaining({ '@odata.type': ALL_DEVICES })]);
	});
});

describe('Assign: Add and Remove', () => {
	beforeEach(() =>
		assigned(
			{ '@odata.type': GROUP, groupId: IDS.groupPilotDevices },
			{ '@odata.type': EXCLUSION, groupId: IDS.groupKiosks },
		),
	);

	it('Add: one read and one write of the whole resulting set', async () => {
		const [item] = await run({
			assignmentMode: 'add',
			assignmentTargets: { includeGroups: [{ groupId: rl(IDS.groupAllStaff), ...noFilter }] },
		});
		expect(item.changed).toBe(true);
		expect(calls()).toEqual(['GET /assignments', 'POST /assign']);
		expect(assignBodies()).toEqual([
			{
				assignments: [
					{ target: { '@odata.type': GROUP, groupId: IDS.groupPilotDevices } },
					{ target: { '@odata.type': EXCLUSION, groupId: IDS.groupKiosks } },
					{ target: { '@odata.type': GROUP, groupId: IDS.groupAllStaff } },
				],
			},
		]);
	});

	it('Add: a target takes the place of the same group’s current assignment', async () => {
		await run({
			assignmentMode: 'add',
			defineTargets: 'json',
			assignmentTargetsJson: [
				{ type: 'includeGroup', groupId: IDS.groupPilotDevices, filterId: IDS.filterWindows11 },
			],
		});
		expect(targets()).toEqual([
			{
				'@odata.type': GROUP,
				groupId: IDS.groupPilotDevices,
				[FILTER_ID]: IDS.filterWindows11,
				[FILTER_TYPE]: 'include',
			},
			expect.objectContaining({ groupId: IDS.groupKiosks }),
		]);
	});

	it('Add: what is assigned already is no change: one read, no write', async () => {
		const [item] = await run({
			assignmentMode: 'add',
			assignmentTargets: { excludeGroups: [{ groupId: rl(IDS.groupKiosks) }] },
		});
		expect(item.changed).toBe(false);
		expect(calls()).toEqual(['GET /assignments']);
	});

	it('Remove: one read and one write, the other assignments kept', async () => {
		const [item] = await run({
			assignmentMode: 'remove',
			assignmentTargets: { excludeGroups: [{ groupId: rl(IDS.groupKiosks) }] },
		});
		expect(item.changed).toBe(true);
		expect(calls()).toEqual(['GET /assignments', 'POST /assign']);
		expect(targets()).toEqual([expect.objectContaining({ groupId: IDS.groupPilotDevices })]);
	});

	it('Remove: a target not assigned is no change: one read, no write', async () => {
		const [item] = await run({
			assignmentMode: 'remove',
			defineTargets: 'json',
			assignmentTargetsJson: [
				{ type: 'allUsers' },
				{ type: 'includeGroup', groupId: IDS.groupKiosks },
			],
		});
		expect(item.changed).toBe(false);
		expect(calls()).toEqual(['GET /assignments']);
	});

	it('items on the same profile take turns, so each Add counts', async () => {
		const groups = [IDS.groupAllStaff, IDS.groupKiosks, IDS.groupPilotDevices];
		emulator.store.data.assignments = [];
		const output = await run(
			(i) => ({
				assignmentMode: 'add',
				defineTargets: 'json',
				assignmentTargetsJson: [{ type: 'includeGroup', groupId: groups[i] }],
			}),
			3,
		);
		expect(output.map((o) => o.changed)).toEqual([true, true, true]);
		expect(
			targets()
				.map((t) => t.groupId)
				.sort(),
		).toEqual([...groups].sort());
	});

	it('copies another profile’s assignments, as Get outputs them, with Using JSON', async () => {
		const [source] = await run({
			assignmentMode: 'remove',
			defineTargets: 'json',
			assignmentTargetsJson: [{ type: 'allUsers' }],
		});
		const [copy] = await run({
			groupPolicyConfigurationId: rl(OTHER_PROFILE),
			defineTargets: 'json',
			assignmentTargetsJson: source.assignments,
		});
		expect(copy.changed).toBe(true);
		expect(targets(OTHER_PROFILE)).toEqual(targets(PROFILE));
	});
});

describe('Assign: refusals', () => {
	it.each([
		[
			'a group named twice',
			{
				assignmentTargets: {
					includeGroups: [{ groupId: rl(IDS.groupKiosks), ...noFilter }],
					excludeGroups: [{ groupId: rl(IDS.groupKiosks) }],
				},
			},
			`Parameter "assignmentTargets.excludeGroups[0]" names group ${IDS.groupKiosks} again (also in assignmentTargets.includeGroups[0]) (item 0)`,
		],
		[
			'All Devices twice',
			{
				defineTargets: 'json',
				assignmentTargetsJson: '[{"type":"allDevices"},{"type":"allDevices"}]',
			},
			'Parameter "assignmentTargetsJson[1]" names All Devices again (also in assignmentTargetsJson[0]) (item 0)',
		],
		[
			'a group ID that is a name',
			{ assignmentTargets: { includeGroups: [{ groupId: rl('Kiosks', 'id'), ...noFilter }] } },
			'Parameter "assignmentTargets.includeGroups[0].groupId" is "Kiosks", not a GUID (item 0)',
		],
		[
			'a group URL without an ID',
			{
				assignmentTargets: {
					excludeGroups: [{ groupId: rl('https://graph.microsoft.com/v1.0/users/x', 'url') }],
				},
			},
			'Parameter "assignmentTargets.excludeGroups[0].groupId" is not a Graph URL with /groups/{id} (item 0)',
		],
		[
			'a filter ID that could change the URL',
			{ assignmentTargets: { allDevices: [{ [FILTER_ID]: rl('../x', 'id') }] } },
			'Parameter "assignmentTargets.allDevices[0].deviceAndAppManagementAssignmentFilterId" contains the character "/": "../x" (item 0)',
		],
		[
			'a filter on an exclusion',
			{
				defineTargets: 'json',
				assignmentTargetsJson: [
					{ type: 'excludeGroup', groupId: IDS.groupKiosks, filterId: IDS.filterCorporate },
				],
			},
			'Parameter "assignmentTargetsJson[0].filterId" is set on an excluded group (item 0)',
		],
		[
			'a filter type without a filter',
			{
				defineTargets: 'json',
				assignmentTargetsJson: [{ type: 'allUsers', filterType: 'exclude' }],
			},
			'Parameter "assignmentTargetsJson[0].filterType" is set without a filterId (item 0)',
		],
		[
			'JSON that is not',
			{ defineTargets: 'json', assignmentTargetsJson: '[{"type": "allUsers"' },
			/^Parameter "assignmentTargetsJson" is not valid JSON/,
		],
		[
			'Add without targets',
			{ assignmentMode: 'add', assignmentTargets: {} },
			'Parameter "assignmentTargets" names no target to add (item 0)',
		],
		[
			'a profile ID that is not one',
			{ groupPolicyConfigurationId: rl('x?y', 'id'), assignmentTargets: { allUsers: [noFilter] } },
			/^Parameter "groupPolicyConfigurationId" contains the character "\?"/,
		],
	])('refuses %s, sending nothing', async (_what, parameters, message) => {
		const [item] = await run(parameters);
		if (typeof message === 'string') expect(item.error).toBe(message);
		else expect(item.error).toMatch(message);
		expect(calls()).toEqual([]);
	});

	it('fails with Graph’s refusal of a filter that does not exist, having changed nothing', async () => {
		const [item] = await run({
			defineTargets: 'json',
			assignmentTargetsJson: [{ type: 'allDevices', filterId: MISSING_FILTER }],
		});
		expect(item.error).toMatch(
			/^Microsoft Graph returned 400: BadRequest: The assignment filter .* does not exist/,
		);
		expect(targets()).toEqual([]);
	});

	it('fails with Graph’s 404 for a profile that does not exist', async () => {
		const [item] = await run({
			groupPolicyConfigurationId: rl('00000000-1111-4222-8333-444444444444'),
			assignmentTargets: { allUsers: [noFilter] },
		});
		expect(item.error).toMatch(/^Microsoft Graph returned 404/);
	});

	it('assigns by group ID with a credential that may not read groups', async () => {
		const [item] = await run(
			{
				assignmentTargets: { includeGroups: [{ groupId: rl(IDS.groupKiosks, 'id'), ...noFilter }] },
			},
			1,
			3,
		);
		expect(item.changed).toBe(true);
	});
});

describe('the group and filter lists', () => {
	const listSearch = new MicrosoftIntuneGroupPolicy().methods.listSearch;
	const graphCalls = (path: string) =>
		emulator.log.filter((e) => e.path === path).map((e) => new URLSearchParams(e.query));

	it('lists groups by name, asking Graph only for id and displayName', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const result = await listSearch.searchGroups.call(context);
		expect(result.results).toEqual(
			expect.arrayContaining([
				{ name: 'Fabrikam Pilot Devices', value: IDS.groupPilotDevices },
				{ name: 'Fabrikam All Staff', value: IDS.groupAllStaff },
				{ name: 'Fabrikam Kiosks', value: IDS.groupKiosks },
			]),
		);
		const [query] = graphCalls('/beta/groups');
		expect(query.get('$select')).toBe('id,displayName');
		expect(query.get('$filter')).toBeNull();
	});

	it('searches groups on Graph by the start of their name, or by a pasted ID', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const byName = await listSearch.searchGroups.call(context, 'Fabrikam K');
		expect(byName.results).toEqual([{ name: 'Fabrikam Kiosks', value: IDS.groupKiosks }]);
		const byId = await listSearch.searchGroups.call(context, IDS.groupAllStaff);
		expect(byId.results).toEqual([{ name: 'Fabrikam All Staff', value: IDS.groupAllStaff }]);
		expect(graphCalls('/beta/groups').map((q) => q.get('$filter'))).toEqual([
			"startswith(displayName,'Fabrikam K')",
			`id eq '${IDS.groupAllStaff}'`,
		]);
	});

	it('pages through many groups one page per call', async () => {
		for (let n = 0; n < 150; n++)
			emulator.store.addGroup({ displayName: `Ring ${String(n).padStart(3, '0')}` });
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const first = await listSearch.searchGroups.call(context, 'Ring');
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toEqual(expect.stringContaining(`${emulator.url}/beta/groups?`));
		const second = await listSearch.searchGroups.call(
			context,
			'Ring',
			first.paginationToken as string,
		);
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		expect(new Set([...first.results, ...second.results].map((r) => r.value)).size).toBe(150);
	});

	it('says what to do when the credential may not read groups', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator, 3));
		const failure = listSearch.searchGroups.call(context);
		await expect(failure).rejects.toThrow('Not allowed to list groups');
		await expect(listSearch.searchGroups.call(context)).rejects.toMatchObject({
			description: expect.stringMatching(/Group\.Read\.All .* choose By ID/),
		});
	});

	it("passes on Graph's other failures while listing groups as they are", async () => {
		emulator.arm({ kind: 'status', status: 500, pathContains: '/groups' });
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		await expect(listSearch.searchGroups.call(context)).rejects.toThrow(
			/^Microsoft Graph returned 500/,
		);
	});

	it('lists assignment filters with their platform, and searches them', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const all = await listSearch.searchAssignmentFilters.call(context);
		expect(all.results).toEqual([
			{ name: 'Windows 11 only (windows10AndLater)', value: IDS.filterWindows11 },
			{ name: 'Corporate devices (windows10AndLater)', value: IDS.filterCorporate },
		]);
		const found = await listSearch.searchAssignmentFilters.call(context, 'corporate');
		expect(found.results).toEqual([
			{ name: 'Corporate devices (windows10AndLater)', value: IDS.filterCorporate },
		]);
		const [query] = graphCalls('/beta/deviceManagement/assignmentFilters');
		expect(query.get('$select')).toBe('id,displayName,platform');
	});
});
