import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runPool } from '../helpers/pool';
import type { Send } from '../transport';
import {
	asNodeError,
	BatchSender,
	MAX_BATCH_SIZE,
	NotSentError,
	openSession,
	sender,
} from '../transport';
import { dependencyGate, dependencyOrder } from './dependencyOrder';
import { readRunOptions } from './runOptions';
import type { Dependencies, ItemWork, Operation, Output, PlanItem, RunContext } from './types';

/*
 * The one item loop. Items go out in chunks: one item at a time, or up to 20 in a $batch when the
 * user asks for batching; at most Max Concurrent Requests chunks are in flight. Output keeps input
 * order and pairing, however the items were sent. Without Continue On Fail the run stops at the
 * first failure: nothing new is sent after it, and the error says which items had already been
 * carried out.
 */

type ItemResult = Output | Error | undefined;

/** The state of one node run: what each item came to, and whether the run has stopped. */
class RunState {
	readonly results: ItemResult[];
	/** Items whose writes Graph carried out: reported if the run stops. */
	readonly wrote = new Set<number>();
	stopped = false;

	constructor(
		count: number,
		private readonly continueOnFail: boolean,
	) {
		this.results = new Array<ItemResult>(count);
	}

	record(itemIndex: number, result: Output | Error): void {
		this.results[itemIndex] = result;
		const failed = result instanceof Error && !(result instanceof NotSentError);
		if (failed && !this.continueOnFail) this.stopped = true;
	}
}

/** Runs the operation over the node's input items and answers its output, paired with them. */
export async function execute(
	this: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const options = readRunOptions.call(this);
	const continueOnFail = this.continueOnFail();
	const state = new RunState(count, continueOnFail);
	const session = await openSession.call(this, options.policy);
	session.stopped = () => state.stopped;
	const run: RunContext = {
		session,
		concurrency: options.concurrency,
		batchRequests: options.batchRequests,
		shared: new Map(),
	};
	if (operation.ordered) {
		await runOrdered.call(this, count, operation.plan, run, state);
	} else {
		const chunkSize = run.batchRequests ? MAX_BATCH_SIZE : 1;
		await runPool(Math.ceil(count / chunkSize), run.concurrency, async (chunk) => {
			if (state.stopped) return;
			const first = chunk * chunkSize;
			const indexes = Array.from(
				{ length: Math.min(chunkSize, count - first) },
				(_, k) => first + k,
			);
			await runChunk.call(this, indexes, operation.plan, run, state);
		});
	}
	return [output.call(this, state, continueOnFail)];
}

/** Each item's output wrapped and paired; a failure as an error item, or thrown when stopping. */
function output(
	this: IExecuteFunctions,
	state: RunState,
	continueOnFail: boolean,
): INodeExecutionData[] {
	const returnData: INodeExecutionData[] = [];
	state.results.forEach((result, itemIndex) => {
		if (result === undefined || result instanceof NotSentError) return;
		if (!(result instanceof Error)) {
			const items = this.helpers.returnJsonArray(result);
			returnData.push(
				...this.helpers.constructExecutionMetaData(items, { itemData: { item: itemIndex } }),
			);
			return;
		}
		const error = asNodeError(this.getNode(), result, itemIndex);
		if (!continueOnFail) throw withCarriedOut(error, state, itemIndex);
		returnData.push(errorItem(error, itemIndex));
	});
	return returnData;
}

/** Stopping loses the run's output, so the error names what was already carried out. */
function withCarriedOut(error: NodeApiError | NodeOperationError, state: RunState, failed: number) {
	const done = [...state.wrote].filter((i) => i !== failed).sort((a, b) => a - b);
	if (done.length === 0) return error;
	const ids = done.map((i) => {
		const result = state.results[i];
		const id = !Array.isArray(result) && result && !(result instanceof Error) ? result.id : '';
		return id ? `${i} (${String(id)})` : String(i);
	});
	const shown = ids.slice(0, 25).join(', ') + (ids.length > 25 ? ', …' : '');
	error.description =
		`${error.description ?? ''} Already carried out before the node stopped, ${done.length} ` +
		`item(s): ${shown}. Check them before running again.`.trim();
	return error;
}

/**
 * n8n sends an item to the error output when its json holds only `error`, `message` and `details`.
 */
function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.details = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/** Plans the chunk's items together (their pre-flight reads overlap), then sends them. */
async function runChunk(
	this: IExecuteFunctions,
	indexes: number[],
	plan: PlanItem,
	run: RunContext,
	state: RunState,
): Promise<void> {
	const planned = await Promise.all(
		indexes.map(async (itemIndex) => {
			try {
				return await plan.call(this, itemIndex, run);
			} catch (error) {
				return error as Error;
			}
		}),
	);
	const work: Array<[number, ItemWork]> = [];
	planned.forEach((item, k) => {
		if (item instanceof Error) state.record(indexes[k], item);
		else work.push([indexes[k], item]);
	});
	const single = work.filter(([, item]) => 'request' in item).length;
	const batch =
		run.batchRequests && single > 1
			? new BatchSender(this, run.session, single, indexes[0])
			: undefined;
	await Promise.all(
		work.map(async ([itemIndex, item]) => {
			try {
				state.record(itemIndex, await perform.call(this, itemIndex, item, run, state, batch));
			} catch (error) {
				state.record(itemIndex, error as Error);
			} finally {
				if (batch && 'request' in item) batch.leave();
			}
		}),
	);
}

/**
 * Plans every item first, then runs them in dependency order: an item that provides what another
 * needs goes first, and the needing item waits for its result. Output keeps input order.
 */
async function runOrdered(
	this: IExecuteFunctions,
	count: number,
	plan: PlanItem,
	run: RunContext,
	state: RunState,
): Promise<void> {
	const planned: Array<ItemWork | undefined> = new Array(count);
	await runPool(count, run.concurrency, async (itemIndex) => {
		try {
			planned[itemIndex] = await plan.call(this, itemIndex, run);
		} catch (error) {
			state.record(itemIndex, error as Error);
		}
	});
	const { order, cyclic } = dependencyOrder(planned);
	for (const itemIndex of cyclic) {
		const error = new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex} is part of a circular dependency between the items: each needs ` +
				`another's namespace`,
			{
				itemIndex,
				description: 'Check the <using> entries of the ADMX files; nothing was sent for them.',
			},
		);
		state.record(itemIndex, error);
	}
	const gate = dependencyGate(planned, order);
	await runPool(order.length, run.concurrency, async (k) => {
		const itemIndex = order[k];
		const work = planned[itemIndex]!;
		let ok = false;
		try {
			if (!state.stopped) {
				state.record(
					itemIndex,
					await perform.call(this, itemIndex, work, run, state, undefined, gate.dependencies),
				);
				ok = true;
			}
		} catch (error) {
			state.record(itemIndex, error as Error);
		} finally {
			gate.settle(work, ok);
		}
	});
}

/** Sends an item's work; a write Graph carried out is noted for the report if the run stops. */
async function perform(
	this: IExecuteFunctions,
	itemIndex: number,
	item: ItemWork,
	run: RunContext,
	state: RunState,
	batch: BatchSender | undefined,
	dependencies: Dependencies = () => undefined,
): Promise<Output> {
	const via = batch && 'request' in item ? batch.sendFor(itemIndex) : undefined;
	const send = via ?? sender.call(this, run.session, itemIndex);
	const noted: Send = async (request) => {
		const body = await send(request);
		if (request.method !== 'GET') state.wrote.add(itemIndex);
		return body;
	};
	if ('steps' in item) return await item.steps(noted, dependencies);
	return item.output(await noted(item.request));
}
