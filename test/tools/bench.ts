import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';

import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import type { N8nInstance, N8nRuntime } from '../e2e/harness/n8n';
import {
	ensureN8n,
	N8nInstance as Instance,
	nodeRun,
	packPackage,
	parseRun,
	REPO_ROOT,
} from '../e2e/harness/n8n';
import { QueueCluster } from '../e2e/harness/queue';
import { freePort } from '../e2e/harness/services';
import { emulatorCredential, exampleWorkflow, itemsWorkflow } from '../e2e/harness/workflows';
import { seededPresentationValueLocators } from '../helpers/seededTarget';
import { GENERIC_CREDENTIAL, genericOAuth2Credential, profilesSection } from './benchProfiles';

/*
 * `npm run bench`: this node (default, concurrent, batched) against n8n's own HTTP Request node (as a user would set
 * it up, with and without Retry On Fail), side by side in one real n8n against the emulator, on the same input.
 * Times are the node's own execution time as n8n records it, so n8n's start-up is not counted.
 *
 * Then the same write limit met by many executions at once: 300 ticket webhooks of one item each, on one n8n
 * process and on queue mode with 1 and 2 workers (wall time from the first post to the last answer); and one
 * execution of 10,000 items (time, and the n8n process's peak memory against a run of one item).
 *
 * Then an Administrative Templates profile of 100 settings written and read back, this node against the HTTP Request
 * node set up by hand (benchProfiles.ts).
 *
 * Sections: `npm run bench` runs them all; `npm run bench -- writes` only the writes (everything above the
 * profiles, the long part), `npm run bench -- profiles` only the profiles (a few minutes).
 */

const SECTIONS = ['writes', 'profiles'] as const;

const DEEP = `/beta/deviceManagement/groupPolicyConfigurations/${IDS.configuration}/definitionValues/${IDS.definitionValue}/presentationValues/${IDS.presentationValue}/presentation/definition/definitionFile/microsoft.graph.groupPolicyUploadedDefinitionFile/groupPolicyOperations`;
const CONCURRENT = 20;
/** Where the default's requests in flight end up: it adapts up to this many. */
const ADAPTIVE_CEILING = 50;
const WEBHOOKS = 300;
const LARGE_RUN = 10_000;
const BATCH_CONCURRENCY = 4;

interface Scenario {
	name: string;
	items: number;
	latencyMs: number;
	throttle?: { windowMs: number; writesPerApp: number; writesPerTenant: number };
	/** The physical floor for a variant with this many requests in flight, in ms. */
	floor: (parallelism: number) => number;
	floorText: string;
}

interface Variant {
	name: string;
	parallelism: number;
	workflow: (id: string, items: Array<Record<string, unknown>>) => unknown;
}

interface Row {
	scenario: string;
	variant: string;
	ms: number;
	/** HTTP requests sent to Graph ($batch counts once), and refusals (429, a $batch's parts included). */
	requests: number;
	writes: number;
	succeeded: number;
	failed: number;
	created: number;
	duplicates: number;
	throttled: number;
	floorMs: number;
	/** What else the floor is read against (the webhooks' own time without throttling). */
	floorNote?: string;
	nodeFailed: boolean;
}

const ourParameters = (options: Record<string, unknown>) => ({
	...seededPresentationValueLocators,
	operationType: 'upload',
	operationStatus: 'inProgress',
	statusDetails: '={{ $json.ticket }}',
	additionalFields: {},
	options,
});

