import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_CONCURRENT_REQUESTS } from '../descriptions/options.description';
import type { RetryPolicy } from '../transport';
import { DEFAULT_RETRY_POLICY } from '../transport';

export interface RunOptions {
	policy: RetryPolicy;
	/**
	 * The most items this run has in flight: Max Concurrent Requests when set; else as many as the
	 * shared pacer lets out, which adapts to Graph.
	 */
	concurrency: number;
	batchRequests: boolean;
}

/** The Options collection, read once per run: they shape how the whole run talks to Graph. */
export function readRunOptions(this: IExecuteFunctions): RunOptions {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const number = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
	return {
		policy: {
			maxRetries: Math.floor(number(options.maxRetries, DEFAULT_RETRY_POLICY.maxRetries)),
			maxWaitMs: number(options.maxRetryWaitSeconds, DEFAULT_RETRY_POLICY.maxWaitMs / 1000) * 1000,
			retryUnknownOutcome: options.retryWhenOutcomeUnknown === true,
		},
		concurrency: Math.max(
			1,
			Math.floor(number(options.maxConcurrentRequests, MAX_CONCURRENT_REQUESTS)),
		),
		batchRequests: options.batchRequests === true,
	};
}
