import type { INodeProperties } from 'n8n-workflow';

import type { LocatorKind } from '../helpers/locators';
import { URL_SEGMENTS, urlPattern } from '../helpers/locators';

/*
 * Resource locators: pick from a searchable list (default), type an ID, or paste a Graph URL of the
 * object.
 */

function locator(
	kind: LocatorKind,
	displayName: string,
	description: string,
	searchListMethod: string,
	example: string,
	dependsOn: string[] = [],
): INodeProperties {
	const pattern = urlPattern(kind);
	return {
		displayName,
		name: kind,
		type: 'resourceLocator',
		// The list reloads when a choice it depends on changes.
		...(dependsOn.length ? { typeOptions: { loadOptionsDependsOn: dependsOn } } : {}),
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: `e.g. ${example}` },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder:
					`e.g. ` +
					`https://graph.microsoft.com/beta/deviceManagement/.../${URL_SEGMENTS[kind]}/${example}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: pattern,
							errorMessage: `Not a Graph URL with /${URL_SEGMENTS[kind]}/{id}`,
						},
					},
				],
				extractValue: { type: 'regex', regex: pattern },
			},
		],
	};
}

export const groupPolicyConfigurationRLC = locator(
	'groupPolicyConfigurationId',
	'Group Policy Configuration',
	'The Administrative Templates profile (groupPolicyConfiguration)',
	'searchGroupPolicyConfigurations',
	'2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f',
);

export const groupPolicyDefinitionValueRLC = locator(
	'groupPolicyDefinitionValueId',
	'Group Policy Definition Value',
	'The setting inside the chosen configuration (groupPolicyDefinitionValue)',
	'searchGroupPolicyDefinitionValues',
	'9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
	['groupPolicyConfigurationId.value'],
);

export const groupPolicyPresentationValueRLC = locator(
	'groupPolicyPresentationValueId',
	'Group Policy Presentation Value',
	'The field of the chosen setting (groupPolicyPresentationValue)',
	'searchGroupPolicyPresentationValues',
	'5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c',
	['groupPolicyConfigurationId.value', 'groupPolicyDefinitionValueId.value'],
);

export const groupPolicyUploadedDefinitionFileRLC = locator(
	'groupPolicyUploadedDefinitionFileId',
	'Uploaded Definition File',
	'The uploaded ADMX file (groupPolicyUploadedDefinitionFile)',
	'searchGroupPolicyUploadedDefinitionFiles',
	'6f1b2f4e-0a51-4b2c-9c1e-2b8e0c4d5a01',
);

export const groupPolicyOperationRLC = locator(
	'groupPolicyOperationId',
	'Group Policy Operation',
	'The operation to read (groupPolicyOperation)',
	'searchGroupPolicyOperations',
	'0be7a710-0000-4000-8000-000000000001',
	[
		'target',
		'groupPolicyConfigurationId.value',
		'groupPolicyDefinitionValueId.value',
		'groupPolicyPresentationValueId.value',
		'groupPolicyUploadedDefinitionFileId.value',
	],
);
