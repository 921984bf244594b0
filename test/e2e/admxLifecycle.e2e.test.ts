import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { IDS } from '../emulator/data';
import { REMOVAL_FAILED_DETAILS } from '../emulator/admx';
import { GraphEmulator } from '../emulator/emulator';
import { adml, admx, CHAIN } from '../fixtures/admx';
import type { AdmxSpec } from '../fixtures/admx';
import type { N8nInstance } from './harness/n8n';
import { ensureN8n, N8nInstance as Instance, nodeRun, packPackage } from './harness/n8n';
import {
	emulatorCredential,
	exampleWorkflow,
	itemsWorkflow,
	onOwnTenants,
	uploadParameters,
} from './harness/workflows';

/*
 * The ADMX file lifecycle with the packed package in real n8n, against the emulator's asynchronous Intune: the
 * files travel as item fields mapped by expression, as they would from a download or a form. One `n8n start` runs
 * every case's workflow as the editor runs it, and answers the ticket webhook.
 */

jest.setTimeout(300_000);

const PROCESSING_MS = 1_500;
const UPLOADS = '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles';

const fileItem = (name: string, spec: AdmxSpec) => ({
	name,
	admx: admx(spec),
	adml: adml(spec),
});

const lob = { prefix: 'contoso', namespace: 'Contoso.Policies.Lob' };
const FABRIKAM = { prefix: 'fabrikam', namespace: 'Fabrikam.Policies' };
const IN_USE_FILE = '7a2c3d4e-0000-4b2c-9c1e-2b8e0c4d5a77';

/*
 * Files crafted to make a backtracking reader take minutes: just under Intune's 1 MB, so that only
 * the node's reading can refuse them.
 */
const SIZE = 1_000_000;
const fill = (unit: string) => unit.repeat(Math.floor((SIZE - 200) / unit.length));
const CRAFTED: Array<[string, string]> = [
	['unclosed-using', `<policyDefinitions><policyNamespaces>${fill('<using ')}`],
	['unclosed-reference', `<policyDefinitions><policies><policy displayName="${fill('$(string.')}`],
];

let emulator: GraphEmulator;
let n8n: N8nInstance;
let packDir: string;

