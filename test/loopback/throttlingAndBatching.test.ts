import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import type { Fault } from '../emulator/emulator';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { createOnSeededFile } from '../helpers/seededTarget';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/* Retries, the unknown-outcome rule, pacing, concurrency and JSON batching against the emulator, over loopback. */

jest.setTimeout(120_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ throttle: { enabled: false } }).start();
});
afterAll(async () => await emulator.stop());
// reset() restores every setting a test changed (latency, limits), as the emulator was started.
eachTestAsAFreshProcess(() => emulator);

const CREATE = 'groupPolicyOperations';
const byFile = createOnSeededFile;

async function run(items: number, options: IDataObject = {}, continueOnFail = true) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters: (i) => ({ ...byFile, statusDetails: `item-${i}`, options }),
		items,
		continueOnFail,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
}

const posts = () => emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith(CREATE));
const createsOf = (i: number) =>
	emulator.creates().filter((c) => (c.body as IDataObject).statusDetails === `item-${i}`);

/** The invariant: one output per input, in order, paired; a success was created exactly once, with its own values. */
function expectNothingLost(output: INodeExecutionData[], items: number, allowDuplicates = false) {
	expect(output).toHaveLength(items);
	output.forEach((o, i) => {
		expect(o.pairedItem).toEqual({ item: i });
		const creates = createsOf(i);
		if (!allowDuplicates) expect(creates.length).toBeLessThanOrEqual(1);
		if (o.json.error === undefined) {
			expect(o.json.statusDetails).toBe(`item-${i}`);
			expect(creates.map((c) => c.createdId)).toContain(o.json.id);
		}
	});
}

