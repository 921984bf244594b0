import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchOption, optionsCollection } from '../../descriptions/options.description';
import { groupPolicyUploadedDefinitionFileRLC } from '../../descriptions/rlc.description';
import { readLocator } from '../../helpers/locators';
import { uploadedFilePath } from '../../transport/paths';
import type { PlanItem } from '../types';

const properties: INodeProperties[] = [
	groupPolicyUploadedDefinitionFileRLC,
	optionsCollection([batchOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['get'] } },
	properties,
);

/** The file with its operations: the status records of everything done to it. */
export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const id = readLocator(
		{ node: this.getNode(), itemIndex },
		'groupPolicyUploadedDefinitionFileId',
		(name) => run.param(name, itemIndex, undefined, { extractValue: true }),
	);
	return {
		request: {
			method: 'GET',
			path: uploadedFilePath(id),
			qs: { $expand: 'groupPolicyOperations' },
		},
		output: (file) => file,
	};
};
