import { requestUrl } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/request';

describe('requestUrl', () => {
	const root = 'https://graph.microsoft.us';
	it('puts paths under {graphRoot}/beta', () => {
		expect(requestUrl(root, '/deviceManagement/x')).toBe(
			'https://graph.microsoft.us/beta/deviceManagement/x',
		);
	});

	it('follows a next link only under the same Graph root and version', () => {
		const next = 'https://graph.microsoft.us/beta/deviceManagement/x?$skiptoken=abc';
		expect(requestUrl(root, next)).toBe(next);
		for (const bad of [
			'https://graph.microsoft.com/beta/deviceManagement/x',
			'https://graph.microsoft.us.evil.example/beta/x',
			'https://graph.microsoft.us/v1.0/x',
			'https://graph.microsoft.us/beta/../admin',
			'http://graph.microsoft.us/beta/x',
			'deviceManagement/x',
		]) {
			expect(() => requestUrl(root, bad)).toThrow(/Refusing to send the credential/);
		}
	});
});

// Finding 8: a path could leave /beta on the same host through encoded dot segments or a page token.
describe('requestUrl after normalising', () => {
	it('refuses encoded dot segments and page tokens that climb out of /beta', () => {
		const root = 'https://graph.microsoft.us';
		for (const bad of [
			'https://graph.microsoft.us/beta/%2e%2e/v1.0/users',
			'https://graph.microsoft.us/beta/%2E%2E/admin',
			'https://graph.microsoft.us/beta/.%2e/admin',
			'/../v1.0/users',
			'/%2e%2e/v1.0/users',
		]) {
			expect(() => requestUrl(root, bad)).toThrow(/Refusing to send the credential/);
		}
	});

	it('keeps a custom root with a path: /tenantA cannot reach /tenantB', () => {
		const root = 'http://127.0.0.1:4000/tenantA';
		expect(requestUrl(root, '/deviceManagement/x')).toBe(
			'http://127.0.0.1:4000/tenantA/beta/deviceManagement/x',
		);
		expect(() =>
			requestUrl(root, 'http://127.0.0.1:4000/tenantA/beta/%2e%2e/%2e%2e/tenantB/beta/x'),
		).toThrow(/Refusing to send the credential/);
	});
});
