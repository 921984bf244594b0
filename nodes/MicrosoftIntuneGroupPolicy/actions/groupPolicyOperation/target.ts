import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty } from '../../descriptions/rlc.description';
import { readLocator } from '../../helpers/locators';
import type { ValidationContext } from '../../helpers/validation';
import { validateEnum } from '../../helpers/validation';
import { uploadedFileLocator } from '../groupPolicyUploadedDefinitionFile/locator';
import { UPLOADED_FILE_ID } from '../groupPolicyUploadedDefinitionFile/paths';
import type { PresentationValuePath } from './paths';
import {
	CONFIGURATION_ID,
	DEFINITION_VALUE_ID,
	PRESENTATION_VALUE_ID,
	presentationOperationsPath,
	uploadedFileOperationsPath,
} from './paths';

/*
 * Where the operations live (Address By): through a configuration's presentation value (the
 * documented deep path), or on an uploaded definition file by its ID (the path Microsoft's SDKs and
 * PowerShell use). Every Group Policy Operation operation asks for it.
 */

export const TARGETS = ['presentationValue', 'uploadedDefinitionFile'] as const;

const onDeepPath = { show: { target: ['presentationValue'] } };

export const targetProperties: INodeProperties[] = [
	{
		displayName: 'Address By',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Configuration Setting',
				value: 'presentationValue',
				description:
					'A configuration, one of its settings and a field of that setting (the documented ' +
					'deep path)',
			},
			{
				name: 'Uploaded Definition File',
				value: 'uploadedDefinitionFile',
				description: 'The uploaded ADMX file itself, as Microsoft PowerShell and the SDKs do',
			},
		],
		default: 'presentationValue',
	},
	{
		...locatorProperty(
			CONFIGURATION_ID,
			'Group Policy Configuration',
			'The Administrative Templates profile (groupPolicyConfiguration)',
			'searchGroupPolicyConfigurations',
			'2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f',
		),
		displayOptions: onDeepPath,
	},
	{
		...locatorProperty(
			DEFINITION_VALUE_ID,
			'Group Policy Definition Value',
			'The setting inside the chosen configuration (groupPolicyDefinitionValue)',
			'searchGroupPolicyDefinitionValues',
			'9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
			['groupPolicyConfigurationId.value'],
		),
		displayOptions: onDeepPath,
	},
	{
		...locatorProperty(
			PRESENTATION_VALUE_ID,
			'Group Policy Presentation Value',
			'The field of the chosen setting (groupPolicyPresentationValue)',
			'searchGroupPolicyPresentationValues',
			'5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c',
			['groupPolicyConfigurationId.value', 'groupPolicyDefinitionValueId.value'],
		),
		displayOptions: onDeepPath,
	},
	{ ...uploadedFileLocator, displayOptions: { show: { target: ['uploadedDefinitionFile'] } } },
];

export type ResolvedTarget =
	| { target: 'presentationValue'; operationsPath: string; ids: PresentationValuePath }
	| {
			target: 'uploadedDefinitionFile';
			operationsPath: string;
			groupPolicyUploadedDefinitionFileId: string;
	  };

/**
 * Reads and checks the target parameters; `read` gives a parameter's value (locators extracted).
 */
export function resolveTarget(
	ctx: ValidationContext,
	read: (name: string) => unknown,
): ResolvedTarget {
	const target = validateEnum(ctx, 'target', read('target') ?? 'presentationValue', TARGETS);
	if (target === 'uploadedDefinitionFile') {
		const id = readLocator(ctx, UPLOADED_FILE_ID, read);
		return {
			target,
			operationsPath: uploadedFileOperationsPath(id),
			groupPolicyUploadedDefinitionFileId: id,
		};
	}
	const ids: PresentationValuePath = {
		groupPolicyConfigurationId: readLocator(ctx, CONFIGURATION_ID, read),
		groupPolicyDefinitionValueId: readLocator(ctx, DEFINITION_VALUE_ID, read),
		groupPolicyPresentationValueId: readLocator(ctx, PRESENTATION_VALUE_ID, read),
	};
	return { target, operationsPath: presentationOperationsPath(ids), ids };
}

/** The target of an item in a node run. */
export function readTarget(this: IExecuteFunctions, itemIndex: number): ResolvedTarget {
	return resolveTarget({ node: this.getNode(), itemIndex }, (name) =>
		this.getNodeParameter(name, itemIndex, undefined, { extractValue: true }),
	);
}
