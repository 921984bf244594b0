import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_WAIT_SECONDS } from '../transport';

/*
 * How the node talks to Graph under load: the Options collection of every operation. Its defaults
 * are the transport's own.
 */

/** Shown when the user adds Max Concurrent Requests; without it the node adapts to Graph. */
export const DEFAULT_CONCURRENCY = 10;
/** The option's maximum; without the option a run has this many lanes and the pacer adapts. */
export const MAX_CONCURRENT_REQUESTS = 50;

export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...extra,
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrentRequests',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENT_REQUESTS },
				default: DEFAULT_CONCURRENCY,
				description:
					'The most items sent to Graph at the same time by this node. Leave out to let the ' +
					'node adapt: it starts with 4, grows while Graph accepts, halves when Graph ' +
					'throttles. Output order and item pairing stay the same.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: DEFAULT_MAX_RETRIES,
				description: 'How often a throttled (429) or unavailable (503) request is tried again',
			},
			{
				displayName: 'Max Total Wait (Seconds)',
				name: 'maxRetryWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_WAIT_SECONDS,
				description: 'The longest an item may wait in total for retries before it fails',
			},
			{
				displayName: 'Retry When Outcome Unknown',
				name: 'retryWhenOutcomeUnknown',
				type: 'boolean',
				default: false,
				description:
					'Whether to resend a write when Graph may already have carried it out (504, ' +
					'timeout, lost connection). This can create duplicates.',
			},
		],
	};
}

/** Additional Fields: optional body fields of a create, left out of the request when not added. */
export function additionalFieldsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
}

export const batchOption: INodeProperties = {
	displayName: 'Batch Requests',
	name: 'batchRequests',
	type: 'boolean',
	default: false,
	description:
		'Whether to send the requests of up to 20 items in one Graph $batch request. Results are ' +
		'the same; many items go much faster when Graph is slow to answer.',
};
