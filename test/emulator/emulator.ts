import { randomUUID } from 'crypto';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';

import type { AdmxSettings } from './admx';
import { DEFAULT_ADMX } from './admx';
import { answerBatch } from './batch';
import { control } from './control';
import type { Dataset } from './data';
import { seedDataset, tenantDataset } from './data';
import type { Fault, FaultKind } from './faults';
import { faultReply, FaultList } from './faults';
import { GitHost } from './gitHost';
import type { GraphResult } from './graph';
import { GraphError, GraphStore, intuneMessage } from './graph';
import type { AccessToken, Tenant } from './identity';
import {
	DEFAULT_TENANT,
	GROUP_READ_PERMISSIONS,
	Identity,
	READ,
	READ_WRITE,
	tenantsLikeDefault,
} from './identity';
import type { Reply } from './replies';
import { graphErrorBody, sendReply } from './replies';
import { identityEndpoint, IDENTITY_PATH } from './signIn';
import { TicketDesk } from './ticketDesk';
import type { ThrottleConfig } from './throttle';
import { DEFAULT_THROTTLE, WriteThrottle } from './throttle';

/*
 * A local Microsoft Graph (beta) and identity platform for this package's tests and demo: routing and the request
 * log live here; faults, $batch, the control API and the sign-in pages each have their own module.
 *
 * Tenants (EmulatorOptions): `tenants` lists the tenants one can sign in to (default: DEFAULT_TENANT). With
 * `tenantData: 'shared'` (the default) they all see one Intune, `store`. With 'separate' each tenant has an Intune
 * of its own, chosen by the tenant of the request's token ($batch parts: the batch's token): storeOf(tenant) with
 * the tenant's ID, domain or index (0 = the first; `store` is storeOf(0)). Each store is built by
 * `datasetFor(index)`, by default tenantDataset(index, dataset): the seeded data, the first tenant's as seeded, every
 * other tenant's under IDs of its own and without the first tenant's "Fabrikam Kiosks" group (data.ts: tenantOwnId,
 * FIRST_TENANT_ONLY_GROUPS); emptyDataset(index) gives a tenant with only built-in templates, groups and filters.
 * Without `tenants`, 'separate' starts two: tenantsLikeDefault(2). Settings and faults apply to every tenant;
 * reset() rebuilds every store. Log entries carry the tenantId of the request's token.
 *
 * Control API (control.ts), for tools outside the test process; in-process tests call the same methods:
 *   GET    /_emulator/log                 the request log ({ entries }); DELETE clears it
 *   GET    /_emulator/state               operations, token requests, armed faults; ?tenant= picks the operations
 *   POST   /_emulator/faults              arm a Fault or a list of them; DELETE disarms all
 *   POST   /_emulator/config              EmulatorSettings, e.g. { "admx": { "processingMs": 50,
 *                                         "removalsFail": true, "definitionsLagMs": 1000 } }   configure()
 *   POST   /_emulator/admx/files          a SeedFile (or a list): an uploaded file in any status
 *                                                                                  store.lifecycle.seed()
 *   POST   /_emulator/admx/policies       { fileName, admx, adml, id?, languageCode? } or a list (base first):
 *                                         files already processed (available, definitions derived), 201 with
 *                                         the file(s); 400 when a used namespace is missing
 *                                                                                  store.lifecycle.seedPolicies()
 *   POST   /_emulator/groups              { displayName, id?, description? } or a list      store.addGroup()
 *   POST   /_emulator/assignmentFilters   { displayName, id?, platform?, rule? } or a list
 *                                                                                  store.addAssignmentFilter()
 *   The four above change the first tenant's data unless given `tenant` (its ID, domain or index, e.g. 1 or
 *   "11111111-2222-4333-8444-555555550001"): in the object (each object of a list may name its own) or as
 *   ?tenant=... (for the whole list); 400 { error } for a tenant the emulator does not have.
 *   POST   /_emulator/tokens/expire       every access token expires
 *   POST   /_emulator/reset               seeded data, no log, no faults, settings as started   reset()
 */

export type { Fault, FaultKind };

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
	/** The tenant of the request's token (of the tenant in the path for the token endpoint). */
	tenantId?: string;
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
	/** The seeded data; with tenantData 'separate', the base from which each tenant's is made (see datasetFor). */
	dataset?: () => Dataset;
	admx?: Partial<AdmxSettings>;
	/** 'shared' (default): every tenant sees the same Intune; 'separate': each tenant has its own. */
	tenantData?: 'shared' | 'separate';
	/** With 'separate', the data of the tenant at that index; default tenantDataset(index, dataset). */
	datasetFor?: (tenantIndex: number) => Dataset;
}

