import type { LocatorKind } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/locators';
import {
	readLocator,
	urlPattern,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/locators';
import { requestUrl } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport';
import { TEST_NODE } from '../../../../helpers/executeContext';
import { extractValue } from '../../../../helpers/extractValue';

/** The ID n8n extracts from a pasted URL with the pattern the locator declares. */
const idFromUrl = (kind: LocatorKind, url: string) => {
	try {
		return extractValue(kind, { __rl: true, mode: 'url', value: url }) as string;
	} catch {
		return undefined;
	}
};
const resolveLocator = (kind: LocatorKind, value: unknown) =>
	readLocator(ctx, kind, (name) => extractValue(name, value));

const ctx = { node: TEST_NODE, itemIndex: 1 };
const deep =
	'https://graph.microsoft.com/beta/deviceManagement/groupPolicyConfigurations/cfg-1/definitionValues/dv-2/presentationValues/pv-3/presentation';

describe('Graph URLs', () => {
	it('finds each ID in a deep URL', () => {
		expect(idFromUrl('groupPolicyConfigurationId', deep)).toBe('cfg-1');
		expect(idFromUrl('groupPolicyDefinitionValueId', deep)).toBe('dv-2');
		expect(idFromUrl('groupPolicyPresentationValueId', deep)).toBe('pv-3');
	});

	it("reads the ('key') syntax, query strings and national clouds", () => {
		expect(
			idFromUrl(
				'groupPolicyUploadedDefinitionFileId',
				"https://graph.microsoft.us/beta/deviceManagement/groupPolicyUploadedDefinitionFiles('f-9')?$expand=groupPolicyOperations",
			),
		).toBe('f-9');
		expect(
			idFromUrl(
				'groupPolicyConfigurationId',
				'https://microsoftgraph.chinacloudapi.cn/beta/deviceManagement/groupPolicyConfigurations/c-7?$select=id',
			),
		).toBe('c-7');
		expect(
			idFromUrl(
				'groupPolicyOperationId',
				'https://graph.microsoft.com/beta/deviceManagement/groupPolicyUploadedDefinitionFiles/f/groupPolicyOperations/op-1',
			),
		).toBe('op-1');
	});

	it('finds nothing in a URL without the segment', () => {
		expect(
			idFromUrl(
				'groupPolicyConfigurationId',
				'https://graph.microsoft.com/beta/deviceManagement/groupPolicyUploadedDefinitionFiles/x',
			),
		).toBeUndefined();
		expect(new RegExp(urlPattern('groupPolicyConfigurationId')).test('not a url')).toBe(false);
	});

	it('resolves list, ID, URL and plain-string values, and checks the result', () => {
		expect(
			resolveLocator('groupPolicyConfigurationId', { __rl: true, mode: 'list', value: 'a' }),
		).toBe('a');
		expect(
			resolveLocator('groupPolicyConfigurationId', { __rl: true, mode: 'id', value: 'b' }),
		).toBe('b');
		expect(
			resolveLocator('groupPolicyConfigurationId', { __rl: true, mode: 'url', value: deep }),
		).toBe('cfg-1');
		expect(resolveLocator('groupPolicyConfigurationId', 'plain')).toBe('plain');
		expect(() =>
			resolveLocator('groupPolicyConfigurationId', {
				__rl: true,
				mode: 'url',
				value: 'https://example.com/other',
			}),
		).toThrow(
			/"groupPolicyConfigurationId" is not a Graph URL with \/groupPolicyConfigurations\/\{id\} \(item 1\)/,
		);
		expect(() =>
			resolveLocator('groupPolicyConfigurationId', { __rl: true, mode: 'list', value: '' }),
		).toThrow(/is empty/);
	});
});

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
