import {
	dependencyGate,
	dependencyOrder,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/dependencyOrder';
import type { ItemWork } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/types';

/* The order items that need each other's namespaces run in, and how a needing item learns. */

const work = (provides: string[] = [], needs: string[] = []): ItemWork => ({
	provides,
	needs,
	steps: async () => ({}),
});

describe('dependencyOrder', () => {
	it('keeps input order when nothing is needed', () => {
		expect(dependencyOrder([work(), work(), work()])).toEqual({ order: [0, 1, 2], cyclic: [] });
	});

	it('puts each item after the items that provide what it needs', () => {
		const planned = [work(['a'], ['b']), work(['b'], ['c']), work(['c']), work()];
		expect(dependencyOrder(planned)).toEqual({ order: [2, 1, 0, 3], cyclic: [] });
	});

	it('ignores needs nobody in the run provides, and an item needing itself', () => {
		expect(dependencyOrder([work(['a'], ['a', 'tenant'])]).order).toEqual([0]);
	});

	it('leaves out items that failed to plan', () => {
		expect(dependencyOrder([work(), undefined, work()])).toEqual({ order: [0, 2], cyclic: [] });
	});

	it('returns a circle apart, and orders what does not depend on it', () => {
		const planned = [work(['a'], ['b']), work(['b'], ['a']), work(['c']), work([], ['a'])];
		expect(dependencyOrder(planned)).toEqual({ order: [2], cyclic: [0, 1, 3] });
	});

	it('takes the first of two items providing the same key as its provider', () => {
		const planned = [work([], ['a']), work(['a'], ['b']), work(['a']), work(['b'])];
		// Item 0 waits for item 1, although item 2 provides the key too and can go first.
		expect(dependencyOrder(planned).order).toEqual([2, 3, 1, 0]);
	});
});

describe('dependencyGate', () => {
	it('answers undefined for a key no item of the run provides', () => {
		const gate = dependencyGate([work(['a'])], [0]);
		expect(gate.dependencies('b')).toBeUndefined();
	});

	it("settles a key with its provider's result", async () => {
		const planned = [work(['a']), work(['b'])];
		const gate = dependencyGate(planned, [0, 1]);
		const a = gate.dependencies('a');
		const b = gate.dependencies('b');
		gate.settle(planned[0], true);
		gate.settle(planned[1], false);
		await expect(a).resolves.toBe(true);
		await expect(b).resolves.toBe(false);
	});

	it('keeps the first result when two items provide a key', async () => {
		const planned = [work(['a']), work(['a'])];
		const gate = dependencyGate(planned, [0, 1]);
		gate.settle(planned[1], false);
		gate.settle(planned[0], true);
		await expect(gate.dependencies('a')).resolves.toBe(false);
	});
});
