import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { graphRootOf } from '../../../credentials/clouds';
import { graphApiError, unknownOutcomeError, unreachableError } from '../helpers/errors';
import type { AttemptFailure, RetryPolicy, Verdict } from './retry';
import { classify, DEFAULT_RETRY_POLICY, isRetryable, Pacer, RetryBudget } from './retry';

/*
 * The one module that talks to Microsoft Graph: it owns the base URL (always the credential's own Graph root, so
 * the token cannot be aimed elsewhere), the standard headers, and the translation of failures.
 */

export const CREDENTIAL_TYPE = 'microsoftGraphIntuneOAuth2Api';
export const GRAPH_VERSION = 'beta';

type GraphContext = IExecuteFunctions | ILoadOptionsFunctions;

export async function getGraphRoot(this: GraphContext): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	try {
		return graphRootOf(credentials as { cloud?: string; customGraphEndpoint?: string });
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: 'Open the credential and fix its cloud settings.',
		});
	}
}

export interface GraphRequest {
	method: IHttpRequestMethods;
	/** Path below {graphRoot}/beta, starting with "/", or a full URL that Graph gave (an @odata.nextLink). */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/** A full URL for the request; a URL from Graph is only used when it lies under the credential's Graph root. */
export function requestUrl(graphRoot: string, path: string): string {
	const base = `${graphRoot}/${GRAPH_VERSION}`;
	if (path.startsWith('/')) return `${base}${path}`;
	if (path.startsWith(`${base}/`) && !/[\s]|\/\.\.?(\/|$)/.test(path.slice(base.length)))
		return path;
	throw new Error(
		`Refusing to send the credential to ${path.split('?')[0]}: it is not under ${base}`,
	);
}

interface HttpFailure {
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
	message?: string;
	code?: string;
}

type ErrorChain = HttpFailure & {
	cause?: unknown;
	httpCode?: string | null;
	context?: { data?: unknown };
};

/**
 * The HTTP status, body and headers behind an error from n8n's request helper: n8n 1.x and 2.x hand over the HTTP
 * client's error directly or as the cause of a NodeApiError, which also keeps the status and body on its own.
 */
function httpFailureOf(error: unknown): HttpFailure | undefined {
	const chain: ErrorChain[] = [];
	for (
		let current = error as ErrorChain | undefined;
		current && chain.length < 4;
		current = current.cause as ErrorChain
	) {
		chain.push(current);
	}
	// The HTTP client's own error carries the headers (Retry-After, request-id); prefer it to n8n's summary.
	const http = chain.find((e) => e.response?.status || (e.code && /^E[A-Z]+/.test(e.code)));
	if (http) return http;
	const summary = chain.find(
		(e) => e.httpCode && /^\d{3}$/.test(e.httpCode) && e.context?.data !== undefined,
	);
	return summary
		? { response: { status: Number(summary.httpCode), data: summary.context!.data, headers: {} } }
		: undefined;
}

/** Everything the requests of one node run share: where Graph is, how to retry, and the throttling pacer. */
export interface GraphSession {
	graphRoot: string;
	policy: RetryPolicy;
	pacer: Pacer;
}

export async function openSession(
	this: GraphContext,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	maxInFlight = Number.POSITIVE_INFINITY,
): Promise<GraphSession> {
	return { graphRoot: await getGraphRoot.call(this), policy, pacer: new Pacer(maxInFlight) };
}

type Attempt = { ok: true; body: IDataObject } | { ok: false; failure: AttemptFailure };

export function buildRequestOptions(graphRoot: string, request: GraphRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: requestUrl(graphRoot, request.path),
		headers: {
			Accept: 'application/json',
			// A fresh GUID per request lets Microsoft support find this exact call.
			'client-request-id': randomUUID(),
		},
		qs: request.qs,
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

/** One try. Status errors are left to throw inside n8n's helper, so that a 401 refreshes the OAuth2 token first. */
export async function attempt(this: GraphContext, options: IHttpRequestOptions): Promise<Attempt> {
	try {
		const body = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
		)) as unknown;
		if (
			body === undefined ||
			body === '' ||
			(body && typeof body === 'object' && !Array.isArray(body))
		) {
			return { ok: true, body: (body || {}) as IDataObject };
		}
		return {
			ok: false,
			failure: {
				headers: {},
				unreadable: true,
				body,
				message: 'Graph answered with a body that is not JSON',
			},
		};
	} catch (error) {
		const failure = httpFailureOf(error);
		if (failure?.response?.status) {
			return {
				ok: false,
				failure: {
					status: failure.response.status,
					body: failure.response.data,
					headers: failure.response.headers ?? {},
					message: failure.message ?? `HTTP ${failure.response.status}`,
				},
			};
		}
		if (failure?.code) {
			return {
				ok: false,
				failure: {
					headers: {},
					networkCode: failure.code,
					message: failure.message ?? failure.code,
				},
			};
		}
		// n8n's own errors (for example a token that could not be acquired) already say what to do.
		throw new NodeOperationError(this.getNode(), error as Error, {});
	}
}

