import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import {
	FABRIKAM_PATHS,
	generatedPolicies,
	POLICIES_CHAIN,
	uploadBody,
} from '../fixtures/admxPolicies';
import type { Json } from '../helpers/emulatorHttp';
import { appToken, emulatorControl, graphCall } from '../helpers/emulatorHttp';

/*
 * The emulator itself over loopback HTTP: the definitions it derives from uploaded ADMX and ADML, Administrative
 * Templates profiles with their settings and assignments, groups and assignment filters, as Graph answers them.
 */

jest.setTimeout(30_000);

const PROCESSING_MS = 40;
let emulator: GraphEmulator;
let token = '';

beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: PROCESSING_MS } }).start();
});
afterAll(async () => await emulator.stop());
beforeEach(async () => {
	emulator.reset();
	token = await signIn(0);
});

const signIn = async (appIndex: number) => await appToken(emulator, emulator.tenant, appIndex);
const graph = async (method: string, path: string, body?: unknown, bearer = token) =>
	await graphCall(emulator, bearer, method, path, body);
const control = async (path: string, body: unknown) => await emulatorControl(emulator, path, body);

/** Every page of a collection, following @odata.nextLink. */
async function all(path: string): Promise<Json[]> {
	const rows: Json[] = [];
	let next: string | undefined = path;
	while (next) {
		const page = await graph('GET', next);
		expect(page.status).toBe(200);
		rows.push(...(page.body.value as Json[]));
		next = page.body['@odata.nextLink'] as string | undefined;
	}
	return rows;
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const DEFINITIONS = '/deviceManagement/groupPolicyDefinitions';
const PROFILES = '/deviceManagement/groupPolicyConfigurations';
const q = (text: string) => encodeURIComponent(text);

function seedChain(): { base: Json; app: Json } {
	const base = emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
	const app = emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.app);
	return { base, app };
}

/** The app file's definitions with presentations, keyed "Display Name/classType". */
async function appDefinitions(fileId: string): Promise<Record<string, Json>> {
	const rows = await all(
		`${DEFINITIONS}?$filter=${q(`definitionFile/id eq '${fileId}'`)}&$expand=presentations,definitionFile`,
	);
	return Object.fromEntries(rows.map((d) => [`${d.displayName}/${d.classType}`, d]));
}

async function waitForStatus(fileId: string, status: string): Promise<Json> {
	for (let i = 0; i < 100; i++) {
		const file = await graph(
			'GET',
			`/deviceManagement/groupPolicyUploadedDefinitionFiles/${fileId}`,
		);
		if (file.body.status === status) return file.body;
		await sleep(PROCESSING_MS / 2);
	}
	throw new Error(`File ${fileId} never became ${status}`);
}

async function upload(file: typeof POLICIES_CHAIN.base): Promise<string> {
	const created = await graph(
		'POST',
		'/deviceManagement/groupPolicyUploadedDefinitionFiles',
		uploadBody(file),
	);
	expect(created.status).toBe(201);
	await waitForStatus(created.body.id as string, 'available');
	return created.body.id as string;
}

const bind = (definitionId: string, presentationId?: string) =>
	`${emulator.url}/beta/deviceManagement/groupPolicyDefinitions('${definitionId}')` +
	(presentationId ? `/presentations('${presentationId}')` : '');

