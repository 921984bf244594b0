import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import type { SettingJson } from '../fixtures/admxPolicies';
import {
	CHAIN_SETTINGS,
	FABRIKAM_PATHS,
	generatedPolicies,
	POLICIES_CHAIN,
} from '../fixtures/admxPolicies';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';
import { createLoadOptionsContext } from '../helpers/loadOptionsContext';

/*
 * Reading settings against the emulator over loopback: Get Settings (values under the keys Set
 * Settings accepts, read in $batch, fed back into another profile), the Setting list, and the
 * Values mapper's fields.
 */

jest.setTimeout(60_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: 40 } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const B = FABRIKAM_PATHS.browser;
const node = new MicrosoftIntuneGroupPolicy();

function seedChain() {
	emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
	return emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.app);
}

const newProfile = (displayName = 'Fabrikam Browser baseline') =>
	String(emulator.store.profiles.create({ displayName }, emulator.url).createdId);

async function run(parameters: (i: number) => IDataObject, items = 1) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters,
		items,
		continueOnFail: true,
	});
	return (await node.execute.call(test.context))[0].map((o) => o.json);
}

const profileLocator = (id: string) => ({ __rl: true, mode: 'id', value: id });
const setJson = (profileId: string, settings: unknown, options: IDataObject = {}): IDataObject => ({
	resource: 'groupPolicyConfiguration',
	operation: 'setSettings',
	groupPolicyConfigurationId: profileLocator(profileId),
	defineSettings: 'json',
	settingsJson: settings as IDataObject[],
	options,
});
const getSettings = (profileId: string, options: IDataObject = {}) => ({
	resource: 'groupPolicyConfiguration',
	operation: 'getSettings',
	groupPolicyConfigurationId: profileLocator(profileId),
	options,
});
const wireRequests = () =>
	emulator.log.filter((e) => e.path.startsWith('/beta/') && e.batch === undefined);

const SETTINGS: SettingJson[] = [
	...CHAIN_SETTINGS,
	{
		setting: `${FABRIKAM_PATHS.network}\\Max Download Size (machine)`,
		state: 'enabled',
		values: { Bytes: 2048 },
	},
];

