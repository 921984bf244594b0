import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { Pacers } from './pacer';

/*
 * What the transport's files share, and what the layers above hand it: who may talk to Graph, the
 * request an operation asks for, and what one attempt at sending it came to.
 */

/** The n8n contexts that may talk to Graph: a node run, a dropdown, and a polling trigger. */
export type GraphContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const GRAPH_VERSION = 'beta';

export interface GraphRequest {
	method: IHttpRequestMethods;
	/**
	 * Path below {graphRoot}/beta, starting with "/", or a full URL that Graph gave (an
	 * @odata.nextLink).
	 */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * Whether Graph must answer with the object (a create): an empty success then means the outcome
	 * is unknown.
	 */
	expectEntity?: boolean;
}

/** Sends one request with the retry engine and answers Graph's body. */
export type Send = (request: GraphRequest) => Promise<IDataObject>;

export interface RetryPolicy {
	maxRetries: number;
	maxWaitMs: number;
	retryUnknownOutcome: boolean;
}

/**
 * Everything the requests of one node run share: where Graph is, how to retry, and the pacers that
 * every run with the same credential in this process shares.
 */
export interface GraphSession {
	graphRoot: string;
	/** Which credential (Graph root, tenant, app) this is, without its secret: the throttle's key. */
	credentialKey: string;
	policy: RetryPolicy;
	pacers: Pacers;
	/** Whether the run has stopped at a failure, so that nothing more is sent. */
	stopped?: () => boolean;
}

/** What went wrong with one attempt, as far as the transport could tell. */
export interface AttemptFailure {
	status?: number;
	body?: unknown;
	headers: Record<string, unknown>;
	/** Network error code (ECONNRESET, ETIMEDOUT...) when no answer arrived. */
	networkCode?: string;
	message: string;
	/** Graph answered 2xx, but with a body that is not the JSON object it should be. */
	unreadable?: boolean;
}

/** One try at an exchange: Graph's body, or what went wrong. */
export type Attempt = { ok: true; body: IDataObject } | { ok: false; failure: AttemptFailure };

/** Where the retry engine sends its attempts: on their own, or as parts of a $batch. */
export interface RetryLoop {
	policy: RetryPolicy;
	pacers: Pacers;
	/** Sends one attempt: directly, or as a part of a $batch. */
	send: (options: IHttpRequestOptions) => Promise<Attempt>;
	/** Whether the run has stopped, so that nothing more is sent. */
	stopped?: () => boolean;
}
