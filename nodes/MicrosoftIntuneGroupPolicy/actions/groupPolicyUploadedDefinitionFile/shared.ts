import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { once } from '../../helpers/runCache';
import { asNodeError, graphStatusOf } from '../../transport/errors';
import { collectPages } from '../../transport/pages';
import {
	DEFINITION_FILES_PATH,
	uploadedFilePath,
	UPLOADED_FILES_PATH,
} from '../../transport/paths';
import type { RunContext, Send } from '../types';

/*
 * Waiting for Intune's verdict, and what the tenant already holds. Intune processes an uploaded
 * file in the background (typically 5-30 s); the file is read with its operations, first soon and
 * then less often, until it is available, failed, or gone. Every read goes through the run's
 * transport, so Retry-After and pacing apply.
 */

export const UPLOADED_FILE_ODATA_TYPE = '#microsoft.graph.groupPolicyUploadedDefinitionFile';
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
	default: 300,
	description: 'How long to wait for Intune before the item fails as still in progress',
};

export interface WaitSettings {
	wait: boolean;
	timeoutMs: number;
}

export function readWait(run: RunContext, itemIndex: number): WaitSettings {
	const options = run.param('options', itemIndex, {}) as IDataObject;
	const seconds = Number(options.waitTimeoutSeconds ?? 300);
	return {
		wait: run.param('waitForCompletion', itemIndex, true) !== false,
		timeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 300) * 1000,
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

/**
 * Reads the file until `done` says Intune has finished; answers the last reading, or undefined once
 * the file is gone (404). Fails when the time is up, saying the action is still in progress.
 */
export async function pollFile(
	this: IExecuteFunctions,
	send: Send,
	id: string,
	itemIndex: number,
	timeoutMs: number,
	what: string,
	done: (file: IDataObject) => boolean,
): Promise<IDataObject | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (let interval = FIRST_POLL_MS; ; interval = Math.min(MAX_POLL_MS, interval * 1.5)) {
		await sleep(Math.max(0, Math.min(interval, deadline - Date.now())));
		let file: IDataObject;
		try {
			file = await readFile(send, id);
		} catch (error) {
			if (graphStatusOf(error) === 404) return undefined;
			throw asNodeError(this.getNode(), error);
		}
		if (done(file)) return file;
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

/** The tenant's uploaded files as the run started (at most 20 exist). */
export async function tenantUploadedFiles(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	itemIndex: number,
) {
	return await once(
		run.shared,
		'uploadedFiles',
		async () =>
			await collectPages.call(
				this,
				send,
				UPLOADED_FILES_PATH,
				{ $select: 'id,fileName,displayName,targetNamespace,status' },
				undefined,
				itemIndex,
			),
	);
}

/**
 * Namespaces Intune can resolve now: built-in definition files, and uploaded ones that are
 * available.
 */
export async function tenantNamespaces(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	itemIndex: number,
) {
	return await once(run.shared, 'namespaces', async () => {
		const files = await collectPages.call(
			this,
			send,
			DEFINITION_FILES_PATH,
			{ $select: 'id,targetNamespace,policyType' },
			undefined,
			itemIndex,
		);
		const uploaded = await tenantUploadedFiles.call(this, send, run, itemIndex);
		const available = new Set(
			files.filter((f) => f.policyType !== 'admxIngested').map((f) => String(f.targetNamespace)),
		);
		for (const f of uploaded)
			if (f.status === 'available' || f.status === 'assigned')
				available.add(String(f.targetNamespace));
		return available;
	});
}
