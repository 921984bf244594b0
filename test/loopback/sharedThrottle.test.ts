import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { createOnSeededFile } from '../helpers/seededTarget';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/*
 * One throttle per credential per process, and adaptive concurrency: many node runs at once in one
 * process (as n8n runs concurrent webhook executions, or a queue-mode worker its jobs) against the
 * emulator's Intune write limit, over loopback.
 */

jest.setTimeout(120_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ throttle: { enabled: false } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const byFile = createOnSeededFile;

/** One execution of the node, as n8n would start it for a webhook. */
async function execution(tag: string, items: number, options: IDataObject = {}, appIndex = 0) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator, appIndex),
		parameters: (i) => ({ ...byFile, statusDetails: `${tag}-${i}`, options }),
		items,
		continueOnFail: true,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
}

const writes = () => emulator.log.filter((e) => e.method === 'POST' && e.path.includes('/beta/'));
const refusals = () => writes().filter((e) => e.status === 429).length;

const tagOf = (e: { body?: unknown }) => String((e.body as IDataObject | undefined)?.statusDetails);

/** The first write of these items that Graph accepted after refusing one of them: its seq. */
function firstAcceptedAfterRefusal(tag: string): number {
	const mine = writes().filter((e) => tagOf(e).startsWith(tag));
	const refusal = mine.find((e) => e.status === 429)!;
	return mine.find((e) => e.seq > refusal.seq && e.status === 201)!.seq;
}

/** Every item created exactly once, whatever the throttling. */
function expectEachCreatedOnce(tags: string[]) {
	const created = emulator.creates().map((c) => (c.body as IDataObject).statusDetails);
	expect([...created].sort()).toEqual([...tags].sort());
}

describe('one throttle per credential per process', () => {
	it('holds every concurrent execution at a 429, so few writes are refused', async () => {
		emulator.configure({
			throttle: { enabled: true, windowMs: 1000, writesPerApp: 10 },
		});
		const runs = Array.from({ length: 12 }, (_, r) => execution(`run${r}`, 5));
		const outputs = await Promise.all(runs);
		const tags = outputs.flatMap((output, r) => output.map((_, i) => `run${r}-${i}`));
		expect(outputs.flat().every((o) => o.json.id)).toBe(true);
		expectEachCreatedOnce(tags);
		// 60 writes at 10 per second. Executions pacing themselves alone come back together after
		// each Retry-After, and several of them meet the limit every time.
		expect(refusals() / 60).toBeLessThanOrEqual(0.3);
	});

	it('sends a smaller $batch near the learned limit, so few parts are refused', async () => {
		emulator.configure({ throttle: { enabled: true, windowMs: 1000, writesPerApp: 10 } });
		const output = await execution('batched', 80, { batchRequests: true });
		expect(output.every((o) => o.json.id)).toBe(true);
		expectEachCreatedOnce(output.map((_, i) => `batched-${i}`));
		const parts = emulator.log.filter((e) => e.batch !== undefined);
		const refused = parts.filter((e) => e.status === 429).length;
		// The first $batch, before anything is learned, meets the limit with half its parts; after
		// that, one part per window.
		expect(refused / 80).toBeLessThanOrEqual(0.3);
	});

	it('keeps apps apart: one app being throttled does not hold another', async () => {
		expect(emulator.tenant.apps.length).toBeGreaterThan(1);
		emulator.configure({
			throttle: { enabled: true, windowMs: 3000, writesPerApp: 2, writesPerTenant: 100 },
		});
		const slow = execution('slow', 4, {}, 0);
		// Let the first app meet its limit, and its refusal reach the node, before the second starts.
		while (refusals() === 0) await new Promise((r) => setTimeout(r, 10));
		await new Promise((r) => setTimeout(r, 250));
		const other = await execution('other', 2, {}, 2);
		expect(other.every((o) => o.json.id)).toBe(true);
		expect((await slow).every((o) => o.json.id)).toBe(true);
		const otherCreated = emulator.creates().filter((c) => tagOf(c).startsWith('other'));
		const refused = writes().find((e) => e.status === 429)!;
		// The other app's writes went through while the first still waited out its Retry-After (3 s).
		const lastOther = Math.max(...otherCreated.map((c) => Date.parse(c.time)));
		expect(lastOther - Date.parse(refused.time)).toBeLessThan(1500);
		const slowResumed = writes().find((e) => e.seq === firstAcceptedAfterRefusal('slow'))!;
		expect(lastOther).toBeLessThan(Date.parse(slowResumed.time));
	});

	it('does not hold reads while writes wait out a throttle', async () => {
		emulator.configure({
			throttle: { enabled: true, windowMs: 3000, writesPerApp: 2, writesPerTenant: 100 },
		});
		const creating = execution('w', 4);
		while (refusals() === 0) await new Promise((r) => setTimeout(r, 10));
		const test = createExecuteContext({
			credentials: emulatorCredentials(emulator),
			parameters: () => ({
				...byFile,
				operation: 'getAll',
				returnAll: true,
				options: {},
			}),
			items: 1,
		});
		await new MicrosoftIntuneGroupPolicy().execute.call(test.context);
		const read = emulator.log.find(
			(e) => e.method === 'GET' && e.path.endsWith('groupPolicyOperations'),
		)!;
		expect((await creating).every((o) => o.json.id)).toBe(true);
		expect(read.status).toBe(200);
		expect(read.seq).toBeLessThan(firstAcceptedAfterRefusal('w'));
	});
});

describe('adaptive concurrency', () => {
	it('grows past its start while Graph answers without throttling', async () => {
		emulator.configure({ latencyMs: 20 });
		const output = await execution('fast', 200);
		expect(output.every((o) => o.json.id)).toBe(true);
		expect(emulator.peakInFlight).toBeGreaterThanOrEqual(16);
	});

	it('never has more in flight than Max Concurrent Requests when it is set', async () => {
		emulator.configure({ latencyMs: 20 });
		const output = await execution('capped', 60, { maxConcurrentRequests: 3 });
		expect(output.every((o) => o.json.id)).toBe(true);
		expect(emulator.peakInFlight).toBeLessThanOrEqual(3);
	});
});
