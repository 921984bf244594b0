import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

/*
 * n8n resolves a parameter afresh for every item, which costs about a millisecond each across a
 * dozen parameters. A parameter that holds no expression has the same value for every item, so it
 * is resolved once per run.
 */

export type ParameterReader = (
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
) => unknown;

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

export function parameterReader(context: IExecuteFunctions): ParameterReader {
	const raw = context.getNode().parameters ?? {};
	const constant = new Map<string, unknown>();
	return (name, itemIndex, fallback, options) => {
		const key = options?.extractValue ? `${name}\u0000extracted` : name;
		if (constant.has(key)) return constant.get(key);
		const value = context.getNodeParameter(name, itemIndex, fallback, options) as unknown;
		if (!holdsExpression(raw[name])) constant.set(key, value);
		return value;
	};
}
