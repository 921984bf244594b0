import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialType } from './credential';
import { signInError } from './errors';
import type { Attempt, AttemptFailure, GraphContext } from './types';
import { GRAPH_VERSION } from './types';

/*
 * One HTTP exchange through n8n's authenticated request helper, read into a plain outcome. n8n
 * fetches and refreshes the OAuth2 token inside the helper, so its failures arrive here too; they
 * are told apart from Graph's own answers, because a refused sign-in is never worth a retry and
 * never leaves an outcome unknown.
 */

interface ErrorLink {
	message?: string;
	code?: string;
	status?: number;
	body?: unknown;
	cause?: unknown;
	httpCode?: string | null;
	context?: { data?: unknown };
	config?: { url?: string };
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

/** Codes Node's sockets and the HTTP client raise when no answer arrived. */
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * n8n's OAuth2 client raises these when the token endpoint refuses (EAUTH) or answers an error
 * status.
 */
const SIGN_IN_CODES = new Set(['EAUTH', 'ESTATUS']);

function chainOf(error: unknown): ErrorLink[] {
	const chain: ErrorLink[] = [];
	for (let e = error as ErrorLink | undefined; e && chain.length < 5; e = e.cause as ErrorLink) {
		chain.push(e);
	}
	return chain;
}

function describeSignIn(body: unknown): string | undefined {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	const record = (parsed ?? {}) as { error_description?: unknown; error?: unknown };
	const text = record.error_description ?? record.error;
	return typeof text === 'string' ? text : undefined;
}

/**
 * What a failed helper call means: Graph's answer, a lost connection, or a refused sign-in
 * (thrown).
 */
function readFailure(
	this: GraphContext,
	error: unknown,
	graphRoot: string,
	itemIndex: number,
): AttemptFailure {
	const chain = chainOf(error);
	const node = this.getNode();
	const auth = chain.find((e) => e.code !== undefined && SIGN_IN_CODES.has(e.code));
	if (auth) {
		throw signInError(
			node,
			{ status: auth.status, description: describeSignIn(auth.body) ?? auth.message },
			itemIndex,
		);
	}
	// The HTTP client's own error carries the headers (Retry-After, request-id); prefer it to n8n's
	// summary.
	const http = chain.find((e) => e.response?.status || (e.code && NETWORK_CODES.has(e.code)));
	const url = http?.config?.url;
	if (http && url !== undefined && !url.startsWith(`${graphRoot}/${GRAPH_VERSION}/`)) {
		// Every Graph request goes under /beta; only the token request goes elsewhere.
		const status = http.response?.status;
		throw signInError(
			node,
			{
				status,
				description: describeSignIn(http.response?.data) ?? (status ? undefined : http.message),
			},
			itemIndex,
		);
	}
	if (http?.response?.status) {
		const { status, data, headers } = http.response;
		return {
			status,
			body: data,
			headers: headers ?? {},
			message: http.message ?? `HTTP ${status}`,
		};
	}
	if (http?.code) {
		return { headers: {}, networkCode: http.code, message: http.message ?? http.code };
	}
	const summary = chain.find(
		(e) => e.httpCode && /^\d{3}$/.test(e.httpCode) && e.context?.data !== undefined,
	);
	if (summary) {
		return {
			status: Number(summary.httpCode),
			body: summary.context!.data,
			headers: {},
			message: '',
		};
	}
	// n8n's own errors (for example a credential that was never connected) already say what to do.
	throw new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * One try. Status errors are left to throw inside n8n's helper, so that a 401 refreshes the token
 * first.
 */
export async function attempt(
	this: GraphContext,
	options: IHttpRequestOptions,
	graphRoot: string,
	itemIndex: number,
): Promise<Attempt> {
	let body: unknown;
	try {
		body = await this.helpers.httpRequestWithAuthentication.call(
			this,
			credentialType(this),
			options,
		);
	} catch (error) {
		return { ok: false, failure: readFailure.call(this, error, graphRoot, itemIndex) };
	}
	if (body === undefined || body === '') return { ok: true, body: {} };
	if (body && typeof body === 'object' && !Array.isArray(body))
		return { ok: true, body: body as IDataObject };
	const message = 'Graph answered with a body that is not JSON';
	return { ok: false, failure: { headers: {}, unreadable: true, body, message } };
}
