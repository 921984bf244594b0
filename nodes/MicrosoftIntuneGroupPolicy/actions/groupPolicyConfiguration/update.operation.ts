import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { ValidationContext } from '../../helpers/validation';
import { invalid } from '../../helpers/validation';
import type { GraphRequest, Send } from '../../transport';
import { asNodeError, isOutcomeUnknown } from '../../transport';
import type { PlanItem } from '../types';
import {
	descriptionField,
	displayNameField,
	readDisplayName,
	readOptionalFields,
	roleScopeTagIdsField,
} from './create.operation';
import { configurationLocator, readConfigurationId } from './locator';
import { configurationPath } from './paths';

export const option: OperationOption = {
	name: 'Update',
	description: 'Rename a profile or change its description or scope tags',
	action: 'Update an administrative templates profile',
};

const properties: INodeProperties[] = [
	configurationLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [descriptionField, displayNameField, roleScopeTagIdsField],
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['update'] } },
	properties,
);

/** Sends only the fields the item sets, then outputs the profile as Graph now has it. */
export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex) {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const id = readConfigurationId.call(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.displayName !== undefined)
		body.displayName = readDisplayName(ctx, 'updateFields.displayName', fields.displayName);
	Object.assign(body, readOptionalFields(ctx, 'updateFields', fields));
	if (Object.keys(body).length === 0) {
		invalid(
			ctx,
			'updateFields',
			'sets nothing to update',
			'Add Display Name, Description or Role Scope Tag IDs under Update Fields. Nothing was sent.',
		);
	}
	return {
		steps: async (send) => {
			await resendOnceIfUnknown(this.getNode(), send, {
				method: 'PATCH',
				path: configurationPath(id),
				body,
			});
			return await send({ method: 'GET', path: configurationPath(id) });
		},
	};
};

/**
 * Sends a write that leaves the same result when sent twice (an update of the same fields, an
 * assign of the same set): when Graph may or may not have carried it out (a 504, a lost
 * connection), it is sent once more.
 */
export async function resendOnceIfUnknown(
	node: INode,
	send: Send,
	request: GraphRequest,
): Promise<IDataObject> {
	try {
		return await send(request);
	} catch (error) {
		if (!isOutcomeUnknown(error)) throw asNodeError(node, error);
		return await send(request);
	}
}
