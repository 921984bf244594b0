import type { IDataObject } from 'n8n-workflow';

import type { Position } from '../../../../nodes/MicrosoftIntuneGroupPolicyTrigger/events';
import {
	EVENTS,
	eventsSince,
	latestEvent,
	positionOf,
} from '../../../../nodes/MicrosoftIntuneGroupPolicyTrigger/events';

/* Which events happened between two readings of the tenant's uploaded files and their operations. */

const operation = (id: string, operationType: string, operationStatus: string, at: string) => ({
	id,
	operationType,
	operationStatus,
	lastModifiedDateTime: `2026-01-01T00:00:${at}Z`,
});

const file = (id: string, operations: IDataObject[], status = 'available'): IDataObject => ({
	id,
	fileName: `${id}.admx`,
	displayName: id,
	targetNamespace: `Contoso.${id}`,
	status,
	groupPolicyOperations: operations,
});

const ALL = [...EVENTS];

describe('positionOf', () => {
	it("keeps each operation's status and each file's summary, nothing else", () => {
		const position = positionOf([file('a', [operation('o1', 'upload', 'inProgress', '01')])]);
		expect(position).toEqual({
			operations: { o1: 'inProgress' },
			files: {
				a: {
					id: 'a',
					fileName: 'a.admx',
					displayName: 'a',
					targetNamespace: 'Contoso.a',
					status: 'available',
				},
			},
		});
	});
});

describe('eventsSince', () => {
	const before = positionOf([
		file('a', [operation('o1', 'upload', 'inProgress', '01')]),
		file('b', [operation('o2', 'uploadNewVersion', 'success', '02')]),
		file('c', []),
	]);

	it('fires an upload once it reaches a final status, and not again', () => {
		const now = [file('a', [operation('o1', 'upload', 'success', '05')]), file('b', [])];
		const events = eventsSince(before, now, ['uploadSucceeded']);
		expect(events.map((e) => [e.event, e.operation?.id, e.file.id])).toEqual([
			['uploadSucceeded', 'o1', 'a'],
		]);
		expect(eventsSince(positionOf(now), now, ['uploadSucceeded'])).toEqual([]);
	});

	it('fires a refused upload or new version as failed, with Intune’s details', () => {
		const failed = { ...operation('o3', 'uploadNewVersion', 'failed', '07'), statusDetails: 'bad' };
		const [event] = eventsSince(before, [file('b', [failed])], ['uploadFailed']);
		expect(event).toMatchObject({
			event: 'uploadFailed',
			operation: { id: 'o3', statusDetails: 'bad' },
			file: { id: 'b' },
		});
	});

	it('fires a removal once: by its operation, or by the file disappearing', () => {
		const removing = file('a', [operation('o4', 'remove', 'success', '08')], 'removalInProgress');
		const events = eventsSince(before, [removing], ['fileRemoved']);
		expect(events.map((e) => [e.file.id, e.operation?.id ?? null])).toEqual([
			['a', 'o4'],
			['b', null],
			['c', null],
		]);
		expect(events[1].file.status).toBe('removed');
	});

	it('fires any new operation when it first appears, whatever its status', () => {
		const now = [
			file('a', [
				operation('o1', 'upload', 'success', '05'),
				operation('o5', 'addLanguageFiles', 'inProgress', '09'),
			]),
		];
		const events = eventsSince(before, now, ['anyOperation']);
		expect(events.map((e) => e.operation?.id)).toEqual(['o5']);
		expect(events[0].operation).toEqual({
			id: 'o5',
			operationType: 'addLanguageFiles',
			operationStatus: 'inProgress',
			statusDetails: null,
			lastModifiedDateTime: '2026-01-01T00:00:09Z',
		});
	});

	it('gives only the chosen events, oldest first', () => {
		const now = [
			file('a', [operation('o1', 'upload', 'failed', '06')]),
			file('b', [
				operation('o2', 'uploadNewVersion', 'success', '02'),
				operation('o6', 'upload', 'success', '03'),
			]),
		];
		expect(
			eventsSince(before, now, ALL).map(
				(e) => `${e.event} ${String(e.operation?.id ?? e.file.id)}`,
			),
		).toEqual(['anyOperation o6', 'uploadSucceeded o6', 'uploadFailed o1', 'fileRemoved c']);
		expect(eventsSince(before, now, [])).toEqual([]);
	});
});

describe('latestEvent', () => {
	it('is the most recent event of the chosen kinds in the tenant as it is', () => {
		const files = [
			file('a', [
				operation('o1', 'upload', 'success', '01'),
				operation('o2', 'upload', 'success', '04'),
			]),
			file('b', [operation('o3', 'upload', 'failed', '03')]),
		];
		expect(latestEvent(files, ['uploadSucceeded', 'uploadFailed'])?.operation?.id).toBe('o2');
		expect(latestEvent(files, ['fileRemoved'])).toBeUndefined();
	});

	it('starts from nothing seen', () => {
		const empty: Position = { operations: {}, files: {} };
		expect(eventsSince(empty, [], ALL)).toEqual([]);
	});
});
