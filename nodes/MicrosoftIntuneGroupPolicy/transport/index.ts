import { randomUUID } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { graphRootOf } from '../../../credentials/clouds';
import type { GraphContext } from './context';
import { CREDENTIAL_TYPE, GRAPH_VERSION } from './context';
import type { Attempt } from './http';
import { attempt } from './http';
import type { Outcome, Pacers } from './pacer';
import { pacerFor } from './pacer';
import type { RetryLoop, RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, NotSentError, sendWithRetries, throttlePauseMs } from './retry';
import { sharedPacers, throttleKey } from './throttles';

/*
 * The one module that talks to Microsoft Graph: it owns the base URL (always the credential's own
 * Graph root, so the token cannot be aimed elsewhere), the standard headers, retries, throttling
 * and batching.
 */

export { CREDENTIAL_TYPE, GRAPH_VERSION };
export type { GraphContext };

export async function getGraphRoot(
	this: GraphContext,
	credentials?: ICredentialDataDecryptedObject,
): Promise<string> {
	try {
		return graphRootOf(credentials ?? (await this.getCredentials(CREDENTIAL_TYPE)));
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: 'Open the credential and fix its cloud settings.',
		});
	}
}

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

/**
 * A full URL for the request. Whatever the path (ours, a nextLink or a list's page token), the URL
 * is normalised as the HTTP client will send it, dot segments and their encoded forms resolved, and
 * must still lie under the credential's Graph root and /beta.
 */
export function requestUrl(graphRoot: string, path: string): string {
	const base = `${graphRoot}/${GRAPH_VERSION}`;
	const refuse = () => {
		throw new Error(
			`Refusing to send the credential to ${path.split('?')[0]}: it is not under ${base}`,
		);
	};
	if (/\s/.test(path)) refuse();
	const raw = path.startsWith('/') ? `${base}${path}` : path;
	let url: URL;
	let root: URL;
	try {
		url = new URL(raw);
		root = new URL(`${base}/`);
	} catch {
		return refuse();
	}
	if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) refuse();
	// An encoded dot segment that the parser kept (e.g. %2E%2E after a ;) could still be resolved by
	// a proxy.
	if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(url.pathname)) refuse();
	return url.href;
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

export async function openSession(
	this: GraphContext,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<GraphSession> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const graphRoot = await getGraphRoot.call(this, credentials);
	const credentialKey = throttleKey(graphRoot, credentials);
	return { graphRoot, credentialKey, policy, pacers: sharedPacers(credentialKey) };
}

export function buildRequestOptions(graphRoot: string, request: GraphRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: requestUrl(graphRoot, request.path),
		headers: {
			Accept: 'application/json',
			// A fresh GUID per request lets Microsoft support find this exact call.
			'client-request-id': randomUUID(),
		},
		qs: request.path.startsWith('/') ? request.qs : undefined,
		json: true,
		// A redirect could carry the bearer token to another host.
		disableFollowRedirect: true,
	};
	if (request.body !== undefined) {
		options.body = request.body;
		options.headers!['Content-Type'] = 'application/json';
	}
	return options;
}

/** The request options, or an item error naming the refused URL: nothing is sent. */
export function checkedOptions(
	this: GraphContext,
	session: GraphSession,
	request: GraphRequest,
	itemIndex: number,
): IHttpRequestOptions {
	try {
		return buildRequestOptions(session.graphRoot, request);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description:
				"The URL leads outside the credential's Microsoft Graph; nothing was sent there.",
		});
	}
}

/** What a request sent on its own came to, for the pacer. */
export const single = (answer: Attempt): Outcome =>
	answer.ok
		? { accepted: 1, clean: true }
		: {
				accepted: 0,
				clean: false,
				pauseMs: throttlePauseMs(answer.failure.status, answer.failure.headers),
			};

/**
 * One HTTP exchange, holding a place with the pacer for its kind (a read, or a write). The stop is
 * checked once the place is held, right before the wire: a run may have stopped while this request
 * waited out a throttle. `judge` tells the pacer what the exchange came to; `held`: a $batch whose
 * place with the pacer is already held, for that many requests.
 */
export async function sendOnce(
	this: GraphContext,
	session: GraphSession,
	options: IHttpRequestOptions,
	itemIndex: number,
	judge: (attempt: Attempt) => Outcome = single,
	kind: IHttpRequestMethods | undefined = options.method,
	held?: number,
): Promise<Attempt> {
	const send = async () => {
		if (session.stopped?.()) throw new NotSentError();
		return await attempt.call(this, options, session.graphRoot, itemIndex);
	};
	return await pacerFor(session.pacers, kind).within(send, judge, held);
}

/** The retry loop for requests sent one by one. */
export function directLoop(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
): RetryLoop {
	return {
		policy: session.policy,
		pacers: session.pacers,
		stopped: session.stopped,
		send: async (options) => await sendOnce.call(this, session, options, itemIndex),
	};
}

/** One Graph request with retries, sent on its own. */
export async function graphRequest(
	this: GraphContext,
	session: GraphSession,
	request: GraphRequest,
	itemIndex = 0,
): Promise<IDataObject> {
	const options = checkedOptions.call(this, session, request, itemIndex);
	const loop = directLoop.call(this, session, itemIndex);
	return await sendWithRetries.call(this, loop, options, itemIndex, request.expectEntity);
}
