import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';

/*
 * What n8n's getNodeParameter(name, i, fallback, { extractValue: true }) does for this node's parameters: a
 * resource locator gives its value, with the mode's extractValue pattern applied (a URL that does not match
 * throws, as in n8n); any other parameter is returned as it is.
 */

const properties = new MicrosoftIntuneGroupPolicy().description.properties;

function locatorProperty(name: string): INodeProperties | undefined {
	return properties.find((p) => p.name === name && p.type === 'resourceLocator');
}

export function extractValue(name: string, value: unknown): unknown {
	const property = locatorProperty(name);
	if (!property || !value || typeof value !== 'object' || !('mode' in value)) return value;
	const locator = value as { mode: string; value: unknown };
	const mode = property.modes?.find((m: INodePropertyMode) => m.name === locator.mode);
	if (!mode?.extractValue) return locator.value;
	const match = new RegExp(mode.extractValue.regex).exec(String(locator.value));
	if (!match)
		throw new Error(`ERROR: ${property.displayName}: the value does not match the URL pattern`);
	return match[1];
}
