/*
 * Facts about a tenant that do not change, remembered by this n8n process for ten minutes and
 * shared by its executions: whether a setting's definition file is an uploaded ADMX file. A ticket
 * webhook runs one item per execution; without this, every execution would read the same file
 * again, doubling the requests per write. Keys start with the credential's throttle key, so tenants
 * never share an entry. Only answers are remembered, never a failure (whose error names another
 * execution's item); the map holds at most 1,000 entries.
 */

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 1000;

const facts = new Map<string, { value: unknown; expires: number }>();

export async function rememberedFact<T>(key: string, read: () => Promise<T>): Promise<T> {
	const known = facts.get(key);
	if (known && known.expires > Date.now()) return known.value as T;
	const value = await read();
	const now = Date.now();
	if (facts.size >= MAX_ENTRIES) {
		for (const [k, entry] of facts) if (entry.expires <= now) facts.delete(k);
		// Still full: the oldest entry goes (a Map keeps insertion order).
		if (facts.size >= MAX_ENTRIES) facts.delete(facts.keys().next().value as string);
	}
	facts.delete(key);
	facts.set(key, { value, expires: now + TTL_MS });
	return value;
}

/** Forgets every fact, as a fresh n8n process would start (for tests). */
export function forgetFacts(): void {
	facts.clear();
}
