import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { batchOption, optionsCollection } from '../../descriptions/options.description';
import { locatorProperty } from '../../descriptions/rlc.description';
import { readItemLocator } from '../../helpers/locators';
import type { PlanItem } from '../types';
import { OPERATION_ID, operationPath } from './paths';
import { readTarget, targetProperties } from './target';

export const option: OperationOption = {
	name: 'Get',
	description: 'Get an operation of an uploaded ADMX definition file',
	action: 'Get group policy operation',
};

const properties: INodeProperties[] = [
	...targetProperties,
	locatorProperty(
		OPERATION_ID,
		'Group Policy Operation',
		'The operation to read (groupPolicyOperation)',
		'searchGroupPolicyOperations',
		'0be7a710-0000-4000-8000-000000000001',
		[
			'target',
			'groupPolicyConfigurationId.value',
			'groupPolicyDefinitionValueId.value',
			'groupPolicyPresentationValueId.value',
			'groupPolicyUploadedDefinitionFileId.value',
		],
	),
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

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const target = readTarget.call(this, itemIndex);
	const id = readItemLocator.call(this, itemIndex, OPERATION_ID);
	return {
		request: { method: 'GET', path: operationPath(target.operationsPath, id) },
		output: unwrapEntity,
	};
};
