import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import { pagingProperties, readLimit } from '../../descriptions/paging.description';
import { collectPages } from '../../transport';
import type { PlanItem } from '../types';
import { readTarget, targetProperties } from './target';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the operations of an uploaded ADMX definition file',
	action: 'Get many group policy operations',
};

const properties: INodeProperties[] = [
	...targetProperties,
	...pagingProperties,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['getAll'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const target = readTarget.call(this, itemIndex);
	const limit = readLimit.call(this, itemIndex);
	return {
		steps: async (send) =>
			await collectPages.call(this, send, target.operationsPath, {}, limit, itemIndex),
	};
};
