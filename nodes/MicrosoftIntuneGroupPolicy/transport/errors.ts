import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DELEGATED_PERMISSION } from '../../../credentials/clouds';

/*
 * The one place where Graph failures become n8n errors: the message says what happened, the
 * description how to fix it, and the request-id is kept for Microsoft support. Only Graph's
 * response body and status are used, never the request, so no token can leak into an error.
 */

export interface GraphFailure {
	status: number;
	body: unknown;
	headers: Record<string, unknown>;
}

interface GraphErrorInfo {
	code?: string;
	message?: string;
	requestId?: string;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function parseBody(body: unknown): unknown {
	if (typeof body === 'string') {
		try {
			return JSON.parse(body);
		} catch {
			return body;
		}
	}
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return body;
}

/**
 * Intune often wraps its own JSON error (with a `Message`) inside Graph's `error.message` string.
 */
export function unwrapIntuneMessage(message: string | undefined): string | undefined {
	if (!message || !message.trim().startsWith('{')) return message;
	try {
		const inner = asObject(JSON.parse(message));
		const text = inner?.Message ?? inner?.message;
		const phrase = inner?.CustomApiErrorPhrase;
		const parts = [text, phrase].filter(
			(p): p is string => typeof p === 'string' && p.trim() !== '',
		);
		return parts.length ? parts.join(' — ') : message;
	} catch {
		return message;
	}
}

/** A response header by its lower-case name, whatever case the server or HTTP client gave it. */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
	const value = entry?.[1];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

export function readGraphError(failure: GraphFailure): GraphErrorInfo {
	const body = asObject(parseBody(failure.body));
	const error = asObject(body?.error);
	const inner = asObject(error?.innerError) ?? asObject(error?.innererror);
	const requestId =
		headerValue(failure.headers, 'request-id') ??
		(typeof inner?.['request-id'] === 'string' ? inner['request-id'] : undefined);
	const message = typeof error?.message === 'string' ? error.message : undefined;
	return {
		code: typeof error?.code === 'string' ? error.code : undefined,
		message: unwrapIntuneMessage(message),
		requestId,
	};
}

function howToFix(status: number): string {
	switch (status) {
		case 400:
			return (
				'Graph refused the request. Check the field values; operations can only be created on ' +
				'definitions that come from an uploaded (custom) ADMX file.'
			);
		case 401:
			return (
				'Graph did not accept the sign-in. Reconnect the credential and check its tenant ID, ' +
				'client ID, client secret and cloud.'
			);
		case 403:
			return (
				`The signed-in admin or app lacks ${DELEGATED_PERMISSION}, or an admin has not granted ` +
				`consent. Add the permission to the app registration, grant admin consent, then ` +
				`reconnect the credential.`
			);
		case 404:
			return (
				'One of the IDs does not exist: check the group policy configuration, definition value ' +
				'and presentation value IDs. A definition that is not from an uploaded ADMX file has ' +
				'no uploaded definition file, which Graph also reports as not found.'
			);
		case 409:
			return 'The object changed or already exists. Read it again and retry.';
		case 429:
			return (
				'Microsoft Graph is throttling this app or tenant (Intune allows about 100 writes per ' +
				'20 seconds per app). Process fewer items at a time or retry later.'
			);
		default:
			return status >= 500
				? 'Microsoft Graph had a temporary problem. Retry later; if it persists, give ' +
						'Microsoft support the request ID.'
				: 'See the message from Microsoft Graph for details.';
	}
}

export function graphApiError(node: INode, failure: GraphFailure, itemIndex: number): NodeApiError {
	const info = readGraphError(failure);
	const what = [info.code, info.message].filter(Boolean).join(': ') || `HTTP ${failure.status}`;
	const support = info.requestId ? ` Request ID for Microsoft support: ${info.requestId}.` : '';
	const errorResponse: JsonObject = {
		httpCode: String(failure.status),
		code: info.code ?? null,
		message: info.message ?? null,
		requestId: info.requestId ?? null,
	};
	const error = new NodeApiError(node, errorResponse, {
		description: `${howToFix(failure.status)}${support}`,
		httpCode: String(failure.status),
		itemIndex,
	});
	return withMessage(error, `Microsoft Graph returned ${failure.status}: ${what}`);
}

/*
 * NodeApiError swaps any message that merely contains a network error code (Graph's
 * "ResourceNotFound" contains "ENOTFOUND") for a generic text, so the message is set after
 * construction.
 */
function withMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	error.messages = [];
	return error;
}

