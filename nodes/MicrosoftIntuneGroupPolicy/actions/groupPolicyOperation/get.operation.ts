import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupPolicyOperationRLC } from '../../descriptions/rlc.description';
import { batchOption, optionsCollection } from '../../descriptions/options.description';
import { targetProperties } from '../../descriptions/target.description';
import { readLocator } from '../../helpers/locators';
import { operationPath } from '../../transport/paths';
import type { PlanItem } from '../types';
import { readTarget } from './shared';

const properties: INodeProperties[] = [
	...targetProperties,
	groupPolicyOperationRLC,
	optionsCollection([batchOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['get'] } },
	properties,
);

/**
 * Some Intune GETs answer `{ value: {...} }` for one entity (as Microsoft's own examples show);
 * unwrap it.
 */
export function unwrapEntity(body: IDataObject): IDataObject {
	const value = body.value;
	if (value && typeof value === 'object' && !Array.isArray(value) && body.id === undefined) {
		return value as IDataObject;
	}
	return body;
}

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const target = readTarget.call(this, itemIndex, run);
	const id = readLocator({ node: this.getNode(), itemIndex }, 'groupPolicyOperationId', (name) =>
		run.param(name, itemIndex, undefined, { extractValue: true }),
	);
	return {
		request: { method: 'GET', path: operationPath(target.operationsPath, id) },
		output: unwrapEntity,
	};
};
