import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	groupPolicyConfigurationRLC,
	groupPolicyDefinitionValueRLC,
	groupPolicyPresentationValueRLC,
} from '../../descriptions/rlc.description';
import {
	GROUP_POLICY_OPERATION_ODATA_TYPE,
	OPERATION_STATUSES,
	OPERATION_TYPES,
} from '../../helpers/graphValues';
import { readLocatorValue } from '../../helpers/parameters';
import type { ValidationContext } from '../../helpers/validation';
import { validateDateTime, validateEnum, validateId, validateText } from '../../helpers/validation';
import { graphRequest } from '../../transport';
import { presentationOperationsPath } from '../../transport/paths';

const operationTypeOptions = [
	{ name: 'Add Language Files', value: 'addLanguageFiles' },
	{ name: 'None', value: 'none' },
	{ name: 'Remove', value: 'remove' },
	{ name: 'Remove Language Files', value: 'removeLanguageFiles' },
	{ name: 'Update Language Files', value: 'updateLanguageFiles' },
	{ name: 'Upload', value: 'upload' },
	{ name: 'Upload New Version', value: 'uploadNewVersion' },
];

const operationStatusOptions = [
	{ name: 'Failed', value: 'failed' },
	{ name: 'In Progress', value: 'inProgress' },
	{ name: 'Success', value: 'success' },
	{ name: 'Unknown', value: 'unknown' },
];

const properties: INodeProperties[] = [
	groupPolicyConfigurationRLC,
	groupPolicyDefinitionValueRLC,
	groupPolicyPresentationValueRLC,
	{
		displayName: 'Operation Type',
		name: 'operationType',
		type: 'options',
		options: operationTypeOptions,
		default: 'upload',
		description: 'The kind of operation on the uploaded ADMX file',
	},
	{
		displayName: 'Operation Status',
		name: 'operationStatus',
		type: 'options',
		options: operationStatusOptions,
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
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
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
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyOperation'], operation: ['create'] } },
	properties,
);

/** Reads and checks one item's parameters; throws before anything is sent. */
export function buildCreateRequest(this: IExecuteFunctions, itemIndex: number) {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const ids = {
		groupPolicyConfigurationId: validateId(
			ctx,
			'groupPolicyConfigurationId',
			readLocatorValue.call(this, 'groupPolicyConfigurationId', itemIndex),
		),
		groupPolicyDefinitionValueId: validateId(
			ctx,
			'groupPolicyDefinitionValueId',
			readLocatorValue.call(this, 'groupPolicyDefinitionValueId', itemIndex),
		),
		groupPolicyPresentationValueId: validateId(
			ctx,
			'groupPolicyPresentationValueId',
			readLocatorValue.call(this, 'groupPolicyPresentationValueId', itemIndex),
		),
	};
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
	const statusDetails = validateText(
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
	return { path: presentationOperationsPath(ids), body };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	graphRoot: string,
): Promise<INodeExecutionData[]> {
	const { path, body } = buildCreateRequest.call(this, itemIndex);
	const created = (await graphRequest.call(
		this,
		graphRoot,
		{ method: 'POST', path, body },
		itemIndex,
	)) as IDataObject;
	return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(created), {
		itemData: { item: itemIndex },
	});
}
