import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import { targetProperties } from '../../descriptions/target.description';
import { validateLimit } from '../../helpers/validation';
import { collectPages } from '../../transport/pages';
import type { PlanItem } from '../types';
import { readTarget } from './shared';

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['getAll'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const target = readTarget.call(this, itemIndex, run);
	const ctx = { node: this.getNode(), itemIndex };
	const returnAll = run.param('returnAll', itemIndex, false) === true;
	const limit = returnAll
		? undefined
		: validateLimit(ctx, 'limit', run.param('limit', itemIndex, 50));
	return {
		steps: async (send) =>
			await collectPages.call(this, send, target.operationsPath, {}, limit, itemIndex),
	};
};
