import type { INodeProperties } from 'n8n-workflow';

import { locatorProperty } from '../../../descriptions/rlc.description';
import { ASSIGNMENT_FILTER_ID, GROUP_ID } from '../paths';
import { FILTER_TYPE } from './targets';

/*
 * Assign's parameters as the editor shows them: the mode, and the targets from fields (a group or
 * filter from a searchable list, by ID or by URL) or from JSON (an expression, an AI agent, another
 * profile's assignments). readTargets.ts reads and checks what the user gave.
 */

export const MODE = 'assignmentMode';
export const DEFINE_TARGETS = 'defineTargets';
export const TARGETS = 'assignmentTargets';
export const TARGETS_JSON = 'assignmentTargetsJson';
export const ALLOW_REMOVING_ALL = 'allowRemovingAllAssignments';

export const DEFINE_TARGETS_VALUES = ['fields', 'json'] as const;

export const JSON_SHAPE =
	'[{"type": "includeGroup", "groupId": "<group ID>", "filterId": "<filter ID>", ' +
	'"filterType": "include"}, {"type": "excludeGroup", "groupId": "<group ID>"}, ' +
	'{"type": "allDevices"}, {"type": "allUsers", "filterId": "<filter ID>", "filterType": "exclude"}]';

const EXAMPLE_GUID = 'a1b2c3d4-0000-4000-8000-00000000c0de';

/** Where a filter applies: not to exclusions, and not when removing (filters are not compared). */
const whenFiltered = { show: { [`/${MODE}`]: ['replace', 'add'] } };

const groupLocator: INodeProperties = {
	...locatorProperty(
		GROUP_ID,
		'Group',
		'The Microsoft Entra group. Choosing from the list needs the Group.Read.All permission; ' +
			'a group ID can always be entered By ID without it.',
		'searchGroups',
		EXAMPLE_GUID,
	),
};
groupLocator.modes = groupLocator.modes!.map((mode) =>
	mode.name === 'url'
		? { ...mode, placeholder: `e.g. https://graph.microsoft.com/v1.0/groups/${EXAMPLE_GUID}` }
		: mode,
);

const filterLocator: INodeProperties = {
	...locatorProperty(
		ASSIGNMENT_FILTER_ID,
		'Assignment Filter',
		'An assignment filter that narrows the devices the profile applies to; leave empty for none',
		'searchAssignmentFilters',
		EXAMPLE_GUID,
	),
	required: false,
	displayOptions: whenFiltered,
};

const filterTypeProperty: INodeProperties = {
	displayName: 'Filter Type',
	name: FILTER_TYPE,
	type: 'options',
	options: [
		{
			name: 'Exclude',
			value: 'exclude',
			description: 'Apply to the devices the filter does not match',
		},
		{ name: 'Include', value: 'include', description: 'Apply to the devices the filter matches' },
	],
	default: 'include',
	displayOptions: whenFiltered,
	description: 'Whether the profile applies to the devices the filter matches or to the others',
};

export const modeProperty: INodeProperties = {
	displayName: 'Mode',
	name: MODE,
	type: 'options',
	options: [
		{
			name: 'Add',
			value: 'add',
			description:
				'Keep the current assignments and add these targets; a target replaces the current ' +
				'assignment of the same group (or All Devices, All Users)',
		},
		{
			name: 'Remove',
			value: 'remove',
			description: 'Keep the current assignments except those of these targets',
		},
		{
			name: 'Replace All',
			value: 'replace',
			description: 'Make these targets the only assignments of the profile',
		},
	],
	default: 'replace',
	description:
		"How the targets change the profile's assignments. Graph's assign replaces all of them, so " +
		'Add and Remove read the current assignments first; nothing is sent when nothing changes.',
};

export const targetProperties: INodeProperties[] = [
	{
		displayName: 'Define Targets',
		name: DEFINE_TARGETS,
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'fields',
		description: 'Whether to choose the targets in fields or give them as JSON',
	},
	{
		displayName: 'Targets',
		name: TARGETS,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Target',
		default: {},
		displayOptions: { show: { [DEFINE_TARGETS]: ['fields'] } },
		description: 'The groups, or all devices or users, the profile is assigned to',
		options: [
			{
				displayName: 'All Devices',
				name: 'allDevices',
				values: [filterLocator, filterTypeProperty],
			},
			{
				displayName: 'All Users',
				name: 'allUsers',
				values: [filterLocator, filterTypeProperty],
			},
			{
				displayName: 'Exclude Groups',
				name: 'excludeGroups',
				values: [
					{
						...groupLocator,
						description:
							`${String(groupLocator.description)} Exclusions take no assignment filter: ` +
							'Intune refuses filters on excluded groups.',
					},
				],
			},
			{
				displayName: 'Include Groups',
				name: 'includeGroups',
				values: [groupLocator, filterLocator, filterTypeProperty],
			},
		],
	},
	{
		displayName: 'Targets (JSON)',
		name: TARGETS_JSON,
		type: 'json',
		default: '[]',
		displayOptions: { show: { [DEFINE_TARGETS]: ['json'] } },
		description:
			`A list of targets, e.g. ${JSON_SHAPE}. type is includeGroup, excludeGroup, allDevices ` +
			'or allUsers; groupId is for groups only; filterId and filterType (include or exclude) ' +
			'are optional and not allowed on excludeGroup. Assignments as Graph lists them ' +
			'({"target": {...}}) are accepted too.',
	},
];

export const allowRemovingAllOption: INodeProperties = {
	displayName: 'Allow Removing All Assignments',
	name: ALLOW_REMOVING_ALL,
	type: 'boolean',
	default: false,
	displayOptions: { show: { [`/${MODE}`]: ['replace'] } },
	description:
		'Whether Replace All with no target may remove every assignment of the profile. Off, ' +
		'such an item fails and nothing is sent.',
};
