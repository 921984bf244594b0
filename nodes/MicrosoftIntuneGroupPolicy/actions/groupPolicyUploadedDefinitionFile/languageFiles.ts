import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import type { PlanItem } from '../types';
import {
	fileProperties,
	languageCodeProperty,
	languageFile,
	readAdmlInput,
	readLanguageCode,
} from './files';
import { readUploadedFileId, uploadedFileLocator } from './locator';
import { uploadedFilePath } from './paths';
import {
	newOperation,
	operationIds,
	pollFile,
	readFile,
	readWait,
	timeoutOption,
	waitProperties,
} from './wait';

/*
 * Add, Update and Remove Language Files: the same action on an uploaded file with its ADML (removal
 * needs only the language code), so the three operations share their parameters and their plan.
 * Intune records each as an operation, whose verdict the item waits for.
 */

type Action = 'addLanguageFiles' | 'updateLanguageFiles' | 'removeLanguageFiles';
const ACTIONS: Action[] = ['addLanguageFiles', 'updateLanguageFiles', 'removeLanguageFiles'];
const WITH_FILE: Action[] = ['addLanguageFiles', 'updateLanguageFiles'];

const properties: INodeProperties[] = [
	uploadedFileLocator,
	...fileProperties('adml', WITH_FILE),
	languageCodeProperty,
	...waitProperties(ACTIONS),
	optionsCollection([timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ACTIONS } },
	properties,
);

export function languageFilesPlan(action: Action): PlanItem {
	return async function (this: IExecuteFunctions, itemIndex) {
		const ctx = { node: this.getNode(), itemIndex };
		const id = readUploadedFileId.call(this, itemIndex);
		const languageCode = readLanguageCode.call(this, ctx);
		const entry: IDataObject = WITH_FILE.includes(action)
			? languageFile(await readAdmlInput.call(this, ctx), languageCode)
			: { languageCode };
		const wait = readWait.call(this, itemIndex);
		return {
			steps: async (send): Promise<IDataObject> => {
				// Intune's operation for this action is the one that was not there before: telling it by
				// its id, not by comparing this machine's clock with Intune's timestamps.
				const before = wait.wait ? operationIds(await readFile(send, id)) : new Set<string>();
				const body = { groupPolicyUploadedLanguageFiles: [entry] };
				await send({ method: 'POST', path: uploadedFilePath(id, action), body });
				if (!wait.wait) return await readFile(send, id);
				const ours = newOperation(before, action);
				const target = { id, itemIndex, timeoutMs: wait.timeoutMs };
				const { file } = await pollFile.call(this, send, target, action, (f) =>
					['success', 'failed'].includes(String(ours(f)?.operationStatus)),
				);
				const operation = file && ours(file);
				if (!file || operation?.operationStatus === 'failed') {
					const details = String(operation?.statusDetails ?? 'the file was removed meanwhile');
					throw new NodeOperationError(
						this.getNode(),
						`Intune refused ${action} on ${id}: ${details}`,
						{
							itemIndex,
							description: "Correct the ADML as Intune's message says, then try again.",
						},
					);
				}
				return file;
			},
		};
	};
}