function httpRequestWorkflow(
	id: string,
	items: Array<Record<string, unknown>>,
	graphRoot: string,
	retryOnFail: boolean,
) {
	const workflow = itemsWorkflow({ id, items, parameters: {} }) as {
		nodes: Array<Record<string, unknown>>;
	};
	workflow.nodes[3] = {
		id: 'n4',
		name: 'Intune',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [600, 0],
		parameters: {
			method: 'POST',
			url: `${graphRoot}${DEEP}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ "@odata.type": "#microsoft.graph.groupPolicyOperation", operationType: "upload", operationStatus: "inProgress", statusDetails: $json.ticket }) }}',
			options: {},
		},
		credentials: { oAuth2Api: GENERIC_CREDENTIAL },
		...(retryOnFail ? { retryOnFail: true } : {}),
	};
	return workflow;
}

async function main() {
	const asked = process.argv.slice(2);
	const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
	if (unknown.length > 0)
		throw new Error(`Unknown section ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
	const sections = SECTIONS.filter((name) => asked.length === 0 || asked.includes(name));
	const runtime = ensureN8n();
	const packDir = mkdtempSync(join(tmpdir(), 'intune-bench-'));
	const emulator = await new GraphEmulator({ throttle: { enabled: false } }).start();
	const tarball = packPackage(packDir);
	const lines = [
		`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${runtime.node.includes('node-24') ? '24' : process.version}, n8n ${runtime.version}; emulator on loopback.`,
	];
	if (sections.includes('writes'))
		lines.push('', ...(await writesSection(runtime, tarball, emulator)));
	if (sections.includes('profiles'))
		lines.push('', ...(await profilesSection(runtime, tarball, emulator)));
	process.stdout.write(`${lines.join('\n')}\n`);
	await emulator.stop();
	rmSync(packDir, { recursive: true, force: true });
}

/** This node against the HTTP Request node on the same writes, webhooks at once, and one large execution. */
async function writesSection(
	runtime: N8nRuntime,
	tarball: string,
	emulator: GraphEmulator,
): Promise<string[]> {
	const n8n: N8nInstance = Instance.create(runtime, tarball);
	await n8n.importCredentials([emulatorCredential(emulator), genericOAuth2Credential(emulator)]);

	const variants: Variant[] = [
		{
			name: 'This node, default',
			parallelism: ADAPTIVE_CEILING,
			workflow: (id, items) =>
				itemsWorkflow({ id, items, parameters: ourParameters({}), continueOnFail: true }),
		},
		{
			name: `This node, ${CONCURRENT} concurrent`,
			parallelism: CONCURRENT,
			workflow: (id, items) =>
				itemsWorkflow({
					id,
					items,
					parameters: ourParameters({ maxConcurrentRequests: CONCURRENT }),
					continueOnFail: true,
				}),
		},
		{
			name: 'This node, batched',
			parallelism: 20 * BATCH_CONCURRENCY,
			workflow: (id, items) =>
				itemsWorkflow({
					id,
					items,
					parameters: ourParameters({
						batchRequests: true,
						maxConcurrentRequests: BATCH_CONCURRENCY,
					}),
					continueOnFail: true,
				}),
		},
		// n8n's HTTP Request node (v4) sends the requests of all items at once.
		{
			name: 'HTTP Request node',
			parallelism: Infinity,
			workflow: (id, items) => httpRequestWorkflow(id, items, emulator.url, false),
		},
		{
			name: 'HTTP Request node, Retry On Fail',
			parallelism: Infinity,
			workflow: (id, items) => httpRequestWorkflow(id, items, emulator.url, true),
		},
	];
	const scenarios: Scenario[] = [
		{
			name: 'latency-bound',
			items: 500,
			latencyMs: 100,
			floor: (p) => (500 * 100) / Math.min(p, 500),
			floorText:
				'items x 100 ms / requests in flight (20 x Max Concurrent Requests when batched, all 500 for the HTTP Request node)',
		},
		{
			name: 'throttle-bound',
			items: 300,
			latencyMs: 0,
			throttle: { windowMs: 2000, writesPerApp: 20, writesPerTenant: 40 },
			floor: () => (300 / 20) * 2000,
			floorText: 'items / (20 writes per 2 s)',
		},
	];

	const rows: Row[] = [];
	let workflowNumber = 0;
	for (const scenario of scenarios) {
		const items = Array.from({ length: scenario.items }, (_, n) => ({
			ticket: `${scenario.name}-${n}`,
		}));
		for (const variant of variants) {
			const id = `bench${String(++workflowNumber).padStart(11, '0')}`;
			const warmId = `warm${String(workflowNumber).padStart(12, '0')}`;
			await n8n.importWorkflows([
				variant.workflow(id, items),
				variant.workflow(warmId, [{ ticket: 'warm-up' }]),
			]);
			// A warm-up run stores the OAuth2 token, as it would be in a long-running instance.
			emulator.reset();
			emulator.configure({ throttle: { enabled: false } });
			await n8n.execute(warmId);
			emulator.reset();
			emulator.configure({
				latencyMs: scenario.latencyMs,
				throttle: scenario.throttle ? { enabled: true, ...scenario.throttle } : { enabled: false },
			});
			const result = await n8n.execute(id);
			const run = nodeRun(result.run, 'Intune');
			const output = run?.data?.main[0] ?? [];
			const succeeded = output.filter((o) => o.json.error === undefined).length;
			rows.push({
				scenario: scenario.name,
				variant: variant.name,
				ms: Number((run as { executionTime?: number } | undefined)?.executionTime ?? NaN),
				succeeded,
				failed: scenario.items - succeeded,
				...countCreates(emulator),
				throttled: emulator.log.filter((e) => e.status === 429).length,
				requests: graphRequests(emulator),
				writes: scenario.items,
				floorMs: scenario.floor(variant.parallelism),
				nodeFailed: Boolean(run?.error),
			});
			process.stderr.write(`${scenario.name} / ${variant.name}: ${rows[rows.length - 1].ms} ms\n`);
		}
	}

	const throttleBound = scenarios.find((x) => x.name === 'throttle-bound')!;
	await n8n.importWorkflows([exampleWorkflow('webhook-ticket-create-operation.json')]);
	await n8n.activate('exWebhookTicket1');
	const url = await n8n.start(await freePort());
	rows.push(await webhookRow('One n8n process', url, emulator, throttleBound));
	await n8n.stop();
	for (const workers of [1, 2]) {
		const cluster = await QueueCluster.start(
			runtime,
			tarball,
			{
				credentials: [emulatorCredential(emulator)],
				workflows: [exampleWorkflow('webhook-ticket-create-operation.json')],
				publish: ['exWebhookTicket1'],
			},
			{ workers, concurrency: 5, logLevel: 'warn' },
		);
		try {
			const name = `Queue mode, ${workers} worker${workers > 1 ? 's' : ''}`;
			rows.push(await webhookRow(name, cluster.url, emulator, throttleBound));
		} finally {
			await cluster.stop();
		}
	}
	const large = await largeRun(n8n, emulator);

	const table = [
		'| Scenario | Variant | Time | HTTP Request node time / this time | Time / floor | Succeeded | Failed or lost | Created in Graph | Duplicates | Requests per write | 429s per write |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const row of rows) {
		const http = rows.find(
			(r) => r.scenario === row.scenario && r.variant === 'HTTP Request node',
		)!;
		const speedup =
			row.variant.startsWith('HTTP') || row.scenario.includes('webhooks')
				? '—'
				: http.nodeFailed
					? 'n/a (it failed)'
					: `${(http.ms / row.ms).toFixed(2)}`;
		table.push(
			`| ${row.scenario} | ${row.variant}${row.nodeFailed ? ' (node failed)' : ''} | ${(row.ms / 1000).toFixed(2)} s | ${speedup} | ${(row.ms / row.floorMs).toFixed(2)} (floor ${(row.floorMs / 1000).toFixed(2)} s${row.floorNote ? `; ${row.floorNote}` : ''}) | ${row.succeeded} | ${row.failed} | ${row.created} | ${row.duplicates} | ${(row.requests / row.writes).toFixed(2)} | ${(row.throttled / row.writes).toFixed(2)} |`,
		);
	}
	table.push('', ...scenarios.map((s) => `Floor, ${s.name}: ${s.floorText}.`));
	table.push(
		`Floor, ${throttleBound.name} webhooks: the larger of ${WEBHOOKS} writes at 20 per 2 s and n8n's own time for the same ${WEBHOOKS} webhooks without throttling; time from the first post to the last answer.`,
		'',
		`One execution of ${LARGE_RUN.toLocaleString('en')} items, default options, 20 ms per request: ${(large.ms / 1000).toFixed(1)} s, ` +
			`${large.succeeded} succeeded, ${large.created} created, ${large.duplicates} duplicates; peak memory of the n8n ` +
			`process ${large.peakMb} MB against ${large.baselineMb} MB for one item (growth ${large.peakMb - large.baselineMb} MB).`,
	);
	await n8n.dispose();
	return table;
}

function graphRequests(emulator: GraphEmulator): number {
	return emulator.log.filter((e) => e.path.startsWith('/beta/') && e.batch === undefined).length;
}

function countCreates(emulator: GraphEmulator) {
	const perItem = new Map<string, number>();
	for (const c of emulator.creates()) {
		const key = String((c.body as { statusDetails?: string }).statusDetails);
		perItem.set(key, (perItem.get(key) ?? 0) + 1);
	}
	return {
		created: perItem.size,
		duplicates: [...perItem.values()].reduce((sum, n) => sum + n - 1, 0),
	};
}

/** WEBHOOKS tickets posted at once to the example webhook workflow, under the scenario's write limit. */
async function webhookRow(
	variant: string,
	url: string,
	emulator: GraphEmulator,
	scenario: Scenario,
): Promise<Row> {
	const ticket = JSON.parse(
		readFileSync(join(REPO_ROOT, 'examples/servicenow-ticket.json'), 'utf8'),
	);
	const post = async (number: string) =>
		await fetch(`${url}/webhook/intune-ticket`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ ...ticket, number }),
		});
	// Until the webhook is registered the main process answers 404; the warm-up also signs in.
	emulator.reset();
	for (let tries = 0; (await post('WARMUP')).status === 404 && tries < 120; tries++) {
		await new Promise((r) => setTimeout(r, 500));
	}
	// n8n's own time for these webhooks, without throttling: with the write limit, the floor is the larger.
	const burst = async (tag: string) =>
		await Promise.all(
			Array.from({ length: WEBHOOKS }, async (_, n) => {
				const response = await post(`${tag}${String(n).padStart(7, '0')}`);
				const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
				return response.status === 200 && typeof body.id === 'string';
			}),
		);
	emulator.reset();
	emulator.configure({ throttle: { enabled: false } });
	let started = Date.now();
	await burst('FREE');
	const unthrottledMs = Date.now() - started;
	emulator.reset();
	emulator.configure({ throttle: { enabled: true, ...scenario.throttle! } });
	started = Date.now();
	const answers = await burst('RITM');
	const ms = Date.now() - started;
	const succeeded = answers.filter(Boolean).length;
	process.stderr.write(`${scenario.name} webhooks / ${variant}: ${ms} ms\n`);
	return {
		scenario: `${scenario.name}, ${WEBHOOKS} webhooks`,
		variant,
		ms,
		succeeded,
		failed: WEBHOOKS - succeeded,
		...countCreates(emulator),
		throttled: emulator.log.filter((e) => e.status === 429).length,
		requests: graphRequests(emulator),
		writes: WEBHOOKS,
		floorMs: Math.max(scenario.floor(Infinity), unthrottledMs),
		floorNote: `unthrottled ${(unthrottledMs / 1000).toFixed(2)} s`,
		nodeFailed: false,
	};
}

