import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { execute } from './engine';
import { resources } from './resources';
import type { Operation } from './types';

/*
 * Picks the operation that the node's Resource and Operation parameters name, among the resources
 * actions/resources.ts lists, and hands it to the engine.
 */

export function operationOf(resource: string, operation: string): Operation | undefined {
	const operations = resources.find((r) => r.option.value === resource)?.operations;
	return operations && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const entry = operationOf(resource, operation);
	if (!entry) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" on "${resource}" is not supported`,
		);
	}
	return await execute.call(this, entry);
}
