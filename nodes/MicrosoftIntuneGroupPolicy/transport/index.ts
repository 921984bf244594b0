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
	/** Path below {graphRoot}/beta, starting with "/". */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
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

export async function graphRequest<T = IDataObject>(
	this: GraphContext,
	graphRoot: string,
	request: GraphRequest,
	itemIndex = 0,
): Promise<T> {
	if (!request.path.startsWith('/')) throw new Error(`Graph path must start with "/": ${request.path}`);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${graphRoot}/${GRAPH_VERSION}${request.path}`,
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
		)) as T;
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
