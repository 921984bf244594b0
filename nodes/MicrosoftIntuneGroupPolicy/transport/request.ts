import { randomUUID } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphContext, GraphRequest, GraphSession } from './types';
import { GRAPH_VERSION } from './types';

/*
 * What goes on the wire for a request: the URL (always under the credential's own Graph root, so
 * the token cannot be aimed elsewhere) and the standard headers.
 */

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
