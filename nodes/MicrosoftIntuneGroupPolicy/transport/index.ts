import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { graphRootOf } from '../../../credentials/clouds';
import { graphApiError, unreachableError } from '../helpers/errors';

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
	if (path.startsWith(`${base}/`) && !/[\s]|\/\.\.?(\/|$)/.test(path.slice(base.length))) return path;
	throw new Error(`Refusing to send the credential to ${path.split('?')[0]}: it is not under ${base}`);
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
	for (let current = error as ErrorChain | undefined, depth = 0; current && depth < 3; depth++) {
		if (current.response?.status || (current.code && /^E[A-Z]+/.test(current.code))) return current;
		if (current.httpCode && /^\d{3}$/.test(current.httpCode) && current.context?.data !== undefined) {
			return { response: { status: Number(current.httpCode), data: current.context.data, headers: {} } };
		}
		current = current.cause as ErrorChain | undefined;
	}
	return undefined;
}

export async function graphRequest(
	this: GraphContext,
	graphRoot: string,
	request: GraphRequest,
	itemIndex = 0,
): Promise<IDataObject> {
	let url: string;
	try {
		url = requestUrl(graphRoot, request.path);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description: 'Microsoft Graph returned a link to another host; nothing was sent there.',
		});
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
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
	try {
		// Status errors are left to throw so that n8n sees a 401 and refreshes the OAuth2 token before one retry.
		return (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
		)) as IDataObject;
	} catch (error) {
		// n8n 1.x passes on the HTTP client's error; n8n 2.x wraps it in a NodeApiError whose cause it is.
		const failure = httpFailureOf(error);
		if (failure?.response?.status) {
			throw graphApiError(
				this.getNode(),
				{
					status: failure.response.status,
					body: failure.response.data,
					headers: failure.response.headers ?? {},
				},
				itemIndex,
			);
		}
		if (failure?.code && failure.message) {
			throw unreachableError(this.getNode(), failure.message, itemIndex);
		}
		// n8n's own errors (for example a token that could not be acquired) already say what to do.
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

export interface GraphPage {
	value: IDataObject[];
	nextLink?: string;
}

/** One page of a Graph collection: `path` is a path below /beta or the nextLink of the previous page. */
export async function graphGetPage(
	this: GraphContext,
	graphRoot: string,
	path: string,
	qs?: IDataObject,
	itemIndex = 0,
): Promise<GraphPage> {
	const body = await graphRequest.call(this, graphRoot, { method: 'GET', path, qs: path.startsWith('/') ? qs : undefined }, itemIndex);
	const value = Array.isArray(body.value) ? (body.value as IDataObject[]) : [];
	const nextLink = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
	return { value, nextLink };
}

/** Items of a Graph collection across pages, up to `limit` when given. */
export async function graphGetAll(
	this: GraphContext,
	graphRoot: string,
	path: string,
	qs: IDataObject = {},
	limit?: number,
	itemIndex = 0,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let next: string | undefined = path;
	while (next && (limit === undefined || items.length < limit)) {
		const page: GraphPage = await graphGetPage.call(this, graphRoot, next, qs, itemIndex);
		items.push(...page.value);
		next = page.nextLink;
	}
	return limit === undefined ? items : items.slice(0, limit);
}
