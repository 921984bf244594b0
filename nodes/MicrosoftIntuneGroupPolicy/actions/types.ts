import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ParameterReader } from '../helpers/parameterReader';
import type { RunCache } from '../helpers/runCache';
import type { GraphRequest, GraphSession } from '../transport';

/*
 * What an operation is: for one item, the Graph request to send (or a short sequence of them) and
 * how Graph's answer becomes output. Everything else (sending one by one or batched, concurrency,
 * retries, stop or continue on failure, pairing and wrapping output) is the router's.
 */

/** Sends one request for the item with the run's retry engine and answers Graph's body. */
export type Send = (request: GraphRequest) => Promise<IDataObject>;

export type Output = IDataObject | IDataObject[];

/**
 * Whether another item of the run provides `key` and how it ended: undefined when no item provides
 * it, else a promise of true (it succeeded) or false.
 */
export type Dependencies = (key: string) => Promise<boolean> | undefined;

export type ItemWork = (
	| /** One request; batched with other items' requests when the user asks for batching. */
	{
			request: GraphRequest;
			output: (body: IDataObject) => Output;
	  } /** Several requests that depend on each other, sent in order. */
	| { steps: (send: Send, dependencies: Dependencies) => Promise<Output> }
) & {
	/**
	 * Keys this item makes available to others (an ADMX's target namespace) and keys it needs: the
	 * router runs providers first and lets a needing item wait for them, while output keeps input
	 * order.
	 */
	provides?: string[];
	needs?: string[];
};

/** What the items of one node run share. */
export interface RunContext {
	session: GraphSession;
	/** Node parameters for an item; those without expressions are resolved once per run. */
	param: ParameterReader;
	concurrency: number;
	batchRequests: boolean;
	/** Reads shared by the items of a run (definition files, the tenant's uploaded files), by key. */
	shared: RunCache;
}

/** Reads and checks one item's parameters and says what to send; throws before anything is sent. */
export type PlanItem = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
) => Promise<ItemWork> | ItemWork;
