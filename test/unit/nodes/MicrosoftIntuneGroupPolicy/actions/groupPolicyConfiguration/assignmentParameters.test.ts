import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { JSON_SHAPE } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/assignments/parameters';
import {
	checkTargets,
	locatorId,
	readAssignParameters,
	targetsFromFields,
	targetsFromJson,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/assignments/readTargets';
import { groupFilter } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/assignments/groups';
import {
	GROUP_ID,
	odataString,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/paths';
import { TEST_NODE } from '../../../../../helpers/executeContext';

/* Assign's targets from fields and from JSON, and every refusal before anything is sent. */

const ctx = { node: TEST_NODE, itemIndex: 3 };
const G1 = '11111111-1111-4111-8111-111111111111';
const G2 = '22222222-2222-4222-8222-222222222222';
const F1 = 'f1f1f1f1-0000-4000-8000-000000000001';

const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });
const empty = rl('');

describe('locatorId', () => {
	it('takes the ID from a list pick, a typed ID, a plain string or a Graph URL', () => {
		expect(locatorId(ctx, 'p', GROUP_ID, rl(G1))).toBe(G1);
		expect(locatorId(ctx, 'p', GROUP_ID, rl(` ${G1} `, 'id'))).toBe(G1);
		expect(locatorId(ctx, 'p', GROUP_ID, G1)).toBe(G1);
		expect(
			locatorId(ctx, 'p', GROUP_ID, rl(`https://graph.microsoft.com/v1.0/groups/${G1}`, 'url')),
		).toBe(G1);
		expect(locatorId(ctx, 'p', GROUP_ID, `https://graph.microsoft.com/v1.0/groups('${G1}')`)).toBe(
			G1,
		);
	});

	it('answers undefined when nothing is chosen', () => {
		for (const value of [undefined, null, '', '  ', empty]) {
			expect(locatorId(ctx, 'p', GROUP_ID, value)).toBeUndefined();
		}
	});

	it('refuses a URL without the ID, a name instead of an ID, and what could change the URL', () => {
		expect(() =>
			locatorId(ctx, 'targets[0].groupId', GROUP_ID, rl('https://example.com/users/x', 'url')),
		).toThrow('Parameter "targets[0].groupId" is not a Graph URL with /groups/{id} (item 3)');
		expect(() => locatorId(ctx, 'g', GROUP_ID, 'Pilot devices')).toThrow(
			'Parameter "g" contains whitespace',
		);
		expect(() => locatorId(ctx, 'g', GROUP_ID, 'pilot')).toThrow(
			'Parameter "g" is "pilot", not a GUID (item 3)',
		);
		expect(() => locatorId(ctx, 'g', GROUP_ID, `${G1}/../x`)).toThrow('contains the character "/"');
		expect(() => locatorId(ctx, 'g', GROUP_ID, 42)).toThrow('is "42", not a GUID');
		expect(() => locatorId(ctx, 'g', GROUP_ID, [G1])).toThrow('must be text, not a list');
	});
});

describe('targetsFromFields', () => {
	it('reads each kind of target, a filter only when one is chosen', () => {
		const read = targetsFromFields(ctx, {
			includeGroups: [
				{
					groupId: rl(G1),
					deviceAndAppManagementAssignmentFilterId: rl(F1),
					deviceAndAppManagementAssignmentFilterType: 'exclude',
				},
				{
					groupId: rl(G2, 'id'),
					deviceAndAppManagementAssignmentFilterId: empty,
					deviceAndAppManagementAssignmentFilterType: 'include',
				},
			],
			allDevices: [{ deviceAndAppManagementAssignmentFilterType: 'include' }],
			allUsers: { deviceAndAppManagementAssignmentFilterId: F1 },
		});
		expect(read.targets).toEqual([
			{ type: 'includeGroup', groupId: G1, filterId: F1, filterType: 'exclude' },
			{ type: 'includeGroup', groupId: G2 },
			{ type: 'allDevices' },
			{ type: 'allUsers', filterId: F1, filterType: 'include' },
		]);
		expect(read.sources).toEqual([
			'assignmentTargets.includeGroups[0]',
			'assignmentTargets.includeGroups[1]',
			'assignmentTargets.allDevices[0]',
			'assignmentTargets.allUsers[0]',
		]);
		expect(targetsFromFields(ctx, undefined).targets).toEqual([]);
	});

	it('refuses a group entry without a group, and a filter on an exclusion', () => {
		expect(() => targetsFromFields(ctx, { excludeGroups: [{ groupId: empty }] })).toThrow(
			'Parameter "assignmentTargets.excludeGroups[0].groupId" is empty (item 3)',
		);
		expect(() =>
			targetsFromFields(ctx, {
				excludeGroups: [{ groupId: rl(G1), deviceAndAppManagementAssignmentFilterId: rl(F1) }],
			}),
		).toThrow(
			'Parameter "assignmentTargets.excludeGroups[0].deviceAndAppManagementAssignmentFilterId" ' +
				'is set on an excluded group (item 3)',
		);
	});

	it('refuses a filter type Graph does not know, from an expression', () => {
		expect(() =>
			targetsFromFields(ctx, {
				allDevices: [
					{
						deviceAndAppManagementAssignmentFilterId: rl(F1),
						deviceAndAppManagementAssignmentFilterType: 'none',
					},
				],
			}),
		).toThrow(
			'Parameter "assignmentTargets.allDevices[0].deviceAndAppManagementAssignmentFilterType" ' +
				'has the value "none"',
		);
	});
});

