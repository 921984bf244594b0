import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { batchOption, optionsCollection } from '../../descriptions/options.description';
import type { PlanItem } from '../types';
import { readUploadedFileId, uploadedFileLocator } from './locator';
import { uploadedFilePath } from './paths';

export const option: OperationOption = {
	name: 'Get',
	description: 'Get an uploaded ADMX file with its operations',
	action: 'Get an ADMX file',
};

const properties: INodeProperties[] = [uploadedFileLocator, optionsCollection([batchOption])];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['get'] } },
	properties,
);

/** The file with its operations: the status records of everything done to it. */
export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const id = readUploadedFileId.call(this, itemIndex);
	return {
		request: {
			method: 'GET',
			path: uploadedFilePath(id),
			qs: { $expand: 'groupPolicyOperations' },
		},
		output: (file) => file,
	};
};