const uploadPosts = () => emulator.log.filter((e) => e.method === 'POST' && e.path === UPLOADS);
const actions = (name: string) =>
	emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith(`/${name}`));

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	const tarball = packPackage(packDir);
	// Each case's workflow signs in to a tenant of its own (harness/workflows.ts says why).
	const cases = onOwnTenants([
		itemsWorkflow({
			id: 'admxUpload000001',
			items: [fileItem('contoso-base', CHAIN.base)],
			parameters: uploadParameters(),
		}),
		itemsWorkflow({
			id: 'admxChain0000001',
			items: [
				fileItem('contoso-addon', CHAIN.addon),
				fileItem('contoso-app', CHAIN.app),
				fileItem('contoso-base', CHAIN.base),
			],
			parameters: uploadParameters(),
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'admxFailed000001',
			items: [fileItem('contoso-app', CHAIN.app)],
			parameters: uploadParameters({ checkDependencies: false }),
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'admxMissingDep01',
			items: [fileItem('contoso-app', CHAIN.app)],
			parameters: uploadParameters(),
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'admxReplace00001',
			items: [fileItem('contoso-lob', lob)],
			parameters: uploadParameters({
				ifAlreadyUploaded: 'replace',
				options: { allowRemoveAndUpload: true },
			}),
		}),
		itemsWorkflow({
			id: 'admxRemoveFail01',
			items: [{ id: IN_USE_FILE }],
			parameters: {
				resource: 'groupPolicyUploadedDefinitionFile',
				operation: 'remove',
				groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'admxSkipFailed01',
			items: [fileItem('fabrikam', FABRIKAM)],
			parameters: uploadParameters({ ifAlreadyUploaded: 'skip' }),
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'admxCrafted00001',
			items: CRAFTED.map(([name, text]) => ({ name, admx: text, adml: adml(FABRIKAM) })),
			parameters: uploadParameters(),
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'admxRemove000001',
			items: [{ id: IDS.uploadedFile }],
			parameters: {
				resource: 'groupPolicyUploadedDefinitionFile',
				operation: 'remove',
				groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
		}),
	]);
	emulator = await new GraphEmulator({
		admx: { processingMs: PROCESSING_MS },
		tenants: cases.tenants,
	}).start();
	n8n = Instance.create(runtime, tarball);
	await n8n.importCredentials([emulatorCredential(emulator), ...cases.credentials(emulator)]);
	await n8n.start();
	await n8n.setUpOwner();
	await n8n.createWorkflows([
		exampleWorkflow('webhook-ticket-upload-admx.json'),
		...cases.workflows,
	]);
	await n8n.publish('exWebhookAdmx001');
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

beforeEach(() => emulator.reset());

describe('ADMX files in real n8n', () => {
	it('uploads an ADMX and its ADML and outputs the file once Intune has made it available', async () => {
		const result = await n8n.run('admxUpload000001');
		expect(result.status).toBe('success');
		const run = nodeRun(result.run, 'Intune')!;
		expect(run.data!.main[0][0].json).toMatchObject({
			fileName: 'contoso-base.admx',
			targetNamespace: 'Contoso.Policies.Base',
			status: 'available',
		});
		// From upload to verdict, as n8n timed the node, against Intune's (the emulator's) processing time.
		console.log(`upload to verdict: ${run.executionTime} ms for ${PROCESSING_MS} ms of processing`);
		expect(run.executionTime).toBeGreaterThanOrEqual(PROCESSING_MS);
	});

	it('uploads a three-file chain given out of order in dependency order; output stays in input order', async () => {
		const result = await n8n.run('admxChain0000001');
		expect(result.status).toBe('success');
		const output = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(output.map((o) => [o.json.fileName, o.json.status])).toEqual([
			['contoso-addon.admx', 'available'],
			['contoso-app.admx', 'available'],
			['contoso-base.admx', 'available'],
		]);
		expect(uploadPosts().map((p) => (p.body as { fileName: string }).fileName)).toEqual([
			'contoso-base.admx',
			'contoso-app.admx',
			'contoso-addon.admx',
		]);
	});

	it("shows Intune's reason for a failed upload, and removes the failed file", async () => {
		const result = await n8n.run('admxFailed000001');
		const [item] = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(item.json.error).toBe(
			'Intune refused contoso-app.admx: ADMX file referenced not found NamespaceMissing:Contoso.Policies.Base. Please upload it first.',
		);
		expect(actions('remove')).toHaveLength(1);
		expect(
			emulator.store.data.definitionFiles.some((f) => f.targetNamespace === CHAIN.app.namespace),
		).toBe(false);
	});

	it('refuses a file whose dependency is missing, sending nothing', async () => {
		const result = await n8n.run('admxMissingDep01');
		const [item] = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(item.json.error).toMatch(
			/uses namespace Contoso\.Policies\.Base, which is not in the tenant/,
		);
		expect(uploadPosts()).toHaveLength(0);
	});

	it('replaces with uploadNewVersion, and by remove and upload where the tenant does not support it', async () => {
		const withVersion = await n8n.run('admxReplace00001');
		expect(nodeRun(withVersion.run, 'Intune')!.data!.main[0][0].json).toMatchObject({
			id: IDS.uploadedFile,
			status: 'available',
		});
		expect(actions('uploadNewVersion')).toHaveLength(1);

		emulator.reset();
		emulator.configure({ admx: { uploadNewVersionSupported: false } });
		const without = await n8n.run('admxReplace00001');
		const [item] = nodeRun(without.run, 'Intune')!.data!.main[0];
		expect(item.json).toMatchObject({ fileName: 'contoso-lob.admx', status: 'available' });
		expect(item.json.id).not.toBe(IDS.uploadedFile);
		expect(actions('remove')).toHaveLength(1);
		expect(uploadPosts()).toHaveLength(1);
	});

	it('reconciles an upload whose answer was lost, creating no duplicate', async () => {
		emulator.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: 'groupPolicyUploadedDefinitionFiles',
		});
		const result = await n8n.run('admxUpload000001');
		expect(result.status).toBe('success');
		expect(nodeRun(result.run, 'Intune')!.data!.main[0][0].json.status).toBe('available');
		expect(uploadPosts()).toHaveLength(1);
		expect(
			emulator.store.data.definitionFiles.filter((f) => f.targetNamespace === CHAIN.base.namespace),
		).toHaveLength(1);
	});

	it("fails a removal as soon as Intune reports it failed, with Intune's reason", async () => {
		emulator.store.lifecycle.seed({
			id: IN_USE_FILE,
			fileName: 'fabrikam.admx',
			targetNamespace: FABRIKAM.namespace,
			status: 'assigned',
		});
		const result = await n8n.run('admxRemoveFail01');
		const run = nodeRun(result.run, 'Intune')!;
		const [item] = run.data!.main[0];
		expect(item.json.error).toBe(
			`Intune could not remove fabrikam.admx: ${REMOVAL_FAILED_DETAILS}`,
		);
		expect(item.json.details).toMatch(/profile still uses/);
		// The verdict, not the 300 s Wait Timeout.
		expect(run.executionTime).toBeLessThan(PROCESSING_MS + 10_000);
	});

	it('does not skip a failed upload of the same namespace: removes it and uploads again', async () => {
		const failed = emulator.store.lifecycle.seed({
			fileName: 'fabrikam.admx',
			targetNamespace: FABRIKAM.namespace,
			status: 'uploadFailed',
			statusDetails: 'Content Parsing exception',
		});
		const result = await n8n.run('admxSkipFailed01');
		const [item] = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(item.json).toMatchObject({ fileName: 'fabrikam.admx', status: 'available' });
		expect(item.json.id).not.toBe(failed.id);
		expect(actions('remove')).toHaveLength(1);
		expect(uploadPosts()).toHaveLength(1);
	});

	it('refuses 1 MB files crafted to stall a backtracking reader, at once and sending nothing', async () => {
		const result = await n8n.run('admxCrafted00001');
		const run = nodeRun(result.run, 'Intune')!;
		const output = run.data!.main[0];
		expect(output).toHaveLength(CRAFTED.length);
		for (const item of output) expect(item.json.error).toMatch(/not well-formed XML/);
		expect(emulator.log.filter((e) => e.method === 'POST')).toHaveLength(0);
		console.log(`two crafted 1 MB files refused in ${run.executionTime} ms`);
		expect(run.executionTime).toBeLessThan(10_000);
	});

	it('removes a file and waits until Intune has deleted it', async () => {
		const result = await n8n.run('admxRemove000001');
		expect(result.status).toBe('success');
		expect(nodeRun(result.run, 'Intune')!.data!.main[0][0].json).toMatchObject({
			id: IDS.uploadedFile,
			status: 'removalInProgress',
			removed: true,
			removeOperation: { operationType: 'remove' },
		});
		expect(emulator.store.data.definitionFiles.some((f) => f.id === IDS.uploadedFile)).toBe(false);
	});

	it('runs the ticket example: downloads the attachments, uploads them in order, posts each verdict back', async () => {
		const files: Array<[string, AdmxSpec]> = [
			['contoso-addon', CHAIN.addon],
			['contoso-app', CHAIN.app],
			['contoso-base', CHAIN.base],
			[
				'fabrikam-tools',
				{
					prefix: 'fab',
					namespace: 'Fabrikam.Tools',
					usings: [{ prefix: 'x', namespace: 'Fabrikam.Missing' }],
				},
			],
		];
		for (const [name, spec] of files) {
			emulator.tickets.attachments.set(`${name}.admx`, admx(spec));
			emulator.tickets.attachments.set(`${name}.adml`, adml(spec));
		}
		const ticket = {
			number: 'INC0012345',
			comments_url: `${emulator.url}/ticketing/tickets/INC0012345/comments`,
			files: files.map(([name]) => ({
				name,
				admx_url: `${emulator.url}/ticketing/attachments/${name}.admx`,
				adml_url: `${emulator.url}/ticketing/attachments/${name}.adml`,
			})),
		};
		// Published on the running n8n before the cases began; should its production webhook not be registered
		// yet, the URL answers 404: post until heard.
		for (let tries = 0; tries < 60; tries++) {
			const response = await fetch(`${n8n.url}/webhook/intune-admx`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(ticket),
			});
			if (response.ok) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		for (
			let waited = 0;
			emulator.tickets.comments.length < files.length && waited < 60_000;
			waited += 250
		) {
			await new Promise((r) => setTimeout(r, 250));
		}
		const verdicts = Object.fromEntries(
			emulator.tickets.comments.map((c) => [
				(c.body as { file: string }).file,
				c.body as Record<string, unknown>,
			]),
		);
		expect(emulator.tickets.comments.every((c) => c.ticket === 'INC0012345')).toBe(true);
		expect(verdicts['contoso-base.admx']).toMatchObject({
			status: 'available',
			namespace: 'Contoso.Policies.Base',
		});
		expect(verdicts['contoso-app.admx']).toMatchObject({ status: 'available' });
		expect(verdicts['contoso-addon.admx']).toMatchObject({ status: 'available' });
		expect(verdicts['fabrikam-tools.admx']).toMatchObject({ status: 'failed' });
		expect(String(verdicts['fabrikam-tools.admx'].error)).toMatch(
			/uses namespace Fabrikam\.Missing, which is not in the tenant/,
		);
		expect(uploadPosts().map((p) => (p.body as { fileName: string }).fileName)).toEqual([
			'contoso-base.admx',
			'contoso-app.admx',
			'contoso-addon.admx',
		]);
	});
});
