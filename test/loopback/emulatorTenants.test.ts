import { emptyDataset, IDS, seedDataset, tenantOwnId } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { tenantsLikeDefault } from '../emulator/identity';
import { POLICIES_CHAIN } from '../fixtures/admxPolicies';
import type { Json } from '../helpers/emulatorHttp';
import { appToken, emulatorControl, graphCall } from '../helpers/emulatorHttp';

/*
 * The emulator with several tenants over loopback HTTP: by default they share one Intune (what the end-to-end
 * suite's tenant-per-workflow runs rely on); with tenantData 'separate' each tenant's token reaches an Intune of its
 * own, so a profile can be copied from one tenant to another whose uploaded settings have other IDs.
 */

jest.setTimeout(30_000);

const PROFILES = '/deviceManagement/groupPolicyConfigurations';
const SECOND_TENANT = '11111111-2222-4333-8444-555555550001';

describe('shared tenant data (the default)', () => {
	let emulator: GraphEmulator;
	beforeAll(async () => {
		emulator = await new GraphEmulator({ tenants: tenantsLikeDefault(3) }).start();
	});
	afterAll(async () => await emulator.stop());

	it('lets every tenant read and write the one store and logs the tenant of each request', async () => {
		const [first, , third] = emulator.identity.tenants;
		const made = await graphCall(emulator, await appToken(emulator, third), 'POST', PROFILES, {
			displayName: 'From the third tenant',
		});
		expect(made.status).toBe(201);
		expect(emulator.store.data.configurations.map((c) => c.id)).toContain(made.body.id);
		expect(emulator.storeOf(2)).toBe(emulator.store);
		expect(emulator.storeOf(third.id)).toBe(emulator.store);
		const read = await graphCall(
			emulator,
			await appToken(emulator, first),
			'GET',
			`${PROFILES}/${made.body.id}`,
		);
		expect(read.status).toBe(200);
		const graphEntries = emulator.log.filter((e) => e.path.startsWith('/beta/'));
		expect(graphEntries.map((e) => e.tenantId)).toEqual([third.id, first.id]);
		const tokenEntries = emulator.log.filter((e) => e.path.endsWith('/token'));
		expect(tokenEntries.map((e) => e.tenantId)).toEqual([third.id, first.id]);
	});
});

