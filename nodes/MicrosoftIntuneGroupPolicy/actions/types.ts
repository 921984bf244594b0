import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	ResourceMapperFields,
} from 'n8n-workflow';

import type { OperationOption } from '../descriptions/operation.description';
import type { ListSearch } from '../helpers/listSearch';
import type { RunCache } from '../helpers/runCache';
import type { GraphRequest, GraphSession, Send } from '../transport';

/*
 * What a resource and an operation are. An operation says, for one item, the Graph request to send
 * (or a short sequence of them) and how Graph's answer becomes output. Everything else (sending one
 * by one or batched, concurrency, retries, stop or continue on failure, pairing and wrapping output)
 * is the engine's.
 */

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
	 * engine runs providers first and lets a needing item wait for them, while output keeps input
	 * order.
	 */
	provides?: string[];
	needs?: string[];
};

/** What the items of one node run share. */
export interface RunContext {
	session: GraphSession;
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

/**
 * One operation of a resource: a module that exports its menu entry and its plan (and `ordered`
 * when it needs it). Its parameters are in its resource's properties.
 */
export interface Operation {
	option: OperationOption;
	plan: PlanItem;
	/**
	 * Items may depend on each other (provides/needs): all are planned first, then run in dependency
	 * order.
	 */
	ordered?: boolean;
}

/** A resource: everything the node needs of it, declared in its folder's index.ts. */
export interface Resource {
	/** Its entry in the node's Resource menu; the value is the `resource` parameter's. */
	option: { name: string; value: string };
	/** Its Operation menu and every operation's parameters, each shown for this resource. */
	properties: INodeProperties[];
	/** Each operation, by its value in the Operation menu. */
	operations: Record<string, Operation>;
	/** The list searches its resource locators name, by method name. */
	listSearch: Record<string, ListSearch>;
	/** The fields its resource mappers show, by method name. */
	resourceMapping?: Record<string, ResourceMapping>;
}

/** A resource mapper method, as n8n calls it to show a mapper's fields. */
export type ResourceMapping = (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>;
