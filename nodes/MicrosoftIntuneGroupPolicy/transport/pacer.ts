import type { IHttpRequestMethods } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/*
 * How many requests go to Graph at once, and when. One pacer is shared by every request that counts
 * against the same Intune limit (see throttles.ts): all executions of a process that use the same
 * credential, reads and writes apart. It counts requests as Intune does: a $batch of 20 is 20.
 *
 * It starts with a few requests in flight and grows them by half each round while Graph accepts,
 * then by one per round; a throttled answer holds every request until Retry-After (plus a little
 * jitter, so that other processes do not come back at the same instant) and halves the number in
 * flight, once per throttling episode however many requests were refused in it. It also remembers
 * how many requests Graph accepted between two episodes: up to that number go out at once, and
 * close to it again one request at a time (a $batch of one), so that one request rather than a wave
 * meets the limit; that refusal, being expected, does not halve the requests in flight.
 */

export const ADAPTIVE_START = 4;
/** The most requests in flight per credential and kind in one process, however it grows. */
export const PACER_CEILING = 200;
/** A burst learned this long after the last pause ended no longer says where the limit is. */
const BURST_MEMORY_MS = 60_000;
const JITTER_SHARE = 0.025;
const MAX_JITTER_MS = 500;

/** What an exchange came to: how many requests Graph accepted, and whether all of them were. */
export interface Outcome {
	accepted: number;
	clean: boolean;
	/** Graph throttled: how long to hold every request. */
	pauseMs?: number;
}

export class Pacer {
	private pausedUntil = 0;
	/** Exchanges in flight, and the requests they carry (a $batch carries several). */
	private active = 0;
	private activeRequests = 0;
	private limit: number;
	/** Below it the requests in flight grow by half each round (slow start); above it, by one. */
	private threshold = Number.POSITIVE_INFINITY;
	private growth = 0;
	/** Whether the limit was reached since the requests in flight last drained: growing is useful. */
	private saturated = false;
	private acceptedSinceThrottle = 0;
	/** How many requests Graph accepted between the last two throttling episodes. */
	private burst: number | undefined;
	private waiters: Array<() => void> = [];
	lastUsed = Date.now();

	constructor(
		private readonly ceiling = PACER_CEILING,
		start = ADAPTIVE_START,
		private readonly random: () => number = Math.random,
	) {
		this.limit = Math.max(1, Math.min(start, ceiling));
	}

	/** How many requests Graph accepted between the last two throttles, while that is recent. */
	private learnedBurst(): number | undefined {
		if (this.burst !== undefined && Date.now() - this.pausedUntil > BURST_MEMORY_MS) {
			this.burst = undefined;
		}
		return this.burst;
	}

	/** How many more requests fit in the learned burst (all of them when none is learned). */
	private leftOfBurst(): number {
		const burst = this.learnedBurst();
		if (burst === undefined) return Number.POSITIVE_INFINITY;
		return burst - this.acceptedSinceThrottle - this.activeRequests;
	}

	/** The adaptive limit on requests in flight, or 1 once the learned burst is used up. */
	get allowed(): number {
		return this.leftOfBurst() <= 0 ? 1 : this.limit;
	}

	/** Whether nothing is in flight, waiting or paused: the pacer can be forgotten. */
	idle(now = Date.now()): boolean {
		return this.active === 0 && this.waiters.length === 0 && this.pausedUntil <= now;
	}

	/** Graph throttled: everyone waits `ms` and a little jitter, and fewer go out at once after. */
	pause(ms: number, now = Date.now()): void {
		const episodeStarts = this.pausedUntil <= now;
		const jitter = this.random() * Math.min(ms * JITTER_SHARE, MAX_JITTER_MS);
		this.pausedUntil = Math.max(this.pausedUntil, now + ms + jitter);
		if (!episodeStarts) return;
		// Refused where the last burst ended: the limit is where it was, and the requests in flight
		// were not the cause, so they are not halved.
		const expected = this.burst !== undefined && this.acceptedSinceThrottle >= this.burst;
		if (this.acceptedSinceThrottle > 0) this.burst = this.acceptedSinceThrottle;
		this.acceptedSinceThrottle = 0;
		if (expected) return;
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.threshold = this.limit;
		this.growth = 0;
	}

