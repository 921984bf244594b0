import { Pacer } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/pacer';

describe('Pacer', () => {
	it('holds every caller until the pause ends', async () => {
		const pacer = new Pacer();
		pacer.pause(120);
		pacer.pause(20); // a shorter pause never shortens a longer one
		const start = Date.now();
		await Promise.all([pacer.ready(), pacer.ready()]);
		expect(Date.now() - start).toBeGreaterThanOrEqual(110);
	});

	it('lets fewer requests out after throttling, and more again after successes', async () => {
		const pacer = new Pacer(8);
		for (let i = 0; i < 8; i++) await pacer.acquire();
		expect(pacer.allowed).toBe(8);
		pacer.pause(0);
		expect(pacer.allowed).toBe(4);
		for (let i = 0; i < 8; i++) pacer.release(false);
		pacer.pause(0);
		expect(pacer.allowed).toBe(1);
		// One at a time now: a second caller waits until the first is done.
		await pacer.acquire();
		let second = false;
		const waiting = pacer.acquire().then(() => (second = true));
		await new Promise((r) => setTimeout(r, 20));
		expect(second).toBe(false);
		pacer.release(true);
		await waiting;
		expect(second).toBe(true);
		expect(pacer.allowed).toBe(2);
		pacer.release(true);
		// Grows by one after as many successes as are allowed (2+3+...+7), and never past the maximum.
		for (let i = 0; i < 40; i++) {
			await pacer.acquire();
			pacer.release(true);
		}
		expect(pacer.allowed).toBe(8);
	});
});
