import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS } from '../emulator/data';
import type { LogEntry } from '../emulator/emulator';
import { GraphEmulator } from '../emulator/emulator';
import { FABRIKAM_PATHS, generatedPolicies, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { ContextOptions } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';
import { heldSettings } from '../helpers/heldSettings';

/*
 * Set Settings against the emulator over loopback: settings of an uploaded ADMX file by name path,
 * every input kind through updateDefinitionValues, one write per profile, refusals before anything
 * is sent, idempotence, built-in twins, files uploaded again, and unknown outcomes.
 */

jest.setTimeout(60_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: 40 } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const B = FABRIKAM_PATHS.browser;
const PATHS = {
	telemetry: `${B}\\Disable Telemetry (machine)`,
	homeMachine: `${B}\\Home Page (machine)`,
	homeUser: `${B}\\Home Page (user)`,
	cache: `${B}\\Cache Size (machine)`,
	channel: `${B}\\Update Channel (machine)`,
	download: `${FABRIKAM_PATHS.network}\\Max Download Size (machine)`,
	sites: `${B}\\Allowed Sites (machine)`,
	extensions: `${FABRIKAM_PATHS.extensions}\\Extension Settings (machine)`,
	proxy: `${FABRIKAM_PATHS.network}\\Proxy (user)`,
};
const V = '#microsoft.graph.groupPolicyPresentationValue';

const customTelemetryId = () =>
	emulator.store.data.definitions.find(
		(d) => d.displayName === 'Disable Telemetry' && d.policyType === 'admxIngested',
	)!.id;

function seedChain() {
	emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
	return emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.app);
}

function newProfile(displayName = 'Fabrikam Browser baseline'): string {
	return String(emulator.store.profiles.create({ displayName }, emulator.url).createdId);
}

type Parameters = (i: number) => IDataObject;

async function run(parameters: Parameters, items = 1, extra: Partial<ContextOptions> = {}) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters,
		items,
		continueOnFail: true,
		...extra,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
}

const profileLocator = (id: string) => ({ __rl: true, mode: 'id', value: id });

function fields(
	profileId: string,
	setting: string | IDataObject,
	state: string,
	values: IDataObject | null = null,
	options: IDataObject = {},
): IDataObject {
	return {
		resource: 'groupPolicyConfiguration',
		operation: 'setSettings',
		groupPolicyConfigurationId: profileLocator(profileId),
		defineSettings: 'fields',
		setting:
			typeof setting === 'string' ? { __rl: true, mode: 'namePath', value: setting } : setting,
		state,
		values: { mappingMode: 'defineBelow', value: values, matchingColumns: [], schema: [] },
		options,
	};
}

function json(profileId: string, settings: unknown, options: IDataObject = {}): IDataObject {
	return {
		resource: 'groupPolicyConfiguration',
		operation: 'setSettings',
		groupPolicyConfigurationId: profileLocator(profileId),
		defineSettings: 'json',
		settingsJson: JSON.stringify(settings),
		options,
	};
}

const graphRequests = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));
/** Requests that went over the wire: a $batch counts once. */
const wireRequests = () => graphRequests().filter((e) => e.batch === undefined);
const writes = () =>
	emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith('/updateDefinitionValues'));
const profileReads = () =>
	graphRequests().filter((e) => e.method === 'GET' && e.path.endsWith('/definitionValues'));
const catalogReads = () =>
	graphRequests().filter(
		(e) =>
			e.method === 'GET' &&
			e.path.endsWith('/groupPolicyDefinitions') &&
			e.query.includes('admxIngested'),
	);
const bodyOf = (entry: LogEntry) => entry.body as IDataObject;

/** The profile's settings as the emulator holds them: name path -> enabled and values by label. */
const held = (profileId: string) => heldSettings(emulator.store.data, profileId);

const EVERY_KIND = [
	{ setting: PATHS.telemetry, state: 'enabled' },
	{
		setting: PATHS.homeMachine,
		state: 'enabled',
		values: { 'Home page URL': 'https://intra.fabrikam.com' },
	},
	{ setting: PATHS.homeUser, state: 'disabled' },
	{
		setting: PATHS.cache,
		state: 'enabled',
		values: { 'Cache size (MB)': 300, 'Clear cache on exit': 'true' },
	},
	{ setting: PATHS.channel, state: 'enabled', values: { Channel: 'Beta' } },
	{ setting: PATHS.download, state: 'enabled', values: { Bytes: '10000000000' } },
	{
		setting: PATHS.sites,
		state: 'enabled',
		values: { Sites: 'https://a.fabrikam.com\nhttps://b.fabrikam.com' },
	},
	{
		setting: PATHS.extensions,
		state: 'enabled',
		values: {
			Extensions: { 'ext-one': 'force_installed', 'ext-two': 'blocked' },
			'Input 2': ['bad-ext'],
			'Input 3': 'https://updates.fabrikam.com',
		},
	},
	{
		setting: PATHS.proxy,
		state: 'enabled',
		values: { 'Proxy server': 'proxy.fabrikam.com', Port: '3128' },
	},
];

