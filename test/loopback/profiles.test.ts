import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { ContextOptions } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';
import { createLoadOptionsContext } from '../helpers/loadOptionsContext';

/*
 * Administrative Templates profiles against the emulator over loopback: create, update, delete, get
 * and list, every refusal before sending, and writes whose outcome is unknown settled without a
 * second profile.
 */

jest.setTimeout(30_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator().start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const PROFILES = '/beta/deviceManagement/groupPolicyConfigurations';
const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });

async function run(
	parameters: IDataObject | ((i: number) => IDataObject),
	items = 1,
	extra: Partial<ContextOptions> = {},
) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters: (i) => ({
			resource: 'groupPolicyConfiguration',
			...(typeof parameters === 'function' ? parameters(i) : parameters),
		}),
		items,
		continueOnFail: true,
		...extra,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0].map((o) => o.json);
}

/** Graph's part of the log: the sign-in is not counted. */
const graphLog = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));
const requests = (method: string, path = PROFILES) =>
	graphLog().filter((e) => e.method === method && e.path === path);
const stored = (name: string) =>
	emulator.store.data.configurations.filter((c) => c.displayName === name);

describe('Create', () => {
	it('creates a profile with only the fields set and outputs it as Graph returns it', async () => {
		const [item] = await run({
			operation: 'create',
			displayName: 'Fabrikam Browser baseline',
			additionalFields: { description: 'Browser settings', roleScopeTagIds: '0, 1' },
		});
		expect(item).toMatchObject({
			displayName: 'Fabrikam Browser baseline',
			description: 'Browser settings',
			roleScopeTagIds: ['0', '1'],
			policyConfigurationIngestionType: 'unknown',
		});
		expect(item.id).toEqual(expect.any(String));
		const [post] = requests('POST');
		expect(post.body).toEqual({
			displayName: 'Fabrikam Browser baseline',
			description: 'Browser settings',
			roleScopeTagIds: ['0', '1'],
		});
		expect(graphLog()).toHaveLength(1);
	});

	it('sends the display name alone when nothing else is added', async () => {
		await run({ operation: 'create', displayName: 'Bare' });
		expect(requests('POST')[0].body).toEqual({ displayName: 'Bare' });
		expect(stored('Bare')[0].roleScopeTagIds).toEqual(['0']);
	});

	it.each([
		[{ displayName: ' ' }, 'Parameter "displayName" is empty (item 0)'],
		[
			{ displayName: 'x', additionalFields: { roleScopeTagIds: 'Default' } },
			'Parameter "additionalFields.roleScopeTagIds" holds "Default", which is not a scope tag ID (item 0)',
		],
		[
			{ displayName: 'x', additionalFields: { description: { text: 'x' } } },
			'Parameter "additionalFields.description" must be text, not object (item 0)',
		],
	])('refuses %j before sending anything', async (parameters, message) => {
		const [item] = await run({ operation: 'create', ...parameters });
		expect(item.error).toBe(message);
		expect(graphLog()).toHaveLength(0);
	});

	it('adopts the profile a create of unknown outcome made: one profile, the POST not sent again', async () => {
		emulator.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: 'groupPolicyConfigurations',
		});
		const [item] = await run({ operation: 'create', displayName: "Kiosk's lockdown" });
		const [profile] = stored("Kiosk's lockdown");
		expect(item).toMatchObject({ id: profile.id, displayName: "Kiosk's lockdown" });
		expect(stored("Kiosk's lockdown")).toHaveLength(1);
		expect(requests('POST')).toHaveLength(1);
		const [read] = requests('GET');
		expect(new URLSearchParams(read.query).get('$filter')).toBe(
			"displayName eq 'Kiosk''s lockdown'",
		);
	});

	it('does not take an older profile of the same name for the one made', async () => {
		await run({ operation: 'create', displayName: 'Pilot' });
		emulator.store.data.configurations[
			emulator.store.data.configurations.length - 1
		].createdDateTime = '2020-01-01T00:00:00Z';
		emulator.log.length = 0;
		emulator.arm({
			kind: 'status',
			status: 504,
			method: 'POST',
			pathContains: 'groupPolicyConfigurations',
		});
		const [item] = await run({ operation: 'create', displayName: 'Pilot' });
		expect(item.error).toMatch(
			/^Profile "Pilot" was most likely not created: The outcome of the request is unknown/,
		);
		expect(item.details).toMatch(
			/no profile named "Pilot" created since .* exists\. Nothing was sent again/,
		);
		expect(stored('Pilot')).toHaveLength(1);
		expect(requests('POST')).toHaveLength(1);
		expect(requests('GET')).toHaveLength(2);
	});

	it('creates one profile per item, each output paired with its item', async () => {
		const output = await run((i) => ({ operation: 'create', displayName: `Ring ${i}` }), 3);
		expect(output.map((o) => o.displayName)).toEqual(['Ring 0', 'Ring 1', 'Ring 2']);
		expect(requests('POST')).toHaveLength(3);
	});
});

