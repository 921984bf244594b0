import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import { pagingProperties, readLimit } from '../../descriptions/paging.description';
import { validateShortText } from '../../helpers/validation';
import { collectPages } from '../../transport';
import type { PlanItem } from '../types';
import { CONFIGURATIONS_PATH, odataString } from './paths';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the Administrative Templates profiles',
	action: 'Get many administrative templates profiles',
};

const properties: INodeProperties[] = [
	...pagingProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Display Name Contains',
				name: 'displayNameContains',
				type: 'string',
				default: '',
				description: 'Only profiles whose name contains this text',
			},
		],
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['getAll'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const ctx = { node: this.getNode(), itemIndex };
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.displayNameContains !== undefined && filters.displayNameContains !== '') {
		const text = validateShortText(ctx, 'filters.displayNameContains', filters.displayNameContains);
		qs.$filter = `contains(displayName,${odataString(text)})`;
	}
	return {
		steps: async (send) =>
			await collectPages.call(this, send, CONFIGURATIONS_PATH, qs, limit, itemIndex),
	};
};
