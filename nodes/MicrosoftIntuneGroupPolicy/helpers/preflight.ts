import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UPLOADED_DEFINITION_FILE_CAST } from './graphValues';
import type { GraphSession } from '../transport';
import { graphRequest } from '../transport';
import type { PresentationValuePath } from '../transport/paths';
import { presentationDefinitionFilePath } from '../transport/paths';

/*
 * Check Definition File First: operations exist only on uploaded ADMX files, and Graph's own
 * refusal for a built-in template is cryptic. Reading the definition file first lets the item fail
 * with a message that names the file. The answer is remembered for the run, so many items on the
 * same setting cost one read.
 */

export type DefinitionFileCache = Map<string, Promise<IDataObject>>;

export async function assertUploadedDefinitionFile(
	this: IExecuteFunctions,
	session: GraphSession,
	ids: PresentationValuePath,
	itemIndex: number,
	cache: DefinitionFileCache,
): Promise<void> {
	const path = presentationDefinitionFilePath(ids);
	let pending = cache.get(path);
	if (!pending) {
		pending = graphRequest.call(
			this,
			session,
			{ method: 'GET', path, qs: { $select: 'id,displayName,fileName,policyType' } },
			itemIndex,
		);
		cache.set(path, pending);
		// A failed read is not remembered: the next item asks again.
		pending.catch(() => cache.delete(path));
	}
	const file = await pending;
	if (file['@odata.type'] === `#${UPLOADED_DEFINITION_FILE_CAST}`) return;
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
