import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { PlanItem } from '../types';
import { readUploadedFileId, uploadedFileLocator } from './locator';
import { uploadedFilePath } from './paths';
import {
	newOperation,
	operationIds,
	readFile,
	readWait,
	removeAndWait,
	timeoutOption,
	waitProperties,
} from './wait';

export const option: OperationOption = {
	name: 'Remove',
	description: 'Remove an uploaded ADMX file from Intune',
	action: 'Remove an ADMX file',
};

const properties: INodeProperties[] = [
	uploadedFileLocator,
	...waitProperties(['remove']),
	optionsCollection([timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['remove'] } },
	properties,
);

/**
 * Removes the file. The output holds only what Graph said (the file as last read, with the remove
 * operation Intune wrote) and `removed`: true once Graph answers 404 for the file, false when the
 * item does not wait. A removal Intune reports as failed fails the item at once.
 */
export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const id = readUploadedFileId.call(this, itemIndex);
	const wait = readWait.call(this, itemIndex);
	return {
		steps: async (send): Promise<IDataObject> => {
			const before = await readFile(send, id);
			if (!wait.wait) {
				await send({ method: 'POST', path: uploadedFilePath(id, 'remove') });
				const file = await readFile(send, id);
				const operation = newOperation(operationIds(before), 'remove')(file);
				return { ...file, removeOperation: operation ?? null, removed: false };
			}
			const target = { id, itemIndex, timeoutMs: wait.timeoutMs };
			const { last, operation } = await removeAndWait.call(this, send, target, before);
			return { ...(last ?? before), removeOperation: operation ?? null, removed: true };
		},
	};
};
