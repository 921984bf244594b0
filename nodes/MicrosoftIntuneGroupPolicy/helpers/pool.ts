/**
 * Runs `worker` over indexes 0..count-1, in order of start, with at most `concurrency` at a time.
 */
export async function runPool(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
		while (next < count) {
			const index = next++;
			await worker(index);
		}
	});
	await Promise.all(lanes);
}
