import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { create, get, getAll };

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
			{
				name: 'Get',
				value: 'get',
				description: 'Get an operation of an uploaded ADMX definition file',
				action: 'Get group policy operation',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the operations of an uploaded ADMX definition file',
				action: 'Get many group policy operations',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
