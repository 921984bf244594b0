import {
	ADAPTIVE_START,
	Pacer,
	pacerFor,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/pacer';

const ok = { accepted: 1, clean: true };
const refused = { accepted: 0, clean: false };

/** Fills every place the pacer allows, then lets them all finish with `outcome`. */
async function round(pacer: Pacer, outcome = ok): Promise<number> {
	const n = pacer.allowed;
	for (let i = 0; i < n; i++) await pacer.acquire();
	for (let i = 0; i < n; i++) pacer.release(outcome);
	return n;
}

describe('Pacer', () => {
	it('holds every caller until the pause ends', async () => {
		const pacer = new Pacer(50, 4, () => 0);
		pacer.pause(120);
		pacer.pause(20); // a shorter pause never shortens a longer one
		const start = Date.now();
		await Promise.all([pacer.ready(), pacer.ready()]);
		expect(Date.now() - start).toBeGreaterThanOrEqual(110);
	});

	it('adds at most 2.5% of the wait (and never more than 0.5 s) as jitter', () => {
		const now = 1_000_000;
		const jittered = (ms: number, random: number) => {
			const pacer = new Pacer(50, 4, () => random);
			pacer.pause(ms, now);
			return (pacer as unknown as { pausedUntil: number }).pausedUntil - now - ms;
		};
		expect(jittered(2000, 0)).toBe(0);
		expect(jittered(2000, 1)).toBe(50);
		expect(jittered(60_000, 1)).toBe(500);
		expect(jittered(2000, 0.5)).toBe(25);
	});

	it('starts low and grows the requests in flight by half each round while Graph accepts', async () => {
		const pacer = new Pacer();
		expect(pacer.allowed).toBe(ADAPTIVE_START);
		const rounds = [];
		for (let i = 0; i < 6; i++) rounds.push(await round(pacer));
		expect(rounds).toEqual([4, 6, 9, 13, 20, 30]);
		for (let i = 0; i < 10; i++) await round(pacer);
		expect(pacer.allowed).toBe(200); // the ceiling
	});

	it('does not grow while fewer requests are in flight than allowed', async () => {
		const pacer = new Pacer();
		for (let i = 0; i < 100; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		expect(pacer.allowed).toBe(ADAPTIVE_START);
	});

	it('halves once per throttling episode, however many requests were refused in it', async () => {
		const pacer = new Pacer(50, 16, () => 0);
		for (let i = 0; i < 16; i++) await pacer.acquire();
		const now = Date.now();
		for (let i = 0; i < 16; i++) {
			pacer.release(refused);
			pacer.pause(50, now);
		}
		expect(pacer.allowed).toBe(8);
		await pacer.ready();
		pacer.pause(50); // a new episode once the pause is over
		expect(pacer.allowed).toBe(4);
	});

	it('grows by one per round after throttling, not by doubling', async () => {
		const pacer = new Pacer(50, 16, () => 0);
		pacer.pause(0, 0);
		expect(pacer.allowed).toBe(8);
		await round(pacer);
		expect(pacer.allowed).toBe(9);
		await round(pacer);
		expect(pacer.allowed).toBe(10);
	});

	it('sends one at a time when close to what Graph accepted between two throttles', async () => {
		const pacer = new Pacer(50, 16, () => 0);
		const t = Date.now();
		pacer.pause(0, t); // first episode: nothing accepted before it, nothing learned
		for (let i = 0; i < 10; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		pacer.pause(0, t + 1); // Graph accepted 10 between the two episodes
		expect(pacer.allowed).toBe(4);
		for (let i = 0; i < 9; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		await pacer.acquire();
		// The tenth is under way: an eleventh would be past the burst, so it waits its turn.
		expect(pacer.allowed).toBe(1);
		pacer.release(ok);
		expect(pacer.allowed).toBe(1);
		// Graph now accepts well past the burst: the limit has moved, and probing stops.
		for (let i = 0; i < 10; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		expect(pacer.allowed).toBeGreaterThan(1);
	});

	it('does not halve when the one request sent past the learned burst is refused', async () => {
		const pacer = new Pacer(50, 16, () => 0);
		const t = Date.now();
		pacer.pause(0, t);
		for (let i = 0; i < 10; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		pacer.pause(0, t + 1); // an unexpected refusal: halved
		expect(pacer.allowed).toBe(4);
		for (let i = 0; i < 10; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		await pacer.acquire(); // the probe, refused where the burst ended before
		pacer.release({ accepted: 0, clean: false, pauseMs: 0 });
		for (let i = 0; i < 3; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		expect(pacer.allowed).toBe(4);
	});

	/** A pacer that learned Graph accepts `burst` requests between two throttles. */
	async function learned(burst: number): Promise<Pacer> {
		const pacer = new Pacer(200, 16, () => 0);
		const t = Date.now();
		pacer.pause(0, t);
		for (let i = 0; i < burst; i++) {
			await pacer.acquire();
			pacer.release(ok);
		}
		pacer.pause(0, t + 1);
		return pacer;
	}

	it('forgets the learned burst a minute after the last pause', async () => {
		const pacer = await learned(10);
		expect(await pacer.acquireUpTo(20)).toBe(10);
		pacer.release(refused, 10);
		(pacer as unknown as { pausedUntil: number }).pausedUntil = Date.now() - 61_000;
		expect(await pacer.acquireUpTo(20)).toBe(20);
	});

	it('holds a smaller $batch near the learned burst, down to a single probe', async () => {
		const pacer = await learned(20);
		expect(await pacer.acquireUpTo(20)).toBe(20);
		// Those 20 are in flight: the next batch waits, then may carry only the one probe.
		let granted = 0;
		const next = pacer.acquireUpTo(20).then((n) => (granted = n));
		await new Promise((r) => setTimeout(r, 20));
		expect(granted).toBe(0);
		pacer.release({ accepted: 20, clean: true }, 20);
		await next;
		expect(granted).toBe(1);
	});

	it('lets as many go at once as Graph accepted between two throttles', async () => {
		const pacer = await learned(20); // halved twice since: 4 allowed without the burst
		for (let i = 0; i < 20; i++) expect(await pacer.acquireUpTo(1)).toBe(1);
		let twentyFirst = false;
		const probe = pacer.acquireUpTo(1).then(() => (twentyFirst = true));
		await new Promise((r) => setTimeout(r, 20));
		expect(twentyFirst).toBe(false);
		for (let i = 0; i < 20; i++) pacer.release(ok);
		await probe;
	});

	it('sends a $batch larger than the limit when nothing else is in flight', async () => {
		const pacer = new Pacer(200, 4, () => 0);
		expect(await pacer.acquireUpTo(20)).toBe(20);
		pacer.release({ accepted: 20, clean: true }, 20);
		// Twenty accepted in a full round: grown by half of them.
		expect(pacer.allowed).toBe(14);
	});

	it('makes a second caller wait for a free place', async () => {
		const pacer = new Pacer(1, 1);
		await pacer.acquire();
		expect(pacer.allowed).toBe(1);
		let second = false;
		const waiting = pacer.acquire().then(() => (second = true));
		await new Promise((r) => setTimeout(r, 20));
		expect(second).toBe(false);
		pacer.release(ok);
		await waiting;
		expect(second).toBe(true);
	});

	it('paces reads and writes apart', () => {
		const pacers = { read: new Pacer(), write: new Pacer() };
		expect(pacerFor(pacers, 'GET')).toBe(pacers.read);
		for (const method of ['POST', 'PATCH', 'DELETE']) {
			expect(pacerFor(pacers, method)).toBe(pacers.write);
		}
	});
});
