import { randomUUID } from 'crypto';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { headerValue, unknownOutcomeError, unreachableError, graphApiError } from './errors';
import { pacerFor } from './pacer';
import type { Attempt, AttemptFailure, GraphContext, RetryLoop, RetryPolicy } from './types';

/*
 * The one retry engine, used by single requests and by each part of a $batch alike. Throttling
 * (429) and unavailability (503) are retried, waiting what Retry-After says, else backing off
 * exponentially with jitter. A write whose outcome is unknown (502, 504, timeout, connection lost
 * after sending, an unreadable answer) is not resent unless the user accepts the risk of a
 * duplicate: Graph may already have carried it out.
 */

export const DEFAULT_MAX_RETRIES = 10;
export const DEFAULT_MAX_WAIT_SECONDS = 300;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: DEFAULT_MAX_RETRIES,
	maxWaitMs: DEFAULT_MAX_WAIT_SECONDS * 1000,
	retryUnknownOutcome: false,
};

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 60_000;

export type Verdict = 'throttled' | 'unknownOutcome' | 'notSent' | 'final';

// Errors raised before any byte reached the server: resending cannot duplicate anything.
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'];

/*
 * 502 and 504 come from a gateway in front of the service that may already have carried the request
 * out, so for a write they mean the same: unknown. A 500 is the service's own refusal.
 */
const GATEWAY_STATUSES = [502, 504];

export function classify(failure: AttemptFailure, idempotent: boolean): Verdict {
	if (failure.status === 429 || failure.status === 503) return 'throttled';
	if (failure.networkCode && NOT_SENT_CODES.includes(failure.networkCode)) return 'notSent';
	const unknown =
		failure.unreadable ||
		(failure.status !== undefined && GATEWAY_STATUSES.includes(failure.status)) ||
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

/**
 * Retry-After as milliseconds: seconds (Graph has sent fractions) or an HTTP date. A value that is
 * neither (such as -1) is ignored, so the backoff applies rather than an immediate resend.
 */
export function retryAfterMs(
	headers: Record<string, unknown>,
	now = Date.now(),
): number | undefined {
	const value = headerValue(headers, 'retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	if (!/[a-z]/i.test(value)) return undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter on the upper half: attempt 0 waits 250-500 ms, then
 * doubling.
 */
export function backoffMs(attempt: number, random = Math.random()): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** How long a throttled answer holds every request of its kind; undefined when not throttled. */
export function throttlePauseMs(
	status: number | undefined,
	headers: Record<string, unknown>,
): number | undefined {
	if (status !== 429 && status !== 503) return undefined;
	return retryAfterMs(headers) ?? backoffMs(0);
}

/** Per request (or per batched item): how many retries and how much waiting it has used. */
export class RetryBudget {
	retries = 0;
	waitedMs = 0;

	constructor(private readonly policy: RetryPolicy) {}

	/** The wait before the next attempt, or undefined when the budget is spent. */
	next(failure: AttemptFailure): number | undefined {
		const wait = retryAfterMs(failure.headers) ?? backoffMs(this.retries);
		if (this.retries >= this.policy.maxRetries || this.waitedMs + wait > this.policy.maxWaitMs) {
			return undefined;
		}
		this.retries++;
		this.waitedMs += wait;
		return wait;
	}
}

/** Thrown instead of sending when the run has stopped at another item's failure. */
export class NotSentError extends Error {
	constructor() {
		super('Not sent: the node stopped at an earlier failure');
	}
}

/** The n8n error for a request that will not be tried again. */
export function finalError(
	this: GraphContext,
	failure: AttemptFailure,
	verdict: Verdict,
	itemIndex: number,
	budget: RetryBudget,
): Error {
	const node = this.getNode();
	if (verdict === 'unknownOutcome') {
		const what = failure.unreadable
			? 'answered without a readable result'
			: failure.status
				? `answered ${failure.status}`
				: `did not answer (${failure.message})`;
		return unknownOutcomeError(node, what, itemIndex);
	}
	const tried =
		budget.retries > 0
			? ` (gave up after ${budget.retries} retries and ${Math.round(budget.waitedMs / 1000)} s ` +
				`of waiting)`
			: '';
	if (failure.status) {
		const { status, body, headers } = failure;
		const error = graphApiError(node, { status, body, headers }, itemIndex);
		error.message += tried;
		return error;
	}
	return unreachableError(node, `${failure.message}${tried}`, itemIndex);
}

/**
 * Whether a 2xx answer without a body counts as a failure: for a create it means nothing came back.
 */
function emptyAnswer(attempt: Attempt, expectEntity: boolean): AttemptFailure | undefined {
	if (!attempt.ok || !expectEntity || Object.keys(attempt.body).length > 0) return undefined;
	return { headers: {}, unreadable: true, message: 'Graph answered without the created object' };
}

/**
 * Sends until Graph answers for good; returns the body or throws the n8n error that explains the
 * failure.
 */
export async function sendWithRetries(
	this: GraphContext,
	loop: RetryLoop,
	options: IHttpRequestOptions,
	itemIndex: number,
	expectEntity = false,
): Promise<IDataObject> {
	const idempotent = options.method === 'GET';
	const budget = new RetryBudget(loop.policy);
	for (;;) {
		if (loop.stopped?.()) throw new NotSentError();
		const result = await loop.send(options);
		const failure = result.ok ? emptyAnswer(result, expectEntity) : result.failure;
		if (!failure) return (result as { body: IDataObject }).body;
		const verdict = classify(failure, idempotent);
		const wait = isRetryable(verdict, loop.policy) ? budget.next(failure) : undefined;
		if (wait === undefined) throw finalError.call(this, failure, verdict, itemIndex, budget);
		// Throttling holds back every request of its kind with this credential; other failures wait
		// only for themselves.
		if (verdict === 'throttled') pacerFor(loop.pacers, options.method).pause(wait);
		else await sleep(wait);
		// A resent request gets a new client-request-id, as Microsoft's SDKs do.
		options.headers = { ...options.headers, 'client-request-id': randomUUID() };
	}
}