describe('Set Settings', () => {
	it('sets every input kind by name path in one updateDefinitionValues, as Graph expects it', async () => {
		seedChain();
		const profile = newProfile();
		const out = await run(() => json(profile, EVERY_KIND));
		expect(out.map((o) => o.json.error)).toEqual(out.map(() => undefined));
		expect(
			out.map((o) => [o.json.setting && (o.json.setting as IDataObject).namePath, o.json.change]),
		).toEqual(EVERY_KIND.map((s) => [s.setting, 'added']));
		expect(writes()).toHaveLength(1);
		const body = bodyOf(writes()[0]);
		expect(Object.keys(body).sort()).toEqual(['added', 'deletedIds', 'updated']);
		expect(body.updated).toEqual([]);
		expect(body.deletedIds).toEqual([]);
		const added = body.added as IDataObject[];
		expect(added).toHaveLength(9);
		for (const a of added) {
			expect(String(a['definition@odata.bind'])).toMatch(
				new RegExp(`^${emulator.url}/beta/deviceManagement/groupPolicyDefinitions\\('[^']+'\\)$`),
			);
		}
		const types = added.map((a) =>
			(a.presentationValues as IDataObject[]).map((p) => String(p['@odata.type']).slice(V.length)),
		);
		expect(types).toEqual([
			[],
			['Text'],
			[],
			['Decimal', 'Boolean'],
			['Text'],
			['LongDecimal'],
			['MultiText'],
			['List', 'List', 'Text'],
			['Text', 'Decimal'],
		]);
		expect(held(profile)).toEqual({
			[PATHS.telemetry]: { enabled: true, values: {} },
			[PATHS.homeMachine]: {
				enabled: true,
				values: { 'Home page URL': 'https://intra.fabrikam.com' },
			},
			[PATHS.homeUser]: { enabled: false, values: {} },
			[PATHS.cache]: {
				enabled: true,
				values: { 'Cache size (MB)': 300, 'Clear cache on exit': true },
			},
			[PATHS.channel]: { enabled: true, values: { Channel: 'beta' } },
			[PATHS.download]: { enabled: true, values: { Bytes: 10000000000 } },
			[PATHS.sites]: {
				enabled: true,
				values: { Sites: ['https://a.fabrikam.com', 'https://b.fabrikam.com'] },
			},
			[PATHS.extensions]: {
				enabled: true,
				values: expect.objectContaining({
					Extensions: [
						{ name: 'ext-one', value: 'force_installed' },
						{ name: 'ext-two', value: 'blocked' },
					],
				}) as unknown as IDataObject,
			},
			[PATHS.proxy]: {
				enabled: true,
				values: { 'Proxy server': 'proxy.fabrikam.com', Port: 3128 },
			},
		});
		const extensionValues = Object.values(held(profile)[PATHS.extensions].values as IDataObject);
		expect(extensionValues).toContainEqual([{ name: 'bad-ext', value: null }]);
		expect(extensionValues).toContain('https://updates.fabrikam.com');
		expect(out[3].json).toEqual({
			groupPolicyConfigurationId: profile,
			change: 'added',
			state: 'enabled',
			setting: expect.objectContaining({
				displayName: 'Cache Size',
				categoryPath: B,
				classType: 'machine',
				policyType: 'admxIngested',
				definitionFile: { id: expect.any(String), fileName: 'fabrikambrowser.admx' },
			}),
			values: { 'Cache size (MB)': 300, 'Clear cache on exit': true },
		});
		expect(out[7].json.values).toEqual({
			Extensions: [
				{ name: 'ext-one', value: 'force_installed' },
				{ name: 'ext-two', value: 'blocked' },
			],
			'Input 2': ['bad-ext'],
			'Input 3': 'https://updates.fabrikam.com',
		});
	});

	it('a second run of the same workflow sends nothing', async () => {
		seedChain();
		const profile = newProfile();
		await run(() => json(profile, EVERY_KIND));
		emulator.log.length = 0;
		const out = await run(() => json(profile, EVERY_KIND));
		expect(out.map((o) => o.json.change)).toEqual(EVERY_KIND.map(() => 'unchanged'));
		expect(writes()).toHaveLength(0);
		// The catalog, the profile, and the values of its 7 enabled settings with inputs in one $batch.
		expect(wireRequests().map((e) => `${e.method} ${e.path.split('/').slice(-1)[0]}`)).toEqual([
			'GET groupPolicyDefinitions',
			'GET definitionValues',
			'POST $batch',
		]);
	});

	it('sets one setting from the fields, by name path, from the list, or by ID, with defaults', async () => {
		seedChain();
		const profile = newProfile();
		const cacheId = emulator.store.data.definitions.find(
			(d) => d.displayName === 'Cache Size' && d.policyType === 'admxIngested',
		)!.id;
		const out = await run(
			(i) =>
				[
					fields(profile, PATHS.cache, 'enabled', { 'Cache size (MB)': 1000 }),
					fields(profile, { __rl: true, mode: 'list', value: PATHS.homeMachine }, 'enabled', null),
					fields(profile, { __rl: true, mode: 'id', value: cacheId }, 'enabled', {
						'Input 1': 1000,
						'Input 2': false,
					}),
					fields(profile, `  ${PATHS.proxy.toUpperCase()}  `, 'disabled', { ignored: 1 }),
				][i],
			4,
		);
		expect(out.map((o) => o.json.error ?? o.json.change)).toEqual([
			'added',
			'added',
			'added',
			'added',
		]);
		expect(out[1].json.values).toEqual({ 'Home page URL': 'https://www.fabrikam.com' });
		expect(out[3].json.state).toBe('disabled');
		expect(writes()).toHaveLength(1);
		expect(held(profile)[PATHS.cache]).toEqual({
			enabled: true,
			values: { 'Cache size (MB)': 1000, 'Clear cache on exit': false },
		});
	});

	it('updates values by their IDs, disables, and removes settings', async () => {
		seedChain();
		const profile = newProfile();
		await run(() =>
			json(profile, [
				{ setting: PATHS.cache, state: 'enabled', values: { 'Cache size (MB)': 300 } },
				{ setting: PATHS.channel, state: 'enabled' },
				{ setting: PATHS.telemetry, state: 'enabled' },
			]),
		);
		const before = emulator.store.data.presentationValues.map((pv) => pv.id);
		emulator.log.length = 0;
		const out = await run(() =>
			json(profile, [
				{ setting: PATHS.cache, state: 'enabled', values: { 'Cache size (MB)': 400 } },
				{ setting: PATHS.channel, state: 'disabled' },
				{ setting: PATHS.telemetry, state: 'notConfigured' },
				{ setting: PATHS.proxy, state: 'notConfigured' },
			]),
		);
		expect(out.map((o) => o.json.change)).toEqual(['updated', 'updated', 'removed', 'unchanged']);
		expect(writes()).toHaveLength(1);
		const body = bodyOf(writes()[0]);
		expect(body.added).toEqual([]);
		expect((body.deletedIds as string[]).length).toBe(1);
		const [cacheUpdate, channelUpdate] = body.updated as IDataObject[];
		expect(channelUpdate).toEqual({
			id: expect.any(String),
			enabled: false,
			presentationValues: [],
		});
		const pvs = cacheUpdate.presentationValues as IDataObject[];
		expect(pvs.map((p) => before.includes(String(p.id)))).toEqual([true, true]);
		expect(held(profile)).toEqual({
			[PATHS.cache]: {
				enabled: true,
				values: { 'Cache size (MB)': 400, 'Clear cache on exit': false },
			},
			[PATHS.channel]: { enabled: false, values: {} },
		});
	});

	it('100 items on one profile: one catalog read, one profile read, one write', async () => {
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const bench = generatedPolicies(100);
		emulator.store.lifecycle.seedPolicies(bench);
		const profile = newProfile('Bench');
		const valueFor: Record<string, unknown> = {
			none: null,
			checkBox: true,
			textBox: 'text',
			decimalTextBox: 5,
			longDecimalTextBox: '123',
			dropdownList: 'High',
			multiTextBox: 'a\nb',
			listBox: ['x', 'y'],
		};
		const parameters = (i: number) => {
			const policy = bench.policies[i];
			const value = valueFor[policy.kind];
			return fields(
				profile,
				`\\Fabrikam\\Fabrikam Bench\\${policy.displayName} (machine)`,
				'enabled',
				value === null ? null : { [`Value ${i + 1}`]: value },
			);
		};
		const out = await run(parameters, 100);
		expect(out.filter((o) => o.json.error)).toEqual([]);
		expect(out.map((o) => o.json.change)).toEqual(Array(100).fill('added'));
		expect(catalogReads()).toHaveLength(1);
		expect(profileReads()).toHaveLength(1);
		expect(writes()).toHaveLength(1);
		expect(wireRequests()).toHaveLength(3);
		expect((bodyOf(writes()[0]).added as unknown[]).length).toBe(100);

		emulator.log.length = 0;
		const again = await run(parameters, 100);
		expect(again.map((o) => o.json.change)).toEqual(Array(100).fill('unchanged'));
		expect(writes()).toHaveLength(0);
		// The catalog, the profile, then the values of the 87 settings with inputs (the 13 on/off
		// ones have none) in $batch of at most 20 (the pacer may split one when many are in flight).
		const batches = wireRequests().filter((e) => e.path === '/beta/$batch');
		expect(wireRequests()).toHaveLength(2 + batches.length);
		expect(batches.length).toBeLessThanOrEqual(6);
		const parts = batches.map((b) => ((b.body as IDataObject).requests as unknown[]).length);
		expect(parts.reduce((a, b) => a + b, 0)).toBe(87);
		expect(Math.max(...parts)).toBe(20);
	});
});

