import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { FABRIKAM_PATHS, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import type { N8nInstance } from './harness/n8n';
import { ensureN8n, N8nInstance as Instance, nodeRun, packPackage } from './harness/n8n';
import type { Workflow } from './harness/workflows';
import {
	emulatorCredential,
	exampleWorkflow,
	itemsWorkflow,
	journeyExample,
} from './harness/workflows';

/*
 * The custom ADMX journey in real n8n with the packed package, against the emulator's Intune: upload a vendor's
 * chain, create an Administrative Templates profile, set one setting of every input kind by name (moments after the
 * upload, before Intune lists the file's settings), assign it with an exclusion and a filter, read it back, and run
 * the same settings again: nothing is sent. Then the two profile examples: a ticket that asks for a setting and a
 * group, and a baseline read from a Git repository (here the emulator's file server).
 */

jest.setTimeout(300_000);

const PROCESSING_MS = 800;
/** Intune lists a new file's settings a little after its verdict. */
const LAG_MS = 2_000;
const PROFILE = 'Fabrikam Browser baseline';

const { browser, network, extensions } = FABRIKAM_PATHS;
const path = (category: string, name: string, classType: 'machine' | 'user') =>
	`${category}\\${name} (${classType})`;

/** One setting of every input kind, as Set Settings takes them in JSON, one per item. */
const SETTINGS = [
	{ setting: path(browser, 'Disable Telemetry', 'machine'), state: 'enabled' },
	{
		setting: path(browser, 'Home Page', 'user'),
		state: 'enabled',
		values: { 'Home page URL': 'https://intranet.fabrikam.com' },
	},
	{ setting: path(browser, 'Home Page', 'machine'), state: 'disabled' },
	{
		setting: path(browser, 'Update Channel', 'machine'),
		state: 'enabled',
		values: { Channel: 'Beta' },
	},
	{
		setting: path(network, 'Max Download Size', 'machine'),
		state: 'enabled',
		values: { Bytes: 5_000_000_000 },
	},
	{
		setting: path(browser, 'Allowed Sites', 'machine'),
		state: 'enabled',
		values: { Sites: ['https://a.fabrikam.com', 'https://b.fabrikam.com'] },
	},
	{
		setting: path(extensions, 'Extension Settings', 'machine'),
		state: 'enabled',
		values: {
			Extensions: { 'adblock@fabrikam.com': 'force_installed' },
			'Input 2': ['first', 'second'],
			'Input 3': 'kept as text',
		},
	},
	{
		setting: path(network, 'Proxy', 'user'),
		state: 'enabled',
		values: { 'Proxy server': 'proxy.fabrikam.com', Port: 8080 },
	},
];

const TICKET_EXAMPLE = 'exWebhookSetting1';
const BASELINE_EXAMPLE = 'exScheduledBase01';
const BASELINE_URL = '/ticketing/attachments/baseline.json';

function ticketExample(): Workflow {
	return exampleWorkflow('webhook-ticket-profile-setting.json');
}

/** The baseline example, reading its JSON from the emulator's file server instead of GitHub. */
function baselineExample(): Workflow {
	const workflow = exampleWorkflow('scheduled-baseline-from-git.json');
	const read = workflow.nodes.find((node) => node.name === 'Read baseline from Git')!;
	read.parameters.url = `${emulator.url}${BASELINE_URL}`;
	return workflow;
}

const profileLocator = { __rl: true, mode: 'id', value: '={{ $json.profileId }}' };

let emulator: GraphEmulator;
let n8n: N8nInstance;
let packDir: string;
let profileId: string;

const writes = (action: string) =>
	emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith(`/${action}`));

