import { randomUUID } from 'crypto';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { Outcome } from './pacer';
import { pacerFor } from './pacer';
import { buildRequestOptions } from './request';
import { throttlePauseMs } from './retry';
import { directLoop, sender, sendOnce, single } from './session';
import type { Attempt, AttemptFailure, GraphContext, GraphSession, Send } from './types';
import { GRAPH_VERSION } from './types';

/*
 * JSON batching: up to 20 requests travel in one POST {graphRoot}/beta/$batch. Each member of a
 * batch runs the same retry engine as a single request; only the wire differs. The batch goes out
 * once every member still running has handed in its next attempt, and each answer is matched to its
 * member by id (Graph may answer in any order). A throttled part is thus retried on its own with
 * its own Retry-After, and a member that has finished keeps its result whatever happens to the
 * others.
 */

export const MAX_BATCH_SIZE = 20;

interface SubResponse {
	id?: string;
	status?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

interface Waiting {
	id: string;
	options: IHttpRequestOptions;
	resolve: (attempt: Attempt) => void;
	reject: (error: unknown) => void;
}

/**
 * A part's query options, which a $batch carries in its relative URL: keys keep their `$` as
 * Graph's documentation writes them, values are encoded.
 */
export function queryOf(qs: IDataObject | undefined): string {
	const pairs = Object.entries(qs ?? {}).filter(([, value]) => value !== undefined);
	if (pairs.length === 0) return '';
	const encode = (text: string) => encodeURIComponent(text).replace(/%24/g, '$');
	return `?${pairs.map(([key, value]) => `${encode(key)}=${encode(String(value))}`).join('&')}`;
}

function subAttempt(response: SubResponse | undefined): Attempt {
	const status = Number(response?.status);
	const body = response?.body;
	if (response && status >= 200 && status < 300) {
		if (body === undefined || body === null || body === '') return { ok: true, body: {} };
		if (typeof body === 'object' && !Array.isArray(body))
			return { ok: true, body: body as IDataObject };
	}
	const failure: AttemptFailure =
		response && status >= 300
			? { status, body, headers: response.headers ?? {}, message: `HTTP ${status}` }
			: {
					headers: {},
					unreadable: true,
					body,
					message: 'Graph answered without a readable result',
				};
	return { ok: false, failure };
}

export class BatchSender {
	private waiting: Waiting[] = [];
	private dispatching = false;

	/** `members`: how many requests will take part; each must end with `leave()`. */
	constructor(
		private readonly context: GraphContext,
		private readonly session: GraphSession,
		private members: number,
		private readonly itemIndex: number,
	) {}

	/**
	 * The Send of a member for this item: its requests go out as parts of the $batch. `partId` tells
	 * members of one item apart (the item's index by default).
	 */
	sendFor(itemIndex: number, partId = String(itemIndex)): Send {
		const loop = {
			...directLoop.call(this.context, this.session, itemIndex),
			send: async (options: IHttpRequestOptions) => await this.send(partId, options),
		};
		return sender.call(this.context, this.session, itemIndex, loop);
	}

	/** A member's attempt: answered when its batch comes back. */
	send(id: string, options: IHttpRequestOptions): Promise<Attempt> {
		return new Promise<Attempt>((resolve, reject) => {
			this.waiting.push({ id, options, resolve, reject });
			this.flushWhenAllIn();
		});
	}

	/** A member is done: the batch no longer waits for it. */
	leave(): void {
		this.members--;
		this.flushWhenAllIn();
	}

	/*
	 * Once every member still running has handed in its attempt, the batch waits for a place with
	 * the pacer, which says how many parts may go: all (up to 20), or fewer close to the number of
	 * writes Graph accepted between two throttles (down to one), so that a few parts rather than
	 * twenty meet the limit. The rest wait: when a part comes back, its member either leaves or hands
	 * in a retry, and the batch fills again.
	 */
	private flushWhenAllIn(): void {
		if (this.dispatching || this.waiting.length === 0) return;
		if (this.waiting.length < Math.min(this.members, MAX_BATCH_SIZE)) return;
		this.dispatching = true;
		const pacer = pacerFor(this.session.pacers, this.kindOf(this.waiting));
		void pacer.acquireUpTo(Math.min(MAX_BATCH_SIZE, this.waiting.length)).then((granted) => {
			this.dispatching = false;
			const parts = this.waiting.splice(0, granted);
			let options: IHttpRequestOptions;
			try {
				options = this.batchOptions(parts);
			} catch (error) {
				// Never sent: the place held with the pacer is given back.
				pacer.release({ accepted: 0, clean: false }, granted);
				parts.forEach((part) => part.reject(error));
				return;
			}
			this.post(parts, options, granted).then(
				(attempts) => parts.forEach((part, i) => part.resolve(attempts[i])),
				(error: unknown) => parts.forEach((part) => part.reject(error)),
			);
			this.flushWhenAllIn();
		});
	}

	/** A $batch of reads paces with the reads; one write in it makes it a write. */
	private kindOf(parts: Waiting[]): 'GET' | 'POST' {
		return parts.every((part) => part.options.method === 'GET') ? 'GET' : 'POST';
	}

	private batchOptions(parts: Waiting[]): IHttpRequestOptions {
		const base = `${this.session.graphRoot}/${GRAPH_VERSION}`;
		const requests = parts.map((part) => ({
			id: part.id,
			method: part.options.method,
			url: part.options.url.slice(base.length) + queryOf(part.options.qs),
			headers: { 'Content-Type': 'application/json', 'client-request-id': randomUUID() },
			body: part.options.body,
		}));
		return buildRequestOptions(this.session.graphRoot, {
			method: 'POST',
			path: '/$batch',
			body: { requests },
		});
	}

	private async post(
		parts: Waiting[],
		options: IHttpRequestOptions,
		held: number,
	): Promise<Attempt[]> {
		// The pacer counts the parts Graph accepted; a $batch with a throttled part is no success.
		const judge = (answer: Attempt): Outcome => {
			if (!answer.ok) return single(answer);
			const statuses = (answer.body.responses ?? []) as SubResponse[];
			const accepted = statuses.filter((r) => Number(r.status) < 300).length;
			const pauses = statuses
				.map((r) => throttlePauseMs(Number(r.status), r.headers ?? {}))
				.filter((ms): ms is number => ms !== undefined);
			const pauseMs = pauses.length ? Math.max(...pauses) : undefined;
			return { accepted, clean: accepted === parts.length, pauseMs };
		};
		const outcome = await sendOnce.call(
			this.context,
			this.session,
			options,
			this.itemIndex,
			judge,
			this.kindOf(parts),
			held,
		);
		// The batch as a whole failed: every part shares its fate, and its own retry rule decides.
		if (!outcome.ok) return parts.map(() => outcome);
		const byId = new Map<string, SubResponse>();
		for (const response of (outcome.body.responses ?? []) as SubResponse[]) {
			byId.set(String(response.id), response);
		}
		return parts.map((part) => subAttempt(byId.get(part.id)));
	}
}
