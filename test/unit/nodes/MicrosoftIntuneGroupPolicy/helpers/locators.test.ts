import {
	CONFIGURATION_ID,
	DEFINITION_VALUE_ID,
	OPERATION_ID,
	PRESENTATION_VALUE_ID,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyOperation/paths';
import { UPLOADED_FILE_ID } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/paths';
import type { IdLocator } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/locators';
import {
	readLocator,
	urlPattern,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/locators';
import { TEST_NODE } from '../../../../helpers/executeContext';
import { extractValue } from '../../../../helpers/extractValue';

/** The IDs the node addresses, each declared by its resource. */
const LOCATORS = Object.fromEntries(
	[
		CONFIGURATION_ID,
		DEFINITION_VALUE_ID,
		PRESENTATION_VALUE_ID,
		UPLOADED_FILE_ID,
		OPERATION_ID,
	].map((id): [string, IdLocator] => [id.name, id]),
);
type LocatorKind =
	| 'groupPolicyConfigurationId'
	| 'groupPolicyDefinitionValueId'
	| 'groupPolicyPresentationValueId'
	| 'groupPolicyUploadedDefinitionFileId'
	| 'groupPolicyOperationId';

/** The ID n8n extracts from a pasted URL with the pattern the locator declares. */
const idFromUrl = (kind: LocatorKind, url: string) => {
	try {
		return extractValue(kind, { __rl: true, mode: 'url', value: url }) as string;
	} catch {
		return undefined;
	}
};
const resolveLocator = (kind: LocatorKind, value: unknown) =>
	readLocator(ctx, LOCATORS[kind], (name) => extractValue(name, value));

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
		expect(new RegExp(urlPattern(CONFIGURATION_ID)).test('not a url')).toBe(false);
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
