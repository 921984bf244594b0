import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parameterReader } from '../helpers/parameterReader';
import { runPool } from '../helpers/pool';
import type { GraphRequest } from '../transport';
import { checkedOptions, directLoop, openSession } from '../transport';
import { BatchSender, MAX_BATCH_SIZE } from '../transport/batch';
import type { RetryLoop } from '../transport/retry';
import { asNodeError } from '../transport/errors';
import { NotSentError, sendWithRetries } from '../transport/retry';
import { dependencyOrder } from './dependencyOrder';
import * as groupPolicyOperation from './groupPolicyOperation';
import * as groupPolicyUploadedDefinitionFile from './groupPolicyUploadedDefinitionFile';
import { readRunOptions } from './runOptions';
import type { Dependencies, ItemWork, Output, PlanItem, RunContext, Send } from './types';

/*
 * The one item loop. Items go out in chunks: one item at a time, or up to 20 in a $batch when the
 * user asks for batching; at most Max Concurrent Requests chunks are in flight. Output keeps input
 * order and pairing, however the items were sent. Without Continue On Fail the run stops at the
 * first failure: nothing new is sent after it, and the error says which items had already been
 * carried out.
 */

interface OperationEntry {
	plan: PlanItem;
	/**
	 * Items may depend on each other (provides/needs): all are planned first, then run in dependency
	 * order.
	 */
	ordered?: boolean;
}

const file = groupPolicyUploadedDefinitionFile;
const operations: Record<string, Record<string, OperationEntry>> = {
	groupPolicyOperation: {
		create: { plan: groupPolicyOperation.create.plan },
		get: { plan: groupPolicyOperation.get.plan },
		getAll: { plan: groupPolicyOperation.getAll.plan },
	},
	groupPolicyUploadedDefinitionFile: {
		upload: { plan: file.upload.plan, ordered: true },
		uploadNewVersion: { plan: file.uploadNewVersion.plan },
		addLanguageFiles: { plan: file.languageFiles.addPlan },
		updateLanguageFiles: { plan: file.languageFiles.updatePlan },
		removeLanguageFiles: { plan: file.languageFiles.removePlan },
		remove: { plan: file.remove.plan },
		get: { plan: file.get.plan },
		getAll: { plan: file.getAll.plan },
	},
};

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

/** Stopping loses the run's output, so the error names what was already carried out. */
function withCarriedOut(error: NodeApiError | NodeOperationError, state: RunState, failed: number) {
	const done = [...state.wrote].filter((i) => i !== failed).sort((a, b) => a - b);
	if (done.length === 0) return error;
	const ids = done.map((i) => {
		const output = state.results[i];
		const id = !Array.isArray(output) && output && !(output instanceof Error) ? output.id : '';
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

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const entry = operations[resource]?.[operation];
	if (!entry) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" on "${resource}" is not supported`,
		);
	}
	const options = readRunOptions.call(this);
	const continueOnFail = this.continueOnFail();
	const state = new RunState(count, continueOnFail);
	const session = await openSession.call(this, options.policy);
	session.stopped = () => state.stopped;
	const run: RunContext = {
		session,
		param: parameterReader(this),
		concurrency: options.concurrency,
		batchRequests: options.batchRequests,
		shared: new Map(),
	};

	if (entry.ordered) {
		await runOrdered.call(this, count, entry.plan, run, state);
	} else {
		const chunkSize = run.batchRequests ? MAX_BATCH_SIZE : 1;
		await runPool(Math.ceil(count / chunkSize), run.concurrency, async (chunk) => {
			if (state.stopped) return;
			const first = chunk * chunkSize;
			const indexes = Array.from(
				{ length: Math.min(chunkSize, count - first) },
				(_, k) => first + k,
			);
			await runChunk.call(this, indexes, entry.plan, run, state);
		});
	}

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
	return [returnData];
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
	const finished = new Map<string, { promise: Promise<boolean>; settle: (ok: boolean) => void }>();
	for (const itemIndex of order) {
		for (const key of planned[itemIndex]!.provides ?? []) {
			let settle: (ok: boolean) => void = () => {};
			const promise = new Promise<boolean>((resolve) => (settle = resolve));
			if (!finished.has(key)) finished.set(key, { promise, settle });
		}
	}
	const dependencies: Dependencies = (key) => finished.get(key)?.promise;
	await runPool(order.length, run.concurrency, async (k) => {
		const itemIndex = order[k];
		const work = planned[itemIndex]!;
		let ok = false;
		try {
			if (!state.stopped) {
				state.record(
					itemIndex,
					await perform.call(this, itemIndex, work, run, state, undefined, dependencies),
				);
				ok = true;
			}
		} catch (error) {
			state.record(itemIndex, error as Error);
		} finally {
			for (const key of work.provides ?? []) finished.get(key)?.settle(ok);
		}
	});
}

async function perform(
	this: IExecuteFunctions,
	itemIndex: number,
	item: ItemWork,
	run: RunContext,
	state: RunState,
	batch: BatchSender | undefined,
	dependencies: Dependencies = () => undefined,
): Promise<Output> {
	const direct = directLoop.call(this, run.session, itemIndex);
	const sendVia =
		(loop: RetryLoop): Send =>
		async (request: GraphRequest) => {
			const options = checkedOptions.call(this, run.session, request, itemIndex);
			const body = await sendWithRetries.call(this, loop, options, itemIndex, request.expectEntity);
			if (request.method !== 'GET') state.wrote.add(itemIndex);
			return body;
		};
	if ('steps' in item) return await item.steps(sendVia(direct), dependencies);
	const loop = batch
		? {
				...direct,
				send: async (options: IHttpRequestOptions) => await batch.send(String(itemIndex), options),
			}
		: direct;
	return item.output(await sendVia(loop)(item.request));
}