describe('separate tenant data', () => {
	let emulator: GraphEmulator;
	let tokenA = '';
	let tokenB = '';
	beforeAll(async () => {
		emulator = await new GraphEmulator({
			tenantData: 'separate',
			admx: { processingMs: 40 },
		}).start();
	});
	afterAll(async () => await emulator.stop());
	beforeEach(async () => {
		emulator.reset();
		tokenA = await appToken(emulator, emulator.identity.tenants[0]);
		tokenB = await appToken(emulator, emulator.identity.tenants[1]);
	});
	const inA = (method: string, path: string, body?: unknown) =>
		graphCall(emulator, tokenA, method, path, body);
	const inB = (method: string, path: string, body?: unknown) =>
		graphCall(emulator, tokenB, method, path, body);

	it('starts two tenants, the first with the seeded data, the second with its own IDs', async () => {
		expect(emulator.identity.tenants.map((t) => t.id)).toEqual([
			'11111111-2222-4333-8444-555555555555',
			SECOND_TENANT,
		]);
		expect(emulator.storeOf(0)).toBe(emulator.store);
		expect(emulator.storeOf(SECOND_TENANT)).toBe(emulator.storeOf(1));
		expect(emulator.storeOf('contoso1.onmicrosoft.com')).toBe(emulator.storeOf(1));
		expect(emulator.storeOf(1)).not.toBe(emulator.store);
		expect(() => emulator.storeOf(2)).toThrow(/no tenant '2'/);

		const a = (await inA('GET', PROFILES)).body.value as Json[];
		const b = (await inB('GET', PROFILES)).body.value as Json[];
		expect(a.map((p) => p.displayName)).toEqual(b.map((p) => p.displayName));
		expect(a[0].id).toBe(IDS.configuration);
		expect(b[0].id).toBe('2d8e3c6a-1f4b-4c1e-a001-5b0f1c2e3d4f');
		expect(b[0].id).toBe(tenantOwnId(IDS.configuration, 1));
		expect((await inB('GET', `${PROFILES}/${IDS.configuration}`)).status).toBe(404);
	});

	it('gives built-in templates the same IDs in both tenants and uploaded ones their own', async () => {
		const files = async (call: typeof inA) =>
			(
				(await call('GET', '/deviceManagement/groupPolicyDefinitionFiles')).body.value as Json[]
			).map((f) => f.id);
		const [a, b] = [await files(inA), await files(inB)];
		expect(b).toContain(IDS.builtInFabrikamFile);
		expect(b).toContain(tenantOwnId(IDS.uploadedFile, 1));
		expect(b).not.toContain(IDS.uploadedFile);
		expect(a.filter((id) => b.includes(id))).toEqual([
			IDS.builtInFile,
			IDS.builtInWindowsFile,
			IDS.builtInFabrikamFile,
		]);
		const builtIn = await inB(
			'GET',
			`/deviceManagement/groupPolicyDefinitions/${IDS.builtInTelemetryDefinition}`,
		);
		expect(builtIn.status).toBe(200);
	});

	it('gives the second tenant the same group names under other IDs, without Fabrikam Kiosks', async () => {
		const groups = async (call: typeof inA) =>
			((await call('GET', '/groups')).body.value as Json[]).map((g) => [g.displayName, g.id]);
		expect(await groups(inA)).toEqual([
			['Fabrikam Pilot Devices', IDS.groupPilotDevices],
			['Fabrikam All Staff', IDS.groupAllStaff],
			['Fabrikam Kiosks', IDS.groupKiosks],
		]);
		expect(await groups(inB)).toEqual([
			['Fabrikam Pilot Devices', '0a7e5a01-6b1c-4d2e-a001-000000000001'],
			['Fabrikam All Staff', '0a7e5a01-6b1c-4d2e-a001-000000000002'],
		]);
		const filters = (await inB('GET', '/deviceManagement/assignmentFilters')).body.value as Json[];
		expect(filters.map((f) => f.id)).toEqual([
			tenantOwnId(IDS.filterWindows11, 1),
			tenantOwnId(IDS.filterCorporate, 1),
		]);
	});

	it('derives other definition IDs from the same ADMX seeded in each tenant', async () => {
		const seeded = await emulatorControl(emulator, 'admx/policies', [
			POLICIES_CHAIN.base,
			POLICIES_CHAIN.app,
		]);
		expect(seeded.status).toBe(201);
		const inSecond = await emulatorControl(emulator, 'admx/policies?tenant=1', [
			POLICIES_CHAIN.base,
			POLICIES_CHAIN.app,
		]);
		expect(inSecond.status).toBe(201);
		const telemetry = async (call: typeof inA) => {
			const filter = encodeURIComponent("displayName eq 'Disable Telemetry'");
			const rows = (await call('GET', `/deviceManagement/groupPolicyDefinitions?$filter=${filter}`))
				.body.value as Json[];
			return rows.filter((d) => d.policyType === 'admxIngested').map((d) => d.id as string);
		};
		const [a, b] = [await telemetry(inA), await telemetry(inB)];
		expect(a).toHaveLength(1);
		expect(b).toHaveLength(1);
		expect(a[0]).not.toBe(b[0]);
		expect(emulator.storeOf(1).data.definitions.some((d) => d.id === a[0])).toBe(false);
	});

	it('copies a profile from A to B only with the definition IDs of B', async () => {
		await emulatorControl(emulator, 'admx/policies', [POLICIES_CHAIN.base, POLICIES_CHAIN.app]);
		await emulatorControl(emulator, 'admx/policies', [
			{ ...POLICIES_CHAIN.base, tenant: SECOND_TENANT },
			{ ...POLICIES_CHAIN.app, tenant: 'contoso1.onmicrosoft.com' },
		]);
		const idIn = (tenant: number) =>
			emulator
				.storeOf(tenant)
				.data.definitions.find(
					(d) => d.displayName === 'Disable Telemetry' && d.policyType === 'admxIngested',
				)!.id;
		const bind = (id: string) =>
			`${emulator.url}/beta/deviceManagement/groupPolicyDefinitions('${id}')`;
		const source = await inA('POST', PROFILES, { displayName: 'Browser baseline' });
		const setting = (id: string) => ({
			added: [{ enabled: true, 'definition@odata.bind': bind(id), presentationValues: [] }],
		});
		const action = (id: string) => `${PROFILES}/${id}/updateDefinitionValues`;
		expect((await inA('POST', action(source.body.id), setting(idIn(0)))).status).toBe(204);

		const target = await inB('POST', PROFILES, { displayName: 'Browser baseline' });
		expect((await inA('GET', `${PROFILES}/${target.body.id}`)).status).toBe(404);
		// A's definition ID means nothing in B: the copy has to map settings by path and name.
		const withSourceId = await inB('POST', action(target.body.id), setting(idIn(0)));
		expect(withSourceId.status).toBe(400);
		expect(withSourceId.body.error.message).toContain('does not exist');
		expect((await inB('POST', action(target.body.id), setting(idIn(1)))).status).toBe(204);
		const values = (
			await inB('GET', `${PROFILES}/${target.body.id}/definitionValues?$expand=definition`)
		).body.value as Json[];
		expect(values.map((v) => v.definition.id)).toEqual([idIn(1)]);
		expect(
			emulator.store.data.definitionValues.filter((v) => v.configurationId === target.body.id),
		).toEqual([]);
	});

	it('runs $batch parts with the tenant of the token of the batch and counts requests per tenant in the log', async () => {
		const batch = await inB('POST', '/$batch', {
			requests: [
				{ id: '1', method: 'GET', url: '/groups' },
				{
					id: '2',
					method: 'POST',
					url: PROFILES,
					body: { displayName: 'Batched' },
					headers: { 'Content-Type': 'application/json' },
				},
			],
		});
		expect(batch.status).toBe(200);
		const byId = Object.fromEntries((batch.body.responses as Json[]).map((r) => [r.id, r]));
		expect((byId['1'].body.value as Json[]).map((g) => g.id)).not.toContain(IDS.groupKiosks);
		expect(emulator.storeOf(1).data.configurations.some((c) => c.displayName === 'Batched')).toBe(
			true,
		);
		expect(emulator.store.data.configurations.some((c) => c.displayName === 'Batched')).toBe(false);
		await inA('GET', PROFILES);
		const graphEntries = emulator.log.filter((e) => e.path.startsWith('/beta/'));
		const count = (tenantId: string) => graphEntries.filter((e) => e.tenantId === tenantId).length;
		expect(count(SECOND_TENANT)).toBe(3);
		expect(count(emulator.tenant.id)).toBe(1);
		expect(graphEntries.filter((e) => e.batch).every((e) => e.tenantId === SECOND_TENANT)).toBe(
			true,
		);
	});

	it('adds groups, filters and files to the tenant named, the first by default', async () => {
		const added = await emulatorControl(emulator, 'groups', {
			displayName: 'Only in B',
			tenant: 1,
		});
		expect(added.status).toBe(201);
		expect(added.body).not.toHaveProperty('tenant');
		expect(emulator.storeOf(1).data.groups.map((g) => g.displayName)).toContain('Only in B');
		expect(emulator.store.data.groups.map((g) => g.displayName)).not.toContain('Only in B');
		await emulatorControl(emulator, 'groups', { displayName: 'Only in A' });
		expect(emulator.store.data.groups.map((g) => g.displayName)).toContain('Only in A');
		await emulatorControl(emulator, 'assignmentFilters?tenant=1', [{ displayName: 'B filter' }]);
		expect(emulator.storeOf(1).data.assignmentFilters.map((f) => f.displayName)).toContain(
			'B filter',
		);
		const file = await emulatorControl(emulator, 'admx/files', {
			fileName: 'b.admx',
			targetNamespace: 'B.Policies',
			status: 'available',
			tenant: SECOND_TENANT,
		});
		expect(file.status).toBe(201);
		expect(emulator.storeOf(1).data.definitionFiles.map((f) => f.id)).toContain(file.body.id);
		const unknown = await emulatorControl(emulator, 'groups', {
			displayName: 'x',
			tenant: 'nowhere.example',
		});
		expect(unknown).toEqual({
			status: 400,
			body: { error: "The emulator has no tenant 'nowhere.example'" },
		});
		const state = await fetch(`${emulator.url}/_emulator/state?tenant=1`);
		const operations = ((await state.json()) as Json).operations as Json[];
		expect(operations.map((o) => o.definitionFileId)).toContain(file.body.id);
	});

	it('resets every tenant and applies settings to every tenant', async () => {
		await emulatorControl(emulator, 'groups', { displayName: 'Gone after reset', tenant: 1 });
		emulator.reset();
		expect(emulator.storeOf(1).data.groups.map((g) => g.displayName)).not.toContain(
			'Gone after reset',
		);
		emulator.configure({ admx: { definitionsLagMs: 60_000 } });
		expect(emulator.storeOf(1).lifecycle.settings.definitionsLagMs).toBe(60_000);
		expect(emulator.store.lifecycle.settings.definitionsLagMs).toBe(60_000);
	});
});