describe('definitions derived from an uploaded ADMX and ADML', () => {
	it('lists each policy once per class, with its category path and its presentations in ADML order', async () => {
		await upload(POLICIES_CHAIN.base);
		const appId = await upload(POLICIES_CHAIN.app);
		const defs = await appDefinitions(appId);
		expect(Object.keys(defs).sort()).toEqual([
			'Allowed Sites/machine',
			'Cache Size/machine',
			'Disable Telemetry/machine',
			'Extension Settings/machine',
			'Home Page/machine',
			'Home Page/user',
			'Max Download Size/machine',
			'Proxy/user',
			'Update Channel/machine',
		]);
		expect(defs['Disable Telemetry/machine']).toMatchObject({
			'@odata.type': '#microsoft.graph.groupPolicyDefinition',
			categoryPath: FABRIKAM_PATHS.browser,
			policyType: 'admxIngested',
			explainText: 'Stops Fabrikam Browser from sending usage data.',
			supportedOn: 'Fabrikam Browser 100 or later',
			presentations: [],
			definitionFile: {
				id: appId,
				fileName: 'fabrikambrowser.admx',
				status: 'available',
				'@odata.type': '#microsoft.graph.groupPolicyUploadedDefinitionFile',
			},
		});
		expect(defs['Home Page/user'].id).not.toBe(defs['Home Page/machine'].id);
		expect(defs['Proxy/user'].categoryPath).toBe(FABRIKAM_PATHS.network);
		expect(defs['Extension Settings/machine'].categoryPath).toBe(FABRIKAM_PATHS.extensions);
		const shapes = (name: string) =>
			(defs[name].presentations as Json[]).map(({ id, lastModifiedDateTime, ...rest }) => {
				expect(typeof id).toBe('string');
				expect(typeof lastModifiedDateTime).toBe('string');
				return rest;
			});
		const P = '#microsoft.graph.groupPolicyPresentation';
		expect(shapes('Cache Size/machine')).toEqual([
			{
				'@odata.type': `${P}DecimalTextBox`,
				label: 'Cache size (MB)',
				defaultValue: 250,
				minValue: 10,
				maxValue: 5000,
				required: true,
				spin: true,
				spinStep: 10,
			},
			{ '@odata.type': `${P}CheckBox`, label: 'Clear cache on exit', defaultChecked: false },
		]);
		expect(shapes('Update Channel/machine')).toEqual([
			{
				'@odata.type': `${P}DropdownList`,
				label: 'Channel',
				defaultItem: { displayName: 'Stable', value: 'stable' },
				items: [
					{ displayName: 'Stable', value: 'stable' },
					{ displayName: 'Beta', value: 'beta' },
					{ displayName: 'Nightly', value: 'nightly' },
				],
				required: false,
			},
		]);
		expect(shapes('Extension Settings/machine')).toEqual([
			{ '@odata.type': `${P}ListBox`, label: 'Extensions', explicitValue: true, valuePrefix: null },
			{ '@odata.type': `${P}ListBox`, label: '', explicitValue: false, valuePrefix: '' },
			{
				'@odata.type': `${P}TextBox`,
				label: '',
				defaultValue: '',
				maxLength: 1023,
				required: false,
			},
		]);
		expect(shapes('Proxy/user').map((p) => [p['@odata.type'], p.label])).toEqual([
			[`${P}Text`, 'Proxy settings apply to all profiles.'],
			[`${P}TextBox`, 'Proxy server'],
			[`${P}DecimalTextBox`, 'Port'],
		]);
		expect(shapes('Max Download Size/machine')[0]).toMatchObject({ maxValue: 10000000000 });
		expect(shapes('Allowed Sites/machine')[0]).toMatchObject({ maxStrings: 50, maxLength: 1023 });
		expect(shapes('Home Page/user')[0]).toMatchObject({ maxLength: 200, required: true });
	});

	it('derives a comboBox with its default and suggestions', async () => {
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const file = emulator.store.lifecycle.seedPolicies({
			...POLICIES_CHAIN.app,
			adml: POLICIES_CHAIN.app.adml.replace(
				/<textBox refId="HomePage_Url">.*?<\/textBox>/,
				'<comboBox refId="HomePage_Url"><label>Home page URL</label><default>https://a.example</default>' +
					'<suggestion>https://a.example</suggestion><suggestion>https://b.example</suggestion></comboBox>',
			),
		});
		const [combo] = (await appDefinitions(file.id as string))['Home Page/machine'].presentations;
		expect(combo).toMatchObject({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationComboBox',
			label: 'Home page URL',
			defaultValue: 'https://a.example',
			maxLength: 200,
			required: true,
			suggestions: ['https://a.example', 'https://b.example'],
		});
	});

	it('gives new IDs on every upload and removes the definitions with the file', async () => {
		const { app } = seedChain();
		const first = await appDefinitions(app.id as string);
		expect(
			await graph(
				'POST',
				`/deviceManagement/groupPolicyUploadedDefinitionFiles/${app.id}/remove`,
				{},
			),
		).toMatchObject({ status: 204 });
		await sleep(PROCESSING_MS + 10);
		expect(await appDefinitions(app.id as string)).toEqual({});
		expect(
			emulator.store.data.presentations.some((p) => p.definitionId === first['Proxy/user'].id),
		).toBe(false);
		const again = await upload(POLICIES_CHAIN.app);
		const second = await appDefinitions(again);
		expect(Object.keys(second)).toHaveLength(9);
		expect(second['Proxy/user'].id).not.toBe(first['Proxy/user'].id);
	});

	it("lists a new file's definitions only after definitionsLagMs, set through the control API", async () => {
		expect(await control('config', { admx: { definitionsLagMs: 400 } })).toMatchObject({
			status: 204,
		});
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const appId = await upload(POLICIES_CHAIN.app);
		expect(await appDefinitions(appId)).toEqual({});
		await sleep(450);
		expect(Object.keys(await appDefinitions(appId))).toHaveLength(9);
	});

	it('answers the filters the node sends, with doubled quotes, paging and $select', async () => {
		seedChain();
		const builtIn = await graph(
			'GET',
			`${DEFINITIONS}?$filter=${q(`policyType eq 'admxBacked' and displayName eq 'Disable Telemetry' and categoryPath eq '\\Fabrikam\\Fabrikam Browser'`)}&$expand=presentations,definitionFile`,
		);
		expect(builtIn.body.value).toEqual([
			expect.objectContaining({
				id: IDS.builtInTelemetryDefinition,
				classType: 'machine',
				presentations: [],
				definitionFile: expect.objectContaining({
					id: IDS.builtInFabrikamFile,
					policyType: 'admxBacked',
				}),
			}),
		]);
		const custom = await all(
			`${DEFINITIONS}?$filter=${q("policyType eq 'admxIngested'")}&$expand=presentations,definitionFile`,
		);
		expect(custom).toHaveLength(11);
		const search = await graph(
			'GET',
			`${DEFINITIONS}?$filter=${q("policyType eq 'admxIngested' and contains(displayName,'Home')")}&$expand=definitionFile&$select=id,displayName,categoryPath,classType,policyType`,
		);
		expect(
			search.body.value.map((d: Json) => [d.displayName, d.classType, Object.keys(d).sort()]),
		).toEqual([
			[
				'Home Page',
				'machine',
				[
					'@odata.type',
					'categoryPath',
					'classType',
					'definitionFile',
					'displayName',
					'id',
					'policyType',
				],
			],
			[
				'Home Page',
				'user',
				[
					'@odata.type',
					'categoryPath',
					'classType',
					'definitionFile',
					'displayName',
					'id',
					'policyType',
				],
			],
		]);
		const quoted = await graph(
			'GET',
			`${DEFINITIONS}?$filter=${q("displayName eq 'It''s and more'")}`,
		);
		expect(quoted).toMatchObject({ status: 200, body: { value: [] } });
		const machine = await graph(
			'GET',
			`${DEFINITIONS}?$filter=${q(`classType eq 'user' and startswith(categoryPath,'\\Fabrikam')`)}`,
		);
		expect(machine.body.value.map((d: Json) => d.displayName).sort()).toEqual([
			'Home Page',
			'Proxy',
		]);
		const firstPage = await graph(
			'GET',
			`${DEFINITIONS}?$filter=${q("policyType eq 'admxIngested'")}&$top=4`,
		);
		expect(firstPage.body.value).toHaveLength(4);
		expect(firstPage.body['@odata.nextLink']).toContain('%24skiptoken=4');
	});

	it('answers a definition by ID with its presentations, and its presentations collection', async () => {
		const { app } = seedChain();
		const cache = (await appDefinitions(app.id as string))['Cache Size/machine'];
		const one = await graph(
			'GET',
			`${DEFINITIONS}/${cache.id}?$expand=presentations,definitionFile`,
		);
		expect(one.body).toMatchObject({ id: cache.id, presentations: cache.presentations });
		const list = await graph('GET', `${DEFINITIONS}/${cache.id}/presentations`);
		expect(list.body.value.map((p: Json) => p.id)).toEqual(
			cache.presentations.map((p: Json) => p.id),
		);
		expect((await graph('GET', `${DEFINITIONS}/nope/presentations`)).status).toBe(404);
	});

	it("gives the seeded presentations their kind's fields", async () => {
		const autoplay = await graph(
			'GET',
			`${DEFINITIONS}/d1000000-0000-4000-8000-000000000003/presentations`,
		);
		expect(autoplay.body.value[0]).toMatchObject({
			label: 'Turn off Autoplay on',
			items: [
				{ displayName: 'CD-ROM and removable media drives', value: '181' },
				{ displayName: 'All drives', value: '255' },
			],
			required: true,
		});
	});

	it('seeds a processed pair through the control API, refusing one whose used namespace is missing', async () => {
		const refused = await control('admx/policies', POLICIES_CHAIN.app);
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatch(/Fabrikam\.Policies/);
		const made = await control('admx/policies', [POLICIES_CHAIN.base, POLICIES_CHAIN.app]);
		expect(made.status).toBe(201);
		expect(made.body.map((f: Json) => [f.fileName, f.status])).toEqual([
			['fabrikam.admx', 'available'],
			['fabrikambrowser.admx', 'available'],
		]);
		expect(Object.keys(await appDefinitions(made.body[1].id))).toHaveLength(9);
	});

	it('derives a generated file of 120 settings in the same category tree', async () => {
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const bench = generatedPolicies(120);
		const file = emulator.store.lifecycle.seedPolicies(bench);
		const defs = await all(
			`${DEFINITIONS}?$filter=${q(`definitionFile/id eq '${String(file.id)}'`)}&$expand=presentations&$top=50`,
		);
		expect(defs).toHaveLength(120);
		expect(new Set(defs.map((d) => d.categoryPath))).toEqual(
			new Set(['\\Fabrikam\\Fabrikam Bench']),
		);
		expect(defs.filter((d) => d.presentations.length === 0)).toHaveLength(15);
		expect(bench.policies[5]).toEqual({ displayName: 'Bench Setting 0006', kind: 'dropdownList' });
	});

	it.each([
		['unclosed tags', '<a'.repeat(200_000)],
		['unterminated attributes', '<a x="'.repeat(100_000)],
		['deep nesting', '<a>'.repeat(100_000)],
		['ampersands', '&'.repeat(200_000)],
		['comment openers', '<!--'.repeat(200_000)],
		['a comment of angle brackets', `<!--${'<'.repeat(400_000)}-->`],
	])('reads an ADML with %s in linear time', (_name, hostile) => {
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		const started = Date.now();
		const file = emulator.store.lifecycle.seedPolicies({
			...POLICIES_CHAIN.app,
			adml: POLICIES_CHAIN.app.adml.replace('<stringTable>', `<stringTable>${hostile}`),
		});
		// Generous: a backtracking reader takes minutes on these.
		expect(Date.now() - started).toBeLessThan(3000);
		// Unreadable XML derives nothing (the file stays available); well-formed XML derives every policy.
		const derived = emulator.store.data.definitions.filter((d) => d.definitionFileId === file.id);
		expect([0, 9]).toContain(derived.length);
	});
});

