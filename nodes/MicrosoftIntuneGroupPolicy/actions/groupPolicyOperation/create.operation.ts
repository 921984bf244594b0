import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import {
	additionalFieldsCollection,
	batchOption,
	optionsCollection,
} from '../../descriptions/options.description';
import { choicesOf } from '../../helpers/choices';
import type { ValidationContext } from '../../helpers/validation';
import {
	validateDateTime,
	validateEnum,
	validateId,
	validateShortText,
} from '../../helpers/validation';
import type { PlanItem } from '../types';
import { assertUploadedDefinitionFile } from './preflight';
import { readTarget, targetProperties } from './target';
import {
	GROUP_POLICY_OPERATION_ODATA_TYPE,
	OPERATION_STATUS_NAMES,
	OPERATION_STATUSES,
	OPERATION_TYPE_NAMES,
	OPERATION_TYPES,
} from './values';

export const option: OperationOption = {
	name: 'Create',
	description: 'Create an operation on an uploaded ADMX definition file',
	action: 'Create group policy operation',
};

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Check Definition File First',
		name: 'checkDefinitionFile',
		type: 'boolean',
		default: true,
		displayOptions: { show: { target: ['presentationValue'] } },
		description:
			"Whether to read the setting's definition file first and stop with a clear message " +
			'when it is not an uploaded ADMX file',
	},
	{
		displayName: 'Operation Type',
		name: 'operationType',
		type: 'options',
		options: choicesOf(OPERATION_TYPE_NAMES),
		default: 'upload',
		description: 'The kind of operation on the uploaded ADMX file',
	},
	{
		displayName: 'Operation Status',
		name: 'operationStatus',
		type: 'options',
		options: choicesOf(OPERATION_STATUS_NAMES),
		default: 'unknown',
		description: 'The status to record for the operation',
	},
	{
		displayName: 'Status Details',
		name: 'statusDetails',
		type: 'string',
		default: '',
		description: 'Free-text details of the status; left out of the request when empty',
	},
	additionalFieldsCollection([
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			default: '',
			description: 'A key for the new operation; Graph assigns one when left out',
		},
		{
			displayName: 'Last Modified Date Time',
			name: 'lastModifiedDateTime',
			type: 'dateTime',
			default: '',
			description: 'ISO 8601 date and time; a value without a time zone is taken as UTC',
		},
	]),
	optionsCollection([batchOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['create'] } },
	properties,
);

/** Reads and checks one item's parameters; throws before anything is sent. */
function buildCreateRequest(this: IExecuteFunctions, itemIndex: number) {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const target = readTarget.call(this, itemIndex);
	const body: IDataObject = {
		'@odata.type': GROUP_POLICY_OPERATION_ODATA_TYPE,
		operationType: validateEnum(
			ctx,
			'operationType',
			this.getNodeParameter('operationType', itemIndex),
			OPERATION_TYPES,
		),
		operationStatus: validateEnum(
			ctx,
			'operationStatus',
			this.getNodeParameter('operationStatus', itemIndex),
			OPERATION_STATUSES,
		),
	};
	const statusDetails = validateShortText(
		ctx,
		'statusDetails',
		this.getNodeParameter('statusDetails', itemIndex, ''),
	);
	if (statusDetails !== '') body.statusDetails = statusDetails;

	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	if (additional.id !== undefined && additional.id !== '') {
		body.id = validateId(ctx, 'additionalFields.id', additional.id);
	}
	if (additional.lastModifiedDateTime !== undefined && additional.lastModifiedDateTime !== '') {
		body.lastModifiedDateTime = validateDateTime(
			ctx,
			'additionalFields.lastModifiedDateTime',
			additional.lastModifiedDateTime,
		);
	}
	return { target, body };
}

/** Checks an item and, by default, its definition file; nothing is sent for a bad item. */
export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex, run) {
	const { target, body } = buildCreateRequest.call(this, itemIndex);
	const onDeepPath = target.target === 'presentationValue';
	if (onDeepPath && this.getNodeParameter('checkDefinitionFile', itemIndex, true)) {
		const { session, shared } = run;
		await assertUploadedDefinitionFile.call(this, session, target.ids, itemIndex, shared);
	}
	return {
		request: { method: 'POST', path: target.operationsPath, body, expectEntity: true },
		output: (created) => created,
	};
};
