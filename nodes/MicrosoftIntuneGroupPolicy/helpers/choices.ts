import type { INodePropertyOptions } from 'n8n-workflow';

/*
 * Graph's enum values are declared once, each with the name the node shows for it: the values
 * check the input, and the names make the parameter's options.
 */

/** The values, in the order they were declared (Graph's documented order). */
export function valuesOf<T extends string>(names: Record<T, string>): T[] {
	return Object.keys(names) as T[];
}

/** The options of a parameter, sorted by name as n8n lists them. */
export function choicesOf(names: Record<string, string>): INodePropertyOptions[] {
	return Object.entries(names)
		.map(([value, name]) => ({ name, value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
