import type { IncomingMessage, ServerResponse } from 'http';

import type { Identity } from './identity';
import type { LogEntry } from './emulator';
import type { Reply } from './replies';
import { sendReply } from './replies';

/*
 * The identity platform's endpoints: the token endpoint, and the sign-in page an admin sees for a delegated
 * credential (GET shows it, POST .../authorize/approve is the admin clicking "Accept").
 */

export const IDENTITY_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/(token|authorize|authorize\/approve)$/;

function basicAuth(header: string | undefined): { id: string; secret: string } | undefined {
	const auth = /^Basic\s+(.+)$/i.exec(header ?? '');
	if (!auth) return undefined;
	const [id, secret] = Buffer.from(auth[1], 'base64').toString('utf8').split(':');
	return { id: decodeURIComponent(id), secret: decodeURIComponent(secret ?? '') };
}

/**
 * The login host a client addressed when a proxy (or a test) forwards a Microsoft cloud's host to the
 * emulator: client assertions name it as their audience.
 */
function forwardedOrigin(req: IncomingMessage): string | undefined {
	const host = req.headers['x-forwarded-host'];
	if (typeof host !== 'string' || !host) return undefined;
	const proto = req.headers['x-forwarded-proto'];
	return `${typeof proto === 'string' && proto ? proto : 'https'}://${host}`;
}

function tokenEndpoint(
	identity: Identity,
	req: IncomingMessage,
	tenantKey: string,
	text: string,
	record: (entry: Omit<LogEntry, 'seq' | 'time'>) => LogEntry,
	path: string,
): Reply {
	if (req.method !== 'POST') return { status: 405, body: { error: 'invalid_request' } };
	const form = new URLSearchParams(text);
	const result = identity.token(
		tenantKey,
		form,
		basicAuth(req.headers.authorization),
		forwardedOrigin(req),
	);
	const assertionType = form.get('client_assertion_type');
	const entry = record({
		method: 'POST',
		path,
		query: '',
		status: result.status,
		body:
			assertionType === null
				? { grant_type: form.get('grant_type') }
				: { grant_type: form.get('grant_type'), client_assertion_type: assertionType },
		...(assertionType === null ? {} : { clientId: form.get('client_id') ?? undefined }),
	});
	const tenantId = identity.findTenant(tenantKey)?.id;
	if (tenantId) entry.tenantId = tenantId;
	return { status: result.status, body: result.body, headers: { 'Cache-Control': 'no-store' } };
}

function signInPage(
	identity: Identity,
	tenantKey: string,
	action: string,
	url: URL,
	text: string,
): Reply {
	const query = action === 'authorize' ? url.searchParams : new URLSearchParams(text);
	const checked = identity.checkAuthorize(tenantKey, query);
	if ('status' in checked) {
		return {
			status: checked.status,
			raw: `<html><body><h1>Sign-in error</h1><pre>${String(checked.body.error_description)}</pre></body></html>`,
			contentType: 'text/html',
		};
	}
	if (action === 'authorize/approve') {
		return {
			status: 302,
			headers: { Location: identity.approve(checked.tenant, checked.app, query) },
		};
	}
	const hidden = [...query.entries()]
		.map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, '&quot;')}">`)
		.join('');
	const page = `<!doctype html><html><head><title>Sign in - Microsoft Graph emulator</title></head><body style="font-family:sans-serif;max-width:28rem;margin:4rem auto">
<h1>Sign in to ${checked.tenant.domains[0]}</h1>
<p>Application <b>${checked.app.clientId}</b> asks for: <code>${(query.get('scope') ?? '').replace(/</g, '&lt;')}</code></p>
<form method="post" action="/${tenantKey}/oauth2/v2.0/authorize/approve">${hidden}
<p>Signed in as <b>admin@${checked.tenant.domains[0]}</b></p>
<button id="accept" type="submit">Accept</button></form></body></html>`;
	return { status: 200, raw: page, contentType: 'text/html' };
}

export function identityEndpoint(
	identity: Identity,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	text: string,
	record: (entry: Omit<LogEntry, 'seq' | 'time'>) => LogEntry,
): void {
	const [, tenantKey, action] = IDENTITY_PATH.exec(url.pathname)!;
	const reply =
		action === 'token'
			? tokenEndpoint(identity, req, tenantKey, text, record, url.pathname)
			: signInPage(identity, tenantKey, action, url, text);
	sendReply(res, reply);
}