async function createProfile(displayName = 'Fabrikam Browser baseline'): Promise<Json> {
	const created = await graph('POST', PROFILES, {
		displayName,
		description: 'Browser settings',
		roleScopeTagIds: ['0'],
	});
	expect(created.status).toBe(201);
	return created.body;
}

/** A profile and the chain's definitions, keyed "Display Name/classType", with presentations by label or position. */
async function profileWithChain() {
	const { app } = seedChain();
	const defs = await appDefinitions(app.id as string);
	const profile = await createProfile();
	const update = async (body: Json) =>
		await graph('POST', `${PROFILES}/${profile.id}/updateDefinitionValues`, {
			added: [],
			updated: [],
			deletedIds: [],
			...body,
		});
	const pres = (name: string, index: number) => defs[name].presentations[index] as Json;
	return { app, defs, profile, update, pres };
}

const V = '#microsoft.graph.groupPolicyPresentationValue';

describe('profiles (groupPolicyConfigurations)', () => {
	it('creates, reads, finds, renames and deletes a profile', async () => {
		const created = await createProfile('Kiosk lockdown');
		expect(created).toMatchObject({
			'@odata.type': '#microsoft.graph.groupPolicyConfiguration',
			displayName: 'Kiosk lockdown',
			description: 'Browser settings',
			roleScopeTagIds: ['0'],
			policyConfigurationIngestionType: 'unknown',
		});
		expect(created.createdDateTime).toEqual(created.lastModifiedDateTime);
		const found = await graph('GET', `${PROFILES}?$filter=${q("contains(displayName,'Kiosk')")}`);
		expect(found.body.value.map((p: Json) => p.id)).toEqual([created.id]);
		const exact = await graph('GET', `${PROFILES}?$filter=${q("displayName eq 'Kiosk lockdown'")}`);
		expect(exact.body.value).toHaveLength(1);
		expect(
			(await graph('PATCH', `${PROFILES}/${created.id}`, { displayName: 'Kiosks' })).status,
		).toBe(204);
		expect((await graph('GET', `${PROFILES}/${created.id}`)).body.displayName).toBe('Kiosks');
		expect((await graph('DELETE', `${PROFILES}/${created.id}`)).status).toBe(204);
		const gone = await graph('GET', `${PROFILES}/${created.id}`);
		expect(gone.status).toBe(404);
		expect(gone.body.error.code).toBe('ResourceNotFound');
		expect((await graph('DELETE', `${PROFILES}/${created.id}`)).status).toBe(404);
	});

	it('refuses unknown and read-only properties and a missing display name', async () => {
		const unknown = await graph('POST', PROFILES, { displayName: 'x', platforms: 'windows10' });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.message).toBe(
			"The property 'platforms' does not exist on type 'microsoft.graph.groupPolicyConfiguration'. Make sure to only use property names that are defined by the type.",
		);
		const readOnly = await graph('POST', PROFILES, {
			displayName: 'x',
			createdDateTime: '2026-01-01T00:00:00Z',
		});
		expect(readOnly.status).toBe(400);
		expect(readOnly.body.error.message).toMatch(/createdDateTime.*read-only/);
		expect((await graph('POST', PROFILES, { description: 'no name' })).status).toBe(400);
		expect((await graph('POST', PROFILES, { displayName: '  ' })).status).toBe(400);
		const profile = await createProfile();
		expect((await graph('PATCH', `${PROFILES}/${profile.id}`, { id: 'other' })).status).toBe(400);
		expect(emulator.store.data.configurations.filter((c) => c.displayName === 'x')).toHaveLength(0);
	});
});