function profileWorkflows(id: string) {
	return [
		itemsWorkflow({
			id: 'profileSetJson01',
			items: SETTINGS.map((setting) => ({ profileId: id, setting })),
			parameters: {
				resource: 'groupPolicyConfiguration',
				operation: 'setSettings',
				groupPolicyConfigurationId: profileLocator,
				defineSettings: 'json',
				settingsJson: '={{ JSON.stringify([$json.setting]) }}',
				options: { waitTimeoutSeconds: 60 },
			},
		}),
		itemsWorkflow({
			id: 'profileSetField1',
			items: [{ profileId: id, cacheMb: 500 }],
			parameters: {
				resource: 'groupPolicyConfiguration',
				operation: 'setSettings',
				groupPolicyConfigurationId: profileLocator,
				defineSettings: 'fields',
				setting: { __rl: true, mode: 'namePath', value: path(browser, 'Cache Size', 'machine') },
				state: 'enabled',
				values: {
					mappingMode: 'defineBelow',
					value: { 'Cache size (MB)': '={{ $json.cacheMb }}', 'Clear cache on exit': true },
				},
			},
		}),
		itemsWorkflow({
			id: 'profileAssign001',
			items: [{ profileId: id }],
			parameters: {
				resource: 'groupPolicyConfiguration',
				operation: 'assign',
				groupPolicyConfigurationId: profileLocator,
				assignmentMode: 'replace',
				defineTargets: 'fields',
				assignmentTargets: {
					includeGroups: [
						{
							groupId: { __rl: true, mode: 'id', value: IDS.groupPilotDevices },
							deviceAndAppManagementAssignmentFilterId: {
								__rl: true,
								mode: 'id',
								value: IDS.filterWindows11,
							},
							deviceAndAppManagementAssignmentFilterType: 'include',
						},
					],
					excludeGroups: [{ groupId: { __rl: true, mode: 'id', value: IDS.groupKiosks } }],
				},
			},
		}),
		itemsWorkflow({
			id: 'profileGetSetts1',
			items: [{ profileId: id }],
			parameters: {
				resource: 'groupPolicyConfiguration',
				operation: 'getSettings',
				groupPolicyConfigurationId: profileLocator,
			},
		}),
	];
}

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	const tarball = packPackage(packDir);
	emulator = await new GraphEmulator({
		admx: { processingMs: PROCESSING_MS, definitionsLagMs: LAG_MS },
	}).start();
	n8n = Instance.create(runtime, tarball);
	await n8n.importCredentials([emulatorCredential(emulator)]);
	await n8n.start();
	await n8n.setUpOwner();
	await n8n.createWorkflows([
		itemsWorkflow({
			id: 'profileUpload001',
			// Out of order: the node uploads the base file first.
			items: [{ ...POLICIES_CHAIN.app }, { ...POLICIES_CHAIN.base }],
			parameters: {
				resource: 'groupPolicyUploadedDefinitionFile',
				operation: 'upload',
				admxSource: 'text',
				admxText: '={{ $json.admx }}',
				admxFileName: '={{ $json.fileName }}',
				admlSource: 'text',
				admlText: '={{ $json.adml }}',
				admlFileName: '={{ $json.admlFileName }}',
			},
		}),
		ticketExample(),
		baselineExample(),
		journeyExample(emulator),
		itemsWorkflow({
			id: 'profileCreate001',
			items: [{ name: PROFILE }],
			parameters: {
				resource: 'groupPolicyConfiguration',
				operation: 'create',
				displayName: '={{ $json.name }}',
				additionalFields: { description: 'Set by n8n from the Fabrikam ADMX' },
			},
		}),
	]);
	await n8n.publish(TICKET_EXAMPLE);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

const outputOf = async (workflowId: string) => {
	const result = await n8n.run(workflowId);
	const run = nodeRun(result.run, 'Intune');
	if (result.status !== 'success') throw new Error(`${workflowId} ended ${result.status}`);
	return run!.data!.main[0].map((item) => item.json);
};

