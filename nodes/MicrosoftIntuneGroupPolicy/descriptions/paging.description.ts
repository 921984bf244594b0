import type { INodeProperties } from 'n8n-workflow';

import type { ValidationContext } from '../helpers/validation';
import { validateLimit } from '../helpers/validation';
import type { ParameterReader } from '../helpers/parameterReader';

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
export function readLimit(ctx: ValidationContext, param: ParameterReader): number | undefined {
	if (param('returnAll', ctx.itemIndex, false) === true) return undefined;
	return validateLimit(ctx, 'limit', param('limit', ctx.itemIndex, 50));
}
