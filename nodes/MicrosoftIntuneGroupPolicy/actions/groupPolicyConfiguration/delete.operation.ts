import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { Send } from '../../transport';
import { asNodeError, graphStatusOf, isOutcomeUnknown } from '../../transport';
import type { PlanItem } from '../types';
import { configurationLocator, readConfigurationId } from './locator';
import { configurationPath } from './paths';

export const option: OperationOption = {
	name: 'Delete',
	description: 'Delete a profile with its settings and assignments',
	action: 'Delete an administrative templates profile',
};

const properties: INodeProperties[] = [configurationLocator, optionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['delete'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const id = readConfigurationId.call(this, itemIndex);
	return {
		steps: async (send): Promise<IDataObject> => {
			await remove(this.getNode(), send, id);
			return { deleted: true, id };
		},
	};
};

/**
 * Deletes the profile. When Graph may or may not have carried the delete out, the profile is read:
 * gone (404) means deleted; else the delete is sent once more.
 */
async function remove(node: INode, send: Send, id: string): Promise<void> {
	const request = { method: 'DELETE', path: configurationPath(id) } as const;
	try {
		await send(request);
	} catch (error) {
		if (!isOutcomeUnknown(error)) throw asNodeError(node, error);
		try {
			await send({ method: 'GET', path: configurationPath(id), qs: { $select: 'id' } });
		} catch (readError) {
			if (graphStatusOf(readError) === 404) return;
			throw asNodeError(node, readError);
		}
		await send(request);
	}
}
