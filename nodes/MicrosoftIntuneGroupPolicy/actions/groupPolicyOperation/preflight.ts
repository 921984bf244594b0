import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { rememberedFact } from '../../helpers/processCache';
import type { RunCache } from '../../helpers/runCache';
import { once } from '../../helpers/runCache';
import type { GraphSession } from '../../transport';
import { graphRequest } from '../../transport';
import { UPLOADED_FILE_ODATA_TYPE } from '../groupPolicyUploadedDefinitionFile/paths';
import type { PresentationValuePath } from './paths';
import { presentationDefinitionFilePath } from './paths';

/*
 * Check Definition File First: operations exist only on uploaded ADMX files, and Graph's own
 * refusal for a built-in template is cryptic. Reading the definition file first lets the item fail
 * with a message that names the file. The answer is remembered for the run and for ten minutes by
 * the process (helpers/processCache.ts), so many items or executions on the same setting cost one
 * read.
 */

export async function assertUploadedDefinitionFile(
	this: IExecuteFunctions,
	session: GraphSession,
	ids: PresentationValuePath,
	itemIndex: number,
	cache: RunCache,
): Promise<void> {
	const path = presentationDefinitionFilePath(ids);
	const qs = { $select: 'id,displayName,fileName,policyType' };
	const read = async () =>
		await graphRequest.call(this, session, { method: 'GET', path, qs }, itemIndex);
	// Which file a setting belongs to never changes: remembered for the run and, briefly, the process.
	const file = await once(cache, `definitionFile ${path}`, async () =>
		rememberedFact(`${session.credentialKey} definitionFile ${path}`, read),
	);
	if (file['@odata.type'] === UPLOADED_FILE_ODATA_TYPE) return;
	const name = String(file.displayName ?? file.fileName ?? 'unnamed');
	throw new NodeOperationError(
		this.getNode(),
		`The setting's definition file "${name}" (${String(file.id)}) is not an uploaded ADMX ` +
			`file (item ${itemIndex})`,
		{
			itemIndex,
			description:
				'Group policy operations exist only for uploaded (custom) ADMX files. This setting ' +
				'comes from a built-in administrative template; pick a setting from an uploaded ADMX ' +
				'file, or address the uploaded definition file directly.',
		},
	);
}
