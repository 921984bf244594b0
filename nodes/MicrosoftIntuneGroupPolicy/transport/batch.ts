import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GraphRequest, GraphSession } from './index';
import { attempt, buildRequestOptions, finalError } from './index';
import type { AttemptFailure, Verdict } from './retry';
import { classify, isRetryable, RetryBudget, runPool } from './retry';

/*
 * JSON batching: up to 20 requests per POST {graphRoot}/beta/$batch. Each answer is matched to its request by id
 * (Graph may answer in any order); a throttled or unavailable part is retried on its own, with its own Retry-After,
 * exactly as a single request would be; any other failure belongs to that item alone.
 */

export const MAX_BATCH_SIZE = 20;

export interface BatchEntry {
	itemIndex: number;
	request: GraphRequest;
}

export type BatchResult = { ok: true; body: IDataObject } | { ok: false; error: Error };

interface Pending {
	entry: BatchEntry;
	budget: RetryBudget;
}

interface SubResponse {
	id?: string;
	status?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

export async function graphBatch(
	this: IExecuteFunctions,
	session: GraphSession,
	entries: BatchEntry[],
	concurrency: number,
): Promise<Map<number, BatchResult>> {
	const results = new Map<number, BatchResult>();
	let pending: Pending[] = entries.map((entry) => ({
		entry,
		budget: new RetryBudget(session.policy),
	}));

	/** Records a part's final failure, or pauses for its retry and hands it back to be sent again. */
	const settle = (p: Pending, failure: AttemptFailure, verdict: Verdict) => {
		const wait = isRetryable(verdict, session.policy) ? p.budget.next(failure) : undefined;
		if (wait === undefined) {
			results.set(p.entry.itemIndex, {
				ok: false,
				error: finalError.call(this, failure, verdict, p.entry.itemIndex, p.budget),
			});
			return undefined;
		}
		session.pacer.pause(wait);
		return p;
	};

	const sendChunk = async (chunk: Pending[]): Promise<Pending[]> => {
		await session.pacer.acquire();
		try {
			return await sendNow(chunk);
		} finally {
			session.pacer.release(
				!chunk.some((p) => !results.has(p.entry.itemIndex) || !results.get(p.entry.itemIndex)!.ok),
			);
		}
	};

	const sendNow = async (chunk: Pending[]): Promise<Pending[]> => {
		const requests = chunk.map((p) => ({
			id: String(p.entry.itemIndex),
			method: p.entry.request.method,
			url: p.entry.request.path,
			headers: { 'Content-Type': 'application/json', 'client-request-id': randomUUID() },
			body: p.entry.request.body,
		}));
		const options = buildRequestOptions(session.graphRoot, {
			method: 'POST',
			path: '/$batch',
			body: { requests },
		});
		const outcome = await attempt.call(this, options);
		const again: Pending[] = [];
		if (!outcome.ok) {
			// The batch as a whole failed: every part shares its fate.
			const verdict = classify(outcome.failure, false);
			for (const p of chunk) {
				const retry = settle(p, outcome.failure, verdict);
				if (retry) again.push(retry);
			}
			return again;
		}
		const byId = new Map<string, SubResponse>();
		for (const response of (outcome.body.responses ?? []) as SubResponse[])
			byId.set(String(response.id), response);
		for (const p of chunk) {
			const response = byId.get(String(p.entry.itemIndex));
			const status = Number(response?.status);
			const body = response?.body;
			if (
				response &&
				status >= 200 &&
				status < 300 &&
				body &&
				typeof body === 'object' &&
				!Array.isArray(body)
			) {
				results.set(p.entry.itemIndex, { ok: true, body: body as IDataObject });
				continue;
			}
			const failure: AttemptFailure =
				response && status >= 300
					? { status, body, headers: response.headers ?? {}, message: `HTTP ${status}` }
					: {
							headers: {},
							unreadable: true,
							body,
							message: 'Graph answered without a readable result for this request',
						};
			const retry = settle(p, failure, classify(failure, false));
			if (retry) again.push(retry);
		}
		return again;
	};

	while (pending.length) {
		const chunks: Pending[][] = [];
		for (let i = 0; i < pending.length; i += MAX_BATCH_SIZE)
			chunks.push(pending.slice(i, i + MAX_BATCH_SIZE));
		const retry: Pending[][] = [];
		await runPool(chunks.length, concurrency, async (index) => {
			retry[index] = await sendChunk(chunks[index]);
		});
		// Retried parts go out in input order in the next round, after the pacer's wait.
		pending = retry.flat().sort((a, b) => a.entry.itemIndex - b.entry.itemIndex);
	}
	return results;
}