	async ready(): Promise<void> {
		for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
			await sleep(wait);
		}
	}

	/** Waits for the pause to end and for room for one more request in flight. */
	async acquire(): Promise<void> {
		await this.acquireUpTo(1);
	}

	/**
	 * Waits for the pause to end and for room, then holds a place for an exchange of up to `wanted`
	 * requests (a $batch): as many as fit under the limit, or all of them when nothing else is in
	 * flight; close to the learned burst, only what is left of it, and at least one (the probe).
	 */
	async acquireUpTo(wanted: number): Promise<number> {
		for (;;) {
			await this.ready();
			this.lastUsed = Date.now();
			const left = this.leftOfBurst();
			// Graph has shown how many it accepts per window: that many may go at once.
			const limit = Math.max(this.limit, this.burst ?? 0);
			const room =
				this.active === 0
					? Math.max(1, Math.min(wanted, left))
					: Math.min(wanted, left, limit - this.activeRequests);
			if (room >= 1) {
				this.active++;
				this.activeRequests += room;
				if (this.activeRequests >= this.limit) this.saturated = true;
				return room;
			}
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}

	/** Gives the place back, with what the exchange came to and how many requests it carried. */
	release(outcome: Outcome, requests = 1): void {
		this.active--;
		this.activeRequests -= requests;
		// Accepted while a pause is on: sent before it, so part of the burst that led to it.
		if (this.pausedUntil > Date.now() && this.burst !== undefined) {
			this.burst += outcome.accepted;
		} else {
			this.acceptedSinceThrottle += outcome.accepted;
		}
		// Paused before anyone waiting is woken, so that nobody slips out into the same limit.
		if (outcome.pauseMs !== undefined) this.pause(outcome.pauseMs);
		// Well past the last burst without throttling: the limit has moved, stop probing.
		if (this.burst !== undefined && this.acceptedSinceThrottle >= 2 * this.burst) {
			this.burst = undefined;
		}
		if (outcome.clean && this.saturated) this.grow(outcome.accepted);
		if (this.active === 0) this.saturated = false;
		const waiting = this.waiters;
		this.waiters = [];
		for (const wake of waiting) wake();
	}

	/*
	 * Half again per round below the threshold, gentler than doubling: at the start nothing is known
	 * of the limit, and each request in flight when Graph first throttles is one refusal.
	 */
	private grow(accepted: number): void {
		this.growth += accepted;
		for (;;) {
			const needed = this.limit < this.threshold ? 2 : this.limit;
			if (this.growth < needed || this.limit >= this.ceiling) return;
			this.growth -= needed;
			this.limit++;
		}
	}

	/**
	 * Runs one HTTP exchange inside a place; `judge` tells what it came to. `held`: the place is
	 * already held (acquireUpTo) for that many requests; otherwise one is acquired here.
	 */
	async within<T>(
		send: () => Promise<T>,
		judge: (result: T) => Outcome,
		held?: number,
	): Promise<T> {
		if (held === undefined) await this.acquire();
		let result: T | undefined;
		try {
			result = await send();
			return result;
		} finally {
			const outcome = result === undefined ? { accepted: 0, clean: false } : judge(result);
			this.release(outcome, held ?? 1);
		}
	}
}

/** Intune counts reads and writes apart. */
export interface Pacers {
	read: Pacer;
	write: Pacer;
}

export function pacerFor(pacers: Pacers, method: IHttpRequestMethods | string | undefined): Pacer {
	return method === 'GET' ? pacers.read : pacers.write;
}
