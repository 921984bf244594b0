import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { GraphEmulator } from '../emulator/emulator';
import { ensureN8n, N8nInstance, nodeRun, OWNER, packPackage, REPO_ROOT } from '../e2e/harness/n8n';
import { emulatorCredential, exampleWorkflow } from '../e2e/harness/workflows';

/*
 * `npm run demo`: the package working in a real n8n without a tenant. Starts the Graph emulator, installs the packed
 * package into a throw-away n8n user folder, imports a credential that points at the emulator and the example
 * workflows, runs the manual example, then leaves n8n's editor open until Ctrl-C.
 */

const N8N_PORT = Number(process.env.DEMO_N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.DEMO_EMULATOR_PORT ?? 4010);

const say = (text: string) => process.stdout.write(`${text}\n`);

async function main() {
	say(
		'Preparing n8n (the first run installs Node 24 and n8n into your cache directory; this takes a few minutes)...',
	);
	const runtime = ensureN8n();
	const packDir = mkdtempSync(join(tmpdir(), 'intune-demo-pack-'));
	const tarball = packPackage(packDir);
	const emulator = await new GraphEmulator({ port: EMULATOR_PORT }).start();
	const n8n = N8nInstance.create(runtime, tarball);
	let stopping = false;
	const cleanUp = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the emulator...');
		await n8n.dispose();
		await emulator.stop();
		rmSync(packDir, { recursive: true, force: true });
		process.exit(code);
	};
	process.on('SIGINT', () => void cleanUp(0));
	process.on('SIGTERM', () => void cleanUp(0));

	try {
		say(`Microsoft Graph emulator: ${emulator.url}`);
		await n8n.importCredentials([emulatorCredential(emulator)]);
		await n8n.importWorkflows(
			[
				'manual-create-operation.json',
				'scheduled-create-operations.json',
				'webhook-ticket-create-operation.json',
			].map(exampleWorkflow),
		);
		say(
			'Running the example "Intune: create a group policy operation (manual)" with n8n execute...',
		);
		const result = await n8n.execute('exManualCreate01');
		const run = nodeRun(result.run, 'Create Group Policy Operation');
		if (result.code !== 0 || !run?.data)
			throw new Error(`The example did not run:\n${result.stdout}\n${result.stderr}`);
		say('Created group policy operation, as Microsoft Graph returned it:');
		say(JSON.stringify(run.data.main[0][0].json, null, 2));

		await n8n.activate('exWebhookTicket1');
		const url = await n8n.start(N8N_PORT);
		await n8n.setUpOwner(url);
		const ticket = join(REPO_ROOT, 'examples/servicenow-ticket.json');
		say(`
n8n is running at ${url}
  Sign in as ${OWNER.email} / ${OWNER.password}
  Credential "Microsoft Graph (Intune) account" points at the emulator; the three example workflows are imported.
  Try the ticket webhook:
    curl -s -X POST ${url}/webhook/intune-ticket -H 'Content-Type: application/json' --data @${ticket}
  Emulator request log: ${emulator.url}/_emulator/log
Press Ctrl-C to stop everything.`);
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		await cleanUp(1);
	}
}

if (require.main === module) void main();
