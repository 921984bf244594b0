import {
	forgetFacts,
	rememberedFact,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/processCache';

describe('facts remembered by the process', () => {
	beforeEach(() => forgetFacts());
	afterEach(() => jest.restoreAllMocks());

	it('reads once, then answers from memory for ten minutes', async () => {
		let reads = 0;
		const read = async () => ++reads;
		const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
		expect(await rememberedFact('k', read)).toBe(1);
		expect(await rememberedFact('k', read)).toBe(1);
		now.mockReturnValue(1_000_000 + 10 * 60_000 + 1);
		expect(await rememberedFact('k', read)).toBe(2);
	});

	it('never remembers a failure', async () => {
		await expect(
			rememberedFact('k', async () => Promise.reject(new Error('no'))),
		).rejects.toThrow();
		expect(await rememberedFact('k', async () => 'yes')).toBe('yes');
	});

	it('keeps at most a thousand entries, the oldest going first', async () => {
		for (let i = 0; i < 1001; i++) await rememberedFact(`k${i}`, async () => i);
		let reads = 0;
		expect(await rememberedFact('k0', async () => ++reads)).toBe(1); // forgotten, read again
		expect(await rememberedFact('k1000', async () => ++reads)).toBe(1000); // still known
	});
});
