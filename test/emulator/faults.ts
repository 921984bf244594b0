import { graphErrorBody } from './replies';
import type { Reply } from './replies';
import { intuneMessage } from './graph';

/* Faults a test arms: each applies to the next matching request(s), then disarms itself. */

export type FaultKind =
	| 'status' // answer with `status` (e.g. 503, 504, 429) and a Graph error body; `retryAfter` adds the header
	| 'latency' // wait `ms` before handling the request normally
	| 'drop' // close the connection before handling: nothing happened
	| 'dropAfterHandling' // handle the request, then close the connection without answering: outcome unknown
	| 'malformed' // handle the request, then answer with a body that is not JSON
	| 'empty' // handle the request, then answer its status with no body at all
	| 'intuneError' // answer 400 with an Intune JSON string inside error.message
	| 'selfLink' // answer a GET with an empty page whose @odata.nextLink points at itself
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
	/** Raw body for a `status` fault (e.g. an HTML gateway page) instead of Graph's JSON error. */
	raw?: string;
}

export class FaultList {
	readonly armed: Fault[] = [];

	arm(...faults: Fault[]): void {
		this.armed.push(...faults.map((f) => ({ times: 1, ...f })));
	}

	clear(): void {
		this.armed.length = 0;
	}

	/** The fault for this request, if one is armed for it; counts it down. */
	take(method: string, path: string): Fault | undefined {
		const fault = this.armed.find(
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
		if (fault.times <= 0) this.armed.splice(this.armed.indexOf(fault), 1);
		return { ...fault };
	}
}

/** The answer an armed status or Intune-error fault gives, alone or as a $batch part. */
export function faultReply(
	fault: Fault,
	path: string,
	requestId: string,
	clientRequestId: string,
): Reply & { headers: Record<string, string> } {
	const status = fault.kind === 'intuneError' ? (fault.status ?? 400) : (fault.status ?? 503);
	const codes: Record<number, string> = {
		429: 'TooManyRequests',
		502: 'badGateway',
		503: 'serviceNotAvailable',
		504: 'gatewayTimeout',
	};
	const message =
		fault.kind === 'intuneError'
			? intuneMessage(fault.message ?? 'An error has occurred', path)
			: (fault.message ?? 'Please retry again later.');
	const headers: Record<string, string> = fault.retryAfter
		? { 'Retry-After': fault.retryAfter }
		: {};
	if (fault.raw !== undefined) return { status, raw: fault.raw, contentType: 'text/html', headers };
	return {
		status,
		body: graphErrorBody(codes[status] ?? 'BadRequest', message, requestId, clientRequestId),
		headers,
	};
}
