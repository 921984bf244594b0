import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/options.description';
import { pagingProperties, readLimit } from '../../descriptions/paging.description';
import { validateEnum } from '../../helpers/validation';
import { collectPages } from '../../transport/pages';
import { UPLOADED_FILES_PATH } from '../../transport/paths';
import type { PlanItem } from '../types';
import { FILE_STATUSES } from './statuses';

const STATUSES = ['any', ...FILE_STATUSES] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Assigned', value: 'assigned' },
			{ name: 'Available', value: 'available' },
			{ name: 'Removal Failed', value: 'removalFailed' },
			{ name: 'Removal In Progress', value: 'removalInProgress' },
			{ name: 'Upload Failed', value: 'uploadFailed' },
			{ name: 'Upload In Progress', value: 'uploadInProgress' },
		],
		default: 'any',
		description: 'Only files with this status',
	},
	...pagingProperties,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['getAll'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const status = validateEnum(ctx, 'status', run.param('status', itemIndex, 'any'), STATUSES);
	const limit = readLimit(ctx, run.param);
	const qs = status === 'any' ? {} : { $filter: `status eq '${status}'` };
	return {
		steps: async (send) =>
			await collectPages.call(this, send, UPLOADED_FILES_PATH, qs, limit, itemIndex),
	};
};