/** The settings a test may change; reset() puts every one back to what the emulator was started with. */
export interface EmulatorSettings {
	latencyMs?: number;
	pageSize?: number;
	maxPageSize?: number;
	tokenLifetimeSeconds?: number;
	throttle?: Partial<ThrottleConfig>;
	/** The ADMX lifecycle: processing time, uploadNewVersion support, limits. */
	admx?: Partial<AdmxSettings>;
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export class GraphEmulator {
	readonly log: LogEntry[] = [];
	readonly faults = new FaultList();
	/** A ticketing system beside Graph, for the example workflows. */
	readonly tickets = new TicketDesk();
	readonly git = new GitHost();
	latencyMs = 0;
	/** Graph requests being answered now, and the most at once since the last reset. */
	inFlight = 0;
	peakInFlight = 0;
	pageSize = 10;
	maxPageSize = 999;
	readonly throttle: WriteThrottle;
	readonly identity: Identity;
	/** The first tenant's Intune (with tenantData 'shared', every tenant's). */
	store!: GraphStore;
	/** One store per tenant index with tenantData 'separate', the one shared store otherwise. */
	private stores: GraphStore[] = [];
	/** The ADMX settings every store shares, so that configure() reaches all tenants. */
	private admxSettings!: AdmxSettings;
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	private seq = 0;

	constructor(private readonly options: EmulatorOptions = {}) {
		this.throttle = new WriteThrottle({ ...DEFAULT_THROTTLE });
		this.identity = new Identity(options.tenants ?? this.defaultTenants(), () => this.url);
		this.reset();
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The emulator is not running');
		return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
	}

	get tenant(): Tenant {
		return this.identity.tenants[0];
	}

	private get separate(): boolean {
		return this.options.tenantData === 'separate';
	}

	/** Separate data is only worth having with a second tenant to sign in to. */
	private defaultTenants(): Tenant[] {
		return this.separate ? tenantsLikeDefault(2) : [structuredClone(DEFAULT_TENANT)];
	}

	/** The index of a tenant given by index (a number or a string of digits), ID or domain; throws if unknown. */
	tenantIndex(tenant: string | number): number {
		const tenants = this.identity.tenants;
		const index =
			typeof tenant === 'number' || /^\d+$/.test(tenant)
				? Number(tenant)
				: tenants.findIndex((t) => t === this.identity.findTenant(tenant));
		if (!Number.isInteger(index) || index < 0 || index >= tenants.length) {
			throw new Error(`The emulator has no tenant '${tenant}'`);
		}
		return index;
	}

	/** The Intune a tenant's requests reach: its own with tenantData 'separate', else the shared one. */
	storeOf(tenant: string | number = 0): GraphStore {
		const index = this.tenantIndex(tenant);
		if (!this.separate) return this.store;
		// A tenant added to identity.tenants after the last reset gets its store when first used.
		this.stores[index] ??= this.newStore(index);
		return this.stores[index];
	}

	private newStore(tenantIndex: number): GraphStore {
		const dataset = this.separate
			? (this.options.datasetFor?.(tenantIndex) ??
				tenantDataset(tenantIndex, this.options.dataset ?? seedDataset))
			: (this.options.dataset ?? seedDataset)();
		return new GraphStore(
			dataset,
			() => this.pageSize,
			() => this.maxPageSize,
			this.admxSettings,
		);
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

	/** Changes settings for the tests that follow, until the next reset(). */
	configure(settings: EmulatorSettings): void {
		if (typeof settings.latencyMs === 'number') this.latencyMs = settings.latencyMs;
		if (typeof settings.pageSize === 'number') this.pageSize = settings.pageSize;
		if (typeof settings.maxPageSize === 'number') this.maxPageSize = settings.maxPageSize;
		if (typeof settings.tokenLifetimeSeconds === 'number') {
			this.identity.tokenLifetimeSeconds = settings.tokenLifetimeSeconds;
		}
		if (settings.throttle) Object.assign(this.throttle.config, settings.throttle);
		if (settings.admx) Object.assign(this.admxSettings, settings.admx);
	}

	/** Fresh data in every tenant, no log, no faults, and every setting as the emulator was started with. */
	reset(): void {
		this.log.length = 0;
		this.peakInFlight = this.inFlight;
		this.faults.clear();
		this.tickets.reset();
		this.git.reset();
		this.throttle.reset();
		Object.assign(this.throttle.config, DEFAULT_THROTTLE, this.options.throttle);
		this.latencyMs = this.options.latencyMs ?? 0;
		this.pageSize = this.options.pageSize ?? 10;
		this.maxPageSize = this.options.maxPageSize ?? 999;
		this.identity.tokenLifetimeSeconds = this.options.tokenLifetimeSeconds ?? 3600;
		this.admxSettings = { ...DEFAULT_ADMX, ...this.options.admx };
		const count = this.separate ? this.identity.tenants.length : 1;
		this.stores = Array.from({ length: count }, (_, index) => this.newStore(index));
		this.store = this.stores[0];
	}

	arm(...faults: Fault[]): void {
		this.faults.arm(...faults);
	}

	/** Requests that created an operation, in the order they arrived. */
	creates(): LogEntry[] {
		return this.log.filter((e) => e.createdId);
	}

	record(entry: Omit<LogEntry, 'seq' | 'time'>): LogEntry {
		const full: LogEntry = { seq: ++this.seq, time: new Date().toISOString(), ...entry };
		this.log.push(full);
		return full;
	}

	/** The identity platform failing on its own (a 5xx from the token endpoint). */
	private identityFault(res: ServerResponse, path: string, fault: Fault): void {
		const status = fault.status ?? 500;
		this.record({ method: 'POST', path, query: '', status, fault: fault.kind });
		const error_description =
			fault.message ?? 'AADSTS90033: A transient error has occurred. Please try again.';
		sendReply(res, { status, body: { error: 'temporarily_unavailable', error_description } });
	}

	private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const text = await readBody(req);
		if (url.pathname.startsWith('/_emulator/')) {
			return sendReply(
				res,
				control(this, req.method ?? 'GET', url.pathname, text, url.searchParams),
			);
		}
		if (IDENTITY_PATH.test(url.pathname)) {
			// Only faults aimed at the sign-in endpoint itself apply here, never a test's Graph faults.
			const aimed = this.faults.armed.some((f) => f.pathContains?.includes('/oauth2/'));
			const fault = aimed ? this.faults.take(req.method ?? 'GET', url.pathname) : undefined;
			if (fault?.kind === 'status') return this.identityFault(res, url.pathname, fault);
			return identityEndpoint(this.identity, req, res, url, text, (e) => this.record(e));
		}
		if (url.pathname.startsWith('/ticketing/')) {
			return sendReply(res, this.tickets.handle(req.method ?? 'GET', url.pathname, text));
		}
		if (url.pathname.startsWith('/github/')) {
			const authorization = req.headers.authorization;
			return sendReply(
				res,
				this.git.handle(req.method ?? 'GET', url.pathname, text, authorization),
			);
		}
		if (url.pathname.startsWith('/beta/') || url.pathname.startsWith('/v1.0/')) {
			return await this.graphEndpoint(req, res, url, text);
		}
		sendReply(res, {
			status: 404,
			body: { error: { code: 'NotFound', message: `No endpoint at ${url.pathname}` } },
		});
	}

	private async graphEndpoint(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		text: string,
	): Promise<void> {
		const method = req.method ?? 'GET';
		this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
		res.once('close', () => this.inFlight--);
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
		const tenantId = this.identity.tenantOf(req.headers.authorization);
		if (tenantId) entry.tenantId = tenantId;
		if (text) {
			try {
				entry.body = JSON.parse(text);
			} catch {
				entry.body = text;
			}
		}
		if (this.latencyMs) await sleep(this.latencyMs);
		const fault = this.faults.take(method, url.pathname);
		if (fault) entry.fault = fault.kind;
		if (fault?.kind === 'latency') await sleep(fault.ms ?? 1000);
		if (fault?.kind === 'expireTokens') this.identity.expireAllTokens();
		if (fault?.kind === 'drop') {
			entry.status = -1;
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'selfLink') {
			entry.status = 200;
			const self = `${this.url}${url.pathname}${url.search}`;
			return sendReply(res, { status: 200, body: { value: [], '@odata.nextLink': self } });
		}
		if (fault?.kind === 'status' || fault?.kind === 'intuneError') {
			const reply = faultReply(fault, url.pathname, requestId, clientRequestId);
			entry.status = reply.status;
			return sendReply(res, { ...reply, headers: { ...baseHeaders, ...reply.headers } });
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
			if (url.pathname.startsWith('/v1.0/') && !graphPath.startsWith('/groups')) {
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
				const host = {
					record: (e: Omit<LogEntry, 'seq' | 'time'>) => this.record(e),
					takeFault: (m: string, p: string) => this.faults.take(m, p),
					execute: (m: string, p: string, q: URLSearchParams, b: unknown, r: string, c: string) =>
						this.execute(auth, m, p, q, b, r, c),
				};
				reply = answerBatch(host, entry, text, requestId, clientRequestId);
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
		if (fault?.kind === 'empty') {
			return sendReply(res, { status: reply.status, headers: baseHeaders });
		}
		if (fault?.kind === 'malformed') {
			return sendReply(res, {
				status: reply.status,
				raw: '{"@odata.context": "truncated',
				headers: baseHeaders,
			});
		}
		sendReply(res, { ...reply, headers: { ...baseHeaders, ...reply.headers } });
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
		if (
			path.startsWith('/groups') &&
			!auth.permissions.some((p) => GROUP_READ_PERMISSIONS.includes(p))
		) {
			// Entra's directory answers for /groups, with its own error, not Intune's.
			return {
				status: 403,
				body: graphErrorBody(
					'Authorization_RequestDenied',
					'Insufficient privileges to complete the operation.',
					requestId,
					clientRequestId,
				),
			};
		}
		const allowed = isWrite ? [READ_WRITE] : [READ, READ_WRITE];
		if (!path.startsWith('/groups') && !auth.permissions.some((p) => allowed.includes(p))) {
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
			return this.storeOf(auth.tenantId).handle(method, path, query, body, this.url);
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
}