describe('Get Settings', () => {
	it("outputs each setting with its values under the keys Set Settings takes, and its inputs' details", async () => {
		seedChain();
		const profile = newProfile();
		await run(() => setJson(profile, SETTINGS));
		const items = await run(() => getSettings(profile));
		const byPath = Object.fromEntries(
			items.map((item) => [(item.setting as IDataObject).namePath, item]),
		);
		expect(Object.keys(byPath).sort()).toEqual(SETTINGS.map((s) => s.setting).sort());
		for (const wanted of SETTINGS) {
			const item = byPath[wanted.setting];
			expect(item.state).toBe(wanted.state);
			if (wanted.state === 'enabled') expect(item.values).toEqual(wanted.values ?? {});
		}
		const channel = byPath[`${B}\\Update Channel (machine)`];
		expect(channel).toEqual({
			groupPolicyConfigurationId: profile,
			definitionValueId: expect.any(String),
			state: 'enabled',
			setting: {
				id: expect.any(String),
				displayName: 'Update Channel',
				categoryPath: B,
				classType: 'machine',
				policyType: 'admxIngested',
				namePath: `${B}\\Update Channel (machine)`,
				definitionFile: { id: expect.any(String), fileName: 'fabrikambrowser.admx' },
			},
			values: { Channel: 'beta' },
			inputs: [
				{
					key: 'Channel',
					label: 'Channel',
					type: 'dropdownList',
					presentationId: expect.any(String),
					presentationValueId: expect.any(String),
					value: 'beta',
					valueDisplayName: 'Beta',
				},
			],
		});
		const disabled = byPath[`${B}\\Home Page (user)`];
		expect(disabled.values).toEqual({});
		expect(disabled.inputs).toEqual([
			expect.objectContaining({ key: 'Home page URL', presentationValueId: null, value: null }),
		]);
	});

	it('feeds back into Set Settings: another profile ends up the same', async () => {
		seedChain();
		const first = newProfile();
		await run(() => setJson(first, SETTINGS));
		const read = await run(() => getSettings(first));
		const second = newProfile('Copy');
		const written = await run(() => setJson(second, read));
		expect(written.map((o) => o.change)).toEqual(read.map(() => 'added'));
		const copy = await run(() => getSettings(second));
		const strip = (items: IDataObject[]) =>
			items
				.map((i) => [(i.setting as IDataObject).namePath, i.state, i.values])
				.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
		expect(strip(copy)).toEqual(strip(read));
		// And once more: nothing to change.
		emulator.log.length = 0;
		const again = await run(() => setJson(second, read));
		expect(again.map((o) => o.change)).toEqual(read.map(() => 'unchanged'));
	});

	it('reads a profile of 100 settings in at most 10 requests', async () => {
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const bench = generatedPolicies(100);
		emulator.store.lifecycle.seedPolicies(bench);
		const profile = newProfile('Bench');
		await run(() =>
			setJson(
				profile,
				bench.policies.map((p) => ({
					setting: `\\Fabrikam\\Fabrikam Bench\\${p.displayName} (machine)`,
					state: 'enabled',
				})),
			),
		);
		emulator.log.length = 0;
		const items = await run(() => getSettings(profile));
		expect(items).toHaveLength(100);
		expect(wireRequests().length).toBeLessThanOrEqual(10);
		const withInput = items.find(
			(i) => (i.setting as IDataObject).displayName === 'Bench Setting 0006',
		);
		expect(withInput?.values).toEqual({ 'Value 6': '1' });
	});

	it('shows built-in settings too, or only those of uploaded files', async () => {
		seedChain();
		const profile = newProfile();
		await run(() =>
			setJson(profile, [{ setting: { id: IDS.builtInTelemetryDefinition }, state: 'enabled' }], {
				definitionSource: 'any',
			}),
		);
		await run(() => setJson(profile, [SETTINGS[3]]));
		const all = await run(() => getSettings(profile));
		expect(all.map((i) => (i.setting as IDataObject).policyType).sort()).toEqual([
			'admxBacked',
			'admxIngested',
		]);
		const builtIn = all.find((i) => (i.setting as IDataObject).policyType === 'admxBacked')!;
		expect((builtIn.setting as IDataObject).id).toBe(IDS.builtInTelemetryDefinition);
		const custom = await run(() => getSettings(profile, { settingsFrom: 'custom' }));
		expect(custom.map((i) => (i.setting as IDataObject).displayName)).toEqual(['Update Channel']);
	});

	it('reads the seeded profiles, built-in template ones too, following pages of input values', async () => {
		emulator.configure({ pageSize: 1 });
		const items = await run(
			(i) => getSettings([IDS.configuration, IDS.builtInConfiguration][i]),
			2,
		);
		expect(items.length).toBeGreaterThanOrEqual(2);
		for (const item of items) {
			expect(item.error).toBeUndefined();
			expect(Object.keys(item.values as IDataObject).length).toBe(
				(item.inputs as IDataObject[]).filter((i) => i.presentationValueId !== null).length,
			);
		}
		const lob = items.filter((i) => i.groupPolicyConfigurationId === IDS.configuration);
		const withTwo = lob.find((i) => Object.keys(i.values as IDataObject).length === 2);
		expect(withTwo).toBeDefined();
	});

	it('outputs nothing for an empty profile, and fails for one that does not exist', async () => {
		const empty = await run(() => getSettings(newProfile()));
		expect(empty).toEqual([]);
		const [missing] = await run(() => getSettings('00000000-0000-4000-8000-000000000000'));
		expect(missing.error).toMatch(/^Microsoft Graph returned 404/);
	});
});

function loadOptions(current: IDataObject) {
	return createLoadOptionsContext(emulatorCredentials(emulator), current)
		.context as ILoadOptionsFunctions;
}