describe('a tenant with an empty Intune', () => {
	let emulator: GraphEmulator;
	beforeAll(async () => {
		emulator = await new GraphEmulator({
			tenantData: 'separate',
			tenants: tenantsLikeDefault(3),
			datasetFor: (index) => (index === 0 ? seedDataset() : emptyDataset(index)),
		}).start();
	});
	afterAll(async () => await emulator.stop());

	it('has built-in templates, groups and filters but no profiles or uploaded files', async () => {
		const token = await appToken(emulator, emulator.identity.tenants[2]);
		const get = async (path: string) =>
			(await graphCall(emulator, token, 'GET', path)).body.value as Json[];
		expect(await get(PROFILES)).toEqual([]);
		expect(await get('/deviceManagement/groupPolicyUploadedDefinitionFiles')).toEqual([]);
		const definitions = await get('/deviceManagement/groupPolicyDefinitions');
		expect(definitions.map((d) => d.policyType)).toEqual(['admxBacked', 'admxBacked']);
		expect((await get('/groups')).map((g) => g.id)).toEqual([
			'0a7e5a01-6b1c-4d2e-a002-000000000001',
			'0a7e5a01-6b1c-4d2e-a002-000000000002',
		]);
		expect(emulator.store.data.configurations.length).toBeGreaterThan(0);
		expect(emptyDataset().groups.map((g) => g.id)).toContain(IDS.groupKiosks);
	});
});
