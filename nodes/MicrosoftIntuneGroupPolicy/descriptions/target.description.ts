import type { INodeProperties } from 'n8n-workflow';

import {
	groupPolicyConfigurationRLC,
	groupPolicyDefinitionValueRLC,
	groupPolicyPresentationValueRLC,
	groupPolicyUploadedDefinitionFileRLC,
} from './rlc.description';

const onDeepPath = { show: { target: ['presentationValue'] } };

/**
 * How an operation's uploaded ADMX file is addressed; shared by every Group Policy Operation
 * operation.
 */
export const targetProperties: INodeProperties[] = [
	{
		displayName: 'Address By',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Configuration Setting',
				value: 'presentationValue',
				description:
					'A configuration, one of its settings and a field of that setting (the documented ' +
					'deep path)',
			},
			{
				name: 'Uploaded Definition File',
				value: 'uploadedDefinitionFile',
				description: 'The uploaded ADMX file itself, as Microsoft PowerShell and the SDKs do',
			},
		],
		default: 'presentationValue',
	},
	{ ...groupPolicyConfigurationRLC, displayOptions: onDeepPath },
	{ ...groupPolicyDefinitionValueRLC, displayOptions: onDeepPath },
	{ ...groupPolicyPresentationValueRLC, displayOptions: onDeepPath },
	{
		...groupPolicyUploadedDefinitionFileRLC,
		displayOptions: { show: { target: ['uploadedDefinitionFile'] } },
	},
];
