import { randomUUID } from 'crypto';

import type { LogEntry } from './emulator';
import type { Fault } from './faults';
import { faultReply } from './faults';
import type { GraphResult } from './graph';
import type { Reply } from './replies';
import { graphErrorBody } from './replies';

/*
 * JSON batching as Graph documents it: at most 20 requests, unique ids, a Content-Type for every body, dependsOn
 * answered 424 when the dependency failed, and the responses in an order of Graph's choosing (here reversed). Every
 * sub-request runs with the batch's token, so in the batch's tenant.
 */

export interface BatchHost {
	record(entry: Omit<LogEntry, 'seq' | 'time'>): LogEntry;
	takeFault(method: string, path: string): Fault | undefined;
	execute(
		method: string,
		path: string,
		query: URLSearchParams,
		body: unknown,
		requestId: string,
		clientRequestId: string,
	): GraphResult;
}

type SubRequest = Record<string, unknown>;

function invalidBatch(requests: unknown): string | undefined {
	if (!Array.isArray(requests) || requests.length === 0) {
		return 'Invalid batch payload format: requests must be a non-empty array.';
	}
	if (requests.length > 20) return 'Number of requests exceeds the limit of 20.';
	const ids = new Set<string>();
	for (const r of requests as SubRequest[]) {
		if (
			typeof r.id !== 'string' ||
			!r.id ||
			typeof r.method !== 'string' ||
			typeof r.url !== 'string'
		) {
			return 'Each request needs id, method and url.';
		}
		if (ids.has(r.id.toLowerCase())) return `Request ids must be unique; '${r.id}' is repeated.`;
		ids.add(r.id.toLowerCase());
		const headers = (r.headers ?? {}) as Record<string, string>;
		if (
			r.body !== undefined &&
			!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
		) {
			return `Request '${r.id}': a request with a body must have a Content-Type header.`;
		}
	}
	return undefined;
}

export function answerBatch(
	host: BatchHost,
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
	const problem = invalidBatch(parsed.requests);
	if (problem) return fail(problem);
	const statusById = new Map<string, number>();
	const responses = (parsed.requests as SubRequest[]).map((r) => {
		const subId = randomUUID();
		const method = String(r.method).toUpperCase();
		const target = new URL(String(r.url).replace(/^\/?/, '/'), 'http://emulator');
		const headers = (r.headers ?? {}) as Record<string, string>;
		const subClientRequestId = String(headers['client-request-id'] ?? randomUUID());
		const entry = host.record({
			method,
			path: `/beta${target.pathname}`,
			query: target.search,
			status: 0,
			clientRequestId: subClientRequestId,
			clientId: outer.clientId,
			...(outer.tenantId ? { tenantId: outer.tenantId } : {}),
			tokenKind: outer.tokenKind,
			body: r.body,
			batch: outer.seq,
		});
		const failedDependency = ((r.dependsOn ?? []) as string[]).find(
			(d) => (statusById.get(d.toLowerCase()) ?? 200) >= 400,
		);
		const fault = host.takeFault(method, `/beta${target.pathname}`);
		let result: GraphResult;
		if (failedDependency) {
			const message = `Request depends on '${failedDependency}', which failed.`;
			result = {
				status: 424,
				body: graphErrorBody('FailedDependency', message, subId, subClientRequestId),
			};
		} else if (fault && (fault.kind === 'status' || fault.kind === 'intuneError')) {
			entry.fault = fault.kind;
			result = faultReply(fault, target.pathname, subId, subClientRequestId);
		} else {
			result = host.execute(
				method,
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
		const empty = fault?.kind === 'empty';
		if (empty) entry.fault = 'empty';
		return {
			id: r.id,
			status: result.status,
			headers: {
				'Content-Type': 'application/json',
				'request-id': subId,
				'client-request-id': subClientRequestId,
				...result.headers,
			},
			body: empty ? undefined : result.body,
		};
	});
	return { status: 200, body: { responses: responses.reverse() } };
}
