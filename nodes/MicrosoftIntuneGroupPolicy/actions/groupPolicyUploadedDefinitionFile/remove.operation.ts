import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import { groupPolicyUploadedDefinitionFileRLC } from '../../descriptions/rlc.description';
import { readLocator } from '../../helpers/locators';
import { uploadedFileActionPath, uploadedFilePath } from '../../transport/paths';
import type { PlanItem } from '../types';
import { pollFile, readWait, timeoutOption, waitProperties } from './shared';

const properties: INodeProperties[] = [
	groupPolicyUploadedDefinitionFileRLC,
	...waitProperties(['remove']),
	optionsCollection([timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['remove'] } },
	properties,
);

/**
 * Removes the file; with waiting, the item is output once Intune has deleted it (Graph answers
 * 404).
 */
export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const id = readLocator(ctx, 'groupPolicyUploadedDefinitionFileId', (name) =>
		run.param(name, itemIndex, undefined, { extractValue: true }),
	);
	const wait = readWait(run, itemIndex);
	return {
		steps: async (send): Promise<IDataObject> => {
			const file = await send({
				method: 'GET',
				path: uploadedFilePath(id),
				qs: { $select: 'id,fileName,displayName,targetNamespace,status' },
			});
			delete file['@odata.context'];
			await send({ method: 'POST', path: uploadedFileActionPath(id, 'remove') });
			if (!wait.wait) return { ...file, status: 'removalInProgress' };
			await pollFile.call(this, send, id, itemIndex, wait.timeoutMs, 'removal', () => false);
			return { ...file, status: 'removed' };
		},
	};
};
