import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupPolicyOperation'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an operation on an uploaded ADMX definition file',
				action: 'Create group policy operation',
			},
		],
		default: 'create',
	},
	...create.description,
];