describe('Set Settings refuses before sending anything', () => {
	async function refusal(settings: unknown[], options: IDataObject = {}) {
		seedChain();
		const profile = newProfile();
		let thrown: Error | undefined;
		try {
			await run(() => json(profile, settings, options), 1, { continueOnFail: false });
		} catch (error) {
			thrown = error as Error;
		}
		expect(thrown).toBeDefined();
		expect(writes()).toHaveLength(0);
		expect(profileReads()).toHaveLength(0);
		return {
			message: thrown!.message,
			description: String((thrown as { description?: string }).description),
		};
	}

	it('a name path that matches nothing, listing near candidates', async () => {
		const { message, description } = await refusal([
			{ setting: `${B}\\Disable Telemetri (machine)`, state: 'enabled' },
		]);
		expect(message).toBe(
			`Settings JSON entry 0, setting "${B}\\Disable Telemetri (machine)": no setting from an uploaded ` +
				'ADMX file has this name path (item 0)',
		);
		expect(description).toContain(`Near: ${PATHS.telemetry} [uploaded file fabrikambrowser.admx`);
		expect(description).toContain('set Definition Source to Built-In or Any');
		expect(description).toContain('Nothing was sent for this item.');
	});

	it('an input the setting does not have, listing its inputs', async () => {
		const { message, description } = await refusal([
			{ setting: PATHS.cache, state: 'enabled', values: { 'Cache size': 300 } },
		]);
		expect(message).toBe(
			`Settings JSON entry 0, setting "${PATHS.cache}", input "Cache size": is not an input of ` +
				'this setting (item 0)',
		);
		expect(description).toContain('Its inputs: "Cache size (MB)", "Clear cache on exit".');
	});

	it.each([
		[{ 'Clear cache on exit': 'yes' }, 'Clear cache on exit', 'must be true or false, not "yes"'],
		[{ 'Cache size (MB)': 6000 }, 'Cache size (MB)', 'is 6000, above the maximum 5000'],
		[
			{ 'Cache size (MB)': null },
			'Cache size (MB)',
			'is required while the setting is enabled, and is empty',
		],
	])('a wrong value: %j', async (values, input, problem) => {
		const { message } = await refusal([{ setting: PATHS.cache, state: 'enabled', values }]);
		expect(message).toBe(
			`Settings JSON entry 0, setting "${PATHS.cache}", input "${input}": ${problem} (item 0)`,
		);
	});

	it('a dropdown value not among its items, listing them', async () => {
		const { message, description } = await refusal([
			{ setting: PATHS.channel, state: 'enabled', values: { Channel: 'Canary' } },
		]);
		expect(message).toMatch(/input "Channel": has "Canary", which is not among its items/);
		expect(description).toContain('Stable (stable), Beta (beta), Nightly (nightly)');
	});

	it('a text over its maximum length', async () => {
		const { message } = await refusal([
			{
				setting: PATHS.homeMachine,
				state: 'enabled',
				values: { 'Home page URL': 'x'.repeat(201) },
			},
		]);
		expect(message).toMatch(
			/input "Home page URL": is 201 characters long; at most 200 are allowed/,
		);
	});

	it('the same setting twice for one profile with different values', async () => {
		const { message } = await refusal([
			{ setting: PATHS.cache, state: 'enabled', values: { 'Cache size (MB)': 300 } },
			{ setting: PATHS.cache.toLowerCase(), state: 'enabled', values: { 'Cache size (MB)': 400 } },
		]);
		expect(message).toMatch(
			/^Settings JSON entry 1, setting .*: set differently by Settings JSON entry 0/,
		);
	});

	it('across items: the failing item is named, nothing at all is sent', async () => {
		seedChain();
		const profile = newProfile();
		const items = [
			fields(profile, PATHS.cache, 'enabled', { 'Cache size (MB)': 300 }),
			fields(profile, PATHS.cache, 'enabled', { 'Cache size (MB)': 400 }),
		];
		await expect(run((i) => items[i], 2, { continueOnFail: false })).rejects.toThrow(
			`Setting "${PATHS.cache}": set differently by item 0 for profile ${profile} (item 1)`,
		);
		expect(writes()).toHaveLength(0);
		expect(profileReads()).toHaveLength(0);
	});

	it('with Continue On Fail, the failing items fail and the others are written once', async () => {
		seedChain();
		const profile = newProfile();
		const items = [
			fields(profile, PATHS.cache, 'enabled', { 'Cache size (MB)': 1 }),
			fields(profile, PATHS.telemetry, 'enabled'),
			fields(profile, `${B}\\Nope (machine)`, 'enabled'),
			fields(profile, PATHS.channel, 'enabled', { Channel: 'nightly' }),
		];
		const out = await run((i) => items[i], 4);
		expect(out.map((o) => (o.json.error ? 'error' : o.json.change))).toEqual([
			'error',
			'added',
			'error',
			'added',
		]);
		expect(writes()).toHaveLength(1);
		expect(Object.keys(held(profile)).sort()).toEqual([PATHS.telemetry, PATHS.channel].sort());
	});
});

