import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { batchOption, optionsCollection } from '../../descriptions/options.description';
import type { PlanItem } from '../types';
import { configurationLocator, readConfigurationId } from './locator';
import { configurationPath } from './paths';

export const option: OperationOption = {
	name: 'Get',
	description: 'Get a profile',
	action: 'Get an administrative templates profile',
};

const properties: INodeProperties[] = [configurationLocator, optionsCollection([batchOption])];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['get'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const id = readConfigurationId.call(this, itemIndex);
	return {
		request: { method: 'GET', path: configurationPath(id) },
		output: (profile) => profile,
	};
};
