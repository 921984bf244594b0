import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import { validateEnum } from '../../helpers/validation';
import type { PlanItem } from '../types';
import { configurationLocator, readConfigurationId } from './locator';
import { compareProfiles, settingIdentity } from './portable/compare';
import { portableProfileProperties, readPortableProfile } from './portable/parse';
import { readSnapshot } from './portable/snapshot';

/*
 * Compare: a profile in the tenant against a portable profile (the JSON Export writes, from this
 * tenant or another), one output item per difference (portable/compare.ts says what counts as the
 * same). Equal: no item by default, so that a scheduled drift check goes on only on drift.
 */

export const option: OperationOption = {
	name: 'Compare',
	description: 'Compare a profile with a portable profile, one item per difference',
	action: 'Compare an administrative templates profile',
};

const WHEN_EQUAL = ['nothing', 'oneItem'] as const;

const properties: INodeProperties[] = [
	configurationLocator,
	...portableProfileProperties(),
	optionsCollection([
		{
			displayName: 'Output When Equal',
			name: 'outputWhenEqual',
			type: 'options',
			options: [
				{
					name: 'Nothing',
					value: 'nothing',
					description: 'No item: the workflow goes on only when the profile differs',
				},
				{ name: 'One Item', value: 'oneItem', description: 'One item with equal: true' },
			],
			default: 'nothing',
			description: 'What to output when the profile is as the portable profile says',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['compare'] } },
	properties,
);

export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const configurationId = readConfigurationId.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const whenEqual = validateEnum(
		ctx,
		'options.outputWhenEqual',
		options.outputWhenEqual ?? 'nothing',
		WHEN_EQUAL,
	);
	const expected = await readPortableProfile.call(this, itemIndex);
	return {
		steps: async () => {
			const tenant = await readSnapshot.call(this, run, itemIndex, {
				configurationId,
				withAdmxFiles: false,
				groupIds: expected.assignments.flatMap((a) => (a.groupId ? [a.groupId] : [])),
				filterIds: expected.assignments.flatMap((a) => (a.filterId ? [a.filterId] : [])),
			});
			const differences = compareProfiles(expected, tenant.profile, {
				groupsHere: tenant.groupsHere,
				filtersHere: tenant.filtersHere,
				inputsOf: (setting) => tenant.inputs.get(settingIdentity(setting)),
			});
			const context: IDataObject = { groupPolicyConfigurationId: configurationId };
			if (tenant.warnings.length) context.warnings = tenant.warnings;
			if (differences.length === 0)
				return whenEqual === 'oneItem' ? [{ equal: true, ...context }] : [];
			return differences.map((d) => ({ ...(d as unknown as IDataObject), ...context }));
		},
	};
};
