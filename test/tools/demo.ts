import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { GraphEmulator } from '../emulator/emulator';
import type { ExecuteResult } from '../e2e/harness/n8n';
import { ensureN8n, N8nInstance, nodeRun, OWNER, packPackage, REPO_ROOT } from '../e2e/harness/n8n';
import {
	emulatorCredential,
	exampleWorkflow,
	JOURNEY,
	journeyExample,
} from '../e2e/harness/workflows';

/*
 * `npm run demo`: the package working in a real n8n without a tenant. Starts the Graph emulator, installs the packed
 * package into a throw-away n8n user folder, imports a credential that points at the emulator and the example
 * workflows, runs the manual example, then the ADMX journey: the sample Fabrikam ADMX/ADML chain downloaded (from the
 * emulator's attachment server, where the example points at a Git repository), uploaded, Intune's verdict, an
 * Administrative Templates profile created, its settings set by name, assigned and read back; then leaves n8n's
 * editor open until Ctrl-C.
 */

const N8N_PORT = Number(process.env.DEMO_N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.DEMO_EMULATOR_PORT ?? 4010);

const say = (text: string) => process.stdout.write(`${text}\n`);

type Json = Record<string, unknown>;

/** The journey's run, one short line per step, then the settings read back. */
function reportJourney(result: ExecuteResult, emulator: GraphEmulator): void {
	const items = (node: string): Json[] => {
		const run = nodeRun(result.run, node);
		if (!run?.data) {
			const why = run?.error?.message ?? result.run?.data.resultData.error?.message;
			throw new Error(`The journey stopped at "${node}"${why ? `: ${why}` : ''}\n${result.stderr}`);
		}
		return run.data.main[0].map((item) => item.json);
	};
	const seconds = (node: string) =>
		`${((nodeRun(result.run, node)?.executionTime ?? 0) / 1000).toFixed(1)} s`;
	const groupName = (id: unknown) =>
		emulator.store.data.groups.find((g) => g.id === id)?.displayName ?? String(id);
	const filterName = (id: unknown) =>
		emulator.store.data.assignmentFilters.find((f) => f.id === id)?.displayName ?? String(id);

	const files = items('One item per file');
	say(`  1. Files to upload: ${files.map((f) => f.name).join(', ')} (ADMX and ADML each)`);
	const downloaded = items('Download ADML').length + items('Download ADMX').length;
	say(
		`  2. Downloaded ${downloaded} files from ${emulator.url}/ticketing/attachments, standing in for your Git repository`,
	);
	const uploaded = items('Upload ADMX File');
	say(
		`  3. Upload ADMX File, Intune's verdict: ${uploaded.map((f) => `${f.fileName} ${f.status}`).join(', ')} (${seconds('Upload ADMX File')})`,
	);
	const [profile] = items('Create profile');
	say(`  4. Create profile: "${profile.displayName}" (${profile.id})`);
	const set = items('Set settings by name');
	const changes = new Map<string, number>();
	for (const s of set) changes.set(String(s.change), (changes.get(String(s.change)) ?? 0) + 1);
	const writes = emulator.log.filter((e) => e.path.endsWith('/updateDefinitionValues')).length;
	say(
		`  5. Set settings by name: ${set.length} settings, ${[...changes].map(([c, n]) => `${n} ${c}`).join(', ')}, in ${writes} write${writes === 1 ? '' : 's'}`,
	);
	const [assigned] = items('Assign to pilot devices');
	const targets = (assigned.assignments as Array<{ target: Json }>).map(({ target }) => {
		const group = groupName(target.groupId);
		if (String(target['@odata.type']).includes('exclusion')) return `excluding ${group}`;
		const filter = target.deviceAndAppManagementAssignmentFilterId;
		return filter
			? `${group} (filter ${filterName(filter)}, ${String(target.deviceAndAppManagementAssignmentFilterType)})`
			: group;
	});
	say(`  6. Assign to pilot devices: ${targets.join(', ')}`);
	const settings = items('Read settings back');
	say(`  7. Read settings back: ${settings.length} settings`);
	for (const s of settings) {
		const setting = s.setting as Json;
		const values = Object.entries(s.values as Json).map(
			([label, value]) => `${label} = ${JSON.stringify(value)}`,
		);
		say(
			`       ${String(setting.namePath)}: ${String(s.state)}${values.length ? `; ${values.join('; ')}` : ''}`,
		);
	}
}

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
		await n8n.importWorkflows([
			...[
				'manual-create-operation.json',
				'scheduled-create-operations.json',
				'webhook-ticket-create-operation.json',
			].map(exampleWorkflow),
			journeyExample(emulator),
		]);
		say(
			'Running the example "Intune: create a group policy operation (manual)" with n8n execute...',
		);
		const result = await n8n.execute('exManualCreate01');
		const run = nodeRun(result.run, 'Create Group Policy Operation');
		if (result.code !== 0 || !run?.data)
			throw new Error(`The example did not run:\n${result.stdout}\n${result.stderr}`);
		say('Created group policy operation, as Microsoft Graph returned it:');
		say(JSON.stringify(run.data.main[0][0].json, null, 2));

		const journey = exampleWorkflow(JOURNEY);
		say(`\nRunning the example "${journey.name as string}" with n8n execute...`);
		emulator.log.length = 0;
		reportJourney(await n8n.execute(journey.id), emulator);

		await n8n.activate('exWebhookTicket1');
		const url = await n8n.start(N8N_PORT);
		await n8n.setUpOwner(url);
		const ticket = join(REPO_ROOT, 'examples/servicenow-ticket.json');
		say(`
n8n is running at ${url}
  Sign in as ${OWNER.email} / ${OWNER.password}
  Credential "Microsoft Graph (Intune) account" points at the emulator; four example workflows are imported (the
  ADMX journey downloads its files from the emulator's attachment server; groups and filters are the emulator's).
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
