import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

/*
 * How operations read their parameters for an item. Parameters are read afresh for every item, as
 * n8n resolves them: a per-run cache of the parameters without expressions was measured with `npm
 * run bench` and made no difference beyond the noise, so it was removed.
 */

export type ParameterReader = (
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
) => unknown;

export function parameterReader(context: IExecuteFunctions): ParameterReader {
	return (name, itemIndex, fallback, options) =>
		context.getNodeParameter(name, itemIndex, fallback, options) as unknown;
}