describe('targetsFromJson', () => {
	it('reads the documented shape, as text or as a list from an expression', () => {
		const list = [
			{ type: 'includeGroup', groupId: G1, filterId: F1, filterType: 'exclude' },
			{ type: 'excludeGroup', groupId: G2 },
			{ type: 'allDevices' },
			{ type: 'allUsers', filterId: F1 },
		];
		const expected = [
			{ type: 'includeGroup', groupId: G1, filterId: F1, filterType: 'exclude' },
			{ type: 'excludeGroup', groupId: G2 },
			{ type: 'allDevices' },
			{ type: 'allUsers', filterId: F1, filterType: 'include' },
		];
		expect(targetsFromJson(ctx, JSON.stringify(list)).targets).toEqual(expected);
		expect(targetsFromJson(ctx, list).targets).toEqual(expected);
		expect(targetsFromJson(ctx, list).sources[1]).toBe('assignmentTargetsJson[1]');
		expect(targetsFromJson(ctx, { type: 'allUsers' }).targets).toEqual([{ type: 'allUsers' }]);
		for (const none of ['', '[]', null, undefined]) {
			expect(targetsFromJson(ctx, none).targets).toEqual([]);
		}
	});

	it('parses the example of its own description', () => {
		const shape = JSON_SHAPE.replace(/<group ID>/g, G1).replace(/<filter ID>/g, F1);
		expect(() => targetsFromJson(ctx, shape)).not.toThrow();
	});

	it('accepts assignments as Graph lists them, to copy another profile’s', () => {
		const assignments = [
			{
				id: 'x_1',
				target: {
					'@odata.type': '#microsoft.graph.groupAssignmentTarget',
					groupId: G1,
					deviceAndAppManagementAssignmentFilterId: F1,
					deviceAndAppManagementAssignmentFilterType: 'exclude',
				},
			},
			{
				id: 'x_2',
				target: {
					'@odata.type': '#microsoft.graph.allDevicesAssignmentTarget',
					deviceAndAppManagementAssignmentFilterId: null,
					deviceAndAppManagementAssignmentFilterType: 'none',
				},
			},
			{ '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: G2 },
		];
		expect(targetsFromJson(ctx, assignments).targets).toEqual([
			{ type: 'includeGroup', groupId: G1, filterId: F1, filterType: 'exclude' },
			{ type: 'allDevices' },
			{ type: 'excludeGroup', groupId: G2 },
		]);
	});

	it.each([
		['not JSON', '[{type:}]', 'Parameter "assignmentTargetsJson" is not valid JSON'],
		['a number', '7', 'Parameter "assignmentTargetsJson" must be a list of targets, not number'],
		[
			'an entry that is no object',
			'["x"]',
			'Parameter "assignmentTargetsJson[0]" must be an object',
		],
		[
			'an unknown type',
			[{ type: 'group', groupId: G1 }],
			'Parameter "assignmentTargetsJson[0].type" has the value "group"',
		],
		[
			'a misspelt property',
			[{ type: 'includeGroup', groupID: G1 }],
			'Parameter "assignmentTargetsJson[0].groupID" is not a property of a target',
		],
		[
			'a group without groupId',
			[{ type: 'excludeGroup' }],
			'Parameter "assignmentTargetsJson[0].groupId" is empty',
		],
		[
			'a groupId on All Devices',
			[{ type: 'allDevices', groupId: G1 }],
			'Parameter "assignmentTargetsJson[0].groupId" is set, but All Devices targets no group',
		],
		[
			'a filter type without a filter',
			[{ type: 'allUsers', filterType: 'include' }],
			'Parameter "assignmentTargetsJson[0].filterType" is set without a filterId',
		],
		[
			'a filter on an exclusion',
			[{ type: 'excludeGroup', groupId: G1, filterId: F1 }],
			'Parameter "assignmentTargetsJson[0].filterId" is set on an excluded group',
		],
		[
			'a filter ID that is no GUID',
			[{ type: 'allUsers', filterId: 'Windows 11 only' }],
			'Parameter "assignmentTargetsJson[0].filterId" contains whitespace',
		],
		[
			'a Graph target of another type',
			[
				{
					target: {
						'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
					},
				},
			],
			'Parameter "assignmentTargetsJson[0]" has the target type "#microsoft.graph.configurationManagerCollectionAssignmentTarget", which this node does not assign',
		],
		[
			'a Graph target that is no object',
			[{ target: 'everyone' }],
			'Parameter "assignmentTargetsJson[0]" has the target type undefined',
		],
		[
			'a Graph exclusion with a filter',
			[
				{
					target: {
						'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
						groupId: G1,
						deviceAndAppManagementAssignmentFilterId: F1,
					},
				},
			],
			'Parameter "assignmentTargetsJson[0].target.deviceAndAppManagementAssignmentFilterId" is set on an excluded group',
		],
	])('refuses %s, naming the entry', (_what, value, message) => {
		expect(() => targetsFromJson(ctx, value)).toThrow(message);
	});
});

describe('checkTargets', () => {
	const read = (...targets: IDataObject[]) => ({
		targets: targets as never[],
		sources: targets.map((_, i) => `assignmentTargetsJson[${i}]`),
	});

	it('refuses Replace All without targets unless removing every assignment is allowed', () => {
		expect(() => checkTargets(ctx, 'replace', read(), false)).toThrow(
			'Parameter "assignmentTargets" names no target, so Replace All would remove every ' +
				'assignment of the profile (item 3)',
		);
		expect(checkTargets(ctx, 'replace', read(), true)).toEqual({ targets: [] });
	});

	it('refuses Add and Remove without targets, whatever the option', () => {
		expect(() => checkTargets(ctx, 'add', read(), true, 'json')).toThrow(
			'Parameter "assignmentTargetsJson" names no target to add',
		);
		expect(() => checkTargets(ctx, 'remove', read(), true)).toThrow('names no target to remove');
	});

	it('refuses a group named twice, included and excluded, naming both places', () => {
		expect(() =>
			checkTargets(
				ctx,
				'add',
				read({ type: 'includeGroup', groupId: G1 }, { type: 'excludeGroup', groupId: G1 }),
				false,
			),
		).toThrow(
			`Parameter "assignmentTargetsJson[1]" names group ${G1} again (also in ` +
				'assignmentTargetsJson[0]) (item 3)',
		);
		expect(() =>
			checkTargets(ctx, 'replace', read({ type: 'allUsers' }, { type: 'allUsers' }), false),
		).toThrow('names All Users again');
	});

	it('leaves filters out of a removal', () => {
		expect(
			checkTargets(
				ctx,
				'remove',
				read(
					{ type: 'includeGroup', groupId: G1, filterId: F1, filterType: 'include' },
					{ type: 'allDevices', filterId: F1, filterType: 'include' },
				),
				false,
			),
		).toEqual({ targets: [{ type: 'includeGroup', groupId: G1 }, { type: 'allDevices' }] });
	});
});

describe('readAssignParameters', () => {
	const context = (parameters: IDataObject) =>
		({
			getNode: () => TEST_NODE,
			getNodeParameter: (name: string, _i: number, fallback?: unknown) =>
				parameters[name] ?? fallback,
		}) as unknown as IExecuteFunctions;

	it('reads the mode, the targets from the chosen source and the option', () => {
		expect(
			readAssignParameters.call(
				context({
					assignmentMode: 'add',
					defineTargets: 'json',
					assignmentTargetsJson: `[{"type":"includeGroup","groupId":"${G1}"}]`,
				}),
				0,
			),
		).toEqual({
			mode: 'add',
			allowRemovingAll: false,
			targets: [{ type: 'includeGroup', groupId: G1 }],
		});
		expect(
			readAssignParameters.call(context({ options: { allowRemovingAllAssignments: true } }), 0),
		).toEqual({ mode: 'replace', allowRemovingAll: true, targets: [] });
	});

	it('refuses a mode or a source Graph and the node do not know', () => {
		expect(() => readAssignParameters.call(context({ assignmentMode: 'merge' }), 0)).toThrow(
			'Parameter "assignmentMode" has the value "merge"',
		);
		expect(() => readAssignParameters.call(context({ defineTargets: 'yaml' }), 0)).toThrow(
			'Parameter "defineTargets" has the value "yaml"',
		);
	});
});

describe('groupFilter', () => {
	it('asks Graph for groups whose name starts with the text, quotes doubled', () => {
		expect(groupFilter("O'Brien team")).toBe("startswith(displayName,'O''Brien team')");
		expect(groupFilter('  ')).toBeUndefined();
		expect(groupFilter(undefined)).toBeUndefined();
	});

	it('finds a pasted group ID by ID', () => {
		expect(groupFilter(G1.toUpperCase())).toBe(`id eq '${G1}'`);
	});

	it('quotes any text as one OData string', () => {
		expect(odataString("a'') or true or ('")).toBe("'a'''') or true or ('''");
	});
});
