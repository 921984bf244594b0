import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { uploadedFileActionPath } from '../../transport/paths';
import type { Send } from '../types';
import { latestOperation, pollFile } from './shared';

/*
 * Intune's verdict on an upload (or a new version): available, or uploadFailed with the reason in
 * the operation's statusDetails. A failed upload is removed by default, so that the corrected file
 * can be uploaded again.
 */

const FINISHED = ['available', 'assigned', 'uploadFailed'];

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
	const what = options.operationType === 'upload' ? 'upload' : 'new version';
	const file = await pollFile.call(this, send, id, itemIndex, options.timeoutMs, what, (f) =>
		FINISHED.includes(String(f.status)),
	);
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
	if (file.status !== 'uploadFailed') return file;
	const details = String(
		latestOperation(file, options.operationType)?.statusDetails ?? 'no reason given',
	);
	let removal =
		`The failed file is still in the tenant (ID ${id}); ` + 'remove it before uploading it again.';
	if (options.removeFailed) {
		await send({ method: 'POST', path: uploadedFileActionPath(id, 'remove') });
		await pollFile.call(this, send, id, itemIndex, options.timeoutMs, 'removal', () => false);
		removal = 'The failed upload was removed, so the corrected file can be uploaded again.';
	}
	throw new NodeOperationError(
		this.getNode(),
		`Intune refused ${String(file.fileName)}: ${details}`,
		{
			itemIndex,
			description: `${howToFix(details)} ${removal}`,
		},
	);
}
