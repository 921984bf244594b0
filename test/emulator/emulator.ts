import { randomUUID } from 'crypto';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';

import type { Dataset } from './data';
import { seedDataset } from './data';
import type { GraphResult } from './graph';
import { GraphError, GraphStore, intuneMessage } from './graph';
import type { AccessToken, Tenant } from './identity';
import { DEFAULT_TENANT, Identity, READ, READ_WRITE } from './identity';
import type { ThrottleConfig } from './throttle';
import { DEFAULT_THROTTLE, WriteThrottle } from './throttle';

/*
 * A local Microsoft Graph (beta) and identity platform for this package's tests and demo. It serves the group policy
 * family, $batch, Intune-style throttling, and faults armed by tests; every request is logged for assertions.
 */

export type FaultKind =
	| 'status' // answer with `status` (e.g. 503, 504, 429) and a Graph error body; `retryAfter` adds the header
	| 'latency' // wait `ms` before handling the request normally
	| 'drop' // close the connection before handling: nothing happened
	| 'dropAfterHandling' // handle the request, then close the connection without answering: outcome unknown
	| 'malformed' // handle the request, then answer with a body that is not JSON
	| 'intuneError' // answer 400 with an Intune JSON string inside error.message
	| 'expireTokens'; // expire every issued token just before this request, as if it had been running for an hour

export interface Fault {
	kind: FaultKind;
	/** Only requests with this method (e.g. POST). */
	method?: string;
	/** Only requests whose path contains this text. */
	pathContains?: string;
	/** How many matching requests it applies to (default 1). */
	times?: number;
	/** How many matching requests pass untouched before it applies (default 0). */
	after?: number;
	status?: number;
	retryAfter?: string;
	ms?: number;
	message?: string;
}

export interface LogEntry {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: string;
	status: number;
	clientRequestId?: string;
	clientId?: string;
	tokenKind?: string;
	body?: unknown;
	/** Sequence number of the $batch request this sub-request came in. */
	batch?: number;
	createdId?: string;
	fault?: FaultKind;
}

export interface EmulatorOptions {
	port?: number;
	host?: string;
	latencyMs?: number;
	pageSize?: number;
	/** The most rows a page holds, whatever $top asks for. */
	maxPageSize?: number;
	tokenLifetimeSeconds?: number;
	throttle?: Partial<ThrottleConfig>;
	tenants?: Tenant[];
	dataset?: () => Dataset;
}

interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	raw?: string;
	contentType?: string;
}

function graphErrorBody(code: string, message: string, requestId: string, clientRequestId: string) {
	return {
		error: {
			code,
			message,
			innerError: {
				date: new Date().toISOString().slice(0, 19),
				'request-id': requestId,
				'client-request-id': clientRequestId,
			},
		},
	};
}

