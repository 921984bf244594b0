/*
 * Reads shared by the items of one node run, by key: many items on the same setting, or the
 * tenant's files, cost one read. A failed read is not remembered, so the next item asks again.
 */

export type RunCache = Map<string, Promise<unknown>>;

export function once<T>(cache: RunCache, key: string, read: () => Promise<T>): Promise<T> {
	let pending = cache.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = read();
		cache.set(key, pending);
		pending.catch(() => cache.delete(key));
	}
	return pending;
}
