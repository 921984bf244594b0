import { sleep } from 'n8n-workflow';

import { headerValue } from '../helpers/errors';

/*
 * When to try a Graph request again, and how long to wait. Throttling (429) and unavailability (503) are retried,
 * waiting what Retry-After says, else backing off exponentially with jitter. A write whose outcome is unknown (504,
 * timeout, connection lost after sending, an unreadable answer) is not resent unless the user accepts the risk of a
 * duplicate: Graph may already have created it.
 */

export interface RetryPolicy {
	maxRetries: number;
	maxWaitMs: number;
	retryUnknownOutcome: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 10,
	maxWaitMs: 300_000,
	retryUnknownOutcome: false,
};

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 60_000;

/** What went wrong with one attempt, as far as the transport could tell. */
export interface AttemptFailure {
	status?: number;
	body?: unknown;
	headers: Record<string, unknown>;
	/** Network error code (ECONNRESET, ETIMEDOUT...) when no answer arrived. */
	networkCode?: string;
	message: string;
	/** Graph answered 2xx, but with a body that is not the JSON object it should be. */
	unreadable?: boolean;
}

export type Verdict = 'throttled' | 'unknownOutcome' | 'notSent' | 'final';

// Errors raised before any byte reached the server: resending cannot duplicate anything.
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'];

export function classify(failure: AttemptFailure, idempotent: boolean): Verdict {
	if (failure.status === 429 || failure.status === 503) return 'throttled';
	if (failure.networkCode && NOT_SENT_CODES.includes(failure.networkCode)) return 'notSent';
	const unknown =
		failure.unreadable ||
		failure.status === 504 ||
		(failure.status === undefined && !!failure.networkCode);
	if (unknown) return idempotent ? 'notSent' : 'unknownOutcome';
	return 'final';
}

/** Whether a failure with this verdict may be tried again under the policy. */
export function isRetryable(verdict: Verdict, policy: RetryPolicy): boolean {
	return (
		verdict === 'throttled' ||
		verdict === 'notSent' ||
		(verdict === 'unknownOutcome' && policy.retryUnknownOutcome)
	);
}

/** Retry-After as milliseconds: seconds (Graph has sent fractions) or an HTTP date. */
export function retryAfterMs(
	headers: Record<string, unknown>,
	now = Date.now(),
): number | undefined {
	const value = headerValue(headers, 'retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter on the upper half: attempt 0 waits 250-500 ms, then doubling. */
export function backoffMs(attempt: number, random = Math.random()): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Shared by every request of a node run. When Graph throttles one request, the others hold back too instead of
 * spending Intune's write budget on requests that would be refused; and fewer requests are let out at once
 * afterwards (halved on each refusal, grown by one after as many successes as are allowed), so a run settles at the
 * rate Graph accepts rather than bursting into the limit again.
 */
export class Pacer {
	private pausedUntil = 0;
	private active = 0;
	private limit: number;
	private successes = 0;
	private waiters: Array<() => void> = [];

	constructor(private readonly maxInFlight = Number.POSITIVE_INFINITY) {
		this.limit = maxInFlight;
	}

	/** How many requests may be in flight now. */
	get allowed(): number {
		return this.limit;
	}

	pause(ms: number, now = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + ms);
		this.limit = Math.max(1, Math.floor(Math.min(this.limit, this.active || 1) / 2));
		this.successes = 0;
	}

	async ready(): Promise<void> {
		for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
			await sleep(wait);
		}
	}

	/** Waits for the pause to end and for a free place. */
	async acquire(): Promise<void> {
		for (;;) {
			await this.ready();
			if (this.active < this.limit) {
				this.active++;
				return;
			}
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}

	/** Gives the place back; `succeeded` grows the number allowed in flight again. */
	release(succeeded: boolean): void {
		this.active--;
		if (succeeded && this.limit < this.maxInFlight && ++this.successes >= this.limit) {
			this.limit++;
			this.successes = 0;
		}
		const waiting = this.waiters;
		this.waiters = [];
		for (const wake of waiting) wake();
	}
}

/** Per request (or per batched item): how many retries and how much waiting it has used. */
export class RetryBudget {
	retries = 0;
	waitedMs = 0;

	constructor(private readonly policy: RetryPolicy) {}

	/** The wait before the next attempt, or undefined when the budget is spent. */
	next(failure: AttemptFailure): number | undefined {
		const wait = retryAfterMs(failure.headers) ?? backoffMs(this.retries);
		if (this.retries >= this.policy.maxRetries || this.waitedMs + wait > this.policy.maxWaitMs)
			return undefined;
		this.retries++;
		this.waitedMs += wait;
		return wait;
	}
}

/** Runs `worker` over indexes 0..count-1 with at most `concurrency` at a time. */
export async function runPool(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
		while (next < count) {
			const index = next++;
			await worker(index);
		}
	});
	await Promise.all(lanes);
}