describe('built-in twins', () => {
	it('Custom (the default) picks the uploaded setting; Built-In the built-in one', async () => {
		seedChain();
		const profile = newProfile();
		const other = newProfile('Built-in');
		const out = await run(
			(i) =>
				[
					fields(profile, PATHS.telemetry, 'enabled'),
					fields(other, PATHS.telemetry, 'enabled', null, { definitionSource: 'builtIn' }),
				][i],
			2,
		);
		expect((out[0].json.setting as IDataObject).policyType).toBe('admxIngested');
		expect((out[1].json.setting as IDataObject).id).toBe(IDS.builtInTelemetryDefinition);
		expect(writes()).toHaveLength(2);
	});

	it('Any refuses a name path matching both, listing them', async () => {
		seedChain();
		const profile = newProfile();
		const [item] = await run(() =>
			fields(profile, PATHS.telemetry, 'enabled', null, { definitionSource: 'any' }),
		);
		expect(item.json.error).toBe(
			`Setting "${PATHS.telemetry}": this name path matches 2 settings: ${PATHS.telemetry} ` +
				`[uploaded file fabrikambrowser.admx, ID ${
					emulator.store.data.definitions.find(
						(d) => d.displayName === 'Disable Telemetry' && d.policyType === 'admxIngested',
					)!.id
				}]; ${PATHS.telemetry} [built-in template, ID ${IDS.builtInTelemetryDefinition}] (item 0)`,
		);
		expect(String(item.json.details)).toMatch(/^Set Definition Source to Custom or Built-In/);
		expect(writes()).toHaveLength(0);
	});

	it('Any takes the one match there is; By ID honours the source', async () => {
		seedChain();
		const profile = newProfile();
		const out = await run(
			(i) =>
				[
					fields(profile, PATHS.cache, 'enabled', null, { definitionSource: 'any' }),
					fields(
						profile,
						{ __rl: true, mode: 'id', value: IDS.builtInTelemetryDefinition },
						'enabled',
					),
					fields(profile, `${B}\\Nothing (machine)`, 'enabled', null, {
						definitionSource: 'builtIn',
					}),
					fields(profile, { __rl: true, mode: 'id', value: customTelemetryId() }, 'enabled', null, {
						definitionSource: 'builtIn',
					}),
					fields(profile, `${B}\\No class`, 'enabled', null, { definitionSource: 'builtIn' }),
					fields(profile, { __rl: true, mode: 'id', value: 'no-such-id' }, 'enabled'),
				][i],
			6,
		);
		expect(out[3].json.error).toMatch(
			/is a setting from an uploaded ADMX file .* not a built-in one/,
		);
		expect(out[4].json.error).toMatch(/no built-in setting has this name path/);
		expect(out[5].json.error).toMatch(/: no setting has this ID \(item 5\)$/);
		expect(out[0].json.change).toBe('added');
		expect(out[1].json.error).toMatch(
			/is a built-in setting .* not one from an uploaded ADMX file/,
		);
		expect(out[2].json.error).toMatch(/no built-in setting has this name path/);
	});
});

