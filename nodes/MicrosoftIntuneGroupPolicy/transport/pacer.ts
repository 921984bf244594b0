import { sleep } from 'n8n-workflow';

/**
 * Shared by every request of a node run. When Graph throttles one request, the others hold back too
 * instead of spending Intune's write budget on requests that would be refused; and fewer requests
 * are let out at once afterwards (halved on each refusal, grown by one after as many successes as
 * are allowed), so a run settles at the rate Graph accepts rather than bursting into the limit
 * again.
 */
export class Pacer {
	private pausedUntil = 0;
	private active = 0;
	private limit: number;
	private successes = 0;
	private waiters: Array<() => void> = [];

	constructor(private readonly maxInFlight = Number.POSITIVE_INFINITY) {
		this.limit = maxInFlight;
	}

	/** How many requests may be in flight now. */
	get allowed(): number {
		return this.limit;
	}

	/** Graph throttled: everyone waits `ms`, and fewer go out at once afterwards. */
	pause(ms: number, now = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + ms);
		this.limit = Math.max(1, Math.floor(Math.min(this.limit, this.active || 1) / 2));
		this.successes = 0;
	}

	async ready(): Promise<void> {
		for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
			await sleep(wait);
		}
	}

	/** Waits for the pause to end and for a free place. */
	async acquire(): Promise<void> {
		for (;;) {
			await this.ready();
			if (this.active < this.limit) {
				this.active++;
				return;
			}
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}

	/** Gives the place back; `succeeded` grows the number allowed in flight again. */
	release(succeeded: boolean): void {
		this.active--;
		if (succeeded && this.limit < this.maxInFlight && ++this.successes >= this.limit) {
			this.limit++;
			this.successes = 0;
		}
		const waiting = this.waiters;
		this.waiters = [];
		for (const wake of waiting) wake();
	}

	/** Runs one HTTP exchange inside a place; `ok` tells whether it counts as a success. */
	async within<T>(send: () => Promise<T>, ok: (result: T) => boolean): Promise<T> {
		await this.acquire();
		let result: T | undefined;
		try {
			result = await send();
			return result;
		} finally {
			this.release(result !== undefined && ok(result));
		}
	}
}