describe('Administrative Templates profiles in real n8n', () => {
	it('uploads the vendor chain, creates a profile and sets a setting of every kind by name', async () => {
		const files = await outputOf('profileUpload001');
		expect(files.map((f) => [f.fileName, f.status])).toEqual([
			['fabrikambrowser.admx', 'available'],
			['fabrikam.admx', 'available'],
		]);

		const [profile] = await outputOf('profileCreate001');
		expect(profile).toMatchObject({ displayName: PROFILE });
		profileId = String(profile.id);
		await n8n.createWorkflows(profileWorkflows(profileId));

		// Straight after the verdict: Intune has not listed the settings yet, so the node waits for them.
		const set = await outputOf('profileSetJson01');
		expect(set.map((s) => s.change)).toEqual(SETTINGS.map(() => 'added'));
		expect(writes('updateDefinitionValues')).toHaveLength(1);
		const stored = emulator.store.data.definitionValues.filter(
			(v) => v.configurationId === profileId,
		);
		expect(stored).toHaveLength(SETTINGS.length);

		const [cache] = await outputOf('profileSetField1');
		expect(cache).toMatchObject({
			change: 'added',
			state: 'enabled',
			values: { 'Cache size (MB)': 500, 'Clear cache on exit': true },
		});
		expect(writes('updateDefinitionValues')).toHaveLength(2);
	});

	it('assigns the profile to a group with a filter, excluding another group', async () => {
		const [result] = await outputOf('profileAssign001');
		expect(result.changed).toBe(true);
		const targets = (result.assignments as Array<{ target: Record<string, unknown> }>).map(
			(a) => a.target,
		);
		expect(targets).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					'@odata.type': '#microsoft.graph.groupAssignmentTarget',
					groupId: IDS.groupPilotDevices,
					deviceAndAppManagementAssignmentFilterId: IDS.filterWindows11,
					deviceAndAppManagementAssignmentFilterType: 'include',
				}),
				expect.objectContaining({
					'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
					groupId: IDS.groupKiosks,
				}),
			]),
		);
		expect(targets).toHaveLength(2);
	});

	it('reads the settings back by name, with their values by input label', async () => {
		const settings = await outputOf('profileGetSetts1');
		expect(settings).toHaveLength(SETTINGS.length + 1);
		const byName = new Map(
			settings.map((s) => {
				const setting = s.setting as { displayName: string; classType: string };
				return [`${setting.displayName} (${setting.classType})`, s];
			}),
		);
		expect(byName.get('Home Page (user)')).toMatchObject({
			state: 'enabled',
			values: { 'Home page URL': 'https://intranet.fabrikam.com' },
		});
		expect(byName.get('Home Page (machine)')).toMatchObject({ state: 'disabled' });
		expect(byName.get('Update Channel (machine)')).toMatchObject({ values: { Channel: 'beta' } });
		expect(byName.get('Proxy (user)')).toMatchObject({
			values: { 'Proxy server': 'proxy.fabrikam.com', Port: 8080 },
		});
		expect(byName.get('Cache Size (machine)')).toMatchObject({
			values: { 'Cache size (MB)': 500, 'Clear cache on exit': true },
		});
	});

	it('sends nothing when the same settings are set again', async () => {
		const before = writes('updateDefinitionValues').length;
		const again = await outputOf('profileSetJson01');
		expect(again.map((s) => s.change)).toEqual(SETTINGS.map(() => 'unchanged'));
		expect(writes('updateDefinitionValues')).toHaveLength(before);
		const [cache] = await outputOf('profileSetField1');
		expect(cache.change).toBe('unchanged');
		expect(writes('updateDefinitionValues')).toHaveLength(before);
	});
	it('runs the ticket example: uploads the files if missing, sets the setting, assigns, posts back', async () => {
		for (const file of [POLICIES_CHAIN.base, POLICIES_CHAIN.app]) {
			emulator.tickets.attachments.set(file.fileName, file.admx);
			emulator.tickets.attachments.set(file.admlFileName, file.adml);
		}
		const uploadsBefore = writes('groupPolicyUploadedDefinitionFiles').length;
		const ticket = {
			number: 'RITM0010077',
			comments_url: `${emulator.url}/ticketing/tickets/RITM0010077/comments`,
			profile_id: profileId,
			group_id: IDS.groupAllStaff,
			setting: path(browser, 'Update Channel', 'machine'),
			state: 'enabled',
			values: { Channel: 'nightly' },
			files: [POLICIES_CHAIN.base, POLICIES_CHAIN.app].map((file) => ({
				name: file.fileName.replace(/\.admx$/, ''),
				admx_url: `${emulator.url}/ticketing/attachments/${file.fileName}`,
				adml_url: `${emulator.url}/ticketing/attachments/${file.admlFileName}`,
			})),
		};
		const response = await fetch(`${n8n.url}/webhook/intune-setting`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(ticket),
		});
		expect(response.status).toBe(200);
		for (let waited = 0; emulator.tickets.comments.length === 0 && waited < 60_000; waited += 250)
			await new Promise((r) => setTimeout(r, 250));
		expect(emulator.tickets.comments).toEqual([
			{
				ticket: 'RITM0010077',
				body: {
					setting: 'Update Channel',
					change: 'updated',
					state: 'enabled',
					assigned: true,
					assignments: 3,
				},
			},
		]);
		// Both files were already there: skipped, not uploaded again.
		expect(writes('groupPolicyUploadedDefinitionFiles')).toHaveLength(uploadsBefore);
	});

	it('runs the baseline example: sets what the Git file says, then nothing on the next run', async () => {
		const baseline = {
			profileId,
			settings: [
				{ setting: path(browser, 'Disable Telemetry', 'machine'), state: 'enabled' },
				{ setting: path(browser, 'Allowed Sites', 'machine'), state: 'notConfigured' },
			],
		};
		emulator.tickets.attachments.set('baseline.json', JSON.stringify(baseline));
		const first = await n8n.run(BASELINE_EXAMPLE, 'Every morning');
		expect([first.status, first.status === 'success' ? '' : first.output]).toEqual(['success', '']);
		const changed = nodeRun(first.run, 'Only what changed')!.data!.main[0].map((i) => i.json);
		expect(changed.map((c) => c.change)).toEqual(['removed']);
		const writesBefore = writes('updateDefinitionValues').length;
		const second = await n8n.run(BASELINE_EXAMPLE, 'Every morning');
		expect(second.status).toBe('success');
		expect(writes('updateDefinitionValues')).toHaveLength(writesBefore);
	});
	it('runs the journey example: files already there are skipped, a profile is built and read back', async () => {
		const result = await n8n.run('exAdmxJourney001');
		expect(result.status).toBe('success');
		const uploads = nodeRun(result.run, 'Upload ADMX File')!.data!.main[0].map((i) => i.json);
		// Skipped, as they are: the browser file's settings are in a profile now, so Intune shows it assigned.
		expect(uploads.map((f) => [f.fileName, f.status])).toEqual([
			['fabrikam.admx', 'available'],
			['fabrikambrowser.admx', 'assigned'],
		]);
		const settings = nodeRun(result.run, 'Read settings back')!.data!.main[0].map((i) => i.json);
		expect(settings.length).toBeGreaterThan(0);
		expect(settings.every((s) => s.state === 'enabled')).toBe(true);
	});
});
