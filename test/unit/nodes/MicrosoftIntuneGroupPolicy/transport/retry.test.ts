import {
	backoffMs,
	classify,
	DEFAULT_RETRY_POLICY,
	RetryBudget,
	retryAfterMs,
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
			failure({ status: 502 }),
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
		for (const status of [400, 401, 403, 404, 409, 500])
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
});

describe('deliberate edge cases', () => {
	it('ignores a Retry-After that is neither seconds nor a date, such as -1, so the backoff applies', () => {
		expect(retryAfterMs({ 'retry-after': '-1' })).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'soon-ish' })).toBeUndefined();
		const budget = new RetryBudget(DEFAULT_RETRY_POLICY);
		expect(budget.next({ headers: { 'Retry-After': '-1' }, message: '' })).toBeGreaterThanOrEqual(
			250,
		);
	});
});