/** The n8n error for a request that will not be tried again. */
export function finalError(
	this: GraphContext,
	failure: AttemptFailure,
	verdict: Verdict,
	itemIndex: number,
	budget?: RetryBudget,
): Error {
	const node = this.getNode();
	if (verdict === 'unknownOutcome') {
		const what = failure.unreadable
			? 'answered with a body that could not be read'
			: failure.status
				? `answered ${failure.status}`
				: `did not answer (${failure.message})`;
		return unknownOutcomeError(node, what, itemIndex);
	}
	const tried =
		budget && budget.retries > 0
			? ` (gave up after ${budget.retries} retries and ${Math.round(budget.waitedMs / 1000)} s of waiting)`
			: '';
	if (failure.status) {
		const error = graphApiError(
			node,
			{ status: failure.status, body: failure.body, headers: failure.headers },
			itemIndex,
		);
		error.message += tried;
		return error;
	}
	return unreachableError(node, `${failure.message}${tried}`, itemIndex);
}

export async function graphRequest(
	this: GraphContext,
	session: GraphSession,
	request: GraphRequest,
	itemIndex = 0,
): Promise<IDataObject> {
	let options: IHttpRequestOptions;
	try {
		options = buildRequestOptions(session.graphRoot, request);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description: 'Microsoft Graph returned a link to another host; nothing was sent there.',
		});
	}
	const idempotent = request.method === 'GET';
	const budget = new RetryBudget(session.policy);
	for (;;) {
		await session.pacer.acquire();
		let result: Attempt | undefined;
		let verdict: Verdict | undefined;
		let wait: number | undefined;
		try {
			result = await attempt.call(this, options);
			if (!result.ok) {
				verdict = classify(result.failure, idempotent);
				wait = isRetryable(verdict, session.policy) ? budget.next(result.failure) : undefined;
				// Throttling slows every request of the run; other failures only this one.
				if (verdict === 'throttled' && wait !== undefined) session.pacer.pause(wait);
			}
		} finally {
			session.pacer.release(result?.ok === true);
		}
		if (result.ok) return result.body;
		if (wait === undefined)
			throw finalError.call(this, result.failure, verdict!, itemIndex, budget);
		if (verdict !== 'throttled') await sleep(wait);
		// A resent request gets a new client-request-id, as Microsoft's SDKs do.
		options.headers!['client-request-id'] = randomUUID();
	}
}

export interface GraphPage {
	value: IDataObject[];
	nextLink?: string;
}

/** One page of a Graph collection: `path` is a path below /beta or the nextLink of the previous page. */
export async function graphGetPage(
	this: GraphContext,
	session: GraphSession,
	path: string,
	qs?: IDataObject,
	itemIndex = 0,
): Promise<GraphPage> {
	const body = await graphRequest.call(
		this,
		session,
		{ method: 'GET', path, qs: path.startsWith('/') ? qs : undefined },
		itemIndex,
	);
	const value = Array.isArray(body.value) ? (body.value as IDataObject[]) : [];
	const nextLink =
		typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
	return { value, nextLink };
}

/** Items of a Graph collection across pages, up to `limit` when given. */
export async function graphGetAll(
	this: GraphContext,
	session: GraphSession,
	path: string,
	qs: IDataObject = {},
	limit?: number,
	itemIndex = 0,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let next: string | undefined = path;
	while (next && (limit === undefined || items.length < limit)) {
		const page: GraphPage = await graphGetPage.call(this, session, next, qs, itemIndex);
		items.push(...page.value);
		next = page.nextLink;
	}
	return limit === undefined ? items : items.slice(0, limit);
}