describe('updateDefinitionValues', () => {
	it('adds settings of every kind, reads them back, updates, disables and deletes them', async () => {
		const { app, defs, profile, update, pres } = await profileWithChain();
		const cache = defs['Cache Size/machine'];
		const ext = defs['Extension Settings/machine'];
		const added = await update({
			added: [
				{
					enabled: true,
					'definition@odata.bind': bind(defs['Disable Telemetry/machine'].id),
					presentationValues: [],
				},
				{
					enabled: true,
					'definition@odata.bind': bind(cache.id),
					presentationValues: [
						{
							'@odata.type': `${V}Decimal`,
							value: 500,
							'presentation@odata.bind': bind(cache.id, pres('Cache Size/machine', 0).id),
						},
						{
							'@odata.type': `${V}Boolean`,
							value: true,
							'presentation@odata.bind': bind(cache.id, pres('Cache Size/machine', 1).id),
						},
					],
				},
				{
					enabled: true,
					'definition@odata.bind': bind(defs['Update Channel/machine'].id),
					presentationValues: [
						{
							'@odata.type': `${V}Text`,
							value: 'beta',
							'presentation@odata.bind': bind(
								defs['Update Channel/machine'].id,
								pres('Update Channel/machine', 0).id,
							),
						},
					],
				},
				{
					enabled: true,
					'definition@odata.bind': bind(defs['Max Download Size/machine'].id),
					presentationValues: [
						{
							'@odata.type': `${V}LongDecimal`,
							value: 5000000000,
							'presentation@odata.bind': bind(
								defs['Max Download Size/machine'].id,
								pres('Max Download Size/machine', 0).id,
							),
						},
					],
				},
				{
					enabled: true,
					'definition@odata.bind': bind(defs['Allowed Sites/machine'].id),
					presentationValues: [
						{
							'@odata.type': `${V}MultiText`,
							values: ['https://a.example', 'https://b.example'],
							'presentation@odata.bind': bind(
								defs['Allowed Sites/machine'].id,
								pres('Allowed Sites/machine', 0).id,
							),
						},
					],
				},
				{
					enabled: true,
					'definition@odata.bind': bind(ext.id),
					presentationValues: [
						{
							'@odata.type': `${V}List`,
							values: [{ name: 'abc', value: 'https://store.example/abc' }],
							'presentation@odata.bind': bind(ext.id, pres('Extension Settings/machine', 0).id),
						},
						{
							'@odata.type': `${V}List`,
							values: [{ name: 'bad-extension', value: null }],
							'presentation@odata.bind': bind(ext.id, pres('Extension Settings/machine', 1).id),
						},
						{
							'@odata.type': `${V}Text`,
							value: 'https://updates.example',
							'presentation@odata.bind': bind(ext.id, pres('Extension Settings/machine', 2).id),
						},
					],
				},
				{
					enabled: false,
					'definition@odata.bind': bind(defs['Proxy/user'].id),
					presentationValues: [],
				},
			],
		});
		expect(added).toEqual({ status: 204, body: {} });
		const values = await all(`${PROFILES}/${profile.id}/definitionValues?$expand=definition`);
		expect(values).toHaveLength(7);
		const byName = Object.fromEntries(values.map((v) => [v.definition.displayName, v]));
		expect(byName['Proxy']).toMatchObject({ enabled: false, configurationType: 'policy' });
		expect(byName['Cache Size'].definition).toMatchObject({
			id: cache.id,
			categoryPath: FABRIKAM_PATHS.browser,
		});
		const cacheValues = await graph(
			'GET',
			`${PROFILES}/${profile.id}/definitionValues/${byName['Cache Size'].id}/presentationValues?$expand=presentation`,
		);
		expect(
			cacheValues.body.value.map((v: Json) => [v['@odata.type'], v.value, v.presentation.label]),
		).toEqual([
			[`${V}Decimal`, 500, 'Cache size (MB)'],
			[`${V}Boolean`, true, 'Clear cache on exit'],
		]);
		const extValues = await graph(
			'GET',
			`${PROFILES}/${profile.id}/definitionValues/${byName['Extension Settings'].id}/presentationValues?$expand=presentation`,
		);
		expect(extValues.body.value[1]).toMatchObject({
			values: [{ name: 'bad-extension', value: null }],
			presentation: { label: '' },
		});
		expect(
			(await graph('GET', `${PROFILES}/${profile.id}`)).body.policyConfigurationIngestionType,
		).toBe('custom');
		expect(
			(await graph('GET', `/deviceManagement/groupPolicyUploadedDefinitionFiles/${app.id}`)).body
				.status,
		).toBe('assigned');

		const decimal = cacheValues.body.value[0] as Json;
		const changed = await update({
			updated: [
				{
					id: byName['Cache Size'].id,
					enabled: true,
					presentationValues: [{ id: decimal.id, '@odata.type': `${V}Decimal`, value: 20 }],
				},
				{ id: byName['Update Channel'].id, enabled: false, presentationValues: [] },
			],
			deletedIds: [byName['Allowed Sites'].id],
		});
		expect(changed.status).toBe(204);
		const after = await graph(
			'GET',
			`${PROFILES}/${profile.id}/definitionValues/${byName['Cache Size'].id}/presentationValues`,
		);
		expect(after.body.value.map((v: Json) => [v.id, v.value])).toEqual([
			[decimal.id, 20],
			[cacheValues.body.value[1].id, true],
		]);
		const channel = await graph(
			'GET',
			`${PROFILES}/${profile.id}/definitionValues/${byName['Update Channel'].id}?$expand=presentationValues`,
		);
		expect(channel.body).toMatchObject({ enabled: false, presentationValues: [] });
		expect(await all(`${PROFILES}/${profile.id}/definitionValues`)).toHaveLength(6);

		const remaining = (await all(`${PROFILES}/${profile.id}/definitionValues`)).map((v) => v.id);
		expect((await update({ deletedIds: remaining })).status).toBe(204);
		expect(
			(await graph('GET', `/deviceManagement/groupPolicyUploadedDefinitionFiles/${app.id}`)).body
				.status,
		).toBe('available');
	});

	it('keeps the IDs of what a new version of the file still has, and the profiles that hold them', async () => {
		const { app, defs, profile, update } = await profileWithChain();
		const telemetry = defs['Disable Telemetry/machine'];
		await update({
			added: [
				{ enabled: true, 'definition@odata.bind': bind(telemetry.id), presentationValues: [] },
			],
		});
		const newVersion = POLICIES_CHAIN.app.admx.replace(
			/<policy name="AllowedSites"[\s\S]*?<\/policy>/,
			'',
		);
		const files = '/deviceManagement/groupPolicyUploadedDefinitionFiles';
		const answer = await graph('POST', `${files}/${app.id}/uploadNewVersion`, {
			...uploadBody({ ...POLICIES_CHAIN.app, admx: newVersion }),
		});
		expect(answer.status).toBe(204);
		await waitForStatus(app.id as string, 'assigned');
		const after = await appDefinitions(app.id as string);
		expect(after['Disable Telemetry/machine'].id).toBe(telemetry.id);
		const ids = (d: Json) => (d.presentations as Json[]).map((p) => p.id);
		expect(ids(after['Cache Size/machine'])).toEqual(ids(defs['Cache Size/machine']));
		expect(after['Allowed Sites/machine']).toBeUndefined();
		expect((await all(`${PROFILES}/${profile.id}/definitionValues`)).map((v) => v.id)).toHaveLength(
			1,
		);
	});

	it('makes a file in use fail its removal, and deleting the profile frees it', async () => {
		const { app, defs, profile, update } = await profileWithChain();
		await update({
			added: [
				{
					enabled: true,
					'definition@odata.bind': bind(defs['Disable Telemetry/machine'].id),
					presentationValues: [],
				},
			],
		});
		const files = '/deviceManagement/groupPolicyUploadedDefinitionFiles';
		expect((await graph('POST', `${files}/${app.id}/remove`, {})).status).toBe(204);
		await waitForStatus(app.id as string, 'removalFailed');
		expect((await graph('DELETE', `${PROFILES}/${profile.id}`)).status).toBe(204);
		expect(emulator.store.data.definitionValues.some((v) => v.configurationId === profile.id)).toBe(
			false,
		);
	});

	describe('refuses, changing nothing', () => {
		type Chain = Awaited<ReturnType<typeof profileWithChain>>;
		async function refused(build: (c: Chain) => Json, status: number, message: RegExp) {
			emulator.reset();
			const chain = await profileWithChain();
			await chain.update({
				added: [{ ...setting(chain, 'Max Download Size/machine'), enabled: false }],
			});
			const before = structuredClone(emulator.store.data.definitionValues);
			const body = build(chain);
			const answer = await chain.update({
				...body,
				added: [setting(chain, 'Disable Telemetry/machine'), ...((body.added as Json[]) ?? [])],
			});
			expect(answer.status).toBe(status);
			expect(answer.body.error.message).toMatch(message);
			expect(answer.body.error.innerError).toEqual(
				expect.objectContaining({ 'request-id': expect.any(String) }),
			);
			expect(emulator.store.data.definitionValues).toEqual(before);
		}
		/** An enabled setting of the chain, by its "Display Name/class" key. */
		const setting = (c: Chain, key: string, presentationValues: Json[] = []) => ({
			enabled: true,
			'definition@odata.bind': bind(c.defs[key].id),
			presentationValues,
		});
		/** A value for the setting's input at `index`, bound to that input's presentation. */
		const input = (c: Chain, key: string, index: number, value: Json) => ({
			'presentation@odata.bind': bind(c.defs[key].id, c.pres(key, index).id),
			...value,
		});
		const added = (c: Chain, key: string, value: Json) => ({
			added: [setting(c, key, [input(c, key, 0, value)])],
		});
		const cache = (value: Json) => (c: Chain) => added(c, 'Cache Size/machine', value);

		it.each<[string, (c: Chain) => Json, number, RegExp]>([
			[
				'an @odata.type of null',
				cache({ '@odata.type': null, value: 100 }),
				400,
				/expected a string for ODataType value/,
			],
			[
				'a value of the wrong type for its kind',
				cache({ '@odata.type': `${V}Text`, value: '100' }),
				400,
				/takes a groupPolicyPresentationValueDecimal/,
			],
			[
				'a decimal given as text',
				cache({ '@odata.type': `${V}Decimal`, value: '100' }),
				400,
				/Edm.Int64/,
			],
			[
				'a decimal outside minValue..maxValue',
				cache({ '@odata.type': `${V}Decimal`, value: 5001 }),
				400,
				/outside 10\.\.5000/,
			],
			[
				'a text longer than maxLength',
				(c) => added(c, 'Home Page/user', { '@odata.type': `${V}Text`, value: 'x'.repeat(201) }),
				400,
				/longer than 200/,
			],
			[
				'a dropdown value not among its items (the display name instead of the value)',
				(c) => added(c, 'Update Channel/machine', { '@odata.type': `${V}Text`, value: 'Beta' }),
				400,
				/'Beta' is not one of the items \(stable, beta, nightly\)/,
			],
			[
				'a bind to an unknown definition',
				() => ({
					added: [
						{
							enabled: true,
							'definition@odata.bind': bind('d9999999-0000-4000-8000-000000000000'),
							presentationValues: [],
						},
					],
				}),
				400,
				/does not exist/,
			],
			[
				'a bind to a presentation of another definition',
				(c) =>
					added(c, 'Cache Size/machine', {
						'@odata.type': `${V}Text`,
						value: 'x',
						'presentation@odata.bind': bind(
							c.defs['Cache Size/machine'].id,
							c.pres('Home Page/user', 0).id,
						),
					}),
				400,
				/is not a presentation of definition/,
			],
			[
				"a bind on another cloud's Graph root",
				(c) => ({
					added: [
						{
							...setting(c, 'Cache Size/machine'),
							'definition@odata.bind': `https://graph.microsoft.com/beta/deviceManagement/groupPolicyDefinitions('${String(c.defs['Cache Size/machine'].id)}')`,
						},
					],
				}),
				400,
				/is not based on/,
			],
			[
				'a definition already in the profile sent again in added',
				(c) => ({ added: [setting(c, 'Max Download Size/machine')] }),
				400,
				/already has a value/,
			],
			[
				'an updated id not in the profile (404)',
				() => ({ updated: [{ id: IDS.definitionValue, enabled: false, presentationValues: [] }] }),
				404,
				/groupPolicyDefinitionValue with key/,
			],
			[
				'a deleted id not in the profile (404)',
				() => ({ deletedIds: ['9a1b2c3d-0000-4000-8000-000000000000'] }),
				404,
				/does not exist/,
			],
			[
				'a required input missing while enabled',
				(c) => ({ added: [setting(c, 'Cache Size/machine')] }),
				400,
				/required presentation 'Cache size \(MB\)'/,
			],
			[
				'a value for a label-only text',
				(c) => added(c, 'Proxy/user', { '@odata.type': `${V}Text`, value: 'x' }),
				400,
				/is a label and takes no value/,
			],
			[
				'list entries without the value that explicitValue asks for',
				(c) =>
					added(c, 'Extension Settings/machine', {
						'@odata.type': `${V}List`,
						values: [{ name: 'abc' }],
					}),
				400,
				/needs a name and a value/,
			],
			[
				'an unknown parameter',
				() => ({ removed: [] }),
				400,
				/'removed' in the request payload is not a valid parameter/,
			],
		])('%s', async (_title, build, status, message) => await refused(build, status, message));
	});
});

