import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ParameterReader } from '../helpers/parameterReader';
import type { DefinitionFileCache } from '../helpers/preflight';
import type { GraphRequest, GraphSession } from '../transport';

/*
 * What an operation is: for one item, the Graph request to send (or a short sequence of them) and how Graph's
 * answer becomes output. Everything else (sending one by one or batched, concurrency, retries, stop or continue
 * on failure, pairing and wrapping output) is the router's.
 */

/** Sends one request for the item with the run's retry engine and answers Graph's body. */
export type Send = (request: GraphRequest) => Promise<IDataObject>;

export type Output = IDataObject | IDataObject[];

export type ItemWork =
	/** One request; batched with other items' requests when the user asks for batching. */
	| { request: GraphRequest; output: (body: IDataObject) => Output }
	/** Several requests that depend on each other, sent in order. */
	| { steps: (send: Send) => Promise<Output> };

/** What the items of one node run share. */
export interface RunContext {
	session: GraphSession;
	/** Node parameters for an item; those without expressions are resolved once per run. */
	param: ParameterReader;
	definitionFiles: DefinitionFileCache;
	concurrency: number;
	batchRequests: boolean;
}

/** Reads and checks one item's parameters and says what to send; throws before anything is sent. */
export type PlanItem = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
) => Promise<ItemWork> | ItemWork;