/** The request may or may not have reached Graph (no response arrived). */
export function unreachableError(node: INode, reason: string, itemIndex: number): NodeApiError {
	const error = new NodeApiError(
		node,
		{ message: reason },
		{
			description:
				'Check the network path to Graph and the cloud chosen in the credential, then retry.',
			itemIndex,
		},
	);
	return withMessage(error, `Could not get a response from Microsoft Graph: ${reason}`);
}

/** A write that may have reached Graph, not resent because that could create a duplicate. */
export function unknownOutcomeError(node: INode, what: string, itemIndex: number): NodeApiError {
	const error = new NodeApiError(
		node,
		{ message: what },
		{
			description:
				'Microsoft Graph may or may not have carried out this request, so it was not sent ' +
				'again: resending could create a duplicate. Check whether the object exists (Get ' +
				'Many lists the operations), or turn on the option Retry When Outcome Unknown to ' +
				'accept that risk.',
			itemIndex,
		},
	);
	// Marked so that an operation can reconcile (read what Graph did) before it sends anything again.
	error.context.outcomeUnknown = true;
	return withMessage(error, `The outcome of the request is unknown: Microsoft Graph ${what}`);
}

export function isOutcomeUnknown(error: unknown): boolean {
	return error instanceof NodeApiError && error.context.outcomeUnknown === true;
}

/** The HTTP status Graph answered with, for an error from the transport. */
export function graphStatusOf(error: unknown): number | undefined {
	return error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;
}

/** Why the identity platform refused, by AADSTS code: the fixes admins need most often. */
const SIGN_IN_FIXES: Array<[RegExp, string]> = [
	[
		/AADSTS7000215|AADSTS7000222|invalid_client/i,
		'The client secret is wrong or has expired. Create a new secret under the app ' +
			'registration\'s "Certificates & secrets" and paste its Value (not its Secret ID) into ' +
			'the credential.',
	],
	[
		/AADSTS700016|AADSTS90002|AADSTS900023/i,
		'The tenant or the app registration was not found. Check the Tenant ID, the Client ID ' +
			'and the cloud chosen in the credential.',
	],
	[
		/AADSTS65001|AADSTS50105|consent_required/i,
		`The app lacks admin consent. Add ${DELEGATED_PERMISSION} to the app registration, grant ` +
			`admin consent, then reconnect the credential.`,
	],
];

/**
 * The identity platform refused or failed to issue a token: nothing reached Graph, so the item
 * fails at once with the AADSTS message and the fix. Only the platform's error text is used, never
 * the request, so no secret leaks.
 */
export function signInError(
	node: INode,
	reason: { status?: number; description?: string },
	itemIndex: number,
): NodeApiError {
	const text = (reason.description ?? '').split(/\r?\n/)[0].trim();
	const what =
		text || (reason.status ? `the sign-in endpoint returned ${reason.status}` : 'no token');
	const fix =
		SIGN_IN_FIXES.find(([pattern]) => pattern.test(text))?.[1] ??
		(reason.status && reason.status >= 500
			? 'The Microsoft identity platform had a temporary problem. Retry later.'
			: "Check the credential's tenant ID, client ID, client secret and cloud, then reconnect it.");
	const error = new NodeApiError(
		node,
		{ message: what },
		{ description: `${fix} Nothing was sent to Microsoft Graph.`, itemIndex },
	);
	return withMessage(error, `Sign-in to Microsoft failed: ${what}`);
}

/** An error to throw again from a node: n8n's own errors as they are, anything else wrapped. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(node, error as Error, { itemIndex });
}
