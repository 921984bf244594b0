import {
	sharedPacers,
	sharedThrottleCount,
	throttleKey,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/throttles';

const credential = (tenantId: string, clientId: string) => ({
	tenantId,
	clientId,
	clientSecret: 'very-secret-value',
});

describe('one throttle per credential per process', () => {
	it('is shared by every run with the same Graph root, tenant and app', () => {
		const root = 'https://graph.microsoft.com';
		const a = sharedPacers(throttleKey(root, credential('Contoso.onmicrosoft.com', 'app-1')));
		const b = sharedPacers(throttleKey(root, credential('contoso.onmicrosoft.com ', 'APP-1')));
		expect(b).toBe(a);
		const others = [
			throttleKey(root, credential('fabrikam', 'app-1')),
			throttleKey(root, credential('contoso.onmicrosoft.com', 'app-2')),
			throttleKey('https://graph.microsoft.us', credential('contoso.onmicrosoft.com', 'app-1')),
		];
		for (const key of others) expect(sharedPacers(key)).not.toBe(a);
	});

	it('keeps no secret in its key', () => {
		const key = throttleKey('https://graph.microsoft.com', credential('t', 'c'));
		expect(key).not.toContain('very-secret-value');
	});

	it('forgets credentials nobody used for ten minutes, so memory stays bounded', () => {
		const start = Date.now();
		for (let i = 0; i < 50; i++) sharedPacers(`https://graph.example|t|idle-${i}`, start);
		const busy = sharedPacers('https://graph.example|t|busy', start);
		busy.write.pause(30 * 60_000, start); // still held by a long throttle
		const before = sharedThrottleCount();
		expect(before).toBeGreaterThanOrEqual(51);
		for (const pacers of [busy]) pacers.read.lastUsed = pacers.write.lastUsed = start;
		sharedPacers('https://graph.example|t|new', start + 11 * 60_000);
		expect(sharedThrottleCount()).toBeLessThan(before);
		expect(sharedPacers('https://graph.example|t|busy', start + 11 * 60_000)).toBe(busy);
	});

	it('never keeps more than a thousand idle credentials', () => {
		const now = Date.now();
		for (let i = 0; i < 1500; i++) sharedPacers(`https://graph.example|t|many-${i}`, now);
		expect(sharedThrottleCount()).toBeLessThanOrEqual(1000);
	});
});
