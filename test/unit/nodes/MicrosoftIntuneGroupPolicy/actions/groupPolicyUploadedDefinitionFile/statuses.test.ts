import type {
	Outcome,
	WaitAction,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/statuses';
import {
	existingState,
	FILE_STATUSES,
	outcomeOf,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/statuses';

/*
 * The wait logic, status by status: for each action the node waits on, which of Graph's seven
 * groupPolicyUploadedDefinitionFileStatus values end the wait, and with what outcome. `gone` is
 * Graph's 404 for the file.
 */

const TABLE: Array<[string, Record<WaitAction, Outcome>]> = [
	['none', { upload: 'wait', uploadNewVersion: 'wait', remove: 'wait' }],
	['uploadInProgress', { upload: 'wait', uploadNewVersion: 'wait', remove: 'wait' }],
	['available', { upload: 'done', uploadNewVersion: 'done', remove: 'wait' }],
	['assigned', { upload: 'done', uploadNewVersion: 'done', remove: 'wait' }],
	['removalInProgress', { upload: 'wait', uploadNewVersion: 'wait', remove: 'wait' }],
	['uploadFailed', { upload: 'uploadFailed', uploadNewVersion: 'uploadFailed', remove: 'wait' }],
	[
		'removalFailed',
		{ upload: 'removalFailed', uploadNewVersion: 'removalFailed', remove: 'removalFailed' },
	],
	['(404: the file is gone)', { upload: 'gone', uploadNewVersion: 'gone', remove: 'done' }],
	['(a status Graph may add)', { upload: 'wait', uploadNewVersion: 'wait', remove: 'wait' }],
];

const reading = (status: string) =>
	status === '(404: the file is gone)'
		? undefined
		: { status: status === '(a status Graph may add)' ? 'somethingNew' : status };

describe('what each status means while waiting', () => {
	it('covers every value of groupPolicyUploadedDefinitionFileStatus', () => {
		expect(TABLE.map(([status]) => status)).toEqual(expect.arrayContaining([...FILE_STATUSES]));
	});

	describe.each(TABLE)('%s', (status, outcomes) => {
		it.each(Object.entries(outcomes))('while waiting on %s: %s', (action, outcome) => {
			expect(outcomeOf(action as WaitAction, reading(status))).toBe(outcome);
		});
	});

	it('ends a removal as failed as soon as its remove operation failed, whatever the status', () => {
		for (const status of FILE_STATUSES) {
			expect(outcomeOf('remove', { status }, { operationStatus: 'failed' })).toBe('removalFailed');
		}
		expect(
			outcomeOf('remove', { status: 'removalInProgress' }, { operationStatus: 'success' }),
		).toBe('wait');
	});
});

describe('what a file already in the tenant means for an upload of its namespace', () => {
	it.each([
		['available', 'uploaded'],
		['assigned', 'uploaded'],
		['uploadFailed', 'failed'],
		['removalFailed', 'removalFailed'],
		['uploadInProgress', 'busy'],
		['removalInProgress', 'busy'],
		['none', 'busy'],
	])('%s: %s', (status, state) => {
		expect(existingState(status)).toBe(state);
	});
});
