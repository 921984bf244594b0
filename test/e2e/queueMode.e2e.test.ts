import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { GraphEmulator } from '../emulator/emulator';
import { ensureN8n, packPackage, REPO_ROOT } from './harness/n8n';
import { QueueCluster } from './harness/queue';
import { emulatorCredential, exampleWorkflow } from './harness/workflows';

/*
 * n8n's queue mode with the package installed on every process: Redis and PostgreSQL as local processes, one main
 * process taking the ticket webhooks and two workers (5 executions each at once) running them, against the
 * emulator's Intune write limit. Every webhook must be answered with its own created operation, each created once.
 */

jest.setTimeout(600_000);

const WEBHOOKS = 100;
const LIMIT = { windowMs: 2000, writesPerApp: 20, writesPerTenant: 40 };

let emulator: GraphEmulator;
let cluster: QueueCluster;
let packDir: string;

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-queue-'));
	emulator = await new GraphEmulator().start();
	cluster = await QueueCluster.start(
		runtime,
		packPackage(packDir),
		{
			credentials: [emulatorCredential(emulator)],
			workflows: [exampleWorkflow('webhook-ticket-create-operation.json')],
			publish: ['exWebhookTicket1'],
		},
		{ workers: 2, concurrency: 5 },
	);
});

afterAll(async () => {
	await cluster?.stop();
	await emulator?.stop();
	rmSync(packDir, { recursive: true, force: true });
});

const ticket = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/servicenow-ticket.json'), 'utf8'));

async function post(number: string): Promise<Response> {
	return await fetch(`${cluster.url}/webhook/intune-ticket`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...ticket, number }),
	});
}

it('answers 100 concurrent ticket webhooks on main + 2 workers, each created once, nothing lost', async () => {
	// The main process answers health checks before it has registered production webhooks.
	const deadline = Date.now() + 60_000;
	let first = await post('WARMUP');
	while (first.status === 404 && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 500));
		first = await post('WARMUP');
	}
	expect(first.status).toBe(200);
	emulator.reset();
	emulator.configure({ throttle: { enabled: true, ...LIMIT } });
	const before = cluster.executionsPerWorker();

	const numbers = Array.from({ length: WEBHOOKS }, (_, n) => `RITM${String(n).padStart(7, '0')}`);
	const started = Date.now();
	const responses = await Promise.all(numbers.map(post));
	const seconds = (Date.now() - started) / 1000;
	const answers = await Promise.all(
		responses.map(async (r) => ({
			status: r.status,
			body: (await r.json()) as Record<string, unknown>,
		})),
	);

	// Every webhook answered with its own created operation.
	answers.forEach((answer, n) => {
		expect(answer.status).toBe(200);
		expect(answer.body.statusDetails).toBe(`${numbers[n]}: ${ticket.short_description}`);
	});
	// Each created exactly once, and each answer is the object Graph created for it.
	const creates = emulator.creates();
	const createdFor = creates.map((c) =>
		String((c.body as { statusDetails: string }).statusDetails),
	);
	expect([...createdFor].sort()).toEqual(answers.map((a) => String(a.body.statusDetails)).sort());
	expect(new Set(answers.map((a) => a.body.id)).size).toBe(WEBHOOKS);
	for (const answer of answers) {
		expect(creates.find((c) => c.createdId === answer.body.id)?.body).toMatchObject({
			statusDetails: answer.body.statusDetails,
		});
	}
	// The workers ran them, both of them.
	const ran = cluster.executionsPerWorker().map((n, w) => n - before[w]);
	expect(ran.reduce((a, b) => a + b, 0)).toBe(WEBHOOKS);
	expect(Math.min(...ran)).toBeGreaterThan(0);

	const writes = emulator.log.filter((e) => e.method === 'POST' && e.path.startsWith('/beta/'));
	const refused = writes.filter((e) => e.status === 429).length;
	process.stderr.write(
		`[queue mode] ${WEBHOOKS} webhooks in ${seconds.toFixed(1)} s ` +
			`(floor ${((WEBHOOKS / LIMIT.writesPerApp) * LIMIT.windowMs) / 1000 - 2} s), ` +
			`${(writes.length / WEBHOOKS).toFixed(2)} requests and ${(refused / WEBHOOKS).toFixed(2)} 429s ` +
			`per write, executions per worker ${ran.join(' / ')}\n`,
	);
});
