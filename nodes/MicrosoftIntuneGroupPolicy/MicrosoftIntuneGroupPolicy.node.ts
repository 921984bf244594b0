import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions/resources';
import { router } from './actions/router';
import {
	authenticationProperty,
	graphCredentials,
} from './descriptions/authentication.description';

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
		credentials: graphCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				// n8n lists options by name.
				options: resources
					.map((resource) => resource.option)
					.sort((a, b) => a.name.localeCompare(b.name)),
				default: 'groupPolicyOperation',
			},
			...resources.flatMap((resource) => resource.properties),
		],
	};

	methods = {
		listSearch: Object.fromEntries(
			resources.flatMap((resource) => Object.entries(resource.listSearch)),
		),
		resourceMapping: Object.fromEntries(
			resources.flatMap((resource) => Object.entries(resource.resourceMapping ?? {})),
		),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