describe('Update', () => {
	it('changes only the fields set and outputs the profile as it is now', async () => {
		const [item] = await run({
			operation: 'update',
			groupPolicyConfigurationId: rl(IDS.configuration),
			updateFields: { displayName: 'Contoso LOB (pilot)', roleScopeTagIds: ['0', '2'] },
		});
		expect(item).toMatchObject({
			id: IDS.configuration,
			displayName: 'Contoso LOB (pilot)',
			description: 'Custom ADMX settings for the Contoso app',
			roleScopeTagIds: ['0', '2'],
		});
		const [patch] = requests('PATCH', `${PROFILES}/${IDS.configuration}`);
		expect(patch.body).toEqual({ displayName: 'Contoso LOB (pilot)', roleScopeTagIds: ['0', '2'] });
		expect(graphLog().map((e) => e.method)).toEqual(['PATCH', 'GET']);
	});

	it('clears the description when it is added empty', async () => {
		await run({
			operation: 'update',
			groupPolicyConfigurationId: rl(IDS.configuration, 'id'),
			updateFields: { description: '' },
		});
		expect(emulator.store.data.configurations[0].description).toBe('');
	});

	it('refuses an update that sets nothing, or an empty name, before sending', async () => {
		const output = await run(
			(i) => ({
				operation: 'update',
				groupPolicyConfigurationId: rl(IDS.configuration),
				updateFields: i === 0 ? {} : { displayName: '' },
			}),
			2,
		);
		expect(output.map((o) => o.error)).toEqual([
			'Parameter "updateFields" sets nothing to update (item 0)',
			'Parameter "updateFields.displayName" is empty (item 1)',
		]);
		expect(graphLog()).toHaveLength(0);
	});

	it('sends an update of unknown outcome once more', async () => {
		emulator.arm({ kind: 'dropAfterHandling', method: 'PATCH' });
		const [item] = await run({
			operation: 'update',
			groupPolicyConfigurationId: rl(IDS.configuration),
			updateFields: { description: 'Rolled out' },
		});
		expect(item.description).toBe('Rolled out');
		expect(graphLog().map((e) => e.method)).toEqual(['PATCH', 'PATCH', 'GET']);
	});

	it("fails with Graph's answer for a profile that does not exist", async () => {
		const [item] = await run({
			operation: 'update',
			groupPolicyConfigurationId: rl('00000000-1111-4222-8333-444444444444'),
			updateFields: { description: 'x' },
		});
		expect(item.error).toMatch(/^Microsoft Graph returned 404: ResourceNotFound/);
	});
});

