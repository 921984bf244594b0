import type { IDataObject } from 'n8n-workflow';

/*
 * What changed between two readings of the tenant's uploaded ADMX files and their operations. The
 * position is what the last reading saw: each operation's status, and each file. An operation fires
 * when it first reaches a final status (or, for "any new operation", when it first appears); a file
 * fires "removed" when it disappears or its remove operation succeeds. Only what still exists is
 * kept, so the state stays small.
 */

export const EVENTS = ['uploadSucceeded', 'uploadFailed', 'fileRemoved', 'anyOperation'] as const;
export type IntuneEvent = (typeof EVENTS)[number];

export interface FileSummary {
	id: string;
	fileName?: string;
	displayName?: string;
	targetNamespace?: string;
	status?: string;
}

export interface Position {
	/** Operation id → the status it had when last seen. */
	operations: Record<string, string>;
	/** File id → the file when last seen. */
	files: Record<string, FileSummary>;
}

export interface EventItem extends IDataObject {
	event: IntuneEvent;
	operation: IDataObject | null;
	file: IDataObject;
}

const UPLOADS = ['upload', 'uploadNewVersion'];
const FINAL = ['success', 'failed'];

function summary(file: IDataObject): FileSummary {
	return {
		id: String(file.id),
		fileName: file.fileName as string | undefined,
		displayName: file.displayName as string | undefined,
		targetNamespace: file.targetNamespace as string | undefined,
		status: file.status as string | undefined,
	};
}

function operationOf(operation: IDataObject): IDataObject {
	return {
		id: operation.id,
		operationType: operation.operationType,
		operationStatus: operation.operationStatus,
		statusDetails: operation.statusDetails ?? null,
		lastModifiedDateTime: operation.lastModifiedDateTime,
	};
}

function eventOf(operation: IDataObject): IntuneEvent | undefined {
	const type = String(operation.operationType);
	const status = String(operation.operationStatus);
	if (UPLOADS.includes(type) && status === 'success') return 'uploadSucceeded';
	if (UPLOADS.includes(type) && status === 'failed') return 'uploadFailed';
	if (type === 'remove' && status === 'success') return 'fileRemoved';
	return undefined;
}

export function positionOf(files: IDataObject[]): Position {
	const position: Position = { operations: {}, files: {} };
	for (const file of files) {
		position.files[String(file.id)] = summary(file);
		for (const operation of (file.groupPolicyOperations ?? []) as IDataObject[]) {
			position.operations[String(operation.id)] = String(operation.operationStatus);
		}
	}
	return position;
}

/** The events since `before`, oldest first, for the chosen events. */
export function eventsSince(
	before: Position,
	files: IDataObject[],
	wanted: IntuneEvent[],
): EventItem[] {
	const events: EventItem[] = [];
	const removedByOperation = new Set<string>();
	for (const file of files) {
		for (const operation of (file.groupPolicyOperations ?? []) as IDataObject[]) {
			const previous = before.operations[String(operation.id)];
			const status = String(operation.operationStatus);
			const item = { operation: operationOf(operation), file: { ...summary(file) } };
			if (previous === undefined) events.push({ event: 'anyOperation', ...item });
			const event = eventOf(operation);
			const reachedFinal = FINAL.includes(status) && !FINAL.includes(previous ?? '');
			if (event && reachedFinal) {
				events.push({ event, ...item });
				if (event === 'fileRemoved') removedByOperation.add(String(file.id));
			}
		}
	}
	const now = new Set(files.map((f) => String(f.id)));
	for (const [id, file] of Object.entries(before.files)) {
		if (!now.has(id) && !removedByOperation.has(id)) {
			events.push({ event: 'fileRemoved', operation: null, file: { ...file, status: 'removed' } });
		}
	}
	const time = (e: EventItem) => String(e.operation?.lastModifiedDateTime ?? '9999');
	return events
		.filter((e) => wanted.includes(e.event))
		.sort((a, b) => time(a).localeCompare(time(b)));
}

/** The most recent event of the chosen kinds in the tenant as it is, for "Fetch Test Event". */
export function latestEvent(files: IDataObject[], wanted: IntuneEvent[]): EventItem | undefined {
	const all = eventsSince({ operations: {}, files: {} }, files, wanted);
	return all[all.length - 1];
}
