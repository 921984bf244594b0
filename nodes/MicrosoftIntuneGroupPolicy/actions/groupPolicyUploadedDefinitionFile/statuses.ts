import type { IDataObject } from 'n8n-workflow';

import { valuesOf } from '../../helpers/choices';

/*
 * What each status of an uploaded file means for the action the node waits on. Graph's
 * groupPolicyUploadedDefinitionFileStatus has seven values; each action ends its wait on some of
 * them, and a status Graph may add later keeps the wait going until the timeout rather than being
 * taken for a verdict.
 */

/** Graph's statuses in Graph's documented order, with the names the node shows. */
export const FILE_STATUS_NAMES = {
	none: 'None',
	uploadInProgress: 'Upload In Progress',
	available: 'Available',
	assigned: 'Assigned',
	removalInProgress: 'Removal In Progress',
	uploadFailed: 'Upload Failed',
	removalFailed: 'Removal Failed',
};
export const FILE_STATUSES = valuesOf(FILE_STATUS_NAMES);
export type FileStatus = (typeof FILE_STATUSES)[number];

export type WaitAction = 'upload' | 'uploadNewVersion' | 'remove';

/** `gone`: Graph answers 404 for the file. */
export type Outcome = 'wait' | 'done' | 'gone' | 'uploadFailed' | 'removalFailed';

const WHILE_UPLOADING: Record<FileStatus, Outcome> = {
	none: 'wait',
	uploadInProgress: 'wait',
	available: 'done',
	assigned: 'done',
	// Someone else is removing the file: the wait ends when it is gone or the removal fails.
	removalInProgress: 'wait',
	uploadFailed: 'uploadFailed',
	removalFailed: 'removalFailed',
};

const WHILE_REMOVING: Record<FileStatus, Outcome> = {
	// Until Intune starts the removal, a read may still show the status the file had before.
	none: 'wait',
	uploadInProgress: 'wait',
	available: 'wait',
	assigned: 'wait',
	uploadFailed: 'wait',
	removalInProgress: 'wait',
	removalFailed: 'removalFailed',
};

export const WAIT_RULES: Record<WaitAction, Record<FileStatus, Outcome>> = {
	upload: WHILE_UPLOADING,
	uploadNewVersion: WHILE_UPLOADING,
	remove: WHILE_REMOVING,
};

/**
 * The outcome of a reading of the file (undefined: Graph answered 404) while waiting on `action`.
 * A remove operation of ours that failed is a verdict even before the file's status says so.
 */
export function outcomeOf(
	action: WaitAction,
	file: IDataObject | undefined,
	operation?: IDataObject,
): Outcome {
	if (!file) return action === 'remove' ? 'done' : 'gone';
	if (action === 'remove' && operation?.operationStatus === 'failed') return 'removalFailed';
	return WAIT_RULES[action][file.status as FileStatus] ?? 'wait';
}

/** What an existing file with the same target namespace means for an upload. */
export type Existing = 'uploaded' | 'failed' | 'busy' | 'removalFailed';

export function existingState(status: unknown): Existing {
	switch (status) {
		case 'available':
		case 'assigned':
			return 'uploaded';
		case 'uploadFailed':
			return 'failed';
		case 'removalFailed':
			return 'removalFailed';
		default:
			return 'busy';
	}
}