describe('assignments', () => {
	const group = (groupId: string, filter?: Json) => ({
		target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId, ...filter },
	});

	it('replaces every assignment and lists them', async () => {
		const profile = await createProfile();
		const first = await graph('POST', `${PROFILES}/${profile.id}/assign`, {
			assignments: [
				group(IDS.groupPilotDevices, {
					deviceAndAppManagementAssignmentFilterId: IDS.filterWindows11,
					deviceAndAppManagementAssignmentFilterType: 'include',
				}),
				{
					target: {
						'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
						groupId: IDS.groupKiosks,
					},
				},
				{
					target: {
						'@odata.type': '#microsoft.graph.allDevicesAssignmentTarget',
						deviceAndAppManagementAssignmentFilterId: IDS.filterCorporate,
						deviceAndAppManagementAssignmentFilterType: 'exclude',
					},
				},
			],
		});
		expect(first.status).toBe(200);
		expect(first.body.value.map((a: Json) => a.id)).toEqual([
			`${profile.id}_${IDS.groupPilotDevices}`,
			`${profile.id}_${IDS.groupKiosks}`,
			`${profile.id}_allDevices`,
		]);
		expect(first.body.value[0].target).toEqual({
			'@odata.type': '#microsoft.graph.groupAssignmentTarget',
			groupId: IDS.groupPilotDevices,
			deviceAndAppManagementAssignmentFilterId: IDS.filterWindows11,
			deviceAndAppManagementAssignmentFilterType: 'include',
		});
		const listed = await graph('GET', `${PROFILES}/${profile.id}/assignments`);
		expect(listed.body.value).toEqual(first.body.value);
		await graph('POST', `${PROFILES}/${profile.id}/assign`, {
			assignments: [
				{ target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } },
			],
		});
		const replaced = await graph('GET', `${PROFILES}/${profile.id}/assignments`);
		expect(replaced.body.value.map((a: Json) => a.target)).toEqual([
			{
				'@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget',
				deviceAndAppManagementAssignmentFilterId: null,
				deviceAndAppManagementAssignmentFilterType: 'none',
			},
		]);
		expect(
			(await graph('POST', `${PROFILES}/${profile.id}/assign`, { assignments: [] })).body.value,
		).toEqual([]);
		expect(
			(await graph('GET', `${PROFILES}/${profile.id}?$expand=assignments`)).body.assignments,
		).toEqual([]);
	});

	it.each([
		[
			'an unknown target type',
			{ target: { '@odata.type': '#microsoft.graph.userAssignmentTarget', groupId: 'g' } },
			/could not be resolved/,
		],
		[
			'a group target without groupId',
			{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget' } },
			/needs a groupId/,
		],
		[
			'a filter that does not exist',
			group(IDS.groupAllStaff, {
				deviceAndAppManagementAssignmentFilterId: 'f17e0000-0000-0000-0000-000000000000',
				deviceAndAppManagementAssignmentFilterType: 'include',
			}),
			/does not exist/,
		],
		[
			'a filter type without a filter',
			group(IDS.groupAllStaff, { deviceAndAppManagementAssignmentFilterType: 'include' }),
			/needs deviceAndAppManagementAssignmentFilterId/,
		],
		[
			'a filter on an exclusion',
			{
				target: {
					'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
					groupId: IDS.groupKiosks,
					deviceAndAppManagementAssignmentFilterId: IDS.filterCorporate,
					deviceAndAppManagementAssignmentFilterType: 'exclude',
				},
			},
			/cannot be used with excluded groups/,
		],
	])('refuses %s, keeping the assignments', async (_name, assignment, message) => {
		const profile = await createProfile();
		await graph('POST', `${PROFILES}/${profile.id}/assign`, {
			assignments: [group(IDS.groupPilotDevices)],
		});
		const answer = await graph('POST', `${PROFILES}/${profile.id}/assign`, {
			assignments: [group(IDS.groupAllStaff), assignment],
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toMatch(message);
		const kept = await graph('GET', `${PROFILES}/${profile.id}/assignments`);
		expect(kept.body.value.map((a: Json) => a.target.groupId)).toEqual([IDS.groupPilotDevices]);
	});

	it('answers 404 for the assignments of an unknown profile', async () => {
		const answer = await graph('POST', `${PROFILES}/2d8e3c6a-0000-4000-8000-000000000000/assign`, {
			assignments: [],
		});
		expect(answer.status).toBe(404);
	});
});

describe('groups and assignment filters', () => {
	it('lists groups by name prefix, paged, at the Graph root', async () => {
		emulator.configure({ pageSize: 2 });
		const fabrikam = await all(
			`/groups?$filter=${q("startswith(displayName,'Fabrikam')")}&$select=id,displayName`,
		);
		expect(fabrikam).toEqual([
			{
				'@odata.type': '#microsoft.graph.group',
				id: IDS.groupPilotDevices,
				displayName: 'Fabrikam Pilot Devices',
			},
			{
				'@odata.type': '#microsoft.graph.group',
				id: IDS.groupAllStaff,
				displayName: 'Fabrikam All Staff',
			},
			{
				'@odata.type': '#microsoft.graph.group',
				id: IDS.groupKiosks,
				displayName: 'Fabrikam Kiosks',
			},
		]);
		expect((await graph('GET', `/groups/${IDS.groupKiosks}`)).body.displayName).toBe(
			'Fabrikam Kiosks',
		);
		expect((await graph('GET', `${emulator.url}/v1.0/groups/${IDS.groupKiosks}`)).status).toBe(200);
	});

	it("compares a group's text without regard to case, as Entra does, and Intune's with it", async () => {
		const names = async (path: string, filter: string) =>
			(await all(`${path}?$filter=${q(filter)}`)).map((row) => row.displayName as string);
		expect(await names('/groups', "displayName eq 'fabrikam KIOSKS'")).toEqual(['Fabrikam Kiosks']);
		expect(await names('/groups', "startswith(displayName,'FABRIKAM K')")).toEqual([
			'Fabrikam Kiosks',
		]);
		const profile = await createProfile('Kiosk lockdown');
		expect(await names(PROFILES, "displayName eq 'kiosk lockdown'")).toEqual([]);
		expect(await names(PROFILES, "displayName eq 'Kiosk lockdown'")).toEqual([profile.displayName]);
	});

	it('refuses groups to an app consented for Intune only, which can still assign by group ID', async () => {
		const intuneOnly = await signIn(3);
		const answer = await graph('GET', '/groups', undefined, intuneOnly);
		expect(answer.status).toBe(403);
		expect(answer.body.error.code).toBe('Authorization_RequestDenied');
		const created = await graph('POST', PROFILES, { displayName: 'By ID' }, intuneOnly);
		const assigned = await graph(
			'POST',
			`${PROFILES}/${created.body.id}/assign`,
			{
				assignments: [
					{
						target: {
							'@odata.type': '#microsoft.graph.groupAssignmentTarget',
							groupId: IDS.groupAllStaff,
						},
					},
				],
			},
			intuneOnly,
		);
		expect(assigned.status).toBe(200);
	});

	it('lists assignment filters and adds groups and filters through the control API', async () => {
		const filters = await all(
			'/deviceManagement/assignmentFilters?$select=id,displayName,platform',
		);
		expect(filters.map((f) => [f.id, f.displayName, f.platform])).toEqual([
			[IDS.filterWindows11, 'Windows 11 only', 'windows10AndLater'],
			[IDS.filterCorporate, 'Corporate devices', 'windows10AndLater'],
		]);
		const groups = await control('groups', [
			{ displayName: 'Fabrikam Lab' },
			{ displayName: 'Contoso Lab', id: 'g-1' },
		]);
		expect(groups.status).toBe(201);
		expect(groups.body[1]).toMatchObject({
			id: 'g-1',
			displayName: 'Contoso Lab',
			securityEnabled: true,
		});
		const filter = await control('assignmentFilters', { displayName: 'macOS', platform: 'macOS' });
		expect(filter.body).toMatchObject({ displayName: 'macOS', platform: 'macOS' });
		const profile = await createProfile();
		const answer = await graph('POST', `${PROFILES}/${profile.id}/assign`, {
			assignments: [
				{
					target: {
						'@odata.type': '#microsoft.graph.groupAssignmentTarget',
						groupId: 'g-1',
						deviceAndAppManagementAssignmentFilterId: filter.body.id,
						deviceAndAppManagementAssignmentFilterType: 'include',
					},
				},
			],
		});
		expect(answer.status).toBe(200);
		expect(emulator.store.addGroup({ displayName: 'In process' }).id).toEqual(expect.any(String));
		expect(
			(await graph('GET', `/groups?$filter=${q("displayName eq 'In process'")}`)).body.value,
		).toHaveLength(1);
	});
});

describe('$batch and the request log', () => {
	it('routes profile requests inside a batch and logs each of them', async () => {
		const { defs, profile, pres } = await profileWithChain();
		const proxy = defs['Proxy/user'];
		emulator.log.length = 0;
		const batch = await graph('POST', `${emulator.url}/beta/$batch`, {
			requests: [
				{
					id: '1',
					method: 'POST',
					url: `/deviceManagement/groupPolicyConfigurations/${profile.id}/updateDefinitionValues`,
					headers: { 'Content-Type': 'application/json' },
					body: {
						added: [
							{
								enabled: true,
								'definition@odata.bind': bind(proxy.id),
								presentationValues: [
									{
										'@odata.type': `${V}Text`,
										value: 'proxy.fabrikam.com',
										'presentation@odata.bind': bind(proxy.id, pres('Proxy/user', 1).id),
									},
									{
										'@odata.type': `${V}Decimal`,
										value: 3128,
										'presentation@odata.bind': bind(proxy.id, pres('Proxy/user', 2).id),
									},
								],
							},
						],
						updated: [],
						deletedIds: [],
					},
				},
				{
					id: '2',
					method: 'GET',
					url: `/deviceManagement/groupPolicyConfigurations/${profile.id}/definitionValues?$expand=definition`,
					dependsOn: ['1'],
				},
				{ id: '3', method: 'GET', url: `/groups?$filter=startswith(displayName,'Fabrikam Pilot')` },
			],
		});
		const byId = Object.fromEntries((batch.body.responses as Json[]).map((r) => [r.id, r]));
		expect(byId['1'].status).toBe(204);
		expect(byId['2'].body.value[0]).toMatchObject({ enabled: true, definition: { id: proxy.id } });
		expect(byId['3'].body.value.map((g: Json) => g.id)).toEqual([IDS.groupPilotDevices]);
		expect(emulator.log.map((e) => `${e.method} ${e.path.split('/').pop()} ${e.status}`)).toEqual([
			'POST $batch 200',
			'POST updateDefinitionValues 204',
			'GET definitionValues 200',
			'GET groups 200',
		]);
	});
});