describe('files uploaded again', () => {
	it('the same workflow finds the settings by name under their new IDs', async () => {
		seedChain();
		const first = newProfile();
		const [before] = await run(() => fields(first, PATHS.channel, 'enabled', { Channel: 'beta' }));
		emulator.reset();
		seedChain();
		const second = newProfile();
		const [after] = await run(() => fields(second, PATHS.channel, 'enabled', { Channel: 'beta' }));
		expect(after.json.change).toBe('added');
		expect((after.json.setting as IDataObject).id).not.toBe(
			(before.json.setting as IDataObject).id,
		);
	});
});

describe('exactly once', () => {
	it('an unknown outcome is read back before anything is resent: nothing is added twice', async () => {
		seedChain();
		const profile = newProfile();
		emulator.faults.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: '/updateDefinitionValues',
		});
		const out = await run(() => json(profile, EVERY_KIND.slice(0, 4)));
		expect(out.map((o) => o.json.error ?? o.json.change)).toEqual([
			'added',
			'added',
			'added',
			'added',
		]);
		expect(writes()).toHaveLength(1);
		expect(profileReads()).toHaveLength(2);
		expect(
			emulator.store.data.definitionValues.filter((v) => v.configurationId === profile),
		).toHaveLength(4);
	});

	it('a write that never arrived is sent again once the profile shows it missing', async () => {
		seedChain();
		const profile = newProfile();
		emulator.faults.arm({ kind: 'drop', method: 'POST', pathContains: '/updateDefinitionValues' });
		const out = await run(() => json(profile, EVERY_KIND.slice(0, 2)));
		expect(out.map((o) => o.json.error ?? o.json.change)).toEqual(['added', 'added']);
		expect(writes()).toHaveLength(2);
		expect(
			emulator.store.data.definitionValues.filter((v) => v.configurationId === profile),
		).toHaveLength(2);
	});

	it("a run stopped at one profile's failure sends nothing more for another", async () => {
		seedChain();
		const failing = newProfile('Failing');
		const other = newProfile('Other');
		emulator.faults.arm(
			{
				kind: 'status',
				status: 400,
				method: 'POST',
				pathContains: `${failing}/updateDefinitionValues`,
			},
			{ kind: 'latency', ms: 300, method: 'GET', pathContains: `${other}/definitionValues` },
		);
		const items = [
			fields(failing, PATHS.telemetry, 'enabled', null, { maxConcurrentRequests: 2 }),
			fields(other, PATHS.telemetry, 'enabled', null, { maxConcurrentRequests: 2 }),
			fields(other, PATHS.channel, 'enabled', null, { maxConcurrentRequests: 2 }),
		];
		await expect(run((i) => items[i], 3, { continueOnFail: false })).rejects.toThrow(
			/^Microsoft Graph returned 400/,
		);
		expect(writes()).toHaveLength(1);
		expect(held(other)).toEqual({});
	});

	it('a failed write fails every item of the profile, naming the one that wrote', async () => {
		seedChain();
		const profile = newProfile();
		emulator.faults.arm({
			kind: 'status',
			status: 400,
			method: 'POST',
			pathContains: '/updateDefinitionValues',
		});
		const out = await run(
			(i) =>
				[fields(profile, PATHS.telemetry, 'enabled'), fields(profile, PATHS.channel, 'disabled')][
					i
				],
			2,
		);
		expect(out[0].json.error).toMatch(/^Microsoft Graph returned 400/);
		expect(out[1].json.error).toMatch(
			/^The settings of profile .* were not written: Microsoft Graph returned 400/,
		);
		expect(String(out[1].json.details)).toMatch(/^Item 0 wrote the settings of this profile/);
	});
});
