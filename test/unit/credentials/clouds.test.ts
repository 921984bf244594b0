import {
	accessTokenUrlExpression,
	appOnlyScopeOf,
	authUrlExpression,
	CLOUDS,
	credentialsGraphRootExpression,
	graphRootOf,
	loginBaseOf,
	scopeExpression,
	TENANT_APP_FIELDS,
	tenantSegment,
	tokenUrlOf,
} from '../../../credentials/clouds';
import { MicrosoftGraphIntuneOAuth2Api } from '../../../credentials/MicrosoftGraphIntuneOAuth2Api.credentials';

/** Evaluates a credential default expression the way n8n does for $self-only expressions. */
function evaluate(expression: string, self: Record<string, unknown>): unknown {
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(expression)![1];
	return new Function('$self', `return (${body});`)(self);
}

const base = { tenantId: 'contoso.onmicrosoft.com', grantType: 'clientCredentials' };

describe('cloud endpoints', () => {
	it.each([
		['global', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
		['usGov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
		['usGovDod', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
		[
			'china',
			'https://login.partner.microsoftonline.cn',
			'https://microsoftgraph.chinacloudapi.cn',
		],
	])('%s signs in at %s and calls %s', (cloud, login, graph) => {
		const self = { ...base, cloud };
		expect(evaluate(accessTokenUrlExpression, self)).toBe(
			`${login}/contoso.onmicrosoft.com/oauth2/v2.0/token`,
		);
		expect(evaluate(authUrlExpression, self)).toBe(
			`${login}/contoso.onmicrosoft.com/oauth2/v2.0/authorize`,
		);
		expect(evaluate(scopeExpression, self)).toBe(`${graph}/.default`);
		expect(graphRootOf({ cloud })).toBe(graph);
	});

	it('asks for the delegated permission, qualified by the Graph domain outside the global cloud', () => {
		expect(
			evaluate(scopeExpression, { ...base, cloud: 'global', grantType: 'authorizationCode' }),
		).toBe('offline_access DeviceManagementConfiguration.ReadWrite.All');
		expect(
			evaluate(scopeExpression, { ...base, cloud: 'usGov', grantType: 'authorizationCode' }),
		).toBe('offline_access https://graph.microsoft.us/DeviceManagementConfiguration.ReadWrite.All');
	});

	it('asks for Group.Read.All as well only when the admin chooses to read group names', () => {
		const admin = { ...base, grantType: 'authorizationCode', readGroups: true };
		expect(evaluate(scopeExpression, { ...admin, cloud: 'global' })).toBe(
			'offline_access DeviceManagementConfiguration.ReadWrite.All Group.Read.All',
		);
		expect(evaluate(scopeExpression, { ...admin, cloud: 'china' })).toBe(
			'offline_access https://microsoftgraph.chinacloudapi.cn/DeviceManagementConfiguration.ReadWrite.All ' +
				'https://microsoftgraph.chinacloudapi.cn/Group.Read.All',
		);
		expect(evaluate(scopeExpression, { ...admin, grantType: 'clientCredentials' })).toMatch(
			/\/\.default$/,
		);
	});

	it('uses the custom endpoints, trimming trailing slashes', () => {
		const self = {
			...base,
			cloud: 'custom',
			customLoginEndpoint: 'http://127.0.0.1:4010/',
			customGraphEndpoint: 'http://127.0.0.1:4011//',
		};
		expect(evaluate(accessTokenUrlExpression, self)).toBe(
			'http://127.0.0.1:4010/contoso.onmicrosoft.com/oauth2/v2.0/token',
		);
		expect(evaluate(scopeExpression, self)).toBe('http://127.0.0.1:4011/.default');
		expect(graphRootOf(self)).toBe('http://127.0.0.1:4011');
	});

	it('refuses a custom Graph endpoint that is not an http(s) URL, and unknown clouds', () => {
		const login = 'https://login.example';
		expect(() =>
			graphRootOf({
				cloud: 'custom',
				customLoginEndpoint: login,
				customGraphEndpoint: 'file:///etc/passwd',
			}),
		).toThrow(/Custom Graph Endpoint/);
		expect(() => graphRootOf({ cloud: 'custom', customGraphEndpoint: '' })).toThrow();
		expect(() => graphRootOf({ cloud: 'mars' })).toThrow(/unknown cloud/);
	});

	// Finding 9: the token, and with an http login endpoint the secret, would travel unencrypted.
	it('finding 9: accepts plain http only on loopback, for both custom endpoints', () => {
		const custom = (login: string, graph: string) => () =>
			graphRootOf({ cloud: 'custom', customLoginEndpoint: login, customGraphEndpoint: graph });
		expect(custom('http://127.0.0.1:1/', 'http://localhost:2/')()).toBe('http://localhost:2');
		expect(custom('https://login.example', 'http://[::1]:3')()).toBe('http://[::1]:3');
		expect(custom('https://login.example', 'http://graph.example')).toThrow(
			/Custom Graph Endpoint uses plain http on graph\.example/,
		);
		expect(custom('http://login.example', 'https://graph.example')).toThrow(
			/Custom Login Endpoint uses plain http on login\.example/,
		);
		expect(custom('https://login.example', 'http://127.0.0.1.evil.example')).toThrow(/plain http/);
	});

	it('keeps the credential contract: name, parent, properties, body authentication', () => {
		const credential = new MicrosoftGraphIntuneOAuth2Api();
		expect(credential.name).toBe('microsoftGraphIntuneOAuth2Api');
		expect(credential.extends).toEqual(['oAuth2Api']);
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(byName.grantType.options!.map((o) => (o as { value: string }).value)).toEqual([
			'authorizationCode',
			'clientCredentials',
		]);
		expect(byName.cloud.options!.map((o) => (o as { value: string }).value)).toEqual([
			...Object.keys(CLOUDS),
			'custom',
		]);
		for (const name of [
			'tenantId',
			'clientId',
			'clientSecret',
			'customGraphEndpoint',
			'customLoginEndpoint',
		]) {
			expect(byName[name]).toBeDefined();
		}
		expect(byName.customGraphEndpoint.displayOptions).toEqual({ show: { cloud: ['custom'] } });
		expect(byName.clientSecret.typeOptions).toEqual({ password: true });
		for (const hidden of ['authUrl', 'accessTokenUrl', 'scope', 'authentication']) {
			expect(byName[hidden].type).toBe('hidden');
		}
		expect(byName.authentication.default).toBe('body');
	});
});

describe('sign-in endpoints in code (the certificate credential)', () => {
	const evaluateWith = (expression: string, credentials: Record<string, unknown>) => {
		const body = /^=\{\{([\s\S]*)\}\}$/.exec(expression)![1];
		return new Function('$credentials', `return (${body});`)(credentials);
	};

	it.each(Object.entries(CLOUDS))(
		'%s: the same token URL and scope as the OAuth2 credential',
		(cloud, c) => {
			const self = { ...base, cloud };
			expect(tokenUrlOf(self)).toBe(evaluate(accessTokenUrlExpression, self));
			expect(appOnlyScopeOf(self)).toBe(`${c.graphRoot}/.default`);
			expect(loginBaseOf(self)).toBe(c.loginHost);
			expect(evaluateWith(credentialsGraphRootExpression, self)).toBe(c.graphRoot);
		},
	);

	it('custom endpoints, trimmed and checked as for the OAuth2 credential', () => {
		const self = {
			...base,
			cloud: 'custom',
			customLoginEndpoint: 'http://127.0.0.1:4010//',
			customGraphEndpoint: 'http://127.0.0.1:4011/ ',
		};
		expect(tokenUrlOf(self)).toBe(
			'http://127.0.0.1:4010/contoso.onmicrosoft.com/oauth2/v2.0/token',
		);
		expect(evaluateWith(credentialsGraphRootExpression, self)).toBe('http://127.0.0.1:4011');
		expect(() => tokenUrlOf({ ...self, customLoginEndpoint: 'http://login.example' })).toThrow(
			/plain http/,
		);
		expect(() => loginBaseOf({ cloud: 'mars' })).toThrow(/unknown cloud/);
	});

	it('refuses a tenant that could reshape the token URL', () => {
		expect(tenantSegment(' 11111111-2222-4333-8444-555555555555 ')).toBe(
			'11111111-2222-4333-8444-555555555555',
		);
		for (const bad of ['', '..', '../x', 'a/b', 'a?b', 'a b', 'a#b', '.hidden', 'x'.repeat(254)]) {
			expect(() => tenantSegment(bad)).toThrow(/Tenant ID/);
		}
	});

	it('offers every cloud, then Custom, in the form', () => {
		const cloud = TENANT_APP_FIELDS.find((field) => field.name === 'cloud');
		expect(cloud?.options?.map((o) => (o as { value: string }).value)).toEqual([
			...Object.keys(CLOUDS),
			'custom',
		]);
	});
});