/** The answer an armed status or Intune-error fault gives, alone or as a $batch part. */
function faultReply(
	fault: Fault,
	path: string,
	requestId: string,
	clientRequestId: string,
): Reply & { headers: Record<string, string> } {
	const status = fault.kind === 'intuneError' ? (fault.status ?? 400) : (fault.status ?? 503);
	const codes: Record<number, string> = {
		429: 'TooManyRequests',
		503: 'serviceNotAvailable',
		504: 'gatewayTimeout',
	};
	const message =
		fault.kind === 'intuneError'
			? intuneMessage(fault.message ?? 'An error has occurred', path)
			: (fault.message ?? 'Please retry again later.');
	return {
		status,
		body: graphErrorBody(codes[status] ?? 'BadRequest', message, requestId, clientRequestId),
		headers: fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {},
	};
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export class GraphEmulator {
	readonly log: LogEntry[] = [];
	readonly faults: Fault[] = [];
	latencyMs: number;
	pageSize: number;
	maxPageSize: number;
	readonly throttle: WriteThrottle;
	readonly identity: Identity;
	store: GraphStore;
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	private seq = 0;

	constructor(private readonly options: EmulatorOptions = {}) {
		this.latencyMs = options.latencyMs ?? 0;
		this.pageSize = options.pageSize ?? 10;
		this.maxPageSize = options.maxPageSize ?? 999;
		this.throttle = new WriteThrottle({ ...DEFAULT_THROTTLE, ...options.throttle });
		this.identity = new Identity(
			options.tenants ?? [structuredClone(DEFAULT_TENANT)],
			() => this.url,
		);
		this.identity.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
		this.store = new GraphStore(
			(options.dataset ?? seedDataset)(),
			() => this.pageSize,
			() => this.maxPageSize,
		);
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The emulator is not running');
		return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
	}

	get tenant(): Tenant {
		return this.identity.tenants[0];
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			this.dispatch(req, res).catch((error: Error) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: { code: 'generalException', message: error.message } }));
			});
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) =>
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
		);
		return this;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
		this.server = undefined;
	}

	reset(): void {
		this.log.length = 0;
		this.faults.length = 0;
		this.throttle.reset();
		this.store = new GraphStore(
			(this.options.dataset ?? seedDataset)(),
			() => this.pageSize,
			() => this.maxPageSize,
		);
	}

	arm(...faults: Fault[]): void {
		this.faults.push(...faults.map((f) => ({ times: 1, ...f })));
	}

	/** Requests that created an operation, in the order they arrived. */
	creates(): LogEntry[] {
		return this.log.filter((e) => e.createdId);
	}

	private takeFault(method: string, path: string): Fault | undefined {
		const fault = this.faults.find(
			(f) =>
				(f.times ?? 1) > 0 &&
				(!f.method || f.method === method) &&
				(!f.pathContains || path.includes(f.pathContains)),
		);
		if (!fault) return undefined;
		if ((fault.after ?? 0) > 0) {
			fault.after! -= 1;
			return undefined;
		}
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
		return { ...fault };
	}

	private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const text = await readBody(req);
		if (url.pathname.startsWith('/_emulator/'))
			return this.send(res, this.control(req.method ?? 'GET', url.pathname, text));
		const identity = /^\/([^/]+)\/oauth2\/v2\.0\/(token|authorize|authorize\/approve)$/.exec(
			url.pathname,
		);
		if (identity) return this.identityEndpoint(req, res, identity[1], identity[2], url, text);
		if (url.pathname.startsWith('/beta/') || url.pathname.startsWith('/v1.0/'))
			return this.graphEndpoint(req, res, url, text);
		this.send(res, {
			status: 404,
			body: { error: { code: 'NotFound', message: `No endpoint at ${url.pathname}` } },
		});
	}

	private send(res: ServerResponse, reply: Reply): void {
		if (res.destroyed) return;
		const headers: Record<string, string> = { ...reply.headers };
		if (reply.raw !== undefined) {
			res.writeHead(reply.status, {
				'Content-Type': reply.contentType ?? 'application/json',
				...headers,
			});
			res.end(reply.raw);
			return;
		}
		if (reply.body === undefined) {
			res.writeHead(reply.status, headers);
			res.end();
			return;
		}
		res.writeHead(reply.status, {
			'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8',
			...headers,
		});
		res.end(JSON.stringify(reply.body));
	}

	private identityEndpoint(
		req: IncomingMessage,
		res: ServerResponse,
		tenantKey: string,
		action: string,
		url: URL,
		text: string,
	): void {
		if (action === 'token') {
			if (req.method !== 'POST')
				return this.send(res, { status: 405, body: { error: 'invalid_request' } });
			let basic: { id: string; secret: string } | undefined;
			const auth = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
			if (auth) {
				const [id, secret] = Buffer.from(auth[1], 'base64').toString('utf8').split(':');
				basic = { id: decodeURIComponent(id), secret: decodeURIComponent(secret ?? '') };
			}
			const result = this.identity.token(tenantKey, new URLSearchParams(text), basic);
			this.record({
				method: 'POST',
				path: url.pathname,
				query: '',
				status: result.status,
				body: { grant_type: new URLSearchParams(text).get('grant_type') },
			});
			return this.send(res, {
				status: result.status,
				body: result.body,
				headers: { 'Cache-Control': 'no-store' },
			});
		}
		// The sign-in page: GET shows it, POST .../authorize/approve is the admin clicking "Accept".
		const query = action === 'authorize' ? url.searchParams : new URLSearchParams(text);
		const checked = this.identity.checkAuthorize(tenantKey, query);
		if ('status' in checked) {
			return this.send(res, {
				status: checked.status,
				raw: `<html><body><h1>Sign-in error</h1><pre>${String(checked.body.error_description)}</pre></body></html>`,
				contentType: 'text/html',
			});
		}
		if (action === 'authorize/approve') {
			return this.send(res, {
				status: 302,
				headers: { Location: this.identity.approve(checked.tenant, checked.app, query) },
			});
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
		this.send(res, { status: 200, raw: page, contentType: 'text/html' });
	}

	private record(entry: Omit<LogEntry, 'seq' | 'time'>): LogEntry {
		const full: LogEntry = { seq: ++this.seq, time: new Date().toISOString(), ...entry };
		this.log.push(full);
		return full;
	}

	private async graphEndpoint(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		text: string,
	): Promise<void> {
		const method = req.method ?? 'GET';
		const requestId = randomUUID();
		const clientRequestId = String(req.headers['client-request-id'] ?? randomUUID());
		const baseHeaders = { 'request-id': requestId, 'client-request-id': clientRequestId };
		const entry = this.record({
			method,
			path: url.pathname,
			query: url.search,
			status: 0,
			clientRequestId,
		});
		if (text) {
			try {
				entry.body = JSON.parse(text);
			} catch {
				entry.body = text;
			}
		}
		if (this.latencyMs) await sleep(this.latencyMs);
		const fault = this.takeFault(method, url.pathname);
		if (fault) entry.fault = fault.kind;
		if (fault?.kind === 'latency') await sleep(fault.ms ?? 1000);
		if (fault?.kind === 'expireTokens') this.identity.expireAllTokens();
		if (fault?.kind === 'drop') {
			entry.status = -1;
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'status' || fault?.kind === 'intuneError') {
			const reply = faultReply(fault, url.pathname, requestId, clientRequestId);
			entry.status = reply.status;
			return this.send(res, { ...reply, headers: { ...baseHeaders, ...reply.headers } });
		}

		const auth = this.identity.authenticate(req.headers.authorization);
		let reply: Reply;
		if ('message' in auth) {
			reply = {
				status: 401,
				body: graphErrorBody(
					'InvalidAuthenticationToken',
					auth.message,
					requestId,
					clientRequestId,
				),
				headers: { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token"' },
			};
		} else {
			entry.clientId = auth.clientId;
			entry.tokenKind = auth.kind;
			const graphPath = url.pathname.replace(/^\/(beta|v1\.0)/, '');
			if (url.pathname.startsWith('/v1.0/')) {
				reply = {
					status: 400,
					body: graphErrorBody(
						'BadRequest',
						`Resource not found for the segment '${graphPath.split('/')[1]}' in v1.0; group policy is on beta.`,
						requestId,
						clientRequestId,
					),
				};
			} else if (graphPath === '/$batch' && method === 'POST') {
				reply = this.batch(auth, entry, text, requestId, clientRequestId);
			} else {
				const result = this.execute(
					auth,
					method,
					graphPath,
					url.searchParams,
					entry.body,
					requestId,
					clientRequestId,
				);
				reply = result;
				if (result.createdId) entry.createdId = result.createdId;
			}
		}
		entry.status = reply.status;
		if (fault?.kind === 'dropAfterHandling') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'malformed') {
			return this.send(res, {
				status: reply.status,
				raw: '{"@odata.context": "truncated',
				headers: baseHeaders,
			});
		}
		this.send(res, { ...reply, headers: { ...baseHeaders, ...reply.headers } });
	}

	/** One Graph call with its permission and throttling checks; used for plain requests and $batch parts. */
	private execute(
		auth: AccessToken,
		method: string,
		path: string,
		query: URLSearchParams,
		body: unknown,
		requestId: string,
		clientRequestId: string,
	): GraphResult {
		const isWrite = method !== 'GET';
		const allowed = isWrite ? [READ_WRITE] : [READ, READ_WRITE];
		if (!auth.permissions.some((p) => allowed.includes(p))) {
			const who = auth.kind === 'app' ? 'Application' : 'User';
			return {
				status: 403,
				body: graphErrorBody(
					'Forbidden',
					intuneMessage(
						`${who} is not authorized to perform this operation. ${who} must have one of the following scopes: ${allowed.join(', ')}`,
						path,
					),
					requestId,
					clientRequestId,
				),
			};
		}
		if (isWrite) {
			const retryAfter = this.throttle.admit(auth.tenantId, auth.clientId);
			if (retryAfter) {
				return {
					status: 429,
					headers: { 'Retry-After': retryAfter },
					body: {
						error: {
							code: 'TooManyRequests',
							message: 'Please retry again later.',
							innerError: {
								code: '429',
								date: new Date().toISOString().slice(0, 19),
								message: 'Please retry after',
								'request-id': requestId,
								'client-request-id': clientRequestId,
								status: '429',
							},
						},
					},
				};
			}
		}
		try {
			return this.store.handle(method, path, query, body, this.url);
		} catch (error) {
			if (error instanceof GraphError) {
				return {
					status: error.status,
					body: graphErrorBody(error.code, error.message, requestId, clientRequestId),
				};
			}
			throw error;
		}
	}

	private batch(
		auth: AccessToken,
		outer: LogEntry,
		text: string,
		requestId: string,
		clientRequestId: string,
	): Reply {
		const fail = (message: string): Reply => ({
			status: 400,
			body: graphErrorBody('BadRequest', message, requestId, clientRequestId),
		});
		let parsed: { requests?: unknown };
		try {
			parsed = JSON.parse(text);
		} catch {
			return fail('Invalid JSON batch payload.');
		}
		const requests = parsed.requests;
		if (!Array.isArray(requests) || requests.length === 0)
			return fail('Invalid batch payload format: requests must be a non-empty array.');
		if (requests.length > 20) return fail('Number of requests exceeds the limit of 20.');
		const ids = new Set<string>();
		for (const r of requests as Array<Record<string, unknown>>) {
			if (
				typeof r.id !== 'string' ||
				!r.id ||
				typeof r.method !== 'string' ||
				typeof r.url !== 'string'
			)
				return fail('Each request needs id, method and url.');
			if (ids.has(r.id.toLowerCase()))
				return fail(`Request ids must be unique; '${r.id}' is repeated.`);
			ids.add(r.id.toLowerCase());
			const headers = (r.headers ?? {}) as Record<string, string>;
			if (
				r.body !== undefined &&
				!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
			) {
				return fail(`Request '${r.id}': a request with a body must have a Content-Type header.`);
			}
		}
		const statusById = new Map<string, number>();
		const responses = (requests as Array<Record<string, unknown>>).map((r) => {
			const subId = randomUUID();
			const target = new URL(String(r.url).replace(/^\/?/, '/'), 'http://emulator');
			const subClientRequestId = String(
				((r.headers ?? {}) as Record<string, string>)['client-request-id'] ?? randomUUID(),
			);
			const entry = this.record({
				method: String(r.method),
				path: `/beta${target.pathname}`,
				query: target.search,
				status: 0,
				clientRequestId: subClientRequestId,
				clientId: auth.clientId,
				tokenKind: auth.kind,
				body: r.body,
				batch: outer.seq,
			});
			const failedDependency = ((r.dependsOn ?? []) as string[]).find(
				(d) => (statusById.get(d.toLowerCase()) ?? 200) >= 400,
			);
			let result: GraphResult;
			const fault = this.takeFault(String(r.method), `/beta${target.pathname}`);
			if (failedDependency) {
				result = {
					status: 424,
					body: graphErrorBody(
						'FailedDependency',
						`Request depends on '${failedDependency}', which failed.`,
						subId,
						subClientRequestId,
					),
				};
			} else if (fault && (fault.kind === 'status' || fault.kind === 'intuneError')) {
				entry.fault = fault.kind;
				result = faultReply(fault, target.pathname, subId, subClientRequestId);
			} else {
				result = this.execute(
					auth,
					String(r.method).toUpperCase(),
					target.pathname,
					target.searchParams,
					r.body,
					subId,
					subClientRequestId,
				);
			}
			entry.status = result.status;
			if (result.createdId) entry.createdId = result.createdId;
			statusById.set(String(r.id).toLowerCase(), result.status);
			return {
				id: r.id,
				status: result.status,
				headers: {
					'Content-Type': 'application/json',
					'request-id': subId,
					'client-request-id': subClientRequestId,
					...result.headers,
				},
				body: result.body,
			};
		});
		// Graph answers in any order; the client must match responses to requests by id.
		return { status: 200, body: { responses: responses.reverse() } };
	}

	private control(method: string, path: string, text: string): Reply {
		const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
		switch (`${method} ${path}`) {
			case 'GET /_emulator/log':
				return { status: 200, body: { entries: this.log } };
			case 'DELETE /_emulator/log':
				this.log.length = 0;
				return { status: 204 };
			case 'GET /_emulator/state':
				return {
					status: 200,
					body: {
						operations: this.store.data.operations,
						tokenRequests: this.identity.tokenRequests,
						faults: this.faults,
					},
				};
			case 'POST /_emulator/faults':
				this.arm(...((Array.isArray(body) ? body : [body]) as unknown as Fault[]));
				return { status: 204 };
			case 'DELETE /_emulator/faults':
				this.faults.length = 0;
				return { status: 204 };
			case 'POST /_emulator/config':
				if (typeof body.latencyMs === 'number') this.latencyMs = body.latencyMs;
				if (typeof body.pageSize === 'number') this.pageSize = body.pageSize;
				if (typeof body.maxPageSize === 'number') this.maxPageSize = body.maxPageSize;
				if (typeof body.tokenLifetimeSeconds === 'number')
					this.identity.tokenLifetimeSeconds = body.tokenLifetimeSeconds;
				if (body.throttle) Object.assign(this.throttle.config, body.throttle);
				return { status: 204 };
			case 'POST /_emulator/tokens/expire':
				this.identity.expireAllTokens();
				return { status: 204 };
			case 'POST /_emulator/reset':
				this.reset();
				return { status: 204 };
			default:
				return { status: 404, body: { error: `No control endpoint ${method} ${path}` } };
		}
	}
}
