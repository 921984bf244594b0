import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateLimit } from '../helpers/validation';

/* Return All and Limit, as every Get Many has them. */

export const pagingProperties: INodeProperties[] = [
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
];

/** The checked Limit, or undefined for Return All. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const ctx = { node: this.getNode(), itemIndex };
	return validateLimit(ctx, 'limit', this.getNodeParameter('limit', itemIndex, 50));
}
