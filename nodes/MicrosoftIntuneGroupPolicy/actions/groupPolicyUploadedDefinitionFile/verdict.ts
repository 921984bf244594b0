import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../transport';
import { asNodeError } from '../../transport';
import { awaitOutcome, latestOperation, removalFailedError, removeAndWait } from './wait';

/*
 * Intune's verdict on an upload (or a new version): available, or uploadFailed with the reason in
 * the operation's statusDetails. A failed upload is removed by default, so that the corrected file
 * can be uploaded again.
 */

function howToFix(details: string): string {
	const namespace = /NamespaceMissing:\s*([^\s.]+(?:\.[^\s.]+)*)/.exec(details)?.[1];
	if (namespace) {
		return (
			`The ADMX uses namespace ${namespace}, which is not in the tenant. Upload the ADMX file ` +
			`that defines it first (in the same run, or before), then this one.`
		);
	}
	if (/root level is invalid|encoding/i.test(details)) {
		return 'Save the ADMX and ADML as UTF-8 without a byte-order mark and try again.';
	}
	return "Correct the file as Intune's message says, then upload it again.";
}

export interface VerdictOptions {
	timeoutMs: number;
	removeFailed: boolean;
	operationType: 'upload' | 'uploadNewVersion';
}

/** Intune refused the upload: its reason, the fix, and whether the failed file was removed. */
export function uploadFailedError(
	this: IExecuteFunctions,
	file: IDataObject,
	operationType: string,
	itemIndex: number,
	removal: string,
): NodeOperationError {
	const details = String(latestOperation(file, operationType)?.statusDetails ?? 'no reason given');
	return new NodeOperationError(
		this.getNode(),
		`Intune refused ${String(file.fileName)}: ${details}`,
		{ itemIndex, description: `${howToFix(details)} ${removal}` },
	);
}

export const failedFileKept = (id: string) =>
	`The failed file is still in the tenant (ID ${id}); remove it before uploading it again.`;

/**
 * Waits for the verdict; answers the available file with its operations, or fails with Intune's
 * reason.
 */
export async function awaitVerdict(
	this: IExecuteFunctions,
	send: Send,
	id: string,
	itemIndex: number,
	options: VerdictOptions,
): Promise<IDataObject> {
	const target = { id, itemIndex, timeoutMs: options.timeoutMs };
	const { file, outcome } = await awaitOutcome.call(this, send, target, options.operationType);
	if (!file) {
		throw new NodeOperationError(
			this.getNode(),
			`The uploaded file ${id} disappeared while Intune processed it`,
			{
				itemIndex,
				description: 'Someone removed it meanwhile. Upload it again.',
			},
		);
	}
	if (outcome === 'removalFailed') throw removalFailedError.call(this, file, undefined, itemIndex);
	if (outcome !== 'uploadFailed') return file;
	let removal = failedFileKept(id);
	if (options.removeFailed) {
		try {
			await removeAndWait.call(this, send, target, file);
			removal = 'The failed upload was removed, so the corrected file can be uploaded again.';
		} catch (error) {
			// Intune's reason for the refusal matters most; the failed clean-up is said after it.
			if (!(error instanceof NodeOperationError || error instanceof NodeApiError)) {
				throw asNodeError(this.getNode(), error, itemIndex);
			}
			removal = `Removing the failed file failed too (${error.message}); ${failedFileKept(id)}`;
		}
	}
	throw uploadFailedError.call(this, file, options.operationType, itemIndex, removal);
}
