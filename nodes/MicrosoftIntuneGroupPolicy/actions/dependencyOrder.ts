import type { Dependencies, ItemWork } from './types';

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

export interface DependencyGate {
	/** What a needing item waits on: its providers' results in this run. */
	dependencies: Dependencies;
	/** An item has finished: what it provides is there (`ok`) or will not come. */
	settle: (work: ItemWork, ok: boolean) => void;
}

/** One promise per key that the ordered items provide, settled when a provider finishes. */
export function dependencyGate(
	planned: Array<ItemWork | undefined>,
	order: number[],
): DependencyGate {
	const finished = new Map<string, { promise: Promise<boolean>; settle: (ok: boolean) => void }>();
	for (const itemIndex of order) {
		for (const key of planned[itemIndex]?.provides ?? []) {
			let settle: (ok: boolean) => void = () => {};
			const promise = new Promise<boolean>((resolve) => (settle = resolve));
			if (!finished.has(key)) finished.set(key, { promise, settle });
		}
	}
	return {
		dependencies: (key) => finished.get(key)?.promise,
		settle: (work, ok) => {
			for (const key of work.provides ?? []) finished.get(key)?.settle(ok);
		},
	};
}