describe('retries', () => {
	it('waits for Retry-After on a 429, then succeeds with one create', async () => {
		emulator.arm({
			kind: 'status',
			status: 429,
			retryAfter: '1',
			method: 'POST',
			pathContains: CREATE,
		});
		const started = Date.now();
		const output = await run(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(output[0].json.id).toBeDefined();
		expect(posts().map((p) => p.status)).toEqual([429, 201]);
	});

	it('backs off when a 429 has no Retry-After, and retries a 503', async () => {
		emulator.arm(
			{ kind: 'status', status: 429, method: 'POST', pathContains: CREATE },
			{ kind: 'status', status: 503, method: 'POST', pathContains: CREATE },
		);
		const output = await run(1);
		expect(output[0].json.id).toBeDefined();
		expect(posts().map((p) => p.status)).toEqual([429, 503, 201]);
	});

	it('sends a fresh client-request-id with each retry', async () => {
		emulator.arm({
			kind: 'status',
			status: 503,
			retryAfter: '0',
			method: 'POST',
			pathContains: CREATE,
		});
		await run(1);
		const ids = posts().map((p) => p.clientRequestId);
		expect(new Set(ids).size).toBe(2);
	});

	it('gives up after Max Retries, saying so', async () => {
		emulator.arm({
			kind: 'status',
			status: 429,
			retryAfter: '0',
			method: 'POST',
			pathContains: CREATE,
			times: 10,
		});
		const output = await run(1, { maxRetries: 2 });
		expect(output[0].json.error).toMatch(/Microsoft Graph returned 429.*gave up after 2 retries/);
		expect(posts()).toHaveLength(3);
	});

	it('gives up when the next wait would pass Max Total Wait', async () => {
		emulator.arm({
			kind: 'status',
			status: 429,
			retryAfter: '30',
			method: 'POST',
			pathContains: CREATE,
		});
		const started = Date.now();
		const output = await run(1, { maxRetryWaitSeconds: 5 });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(output[0].json.error).toMatch(/429/);
	});
});

describe('a write whose outcome is unknown', () => {
	it.each<[string, Fault]>([
		['a 504', { kind: 'status', status: 504 }],
		['a connection dropped before Graph answered', { kind: 'drop' }],
		['a connection dropped after Graph created it', { kind: 'dropAfterHandling' }],
		['an answer that is not JSON', { kind: 'malformed' }],
	])('after %s fails the item without resending', async (_label, fault) => {
		emulator.arm({ ...fault, method: 'POST', pathContains: CREATE });
		const output = await run(1);
		expect(output[0].json.error).toMatch(/^The outcome of the request is unknown: Microsoft Graph/);
		expect(output[0].json.details).toMatch(/Retry When Outcome Unknown/);
		expect(posts()).toHaveLength(1);
	});

	it('is resent when the user accepts the risk, which can duplicate', async () => {
		emulator.arm({ kind: 'dropAfterHandling', method: 'POST', pathContains: CREATE });
		const output = await run(1, { retryWhenOutcomeUnknown: true });
		expect(output[0].json.id).toBeDefined();
		expect(posts()).toHaveLength(2);
		expect(createsOf(0)).toHaveLength(2);
	});
});

describe('pacing and concurrency', () => {
	it('keeps output order and pairing with many items in parallel', async () => {
		emulator.configure({ latencyMs: 30 });
		const output = await run(24, { maxConcurrentRequests: 8 });
		expectNothingLost(output, 24);
		expect(output.every((o) => o.json.id)).toBe(true);
	});

	it('slows every request down when Graph throttles, instead of hammering it', async () => {
		emulator.configure({
			throttle: {
				enabled: true,
				windowMs: 1000,
				writesPerApp: 5,
				fractionalRetryAfter: true,
			},
		});
		const output = await run(20, { maxConcurrentRequests: 4 });
		expectNothingLost(output, 20);
		expect(output.every((o) => o.json.id)).toBe(true);
		const refused = posts().filter((p) => p.status === 429).length;
		// Without pacing each of the 4 lanes would keep hitting the limit; with it, a refusal pauses them all.
		expect(refused).toBeLessThanOrEqual(4 * 4);
	});

	it('stops sending at the first failure when the node is not set to continue', async () => {
		emulator.arm({ kind: 'intuneError', method: 'POST', pathContains: CREATE, after: 2 });
		await expect(run(10, { maxConcurrentRequests: 1 }, false)).rejects.toThrow(/400/);
		expect(posts()).toHaveLength(3);
	});
});

describe('JSON batching', () => {
	it('sends up to 20 creates per $batch and gives the same output as unbatched', async () => {
		const output = await run(45, { batchRequests: true });
		const batches = emulator.log.filter((e) => e.path === '/beta/$batch');
		expect(batches).toHaveLength(3);
		expect(emulator.creates()).toHaveLength(45);
		expectNothingLost(output, 45);
		expect(Object.keys(output[0].json).sort()).toEqual(
			[
				'@odata.type',
				'id',
				'lastModifiedDateTime',
				'operationStatus',
				'operationType',
				'statusDetails',
				'@odata.context',
			].sort(),
		);
	});

	it('maps mixed answers back to their items: retries throttled parts, reports failed ones', async () => {
		// Faults apply in turn, each counting the sub-requests after the previous one: items 2, 4 and 6.
		emulator.arm(
			{
				kind: 'status',
				status: 429,
				retryAfter: '1',
				method: 'POST',
				pathContains: CREATE,
				after: 2,
			},
			{ kind: 'status', status: 503, method: 'POST', pathContains: CREATE, after: 1 },
			{
				kind: 'intuneError',
				message: 'The ADMX file is locked',
				method: 'POST',
				pathContains: CREATE,
				after: 1,
			},
		);
		const output = await run(10, { batchRequests: true });
		expectNothingLost(output, 10);
		const errors = output.map((o, i) => (o.json.error ? i : -1)).filter((i) => i >= 0);
		expect(errors).toEqual([6]);
		expect(output[6].json.error).toMatch(/400: BadRequest: The ADMX file is locked/);
		expect(emulator.creates()).toHaveLength(9);
		expect(emulator.log.filter((e) => e.path === '/beta/$batch')).toHaveLength(2);
	});

	it('fails every item of a batch whose outcome is unknown, without resending', async () => {
		emulator.arm({ kind: 'dropAfterHandling', method: 'POST', pathContains: '$batch' });
		const output = await run(3, { batchRequests: true });
		expect(
			output.every((o) => /outcome of the request is unknown/.test(String(o.json.error))),
		).toBe(true);
		expect(emulator.log.filter((e) => e.path === '/beta/$batch')).toHaveLength(1);
		expectNothingLost(output, 3);
	});

	it('honours Intune write limits per sub-request', async () => {
		emulator.configure({
			throttle: {
				enabled: true,
				windowMs: 1000,
				writesPerApp: 10,
				fractionalRetryAfter: true,
			},
		});
		const output = await run(30, { batchRequests: true });
		expectNothingLost(output, 30);
		expect(output.every((o) => o.json.id)).toBe(true);
	});
});

describe('nothing is lost, whatever Graph does (property-based)', () => {
	const faultArb = fc.record({
		kind: fc.constantFrom<Fault['kind']>(
			'status',
			'drop',
			'dropAfterHandling',
			'malformed',
			'intuneError',
			'latency',
		),
		status: fc.constantFrom(429, 503, 504, 500),
		retryAfter: fc.option(fc.constantFrom('0', '0.05', '0.2'), { nil: undefined }),
		after: fc.nat(12),
		times: fc.integer({ min: 1, max: 3 }),
	});

	it('output = input, each a success or an error, no duplicate creates unless opted in', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(faultArb, { maxLength: 6 }),
				fc.integer({ min: 1, max: 14 }),
				fc.boolean(),
				fc.integer({ min: 1, max: 6 }),
				fc.boolean(),
				async (faults, items, batchRequests, maxConcurrentRequests, retryWhenOutcomeUnknown) => {
					emulator.reset();
					for (const f of faults) {
						const fault: Fault = {
							kind: f.kind,
							after: f.after,
							times: f.times,
							pathContains: CREATE,
							method: 'POST',
						};
						if (f.kind === 'status')
							Object.assign(fault, { status: f.status, retryAfter: f.retryAfter });
						if (f.kind === 'latency') fault.ms = 20;
						emulator.arm(fault);
					}
					const output = await run(items, {
						batchRequests,
						maxConcurrentRequests,
						retryWhenOutcomeUnknown,
						maxRetries: 4,
					});
					expectNothingLost(output, items, retryWhenOutcomeUnknown);
				},
			),
			{ numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
		);
	});
});
