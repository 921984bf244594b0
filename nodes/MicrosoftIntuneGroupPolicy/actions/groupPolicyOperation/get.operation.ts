import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupPolicyOperationRLC } from '../../descriptions/rlc.description';
import { optionsCollection } from '../../descriptions/options.description';
import { targetProperties } from '../../descriptions/target.description';
import { resolveLocator } from '../../helpers/locators';
import { graphRequest } from '../../transport';
import { operationPath } from '../../transport/paths';
import type { RunContext } from './shared';
import { readTarget } from './shared';

const properties: INodeProperties[] = [
	...targetProperties,
	groupPolicyOperationRLC,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['get'] } },
	properties,
);

/** Some Intune GETs answer `{ value: {...} }` for one entity (as Microsoft's own examples show); unwrap it. */
export function unwrapEntity(body: IDataObject): IDataObject {
	const value = body.value;
	if (value && typeof value === 'object' && !Array.isArray(value) && body.id === undefined) {
		return value as IDataObject;
	}
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const target = readTarget.call(this, itemIndex, run);
	const id = resolveLocator(
		{ node: this.getNode(), itemIndex },
		'groupPolicyOperationId',
		run.param('groupPolicyOperationId', itemIndex, undefined),
	);
	const operation = await graphRequest.call(
		this,
		run.session,
		{ method: 'GET', path: operationPath(target.operationsPath, id) },
		itemIndex,
	);
	return this.helpers.constructExecutionMetaData(
		this.helpers.returnJsonArray(unwrapEntity(operation)),
		{
			itemData: { item: itemIndex },
		},
	);
}
