import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import { targetProperties } from '../../descriptions/target.description';
import { graphGetAll } from '../../transport';
import type { RunContext } from './shared';
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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const target = readTarget.call(this, itemIndex, run);
	const returnAll = run.param('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (run.param('limit', itemIndex, 50) as number);
	const operations = await graphGetAll.call(
		this,
		run.session,
		target.operationsPath,
		{},
		limit,
		itemIndex,
	);
	return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(operations), {
		itemData: { item: itemIndex },
	});
}