/** One execution of LARGE_RUN items, and n8n's peak memory for it and for one item. */
async function largeRun(n8n: N8nInstance, emulator: GraphEmulator) {
	const preload = join(n8n.userFolder, 'peak-memory.cjs');
	writeFileSync(
		preload,
		"process.on('exit', () => require('fs').writeSync(2, `\\npeak-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n",
	);
	const peakMb = (stderr: string) =>
		Math.round(Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1]) / 1024);
	const items = (n: number) => Array.from({ length: n }, (_, k) => ({ ticket: `large-${k}` }));
	const workflow = (id: string, n: number) =>
		itemsWorkflow({ id, items: items(n), parameters: ourParameters({}), continueOnFail: true });
	await n8n.importWorkflows([
		workflow('benchLarge000001', LARGE_RUN),
		workflow('benchLarge000002', 1),
	]);
	const env = { NODE_OPTIONS: `--require ${preload}`, N8N_LOG_LEVEL: 'info' };
	emulator.reset();
	emulator.configure({ throttle: { enabled: false } });
	const one = await n8n.cli(['execute', '--id=benchLarge000002', '--rawOutput'], env);
	emulator.reset();
	emulator.configure({ latencyMs: 20, throttle: { enabled: false } });
	const result = await n8n.cli(['execute', '--id=benchLarge000001', '--rawOutput'], env, 1_800_000);
	const run = nodeRun(parseRun(result.stdout), 'Intune');
	const output = run?.data?.main[0] ?? [];
	process.stderr.write(`${LARGE_RUN} items: ${run?.executionTime} ms\n`);
	return {
		ms: Number(run?.executionTime ?? NaN),
		succeeded: output.filter((o) => o.json.error === undefined).length,
		...countCreates(emulator),
		peakMb: peakMb(result.stderr),
		baselineMb: peakMb(one.stderr),
	};
}

void main().catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
