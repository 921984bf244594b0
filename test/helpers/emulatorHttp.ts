import type { GraphEmulator } from '../emulator/emulator';
import type { Tenant } from '../emulator/identity';

/*
 * Plain HTTP to the emulator, as a client outside n8n sees it: for tests of the emulator itself and for
 * arranging what a test needs without going through the node.
 */

export type Json = Record<string, any>;

export interface HttpAnswer {
	status: number;
	body: Json;
}

/** Signs in as app `appIndex` of `tenant` the way n8n does for a client-credentials credential; returns the token. */
export async function signInAsApp(
	emulator: GraphEmulator,
	tenant: Tenant = emulator.tenant,
	appIndex = 0,
): Promise<Record<string, unknown>> {
	const app = tenant.apps[appIndex];
	const response = await fetch(`${emulator.url}/${tenant.id}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: app.clientId,
			client_secret: app.clientSecret,
			scope: `${emulator.url}/.default`,
		}),
	});
	if (!response.ok) throw new Error(`The emulator refused a token: ${await response.text()}`);
	return (await response.json()) as Record<string, unknown>;
}

/** The access token of app `appIndex` of `tenant`. */
export async function appToken(
	emulator: GraphEmulator,
	tenant: Tenant = emulator.tenant,
	appIndex = 0,
): Promise<string> {
	return (await signInAsApp(emulator, tenant, appIndex)).access_token as string;
}

async function answerOf(response: Response): Promise<HttpAnswer> {
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** A Graph request with a bearer token: `path` below /beta, or a whole URL the emulator gave (a next link). */
export async function graphCall(
	emulator: GraphEmulator,
	token: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<HttpAnswer> {
	const url = path.startsWith('http') ? path : `${emulator.url}/beta${path}`;
	const response = await fetch(url, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return await answerOf(response);
}

/** A call of the emulator's own control API (/_emulator/...), which tests use to arrange a scene. */
export async function emulatorControl(
	emulator: GraphEmulator,
	path: string,
	body: unknown,
): Promise<HttpAnswer> {
	const response = await fetch(`${emulator.url}/_emulator/${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return await answerOf(response);
}
