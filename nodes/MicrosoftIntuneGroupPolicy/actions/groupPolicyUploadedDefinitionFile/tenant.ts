import type { IExecuteFunctions } from 'n8n-workflow';

import { once } from '../../helpers/runCache';
import type { Send } from '../../transport';
import { collectPages } from '../../transport';
import type { RunContext } from '../types';
import { DEFINITION_FILES_PATH, UPLOADED_FILES_PATH } from './paths';

/* What the tenant already holds, read once per run: an upload checks its place and its namespaces. */

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
