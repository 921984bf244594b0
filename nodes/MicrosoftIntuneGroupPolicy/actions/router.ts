import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parameterReader } from '../helpers/parameterReader';
import { openSession } from '../transport';
import type { BatchEntry } from '../transport/batch';
import { graphBatch, MAX_BATCH_SIZE } from '../transport/batch';
import { runPool } from '../transport/retry';
import * as groupPolicyOperation from './groupPolicyOperation';
import type { RunContext } from './groupPolicyOperation/shared';
import { readRunOptions } from './groupPolicyOperation/shared';

type OperationExecutor = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, OperationExecutor>> = {
	groupPolicyOperation: {
		create: groupPolicyOperation.create.execute,
		get: groupPolicyOperation.get.execute,
		getAll: groupPolicyOperation.getAll.execute,
	},
};

type ItemResult = INodeExecutionData[] | Error;

function asNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * Creates with JSON batching. Items are checked 20 at a time and each full batch goes out at once, so checking the
 * next items overlaps with Graph answering the previous ones; at most `concurrency` batches are in flight.
 */
async function createBatched(
	this: IExecuteFunctions,
	count: number,
	run: RunContext,
): Promise<ItemResult[]> {
	const results: ItemResult[] = new Array(count);
	const inFlight = new Set<Promise<void>>();
	const send = (entries: BatchEntry[]) => {
		const sending: Promise<void> = graphBatch
			.call(this, run.session, entries, 1)
			.then((sent) => {
				for (const [itemIndex, result] of sent) {
					results[itemIndex] = result.ok
						? groupPolicyOperation.create.toOutput.call(this, result.body, itemIndex)
						: result.error;
				}
			})
			.catch((error: Error) => {
				for (const entry of entries) results[entry.itemIndex] = error;
			})
			.finally(() => inFlight.delete(sending));
		inFlight.add(sending);
	};
	let stopped = false;
	for (let start = 0; start < count && !stopped; start += MAX_BATCH_SIZE) {
		const entries: BatchEntry[] = [];
		for (let itemIndex = start; itemIndex < Math.min(count, start + MAX_BATCH_SIZE); itemIndex++) {
			try {
				entries.push({
					itemIndex,
					request: await groupPolicyOperation.create.prepare.call(this, itemIndex, run),
				});
			} catch (error) {
				results[itemIndex] = error as Error;
				// Without Continue On Fail the node stops here: nothing after a bad item is sent.
				if (!this.continueOnFail()) {
					stopped = true;
					break;
				}
			}
		}
		if (entries.length === 0) continue;
		while (inFlight.size >= run.concurrency) await Promise.race(inFlight);
		send(entries);
	}
	await Promise.all(inFlight);
	return results;
}

/** One output entry per input item, in input order, each paired with its input, however the items were sent. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const executor = operations[resource]?.[operation];
	if (!executor) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" on "${resource}" is not supported`,
		);
	}
	const options = readRunOptions.call(this);
	const run: RunContext = {
		session: await openSession.call(this, options.policy, options.concurrency),
		param: parameterReader(this),
		definitionFiles: new Map(),
		concurrency: options.concurrency,
		batchRequests: options.batchRequests,
	};

	let results: ItemResult[];
	if (operation === 'create' && run.batchRequests) {
		results = await createBatched.call(this, count, run);
	} else {
		results = new Array(count);
		let failed = false;
		await runPool(count, run.concurrency, async (itemIndex) => {
			// Without Continue On Fail the node stops at the first failure: no further item is sent.
			if (failed) return;
			try {
				results[itemIndex] = await executor.call(this, itemIndex, run);
			} catch (error) {
				results[itemIndex] = error as Error;
				if (!this.continueOnFail()) failed = true;
			}
		});
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = results[itemIndex];
		if (result === undefined) continue; // not run, because an earlier item failed and the node stops
		if (!(result instanceof Error)) {
			returnData.push(...result);
			continue;
		}
		const nodeError = asNodeError.call(this, result, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		returnData.push({
			json: { error: nodeError.message, description: nodeError.description ?? undefined },
			pairedItem: { item: itemIndex },
		});
	}
	return [returnData];
}
