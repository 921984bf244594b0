import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { GraphEmulator } from '../emulator/emulator';
import type { N8nInstance } from './harness/n8n';
import { ensureN8n, N8nInstance as Instance, packPackage } from './harness/n8n';
import { emulatorCredential, exampleWorkflow } from './harness/workflows';
import { REFUSED_UPLOAD, until, uploadRefusedFile } from './harness/trigger';

/*
 * The polling trigger published on a running `n8n start`: n8n polls every minute (its shortest interval), so this
 * test waits for real polls, the one case of the suite that does. An upload that Intune (the emulator) refuses must
 * open exactly one ticket.
 */

jest.setTimeout(400_000);

const UPLOADS = '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles';
let emulator: GraphEmulator;
let n8n: N8nInstance;
let packDir: string;

const polls = () => emulator.log.filter((e) => e.method === 'GET' && e.path === UPLOADS).length;

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	emulator = await new GraphEmulator({ admx: { processingMs: 500 } }).start();
	n8n = Instance.create(runtime, packPackage(packDir));
	await n8n.importCredentials([emulatorCredential(emulator)]);
	await n8n.start();
	await n8n.setUpOwner();
	const workflow = exampleWorkflow('trigger-upload-failed-to-ticket.json');
	const ticket = workflow.nodes.find((node) => node.name === 'Open ticket')!;
	ticket.parameters.url = `${emulator.url}/ticketing/tickets/new/comments`;
	await n8n.createWorkflows([workflow]);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

it('opens one ticket when Intune refuses an upload, with the reason, and only once', async () => {
	// Published on the running n8n, as the editor's Publish button does: n8n polls at once, then every minute.
	await n8n.publish('exTriggerAdmxFail');
	// The poll at activation, then the first scheduled one, record where the tenant is.
	await until(() => polls() >= 2, 150_000);
	expect(polls()).toBeGreaterThanOrEqual(2);
	expect(emulator.tickets.comments).toHaveLength(0);

	uploadRefusedFile(emulator);
	await until(() => emulator.tickets.comments.length > 0, 90_000);
	expect(emulator.tickets.comments).toHaveLength(1);
	expect(emulator.tickets.comments[0].body).toMatchObject({
		short_description: `Intune refused ${REFUSED_UPLOAD.fileName}`,
		description: REFUSED_UPLOAD.reason,
		namespace: REFUSED_UPLOAD.namespace,
	});
	// One more poll finds nothing new.
	const seen = polls();
	await until(() => polls() > seen, 90_000);
	// Not a wait for readiness: a ticket that poll wrongly opened would land within these 2 s.
	await new Promise((r) => setTimeout(r, 2_000));
	expect(emulator.tickets.comments).toHaveLength(1);
});
