import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import { pagingProperties, readLimit } from '../../descriptions/paging.description';
import { targetProperties } from '../../descriptions/target.description';
import { collectPages } from '../../transport/pages';
import type { PlanItem } from '../types';
import { readTarget } from './shared';

const properties: INodeProperties[] = [
	...targetProperties,
	...pagingProperties,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['getAll'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const target = readTarget.call(this, itemIndex, run);
	const ctx = { node: this.getNode(), itemIndex };
	const limit = readLimit(ctx, run.param);
	return {
		steps: async (send) =>
			await collectPages.call(this, send, target.operationsPath, {}, limit, itemIndex),
	};
};
