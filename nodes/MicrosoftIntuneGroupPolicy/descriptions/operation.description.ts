import type { INodeProperties } from 'n8n-workflow';

/** An operation's entry in its resource's Operation menu; the value is the operation's key. */
export interface OperationOption {
	name: string;
	description: string;
	action: string;
}

/**
 * A resource's Operation parameter, made of its operations' own entries, so that the menu offers
 * exactly the operations there are; listed by name, as n8n lists options.
 */
export function operationProperty<Key extends string>(
	resource: string,
	operations: Record<Key, { option: OperationOption }>,
	defaultOperation: NoInfer<Key>,
): INodeProperties {
	const entries = Object.entries(operations) as Array<[Key, { option: OperationOption }]>;
	const options = entries
		.map(([value, { option }]) => ({
			name: option.name,
			value,
			description: option.description,
			action: option.action,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
