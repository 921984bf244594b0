import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import { groupPolicyUploadedDefinitionFileRLC } from '../../descriptions/rlc.description';
import { readLocator } from '../../helpers/locators';
import { uploadedFileActionPath } from '../../transport/paths';
import type { PlanItem } from '../types';
import { fileProperties, languageCodeProperty, readAdmxUpload } from './files';
import { readFile, readWait, timeoutOption, waitProperties } from './shared';
import { newVersionBody } from './upload.operation';
import { awaitVerdict } from './verdict';

const properties: INodeProperties[] = [
	groupPolicyUploadedDefinitionFileRLC,
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

export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const id = readLocator(ctx, 'groupPolicyUploadedDefinitionFileId', (name) =>
		run.param(name, itemIndex, undefined, { extractValue: true }),
	);
	const files = await readAdmxUpload.call(this, ctx, run);
	const wait = readWait(run, itemIndex);
	return {
		steps: async (send): Promise<IDataObject> => {
			const path = uploadedFileActionPath(id, 'uploadNewVersion');
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
