import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The value of a resource locator parameter, or of a plain value stored in its place (a workflow may hold a bare
 * string, or an expression may produce one).
 */
export function readLocatorValue(this: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const raw = this.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
		return (raw as { value: unknown }).value;
	}
	return raw;
}
