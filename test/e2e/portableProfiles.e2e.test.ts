import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { emptyDataset, IDS, seedDataset } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { FABRIKAM_PATHS, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import type { N8nInstance } from './harness/n8n';
import { ensureN8n, N8nInstance as Instance, nodeRun, packPackage } from './harness/n8n';
import type { Workflow } from './harness/workflows';
import {
	applyParameters,
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
	exampleWorkflow,
	itemsWorkflow,
	tenantCredential,
	THREE_TARGETS,
	withCredential,
} from './harness/workflows';

/*
 * Carrying a profile between tenants in real n8n with the packed package: the emulator holds two tenants, each with
 * its own Intune, the same vendor ADMX uploaded in both (so its settings have other IDs in each) and groups of the same
 * names under other IDs. Export from tenant A, plan and apply into tenant B (then the plan is empty), change a setting
 * in B by hand and see Compare report it. Then the examples: the copy with its plan approved through n8n's Wait node,
 * and the drift alert.
 */

const CHAT = '/ticketing/tickets/chat/comments';

/** An example with its chat webhook (and Git file) pointed at the emulator's ticket desk. */
function exampleAgainst(file: string, edit: (node: Workflow['nodes'][number]) => void): Workflow {
	const workflow = exampleWorkflow(file);
	for (const node of workflow.nodes) {
		if (String(node.parameters.url ?? '').includes('webhook.office.com'))
			node.parameters.url = `${emulator.url}${CHAT}`;
		edit(node);
	}
	return workflow;
}

jest.setTimeout(300_000);

const PROFILE = 'Fabrikam Browser baseline';
const { browser, network } = FABRIKAM_PATHS;
const path = (category: string, name: string, classType: 'machine' | 'user') =>
	`${category}\\${name} (${classType})`;

const SETTINGS = [
	{ setting: path(browser, 'Disable Telemetry', 'machine'), state: 'enabled' },
	{
		setting: path(browser, 'Update Channel', 'machine'),
		state: 'enabled',
		values: { Channel: 'beta' },
	},
	{
		setting: path(browser, 'Cache Size', 'machine'),
		state: 'enabled',
		values: { 'Cache size (MB)': 700, 'Clear cache on exit': true },
	},
	{ setting: path(browser, 'Home Page', 'user'), state: 'disabled' },
	{
		setting: path(network, 'Proxy', 'user'),
		state: 'enabled',
		values: { 'Proxy server': 'proxy.fabrikam.com', Port: 3128 },
	},
];

// The examples name these two credentials.
const CRED_A = { id: CREDENTIAL_ID, name: CREDENTIAL_NAME };
const CRED_B = { id: 'intuneTenantB001', name: 'Intune tenant B' };

let emulator: GraphEmulator;
let n8n: N8nInstance;
let packDir: string;
let profileA: string;
let exported: Record<string, unknown>;
let profileB: string;
let writesAfterDrift = 0;

const profileLocator = { __rl: true, mode: 'id', value: '={{ $json.profileId }}' };
/** Tenant `tenant`'s Graph writes, those inside a $batch of reads not counted. */
const graphWrites = (tenant: number) =>
	emulator.log.filter((e) => {
		if (e.tenantId !== emulator.identity.tenants[tenant].id || !e.path.startsWith('/beta/'))
			return false;
		if (!e.path.endsWith('/$batch')) return e.method !== 'GET';
		const parts = (e.body as { requests?: Array<{ method: string }> }).requests ?? [];
		return parts.some((part) => part.method !== 'GET');
	});

const applyWorkflow = (id: string, mode: 'plan' | 'apply') =>
	withCredential(
		itemsWorkflow({
			id,
			items: [{ portable: exported }],
			parameters: applyParameters(mode),
		}),
		CRED_B,
	);

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	const tarball = packPackage(packDir);
	emulator = await new GraphEmulator({
		tenantData: 'separate',
		datasetFor: (index) => (index === 0 ? seedDataset() : emptyDataset(index)),
	}).start();
	// The same vendor files in both tenants: their settings get other IDs in each.
	for (const tenant of [0, 1]) {
		emulator.storeOf(tenant).lifecycle.seedPolicies(POLICIES_CHAIN.base);
		emulator.storeOf(tenant).lifecycle.seedPolicies(POLICIES_CHAIN.app);
	}
	profileA = String(
		emulator.storeOf(0).profiles.create({ displayName: PROFILE }, emulator.url).createdId,
	);
	n8n = Instance.create(runtime, tarball);
	await n8n.importCredentials([
		tenantCredential(emulator, 0, CRED_A),
		tenantCredential(emulator, 1, CRED_B),
	]);
	await n8n.start();
	await n8n.setUpOwner();
	await n8n.createWorkflows([
		withCredential(
			itemsWorkflow({
				id: 'portSetA0000001',
				items: SETTINGS.map((setting) => ({ profileId: profileA, setting })),
				parameters: {
					resource: 'groupPolicyConfiguration',
					operation: 'setSettings',
					groupPolicyConfigurationId: profileLocator,
					defineSettings: 'json',
					settingsJson: '={{ JSON.stringify([$json.setting]) }}',
				},
			}),
			CRED_A,
		),
		withCredential(
			itemsWorkflow({
				id: 'portAssignA00001',
				items: [{ profileId: profileA }],
				parameters: {
					resource: 'groupPolicyConfiguration',
					operation: 'assign',
					groupPolicyConfigurationId: profileLocator,
					assignmentMode: 'replace',
					defineTargets: 'json',
					assignmentTargetsJson: THREE_TARGETS,
				},
			}),
			CRED_A,
		),
		withCredential(
			itemsWorkflow({
				id: 'portExportA00001',
				items: [{ profileId: profileA }],
				parameters: {
					resource: 'groupPolicyConfiguration',
					operation: 'export',
					profiles: 'one',
					groupPolicyConfigurationId: profileLocator,
					options: { binaryPropertyName: 'file' },
				},
			}),
			CRED_A,
		),
	]);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

async function outputOf(workflowId: string) {
	const result = await n8n.run(workflowId);
	if (result.status !== 'success') throw new Error(`${workflowId} ended ${result.status}`);
	return nodeRun(result.run, 'Intune')!.data!.main[0];
}

describe('portable profiles between two tenants in real n8n', () => {
	it('exports a profile of tenant A as portable JSON, with a .json file', async () => {
		await outputOf('portSetA0000001');
		await outputOf('portAssignA00001');
		const [item] = await outputOf('portExportA00001');
		exported = item.json;
		expect(exported).toMatchObject({
			format: 'n8n-intune-admx-profile',
			formatVersion: 1,
			profile: { displayName: PROFILE },
		});
		expect(exported.settings).toHaveLength(SETTINGS.length);
		expect(exported.assignments).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					type: 'includeGroup',
					groupDisplayName: 'Fabrikam Pilot Devices',
					filterDisplayName: 'Windows 11 only',
				}),
			]),
		);
		const { binary } = item as { binary?: Record<string, { fileName: string; mimeType: string }> };
		const file = binary?.file;
		expect(file).toMatchObject({ fileName: `${PROFILE}.json`, mimeType: 'application/json' });
		expect(JSON.stringify(item)).not.toContain(emulator.tenant.apps[0].clientSecret);
	});

	it('plans the copy into tenant B sending nothing, applies it, and then plans nothing', async () => {
		await n8n.createWorkflows([
			applyWorkflow('portPlanB0000001', 'plan'),
			applyWorkflow('portApplyB000001', 'apply'),
		]);
		const [plan] = await outputOf('portPlanB0000001');
		expect(plan.json).toMatchObject({ ready: true, profile: { action: 'create' } });
		expect((plan.json.settings as { add: unknown[] }).add).toHaveLength(SETTINGS.length);
		expect(graphWrites(1)).toHaveLength(0);

		const [applied] = await outputOf('portApplyB000001');
		expect(applied.json).toMatchObject({ done: true });
		profileB = String((applied.json.profile as { id: string }).id);
		// Create, one write of the settings, one assign.
		expect(graphWrites(1)).toHaveLength(3);
		const groupsB = emulator
			.storeOf(1)
			.data.assignments.filter((a) => a.configurationId === profileB)
			.map((a) => (a.target as { groupId?: string }).groupId)
			.filter(Boolean);
		expect(groupsB).toHaveLength(2);
		expect(groupsB).not.toContain(IDS.groupPilotDevices);

		const [again] = await outputOf('portPlanB0000001');
		expect(again.json).toMatchObject({
			ready: true,
			profile: { action: 'none' },
			settings: { add: [], update: [], remove: [] },
			assignments: { action: 'none' },
		});
	});

	it("reports a setting changed by hand in tenant B when compared with A's JSON", async () => {
		await n8n.createWorkflows([
			withCredential(
				itemsWorkflow({
					id: 'portDriftB000001',
					items: [
						{
							profileId: profileB,
							setting: {
								setting: path(browser, 'Update Channel', 'machine'),
								state: 'enabled',
								values: { Channel: 'nightly' },
							},
						},
					],
					parameters: {
						resource: 'groupPolicyConfiguration',
						operation: 'setSettings',
						groupPolicyConfigurationId: profileLocator,
						defineSettings: 'json',
						settingsJson: '={{ JSON.stringify([$json.setting]) }}',
					},
				}),
				CRED_B,
			),
			withCredential(
				itemsWorkflow({
					id: 'portCompareB0001',
					items: [{ profileId: profileB, portable: exported }],
					parameters: {
						resource: 'groupPolicyConfiguration',
						operation: 'compare',
						groupPolicyConfigurationId: profileLocator,
						portableSource: 'json',
						portableProfile: '={{ JSON.stringify($json.portable) }}',
						options: { outputWhenEqual: 'oneItem' },
					},
				}),
				CRED_B,
			),
		]);
		const [equal] = await outputOf('portCompareB0001');
		expect(equal.json).toMatchObject({ equal: true });

		await outputOf('portDriftB000001');
		writesAfterDrift = graphWrites(1).length;
		const differences = (await outputOf('portCompareB0001')).map((d) => d.json);
		expect(differences).toEqual([
			expect.objectContaining({
				difference: 'settingValueChanged',
				setting: expect.objectContaining({ displayName: 'Update Channel' }),
				input: 'Channel',
			}),
		]);
	});
	it('runs the copy example: the plan goes to chat, the approval resumes it, tenant B ends equal', async () => {
		await n8n.createWorkflows([
			exampleAgainst('copy-profile-between-tenants.json', () => undefined),
		]);
		// Tenant B already holds the profile (applied above), changed by hand: the copy plans one update.
		const run = n8n.run('exCopyProfileAB1');
		let message: { text: string } | undefined;
		for (let waited = 0; !message && waited < 60_000; waited += 250) {
			message = emulator.tickets.comments.find((c) => c.ticket === 'chat')?.body as
				| { text: string }
				| undefined;
			if (!message) await new Promise((r) => setTimeout(r, 250));
		}
		expect(message!.text).toMatch(/0 settings to add, 1 to update, 0 to remove/);
		expect(graphWrites(1).length).toBe(writesAfterDrift);
		const resumeUrl = /Approve: (\S+)$/.exec(message!.text)![1];
		// The chat message is posted just before the Wait node parks the execution: until it is parked, n8n
		// refuses the resume call, as it would a click on the link that came too early.
		let resumed = 0;
		for (let waited = 0; resumed !== 200 && waited < 30_000; waited += 250) {
			resumed = (await fetch(resumeUrl, { method: 'POST' })).status;
			if (resumed !== 200) await new Promise((r) => setTimeout(r, 250));
		}
		expect(resumed).toBe(200);
		// n8n carries on in the background: the one write is the changed setting put back.
		for (
			let waited = 0;
			graphWrites(1).length === writesAfterDrift && waited < 60_000;
			waited += 250
		)
			await new Promise((r) => setTimeout(r, 250));
		await run.catch(() => undefined);
		expect(graphWrites(1).length).toBe(writesAfterDrift + 1);
		const [equal] = await outputOf('portCompareB0001');
		expect(equal.json).toMatchObject({ equal: true });
	});

	it('runs the drift alert example: one chat message listing the differences', async () => {
		emulator.tickets.comments.length = 0;
		emulator.tickets.attachments.set('baseline.json', JSON.stringify(exported));
		await n8n.createWorkflows([
			exampleAgainst('scheduled-drift-alert.json', (node) => {
				if (node.name === 'Read baseline from Git')
					node.parameters.url = `${emulator.url}/ticketing/attachments/baseline.json`;
				if (node.name === 'Compare with the tenant')
					(node.parameters.groupPolicyConfigurationId as { value: string }).value = profileA;
			}),
		]);
		await outputOf('portSetA0000001');
		const drift = await n8n.run('exDriftAlert0001', 'Every hour');
		expect(drift.status).toBe('success');
		// Tenant A equals its own export: Compare outputs nothing and no message is sent.
		expect(emulator.tickets.comments).toHaveLength(0);
		await n8n.createWorkflows([
			withCredential(
				itemsWorkflow({
					id: 'portDriftA000001',
					items: [{ profileId: profileA }],
					parameters: {
						resource: 'groupPolicyConfiguration',
						operation: 'setSettings',
						groupPolicyConfigurationId: profileLocator,
						defineSettings: 'json',
						settingsJson: JSON.stringify([
							{ setting: path(browser, 'Disable Telemetry', 'machine'), state: 'notConfigured' },
						]),
					},
				}),
				CRED_A,
			),
		]);
		await outputOf('portDriftA000001');
		expect((await n8n.run('exDriftAlert0001', 'Every hour')).status).toBe('success');
		const [message] = emulator.tickets.comments.map((c) => c.body as { text: string });
		expect(message.text).toMatch(
			/^Fabrikam Browser baseline drifted: settingRemoved Disable Telemetry/,
		);
	});

	it('runs the nightly export example: the first night adds a file per profile to Git, the next replaces them', async () => {
		const github = { id: '', name: 'GitHub (emulator)' };
		github.id = await n8n.createCredential({
			name: github.name,
			type: 'githubApi',
			data: { server: `${emulator.url}/github`, user: 'n8n', accessToken: 'emulator-token' },
		});
		await n8n.createWorkflows([
			exampleAgainst('scheduled-export-profiles-to-git.json', (node) => {
				if (node.type === 'n8n-nodes-base.github') node.credentials = { githubApi: github };
			}),
		]);
		const profiles = emulator.storeOf(0).data.configurations.map((c) => String(c.displayName));
		const fileOf = (name: string) => `contoso/intune-baselines/profiles/${name}.json`;

		// The first night: no file yet, so each update fails into the example's error output, which adds it.
		expect((await n8n.run('exNightlyExport1', 'Every night')).status).toBe('success');
		expect(emulator.git.commits.map((c) => [c.path, c.created])).toEqual(
			expect.arrayContaining(profiles.map((name) => [`profiles/${name}.json`, true])),
		);
		expect(emulator.git.commits).toHaveLength(profiles.length);
		// The file is what Export gives for the profile now (the drift case above changed one setting).
		const [now] = await outputOf('portExportA00001');
		const ours = JSON.parse(emulator.git.text(fileOf(PROFILE))!) as Record<string, unknown>;
		expect(ours).toMatchObject({
			format: 'n8n-intune-admx-profile',
			profile: { displayName: PROFILE },
			settings: now.json.settings,
			assignments: now.json.assignments,
		});

		// The next night: every file is there, so each is replaced with the SHA it was read at; none is added, and
		// with nothing changed in Intune each file is byte for byte what the first night wrote (no noise in Git).
		const firstNight = profiles.map((name) => emulator.git.text(fileOf(name)));
		expect((await n8n.run('exNightlyExport1', 'Every night')).status).toBe('success');
		const second = emulator.git.commits.slice(profiles.length);
		expect(second).toHaveLength(profiles.length);
		expect(second.every((c) => !c.created)).toBe(true);
		expect(emulator.git.files.size).toBe(profiles.length);
		expect(profiles.map((name) => emulator.git.text(fileOf(name)))).toEqual(firstNight);
	});
});
