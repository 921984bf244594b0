import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { Send } from '../../transport';
import { asNodeError, graphStatusOf } from '../../transport';
import { uploadedFilePath } from './paths';
import type { Outcome, WaitAction } from './statuses';
import { outcomeOf } from './statuses';

/*
 * Waiting for Intune's verdict. Intune processes an uploaded file in the background (typically
 * 5-30 s); the file is read with its operations, first soon and then less often, until it is
 * available, failed, or gone. Every read goes through the run's transport, so Retry-After and
 * pacing apply.
 */

const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;

export const waitProperties = (operations: string[]): INodeProperties[] => [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: operations } },
		description:
			"Whether to wait for Intune's verdict (the file available, failed or removed) before " +
			'the item is output',
	},
];

export const timeoutOption: INodeProperties = {
	displayName: 'Wait Timeout (Seconds)',
	name: 'waitTimeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_WAIT_TIMEOUT_SECONDS,
	description: 'How long to wait for Intune before the item fails as still in progress',
};

export interface WaitSettings {
	wait: boolean;
	timeoutMs: number;
}

export function readWait(this: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const seconds = Number(options.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	const timeout = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_WAIT_TIMEOUT_SECONDS;
	return {
		wait: this.getNodeParameter('waitForCompletion', itemIndex, true) !== false,
		timeoutMs: timeout * 1000,
	};
}

export async function readFile(send: Send, id: string): Promise<IDataObject> {
	const file = await send({
		method: 'GET',
		path: uploadedFilePath(id),
		qs: { $expand: 'groupPolicyOperations' },
	});
	// OData's bookkeeping says nothing about the file; the output starts with what does.
	delete file['@odata.context'];
	return file;
}

/** The operation Intune wrote for an action, newest first. */
export function latestOperation(file: IDataObject, operationType: string): IDataObject | undefined {
	const operations = (file.groupPolicyOperations ?? []) as IDataObject[];
	return [...operations]
		.filter((o) => o.operationType === operationType)
		.sort((a, b) =>
			String(b.lastModifiedDateTime).localeCompare(String(a.lastModifiedDateTime)),
		)[0];
}

/** Which file to wait for, for which item, and how long. */
export interface FileWait {
	id: string;
	itemIndex: number;
	timeoutMs: number;
	/** The first read comes this soon: 0 right after a request whose effect should show at once. */
	firstPollMs?: number;
}

export interface Polled {
	/** The reading that ended the wait; undefined when Graph answered 404. */
	file?: IDataObject;
	/** The last reading of the file that Graph answered (before it was gone). */
	last?: IDataObject;
}

/**
 * Reads the file until `done` says Intune has finished or the file is gone (404). Fails when the
 * time is up, saying the action is still in progress.
 */
export async function pollFile(
	this: IExecuteFunctions,
	send: Send,
	{ id, itemIndex, timeoutMs, firstPollMs = FIRST_POLL_MS }: FileWait,
	what: string,
	done: (file: IDataObject) => boolean,
): Promise<Polled> {
	const deadline = Date.now() + timeoutMs;
	let last: IDataObject | undefined;
	let interval = firstPollMs;
	for (; ; interval = Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, interval * 1.5))) {
		await sleep(Math.max(0, Math.min(interval, deadline - Date.now())));
		let file: IDataObject;
		try {
			file = await readFile(send, id);
		} catch (error) {
			if (graphStatusOf(error) === 404) return { last };
			throw asNodeError(this.getNode(), error);
		}
		last = file;
		if (done(file)) return { file, last };
		if (Date.now() >= deadline) {
			throw new NodeOperationError(
				this.getNode(),
				`Intune is still working on the ${what} of ${String(file.fileName ?? id)} after ` +
					`${Math.round(timeoutMs / 1000)} s (status ${String(file.status)}, file ID ${id})`,
				{
					itemIndex,
					description:
						'Nothing failed yet. Read the file later with ADMX File > Get, or raise Wait ' +
						'Timeout in the options.',
				},
			);
		}
	}
}

const WAITING_FOR: Record<WaitAction, string> = {
	upload: 'upload',
	uploadNewVersion: 'new version',
	remove: 'removal',
};

/**
 * Waits until the file's status (or our remove operation, found by `ours`) is a verdict for
 * `action`, by the rules in statuses.ts.
 */
export async function awaitOutcome(
	this: IExecuteFunctions,
	send: Send,
	target: FileWait,
	action: WaitAction,
	ours?: (file: IDataObject) => IDataObject | undefined,
): Promise<Polled & { outcome: Outcome }> {
	const outcome = (file?: IDataObject) => outcomeOf(action, file, file && ours?.(file));
	const polled = await pollFile.call(
		this,
		send,
		target,
		WAITING_FOR[action],
		(file) => outcome(file) !== 'wait',
	);
	return { ...polled, outcome: outcome(polled.file) };
}

export function operationIds(file: IDataObject | undefined): Set<string> {
	return new Set(((file?.groupPolicyOperations ?? []) as IDataObject[]).map((o) => String(o.id)));
}

/** The operation of `operationType` that Intune wrote after `before` was read. */
export function newOperation(
	before: Set<string>,
	operationType: string,
): (file: IDataObject) => IDataObject | undefined {
	return (file) =>
		((file.groupPolicyOperations ?? []) as IDataObject[]).find(
			(o) => o.operationType === operationType && !before.has(String(o.id)),
		);
}

function removalFix(details: string): string {
	// Literal alternatives only: the answer is Graph's text, read in linear time.
	return /in use|assigned|profile|configuration|polic(y|ies)/i.test(details)
		? 'A profile still uses settings of this file: remove those settings from the ' +
				'Administrative Templates profiles (or delete the profiles), then remove the file again.'
		: "Correct what Intune's message says, then remove the file again.";
}

/** Intune reported that removing the file failed; the file is still in the tenant. */
export function removalFailedError(
	this: IExecuteFunctions,
	file: IDataObject,
	operation: IDataObject | undefined,
	itemIndex: number,
): NodeOperationError {
	const details = String(
		(operation ?? latestOperation(file, 'remove'))?.statusDetails ?? 'no reason given',
	);
	return new NodeOperationError(
		this.getNode(),
		`Intune could not remove ${String(file.fileName ?? file.id)}: ${details}`,
		{
			itemIndex,
			description:
				`${removalFix(details)} The file is still in the tenant (ID ${String(file.id)}, ` +
				`status ${String(file.status)}).`,
		},
	);
}

export interface Removed {
	/** The file as Graph last showed it before it was gone. */
	last?: IDataObject;
	/** The remove operation Intune wrote for this removal. */
	operation?: IDataObject;
}

/**
 * Asks Intune to remove the file and waits until it is gone; fails as soon as Intune says the
 * removal failed. `before` is the file as read just before (with its operations), when at hand.
 */
export async function removeAndWait(
	this: IExecuteFunctions,
	send: Send,
	target: FileWait,
	before?: IDataObject,
): Promise<Removed> {
	const { id } = target;
	const ours = newOperation(operationIds(before ?? (await readFile(send, id))), 'remove');
	await send({ method: 'POST', path: uploadedFilePath(id, 'remove') });
	// Read at once: the output shows the file in removal with its remove operation.
	const polled = await awaitOutcome.call(this, send, { ...target, firstPollMs: 0 }, 'remove', ours);
	if (polled.outcome === 'removalFailed' && polled.file) {
		throw removalFailedError.call(this, polled.file, ours(polled.file), target.itemIndex);
	}
	return { last: polled.last, operation: polled.last && ours(polled.last) };
}
