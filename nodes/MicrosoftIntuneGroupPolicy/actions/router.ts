import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getGraphRoot } from '../transport';
import * as groupPolicyOperation from './groupPolicyOperation';

import type { RunContext } from './groupPolicyOperation/shared';

type OperationExecutor = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, OperationExecutor>> = {
	groupPolicyOperation: {
		create: groupPolicyOperation.create.execute,
		get: groupPolicyOperation.get.execute,
		getAll: groupPolicyOperation.getAll.execute,
	},
};

/** One output item per input item, in input order, each paired with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const run: RunContext = { graphRoot: await getGraphRoot.call(this), definitionFiles: new Map() };
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const executor = operations[resource]?.[operation];
			if (!executor) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" on "${resource}" is not supported`,
					{ itemIndex },
				);
			}
			returnData.push(...(await executor.call(this, itemIndex, run)));
		} catch (error) {
			// Errors from the operations are already n8n errors with item context; anything else gets that context.
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({
				json: { error: nodeError.message, description: nodeError.description ?? undefined },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
