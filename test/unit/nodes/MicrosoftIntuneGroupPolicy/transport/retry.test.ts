import { MicrosoftIntuneGroupPolicy } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import {
	backoffMs,
	classify,
	DEFAULT_RETRY_POLICY,
	Pacer,
	RetryBudget,
	retryAfterMs,
	runPool,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/retry';

const failure = (extra: object) => ({ headers: {}, message: 'x', ...extra });

describe('classify', () => {
	it('retries throttling and unavailability', () => {
		expect(classify(failure({ status: 429 }), false)).toBe('throttled');
		expect(classify(failure({ status: 503 }), false)).toBe('throttled');
	});

	it('treats a write that may have reached Graph as unknown, a read as safe to resend', () => {
		for (const f of [
			failure({ status: 504 }),
			failure({ networkCode: 'ECONNRESET' }),
			failure({ networkCode: 'ETIMEDOUT' }),
			failure({ unreadable: true, status: 201 }),
		]) {
			expect(classify(f, false)).toBe('unknownOutcome');
			expect(classify(f, true)).toBe('notSent');
		}
	});

	it('knows a connection that never opened sent nothing', () => {
		expect(classify(failure({ networkCode: 'ECONNREFUSED' }), false)).toBe('notSent');
	});

	it('does not retry other answers', () => {
		for (const status of [400, 401, 403, 404, 409, 500, 502])
			expect(classify(failure({ status }), false)).toBe('final');
	});
});

describe('Retry-After and backoff', () => {
	it('reads seconds, fractions and HTTP dates, in any header case', () => {
		expect(retryAfterMs({ 'Retry-After': '7' })).toBe(7000);
		expect(retryAfterMs({ 'retry-after': '2.128' })).toBe(2128);
		const now = Date.parse('2026-11-28T10:00:00Z');
		expect(retryAfterMs({ 'retry-after': 'Sat, 28 Nov 2026 10:00:03 GMT' }, now)).toBe(3000);
		expect(retryAfterMs({ 'retry-after': ['5'] })).toBe(5000);
		expect(retryAfterMs({})).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		expect(backoffMs(0, 0)).toBe(250);
		expect(backoffMs(0, 1)).toBe(500);
		expect(backoffMs(3, 0)).toBe(2000);
		expect(backoffMs(3, 1)).toBe(4000);
		expect(backoffMs(30, 1)).toBe(60_000);
	});

	it('stops when retries or total waiting run out', () => {
		const byCount = new RetryBudget({ ...DEFAULT_RETRY_POLICY, maxRetries: 2 });
		const throttled = failure({ status: 429, headers: { 'retry-after': '1' } });
		expect([byCount.next(throttled), byCount.next(throttled), byCount.next(throttled)]).toEqual([
			1000,
			1000,
			undefined,
		]);
		const byTime = new RetryBudget({ ...DEFAULT_RETRY_POLICY, maxWaitMs: 2500 });
		expect([byTime.next(throttled), byTime.next(throttled), byTime.next(throttled)]).toEqual([
			1000,
			1000,
			undefined,
		]);
	});

	it('shows the same defaults in the node as the transport uses', () => {
		const node = new MicrosoftIntuneGroupPolicy();
		const options = node.description.properties.find((p) => p.name === 'options')!
			.options as Array<{ name: string; default: unknown }>;
		const byName = Object.fromEntries(options.map((o) => [o.name, o.default]));
		expect(byName.maxRetries).toBe(DEFAULT_RETRY_POLICY.maxRetries);
		expect(byName.maxRetryWaitSeconds).toBe(DEFAULT_RETRY_POLICY.maxWaitMs / 1000);
		expect(byName.retryWhenOutcomeUnknown).toBe(false);
	});
});

describe('Pacer and pool', () => {
	it('holds every caller until the pause ends', async () => {
		const pacer = new Pacer();
		pacer.pause(120);
		pacer.pause(20); // a shorter pause never shortens a longer one
		const start = Date.now();
		await Promise.all([pacer.ready(), pacer.ready()]);
		expect(Date.now() - start).toBeGreaterThanOrEqual(110);
	});

	it('lets fewer requests out after throttling, and more again after successes', async () => {
		const pacer = new Pacer(8);
		for (let i = 0; i < 8; i++) await pacer.acquire();
		expect(pacer.allowed).toBe(8);
		pacer.pause(0);
		expect(pacer.allowed).toBe(4);
		for (let i = 0; i < 8; i++) pacer.release(false);
		pacer.pause(0);
		expect(pacer.allowed).toBe(1);
		// One at a time now: a second caller waits until the first is done.
		await pacer.acquire();
		let second = false;
		const waiting = pacer.acquire().then(() => (second = true));
		await new Promise((r) => setTimeout(r, 20));
		expect(second).toBe(false);
		pacer.release(true);
		await waiting;
		expect(second).toBe(true);
		expect(pacer.allowed).toBe(2);
		pacer.release(true);
		// Grows by one after as many successes as are allowed (2+3+...+7), and never past the maximum.
		for (let i = 0; i < 40; i++) {
			await pacer.acquire();
			pacer.release(true);
		}
		expect(pacer.allowed).toBe(8);
	});

	it('runs every index once, never more than the limit at a time', async () => {
		let running = 0;
		let peak = 0;
		const seen: number[] = [];
		await runPool(25, 4, async (i) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((r) => setTimeout(r, 5));
			seen.push(i);
			running--;
		});
		expect(peak).toBe(4);
		expect(seen.sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
	});
});
