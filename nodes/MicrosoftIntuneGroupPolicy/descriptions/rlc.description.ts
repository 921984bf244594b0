import type { INodeProperties } from 'n8n-workflow';

/*
 * Resource locators for the three IDs of the deep path. A workflow may also hold a plain string here (older
 * workflows, expressions, AI tools); readLocatorValue accepts both.
 */

function idLocator(
	displayName: string,
	name: string,
	description: string,
	placeholder: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder,
			},
		],
	};
}

export const groupPolicyConfigurationRLC = idLocator(
	'Group Policy Configuration',
	'groupPolicyConfigurationId',
	'The Administrative Templates profile (groupPolicyConfiguration)',
	'e.g. 2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f',
);

export const groupPolicyDefinitionValueRLC = idLocator(
	'Group Policy Definition Value',
	'groupPolicyDefinitionValueId',
	'The setting inside the configuration (groupPolicyDefinitionValue)',
	'e.g. 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
);

export const groupPolicyPresentationValueRLC = idLocator(
	'Group Policy Presentation Value',
	'groupPolicyPresentationValueId',
	'The field value of that setting (groupPolicyPresentationValue)',
	'e.g. 5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c',
);
