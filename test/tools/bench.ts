import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';

import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import type { N8nInstance } from '../e2e/harness/n8n';
import { ensureN8n, N8nInstance as Instance, nodeRun, packPackage } from '../e2e/harness/n8n';
import { emulatorCredential, itemsWorkflow } from '../e2e/harness/workflows';
import { seededPresentationValueLocators } from '../helpers/seededTarget';

/*
 * `npm run bench`: this node (default, concurrent, batched) against n8n's own HTTP Request node (as a user would set
 * it up, with and without Retry On Fail), side by side in one real n8n against the emulator, on the same input.
 * Times are the node's own execution time as n8n records it, so n8n's start-up is not counted.
 */

const DEEP = `/beta/deviceManagement/groupPolicyConfigurations/${IDS.configuration}/definitionValues/${IDS.definitionValue}/presentationValues/${IDS.presentationValue}/presentation/definition/definitionFile/microsoft.graph.groupPolicyUploadedDefinitionFile/groupPolicyOperations`;
const CONCURRENT = 20;
const DEFAULT_CONCURRENCY = 4;
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
	succeeded: number;
	failed: number;
	created: number;
	duplicates: number;
	throttled: number;
	floorMs: number;
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
		credentials: { oAuth2Api: { id: 'benchGenericOAuth2', name: 'Graph (generic OAuth2)' } },
		...(retryOnFail ? { retryOnFail: true } : {}),
	};
	return workflow;
}

async function main() {
	const runtime = ensureN8n();
	const packDir = mkdtempSync(join(tmpdir(), 'intune-bench-'));
	const emulator = await new GraphEmulator({ throttle: { enabled: false } }).start();
	const n8n: N8nInstance = Instance.create(runtime, packPackage(packDir));
	const app = emulator.tenant.apps[0];
	await n8n.importCredentials([
		emulatorCredential(emulator),
		{
			id: 'benchGenericOAuth2',
			name: 'Graph (generic OAuth2)',
			type: 'oAuth2Api',
			data: {
				grantType: 'clientCredentials',
				accessTokenUrl: `${emulator.url}/${emulator.tenant.id}/oauth2/v2.0/token`,
				clientId: app.clientId,
				clientSecret: app.clientSecret,
				scope: `${emulator.url}/.default`,
				authentication: 'body',
			},
		},
	]);

	const variants: Variant[] = [
		{
			name: 'This node, default',
			parallelism: DEFAULT_CONCURRENCY,
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
			const creates = emulator.creates();
			const perItem = new Map<string, number>();
			for (const c of creates) {
				const key = String((c.body as { statusDetails?: string }).statusDetails);
				perItem.set(key, (perItem.get(key) ?? 0) + 1);
			}
			rows.push({
				scenario: scenario.name,
				variant: variant.name,
				ms: Number((run as { executionTime?: number } | undefined)?.executionTime ?? NaN),
				succeeded,
				failed: scenario.items - succeeded,
				created: perItem.size,
				duplicates: [...perItem.values()].reduce((sum, n) => sum + n - 1, 0),
				throttled: emulator.log.filter((e) => e.status === 429).length,
				floorMs: scenario.floor(variant.parallelism),
				nodeFailed: Boolean(run?.error),
			});
			process.stderr.write(`${scenario.name} / ${variant.name}: ${rows[rows.length - 1].ms} ms\n`);
		}
	}

	const table = [
		`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${runtime.node.includes('node-24') ? '24' : process.version}, n8n ${runtime.version}; emulator on loopback.`,
		'',
		'| Scenario | Variant | Node time | HTTP Request node time / this time | Time / floor | Succeeded | Failed or lost | Created in Graph | Duplicates | 429s |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const row of rows) {
		const http = rows.find(
			(r) => r.scenario === row.scenario && r.variant === 'HTTP Request node',
		)!;
		const speedup = row.variant.startsWith('HTTP')
			? '—'
			: http.nodeFailed
				? 'n/a (it failed)'
				: `${(http.ms / row.ms).toFixed(2)}`;
		table.push(
			`| ${row.scenario} | ${row.variant}${row.nodeFailed ? ' (node failed)' : ''} | ${(row.ms / 1000).toFixed(2)} s | ${speedup} | ${(row.ms / row.floorMs).toFixed(2)} (floor ${(row.floorMs / 1000).toFixed(2)} s) | ${row.succeeded} | ${row.failed} | ${row.created} | ${row.duplicates} | ${row.throttled} |`,
		);
	}
	table.push('', ...scenarios.map((s) => `Floor, ${s.name}: ${s.floorText}.`));
	process.stdout.write(`${table.join('\n')}\n`);

	await n8n.dispose();
	await emulator.stop();
	rmSync(packDir, { recursive: true, force: true });
}

void main().catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
