import { runPool } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/pool';

describe('runPool', () => {
	it('runs every index once, never more than the limit at a time', async () => {
		let running = 0;
		let peak = 0;
		const seen: number[] = [];
		await runPool(25, 4, async (i) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((r) => setTimeout(r, 5));
			seen.push(i);
			running--;
		});
		expect(peak).toBe(4);
		expect(seen.sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
	});
});
