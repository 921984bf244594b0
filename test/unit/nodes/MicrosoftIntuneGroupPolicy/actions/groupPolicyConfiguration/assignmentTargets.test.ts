import fc from 'fast-check';

import type {
	AssignmentTarget,
	Entry,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/assignments/targets';
import {
	assignBody,
	currentEntry,
	entryOf,
	firstDuplicate,
	fromGraphTarget,
	graphTarget,
	resultingSet,
	sameSet,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/assignments/targets';

/* The arithmetic of assigning: targets to Graph's shape and back, and the set each mode results in. */

const G1 = '11111111-1111-4111-8111-111111111111';
const G2 = '22222222-2222-4222-8222-222222222222';
const G3 = '33333333-3333-4333-8333-333333333333';
const F1 = 'f1f1f1f1-0000-4000-8000-000000000001';
const F2 = 'f2f2f2f2-0000-4000-8000-000000000002';
const ZERO = '00000000-0000-0000-0000-000000000000';

const GROUP = '#microsoft.graph.groupAssignmentTarget';
const EXCLUSION = '#microsoft.graph.exclusionGroupAssignmentTarget';
const ALL_DEVICES = '#microsoft.graph.allDevicesAssignmentTarget';
const ALL_USERS = '#microsoft.graph.allLicensedUsersAssignmentTarget';

/** An assignment as Graph lists it. */
const listed = (target: Record<string, unknown>, id = 'a') => ({ id, target });
const current = (...targets: AssignmentTarget[]) =>
	targets.map((t) => currentEntry(listed(graphTarget(t))));
const targetsOf = (set: Entry[]) => set.map((entry) => entry.target);

describe('graphTarget', () => {
	it('gives each type its @odata.type, with the filter fields only when there is a filter', () => {
		expect(graphTarget({ type: 'includeGroup', groupId: G1 })).toEqual({
			'@odata.type': GROUP,
			groupId: G1,
		});
		expect(
			graphTarget({ type: 'includeGroup', groupId: G1, filterId: F1, filterType: 'exclude' }),
		).toEqual({
			'@odata.type': GROUP,
			groupId: G1,
			deviceAndAppManagementAssignmentFilterId: F1,
			deviceAndAppManagementAssignmentFilterType: 'exclude',
		});
		expect(graphTarget({ type: 'excludeGroup', groupId: G2 })).toEqual({
			'@odata.type': EXCLUSION,
			groupId: G2,
		});
		expect(graphTarget({ type: 'allDevices', filterId: F1 })).toEqual({
			'@odata.type': ALL_DEVICES,
			deviceAndAppManagementAssignmentFilterId: F1,
			deviceAndAppManagementAssignmentFilterType: 'include',
		});
		expect(graphTarget({ type: 'allUsers', filterId: ZERO, filterType: 'include' })).toEqual({
			'@odata.type': ALL_USERS,
		});
	});
});

describe('fromGraphTarget', () => {
	it('reads the four target types back, treating a null or all-zero filter as none', () => {
		expect(
			fromGraphTarget({
				'@odata.type': GROUP,
				groupId: G1,
				deviceAndAppManagementAssignmentFilterId: null,
				deviceAndAppManagementAssignmentFilterType: 'none',
			}),
		).toEqual({ type: 'includeGroup', groupId: G1 });
		expect(
			fromGraphTarget({
				'@odata.type': ALL_DEVICES,
				deviceAndAppManagementAssignmentFilterId: ZERO,
				deviceAndAppManagementAssignmentFilterType: 'none',
			}),
		).toEqual({ type: 'allDevices' });
		expect(
			fromGraphTarget({
				'@odata.type': ALL_USERS,
				deviceAndAppManagementAssignmentFilterId: F2,
				deviceAndAppManagementAssignmentFilterType: 'exclude',
			}),
		).toEqual({ type: 'allUsers', filterId: F2, filterType: 'exclude' });
		expect(fromGraphTarget({ '@odata.type': EXCLUSION, groupId: G2 })).toEqual({
			type: 'excludeGroup',
			groupId: G2,
		});
	});

	it('answers undefined for a target type the node does not manage', () => {
		expect(
			fromGraphTarget({
				'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
				collectionId: 'SMS00001',
			}),
		).toBeUndefined();
	});

	it('round-trips every target the node builds', () => {
		const target = fc.oneof(
			fc.record({
				type: fc.constantFrom('includeGroup' as const),
				groupId: fc.uuid(),
				filterId: fc.uuid(),
				filterType: fc.constantFrom('include' as const, 'exclude' as const),
			}),
			fc.record({ type: fc.constantFrom('excludeGroup' as const), groupId: fc.uuid() }),
			fc.record({ type: fc.constantFrom('allDevices' as const, 'allUsers' as const) }),
		);
		fc.assert(
			fc.property(target, (t: AssignmentTarget) => {
				const back = fromGraphTarget(graphTarget(t));
				expect(entryOf(back!).signature).toBe(entryOf(t).signature);
			}),
		);
	});
});

describe('currentEntry', () => {
	it('keeps a target of another type exactly as Graph gave it', () => {
		const other = {
			'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
			collectionId: 'SMS00001',
		};
		const entry = currentEntry(listed(other));
		expect(entry.target).toEqual(other);
		expect(entry.type).toBeUndefined();
		expect(assignBody([entry])).toEqual({ assignments: [{ target: other }] });
	});

	it('compares group IDs and filter IDs whatever their case', () => {
		const upper = currentEntry(
			listed({
				'@odata.type': GROUP,
				groupId: G1.toUpperCase(),
				deviceAndAppManagementAssignmentFilterId: F1.toUpperCase(),
				deviceAndAppManagementAssignmentFilterType: 'include',
			}),
		);
		expect(upper.signature).toBe(
			entryOf({ type: 'includeGroup', groupId: G1, filterId: F1 }).signature,
		);
	});

	it('reads an assignment without a target as an empty one rather than failing', () => {
		expect(currentEntry({ id: 'x' }).target).toEqual({});
	});
});

describe('resultingSet', () => {
	const now = current(
		{ type: 'includeGroup', groupId: G1 },
		{ type: 'excludeGroup', groupId: G2 },
		{ type: 'allDevices', filterId: F1, filterType: 'include' },
	);

	it('Replace All: exactly the targets given', () => {
		const result = resultingSet('replace', now, [{ type: 'allUsers' }]);
		expect(targetsOf(result)).toEqual([{ '@odata.type': ALL_USERS }]);
		expect(resultingSet('replace', now, [])).toEqual([]);
	});

	it('Add: appends new targets and keeps the current ones in place', () => {
		const result = resultingSet('add', now, [{ type: 'includeGroup', groupId: G3 }]);
		expect(targetsOf(result)).toEqual([...targetsOf(now), { '@odata.type': GROUP, groupId: G3 }]);
	});

	it('Add: a target replaces the current assignment of the same group, included or excluded', () => {
		const result = resultingSet('add', now, [
			{ type: 'includeGroup', groupId: G2, filterId: F2, filterType: 'exclude' },
			{ type: 'allDevices' },
		]);
		expect(targetsOf(result)).toEqual([
			{ '@odata.type': GROUP, groupId: G1 },
			{
				'@odata.type': GROUP,
				groupId: G2,
				deviceAndAppManagementAssignmentFilterId: F2,
				deviceAndAppManagementAssignmentFilterType: 'exclude',
			},
			{ '@odata.type': ALL_DEVICES },
		]);
	});

	it('Add: adding what is there already changes nothing', () => {
		const result = resultingSet('add', now, [
			{ type: 'excludeGroup', groupId: G2 },
			{ type: 'allDevices', filterId: F1, filterType: 'include' },
		]);
		expect(sameSet(result, now)).toBe(true);
	});

	it('Remove: drops the assignments of the targets given, whatever their filter', () => {
		const result = resultingSet('remove', now, [
			{ type: 'includeGroup', groupId: G1 },
			{ type: 'allDevices' },
		]);
		expect(targetsOf(result)).toEqual([{ '@odata.type': EXCLUSION, groupId: G2 }]);
	});

	it('Remove: an inclusion is not an exclusion, and what is not there is no change', () => {
		const result = resultingSet('remove', now, [
			{ type: 'includeGroup', groupId: G2 },
			{ type: 'allUsers' },
			{ type: 'includeGroup', groupId: G3 },
		]);
		expect(sameSet(result, now)).toBe(true);
	});

	it('keeps targets of other types through Add and Remove', () => {
		const other = currentEntry(
			listed({
				'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
				collectionId: 'SMS00001',
			}),
		);
		const withOther = [...now, other];
		expect(resultingSet('add', withOther, [{ type: 'allUsers' }])).toContain(other);
		expect(resultingSet('remove', withOther, [{ type: 'allDevices' }])).toContain(other);
	});

	const targets = fc.array(
		fc.oneof(
			fc.record({
				type: fc.constantFrom('includeGroup' as const, 'excludeGroup' as const),
				groupId: fc.constantFrom(G1, G2, G3),
			}),
			fc.record({ type: fc.constantFrom('allDevices' as const, 'allUsers' as const) }),
		),
		{ maxLength: 6 },
	) as fc.Arbitrary<AssignmentTarget[]>;
	const unique = (list: AssignmentTarget[]) =>
		list.filter((_, i) => !firstDuplicate(list.slice(0, i + 1)));

	it('Add twice is Add once, and Remove after Add takes the added targets out again', () => {
		fc.assert(
			fc.property(targets, targets, (before, added) => {
				const start = unique(before).map(entryOf);
				const add = unique(added);
				const once = resultingSet('add', start, add);
				expect(sameSet(resultingSet('add', once, add), once)).toBe(true);
				const removed = resultingSet('remove', once, add);
				const keys = new Set(add.map((t) => entryOf(t).key));
				expect(removed.every((entry) => !keys.has(entry.key))).toBe(true);
				expect(removed.length).toBe(once.length - add.length);
			}),
		);
	});
});

describe('sameSet', () => {
	it('ignores order and notices a changed filter', () => {
		const a = current({ type: 'allDevices' }, { type: 'includeGroup', groupId: G1 });
		const b = current({ type: 'includeGroup', groupId: G1 }, { type: 'allDevices' });
		expect(sameSet(a, b)).toBe(true);
		const c = current({ type: 'includeGroup', groupId: G1, filterId: F1 }, { type: 'allDevices' });
		expect(sameSet(a, c)).toBe(false);
		expect(sameSet(a, a.slice(1))).toBe(false);
	});
});

describe('firstDuplicate', () => {
	it('finds a group named twice (included and excluded too) and All Devices twice', () => {
		expect(
			firstDuplicate([
				{ type: 'includeGroup', groupId: G1 },
				{ type: 'allDevices' },
				{ type: 'excludeGroup', groupId: G1.toUpperCase() },
			]),
		).toEqual({ first: 0, second: 2 });
		expect(firstDuplicate([{ type: 'allDevices' }, { type: 'allDevices', filterId: F1 }])).toEqual({
			first: 0,
			second: 1,
		});
		expect(
			firstDuplicate([
				{ type: 'allDevices' },
				{ type: 'allUsers' },
				{ type: 'includeGroup', groupId: G1 },
			]),
		).toBeUndefined();
	});
});
