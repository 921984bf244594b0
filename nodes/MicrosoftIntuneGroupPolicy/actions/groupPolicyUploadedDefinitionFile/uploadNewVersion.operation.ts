import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { PlanItem } from '../types';
import { fileProperties, languageCodeProperty, newVersionBody, readAdmxUpload } from './files';
import { readUploadedFileId, uploadedFileLocator } from './locator';
import { uploadedFilePath } from './paths';
import { awaitVerdict } from './verdict';
import { readFile, readWait, timeoutOption, waitProperties } from './wait';

export const option: OperationOption = {
	name: 'Upload New Version',
	description: 'Replace an uploaded ADMX file with a new version',
	action: 'Upload a new version of an ADMX file',
};

const properties: INodeProperties[] = [
	uploadedFileLocator,
	...fileProperties('admx', ['uploadNewVersion']),
	...fileProperties('adml', ['uploadNewVersion']),
	languageCodeProperty,
	...waitProperties(['uploadNewVersion']),
	optionsCollection([timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['uploadNewVersion'] } },
	properties,
);

export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex) {
	const id = readUploadedFileId.call(this, itemIndex);
	const files = await readAdmxUpload.call(this, { node: this.getNode(), itemIndex });
	const wait = readWait.call(this, itemIndex);
	return {
		steps: async (send): Promise<IDataObject> => {
			const path = uploadedFilePath(id, 'uploadNewVersion');
			await send({ method: 'POST', path, body: newVersionBody(files) });
			if (!wait.wait) return await readFile(send, id);
			return await awaitVerdict.call(this, send, id, itemIndex, {
				timeoutMs: wait.timeoutMs,
				removeFailed: false,
				operationType: 'uploadNewVersion',
			});
		},
	};
};
