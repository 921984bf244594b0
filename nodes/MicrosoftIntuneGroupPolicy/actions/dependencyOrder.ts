import type { ItemWork } from './types';

/**
 * The order to run planned items in: each after the items that provide what it needs, otherwise in
 * input order. Items that need each other in a circle cannot be ordered and are returned apart.
 */
export function dependencyOrder(planned: Array<ItemWork | undefined>): {
	order: number[];
	cyclic: number[];
} {
	const provider = new Map<string, number>();
	planned.forEach((work, index) => {
		for (const key of work?.provides ?? []) if (!provider.has(key)) provider.set(key, index);
	});
	const waitsFor = planned.map((work, index) =>
		(work?.needs ?? [])
			.map((key) => provider.get(key))
			.filter((p): p is number => p !== undefined && p !== index),
	);
	const order: number[] = [];
	const placed = new Set<number>();
	const pending = planned.flatMap((work, index) => (work ? [index] : []));
	for (let progress = true; progress; ) {
		progress = false;
		const next = pending.find((i) => !placed.has(i) && waitsFor[i].every((p) => placed.has(p)));
		if (next !== undefined) {
			order.push(next);
			placed.add(next);
			progress = true;
		}
	}
	return { order, cyclic: pending.filter((i) => !placed.has(i)) };
}
