import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import { pagingProperties, readLimit } from '../../descriptions/paging.description';
import { choicesOf } from '../../helpers/choices';
import { validateEnum } from '../../helpers/validation';
import { collectPages } from '../../transport';
import type { PlanItem } from '../types';
import { UPLOADED_FILES_PATH } from './paths';
import { FILE_STATUS_NAMES, FILE_STATUSES } from './statuses';

const STATUSES = ['any', ...FILE_STATUSES] as const;

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the uploaded ADMX files',
	action: 'Get many ADMX files',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		// Graph's placeholder status none is accepted from an expression but not offered.
		options: [
			{ name: 'Any', value: 'any' },
			...choicesOf(FILE_STATUS_NAMES).filter((option) => option.value !== 'none'),
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

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const ctx = { node: this.getNode(), itemIndex };
	const status = this.getNodeParameter('status', itemIndex, 'any');
	const filter = validateEnum(ctx, 'status', status, STATUSES);
	const limit = readLimit.call(this, itemIndex);
	const qs = filter === 'any' ? {} : { $filter: `status eq '${filter}'` };
	return {
		steps: async (send) =>
			await collectPages.call(this, send, UPLOADED_FILES_PATH, qs, limit, itemIndex),
	};
};
