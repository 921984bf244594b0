import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as groupPolicyOperation from './actions/groupPolicyOperation';
import * as groupPolicyUploadedDefinitionFile from './actions/groupPolicyUploadedDefinitionFile';
import { router } from './actions/router';
import * as listSearch from './listSearch';

export class MicrosoftIntuneGroupPolicy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Intune Group Policy',
		name: 'microsoftIntuneGroupPolicy',
		icon: { light: 'file:../../icons/intune.svg', dark: 'file:../../icons/intune.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage Intune group policy (ADMX) objects through Microsoft Graph',
		defaults: { name: 'Microsoft Intune Group Policy' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftGraphIntuneOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'ADMX File', value: 'groupPolicyUploadedDefinitionFile' },
					{ name: 'Group Policy Operation', value: 'groupPolicyOperation' },
				],
				default: 'groupPolicyOperation',
			},
			...groupPolicyOperation.description,
			...groupPolicyUploadedDefinitionFile.description,
		],
	};

	methods = {
		listSearch: {
			searchGroupPolicyConfigurations: listSearch.searchGroupPolicyConfigurations,
			searchGroupPolicyDefinitionValues: listSearch.searchGroupPolicyDefinitionValues,
			searchGroupPolicyPresentationValues: listSearch.searchGroupPolicyPresentationValues,
			searchGroupPolicyUploadedDefinitionFiles: listSearch.searchGroupPolicyUploadedDefinitionFiles,
			searchGroupPolicyOperations: listSearch.searchGroupPolicyOperations,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
