import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Pacers } from './pacer';
import { Pacer } from './pacer';

/*
 * One throttle per credential per process. Intune counts writes per app per tenant, so every
 * execution (and the trigger) that n8n runs in this process with the same Graph root, tenant and
 * app shares one pair of pacers: a 429 seen by one holds them all. Separate n8n processes (queue
 * mode workers) each have their own; between them only Graph's Retry-After coordinates.
 *
 * The key holds no secret. Entries nobody has used for a while are forgotten, so the map stays
 * small however many credentials come and go.
 */

const IDLE_MS = 10 * 60_000;
const MAX_ENTRIES = 1000;

const registry = new Map<string, Pacers>();

export function throttleKey(
	graphRoot: string,
	credentials: ICredentialDataDecryptedObject,
): string {
	const field = (name: string) =>
		String(credentials[name] ?? '')
			.trim()
			.toLowerCase();
	return `${graphRoot}|${field('tenantId')}|${field('clientId')}`;
}

function forgettable(pacers: Pacers, now: number): boolean {
	const lastUsed = Math.max(pacers.read.lastUsed, pacers.write.lastUsed);
	return now - lastUsed > IDLE_MS && pacers.read.idle(now) && pacers.write.idle(now);
}

function sweep(now: number): void {
	for (const [key, pacers] of registry) {
		if (forgettable(pacers, now)) registry.delete(key);
	}
	// Still too many: forget the least recently used of those that are idle right now.
	const idle = [...registry].filter(([, p]) => p.read.idle(now) && p.write.idle(now));
	idle.sort(([, a], [, b]) => a.write.lastUsed - b.write.lastUsed);
	for (const [key] of idle.slice(0, Math.max(0, registry.size - MAX_ENTRIES + 1))) {
		registry.delete(key);
	}
}

/** The pacers every request with this key shares in this process. */
export function sharedPacers(key: string, now = Date.now()): Pacers {
	let pacers = registry.get(key);
	if (!pacers) {
		sweep(now);
		pacers = { read: new Pacer(), write: new Pacer() };
		registry.set(key, pacers);
	}
	return pacers;
}

/** Forgets every credential's throttle, as a fresh n8n process would start (for tests). */
export function forgetSharedThrottles(): void {
	registry.clear();
}

/** How many credentials this process currently keeps a throttle for. */
export function sharedThrottleCount(): number {
	return registry.size;
}