describe('Delete', () => {
	it('deletes the profile and outputs deleted with its ID', async () => {
		const [item] = await run({
			operation: 'delete',
			groupPolicyConfigurationId: rl(
				`${emulator.url}/beta/deviceManagement/groupPolicyConfigurations/${IDS.configuration}`,
				'url',
			),
		});
		expect(item).toEqual({ deleted: true, id: IDS.configuration });
		expect(emulator.store.data.configurations.some((c) => c.id === IDS.configuration)).toBe(false);
	});

	it('after an unknown outcome, reads the profile: gone means deleted, with one DELETE sent', async () => {
		emulator.arm({ kind: 'dropAfterHandling', method: 'DELETE' });
		const [item] = await run({
			operation: 'delete',
			groupPolicyConfigurationId: rl(IDS.configuration),
		});
		expect(item).toEqual({ deleted: true, id: IDS.configuration });
		expect(graphLog().map((e) => `${e.method} ${e.status}`)).toEqual(['DELETE 204', 'GET 404']);
	});

	it('after an outcome that did not happen, deletes again', async () => {
		emulator.arm({ kind: 'status', status: 504, method: 'DELETE' });
		const [item] = await run({
			operation: 'delete',
			groupPolicyConfigurationId: rl(IDS.configuration),
		});
		expect(item).toEqual({ deleted: true, id: IDS.configuration });
		expect(graphLog().map((e) => e.method)).toEqual(['DELETE', 'GET', 'DELETE']);
	});

	it('refuses an ID that is not one before sending', async () => {
		const [item] = await run({
			operation: 'delete',
			groupPolicyConfigurationId: rl('../groupPolicyDefinitionFiles', 'id'),
		});
		expect(item.error).toMatch(
			/^Parameter "groupPolicyConfigurationId" contains the character "\/"/,
		);
		expect(graphLog()).toHaveLength(0);
	});
});

describe('Get and Get Many', () => {
	it('gets a profile chosen from the list, by ID or by URL', async () => {
		const url = `https://graph.microsoft.com/beta/deviceManagement/groupPolicyConfigurations('${IDS.configuration}')`;
		const output = await run(
			(i) => ({
				operation: 'get',
				groupPolicyConfigurationId: [
					rl(IDS.configuration),
					rl(IDS.configuration, 'id'),
					rl(url, 'url'),
				][i],
			}),
			3,
		);
		expect(output.map((o) => [o.id, o.displayName])).toEqual(
			Array(3).fill([IDS.configuration, 'Contoso LOB baseline']),
		);
	});

	it('gets many profiles in one $batch when asked to', async () => {
		const output = await run(
			{
				operation: 'get',
				groupPolicyConfigurationId: rl(IDS.configuration),
				options: { batchRequests: true },
			},
			3,
		);
		expect(output.map((o) => o.id)).toEqual(Array(3).fill(IDS.configuration));
		expect(graphLog().filter((e) => e.path === '/beta/$batch')).toHaveLength(1);
	});

	it('lists profiles up to the limit, or all of them across pages', async () => {
		const [limited, all] = await Promise.all([
			run({ operation: 'getAll', limit: 3 }),
			run({ operation: 'getAll', returnAll: true }),
		]);
		expect(limited).toHaveLength(3);
		expect(all).toHaveLength(emulator.store.data.configurations.length);
		expect(all.length).toBeGreaterThan(10);
	});

	it('filters by a part of the name on Graph', async () => {
		const output = await run({
			operation: 'getAll',
			returnAll: true,
			filters: { displayNameContains: 'office 2' },
		});
		expect(output.map((o) => o.displayName)).toEqual([
			'Branch office 20',
			'Branch office 21',
			'Branch office 22',
			'Branch office 23',
			'Branch office 24',
			'Branch office 25',
			'Branch office 26',
			'Branch office 27',
			'Branch office 28',
		]);
		const [call] = requests('GET');
		expect(new URLSearchParams(call.query).get('$filter')).toBe("contains(displayName,'office 2')");
	});

	it('refuses a limit below one before sending', async () => {
		const [item] = await run({ operation: 'getAll', limit: 0 });
		expect(item.error).toMatch(/^Parameter "limit" must be a whole number of at least 1/);
		expect(graphLog()).toHaveLength(0);
	});
});

describe('the profile list', () => {
	it('lists a new profile by its name, for every profile locator', async () => {
		await run({ operation: 'create', displayName: 'Zeta rollout' });
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const node = new MicrosoftIntuneGroupPolicy();
		const found = await node.methods.listSearch.searchGroupPolicyConfigurations.call(
			context,
			'zeta',
		);
		expect(found.results).toEqual([{ name: 'Zeta rollout', value: stored('Zeta rollout')[0].id }]);
	});
});