describe('the Setting list', () => {
	it("lists the uploaded files' settings, searchable, each valued by its name path", async () => {
		seedChain();
		const search = node.methods.listSearch.searchGroupPolicyDefinitions;
		const { results } = await search.call(loadOptions({}), 'home page');
		expect(results).toEqual([
			{
				name: `Home Page — ${B} (machine) · fabrikambrowser.admx`,
				value: `${B}\\Home Page (machine)`,
			},
			{
				name: `Home Page — ${B} (user) · fabrikambrowser.admx`,
				value: `${B}\\Home Page (user)`,
			},
		]);
		const everything = await search.call(loadOptions({}));
		// The 9 of fabrikambrowser.admx and the 2 of the seeded contoso-lob.admx.
		expect(everything.results.length).toBe(11);
		expect(everything.results.map((r) => r.value)).not.toContain(undefined);
	});
});

describe('the Values mapper', () => {
	const mapper = (current: IDataObject) =>
		node.methods.resourceMapping.getSettingInputs.call(loadOptions(current));
	const byPath = (value: string) => ({ setting: { __rl: true, mode: 'namePath', value } });

	it("gives the chosen setting's inputs as fields, keyed by label or Input N", async () => {
		seedChain();
		const { fields } = await mapper(
			byPath(`${FABRIKAM_PATHS.extensions}\\Extension Settings (machine)`),
		);
		expect(fields.map((f) => [f.id, f.displayName, f.type])).toEqual([
			['Extensions', 'Extensions (list, one name=value per line)', 'string'],
			['Input 2', 'Input 2, list, one entry per line', 'string'],
			['Input 3', 'Input 3, text', 'string'],
		]);
		const cache = await mapper({
			setting: { __rl: true, mode: 'list', value: `${B}\\Cache Size (machine)` },
		});
		expect(cache.fields.map((f) => [f.id, f.type, f.required, f.defaultValue])).toEqual([
			['Cache size (MB)', 'number', true, 250],
			['Clear cache on exit', 'boolean', false, false],
		]);
		const channelId = emulator.store.data.definitions.find(
			(d) => d.displayName === 'Update Channel',
		)!.id;
		const channel = await mapper({ setting: { __rl: true, mode: 'id', value: channelId } });
		expect(channel.fields[0].options).toEqual([
			{ name: 'Stable', value: 'stable' },
			{ name: 'Beta', value: 'beta' },
			{ name: 'Nightly', value: 'nightly' },
		]);
	});

	it('says why there are no fields: nothing chosen, an expression, or a setting without inputs', async () => {
		seedChain();
		expect(await mapper({ setting: { __rl: true, mode: 'list', value: '' } })).toEqual({
			fields: [],
			emptyFieldsNotice: 'Choose a setting above to see its inputs.',
		});
		expect((await mapper({ setting: '={{ $json.setting }}' })).emptyFieldsNotice).toMatch(
			/^The setting is an expression/,
		);
		expect((await mapper(byPath(`${B}\\Disable Telemetry (machine)`))).emptyFieldsNotice).toBe(
			`${B}\\Disable Telemetry (machine) has no inputs: Enabled is all there is to set.`,
		);
	});

	it('honours Definition Source, and fails for a name matching none or several', async () => {
		seedChain();
		const telemetry = `${B}\\Disable Telemetry (machine)`;
		await expect(
			mapper({ ...byPath(telemetry), options: { definitionSource: 'any' } }),
		).rejects.toThrow(`The name path ${telemetry} matches 2 settings`);
		expect(
			(await mapper({ ...byPath(telemetry), options: { definitionSource: 'builtIn' } })).fields,
		).toEqual([]);
		await expect(mapper(byPath(`${B}\\Nothing (machine)`))).rejects.toThrow(
			`No setting has the name path ${B}\\Nothing (machine)`,
		);
		await expect(mapper({ setting: { __rl: true, mode: 'id', value: 'nope' } })).rejects.toThrow(
			'No setting has the ID nope',
		);
	});
});
