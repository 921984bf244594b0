/*
 * Intune-style write limits: a sliding window of accepted writes per app (per tenant) and per tenant. The defaults
 * are Intune's documented device-configuration tier (100 writes per 20 s per app, 200 per tenant).
 */

export interface ThrottleConfig {
	enabled: boolean;
	windowMs: number;
	writesPerApp: number;
	writesPerTenant: number;
	/** Whether Retry-After is sent with millisecond precision (Graph has sent e.g. "2.128") or whole seconds. */
	fractionalRetryAfter: boolean;
}

export const DEFAULT_THROTTLE: ThrottleConfig = {
	enabled: true,
	windowMs: 20_000,
	writesPerApp: 100,
	writesPerTenant: 200,
	fractionalRetryAfter: false,
};

export class WriteThrottle {
	private readonly windows = new Map<string, number[]>();

	constructor(public config: ThrottleConfig) {}

	private recent(key: string, now: number): number[] {
		const kept = (this.windows.get(key) ?? []).filter((t) => t > now - this.config.windowMs);
		this.windows.set(key, kept);
		return kept;
	}

	/** Records a write, or returns the Retry-After value (seconds, as text) when it is over a limit. */
	admit(tenant: string, app: string, now = Date.now()): string | undefined {
		if (!this.config.enabled) return undefined;
		const appWindow = this.recent(`${tenant}|${app}`, now);
		const tenantWindow = this.recent(tenant, now);
		const full: number[][] = [];
		if (appWindow.length >= this.config.writesPerApp) full.push(appWindow);
		if (tenantWindow.length >= this.config.writesPerTenant) full.push(tenantWindow);
		if (full.length) {
			const waitMs = Math.max(
				...full.map(
					(w) =>
						w[
							w.length - (w === appWindow ? this.config.writesPerApp : this.config.writesPerTenant)
						] +
						this.config.windowMs -
						now,
				),
			);
			const seconds = Math.max(waitMs, 1) / 1000;
			return this.config.fractionalRetryAfter
				? seconds.toFixed(3)
				: String(Math.max(1, Math.ceil(seconds)));
		}
		appWindow.push(now);
		tenantWindow.push(now);
		return undefined;
	}

	reset(): void {
		this.windows.clear();
	}
}
