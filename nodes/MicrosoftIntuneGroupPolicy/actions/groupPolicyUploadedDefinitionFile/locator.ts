import type { IExecuteFunctions } from 'n8n-workflow';

import { locatorProperty } from '../../descriptions/rlc.description';
import { readItemLocator } from '../../helpers/locators';
import { UPLOADED_FILE_ID } from './paths';

/* The uploaded ADMX file an item addresses: every ADMX File operation's but Upload and Get Many. */

export const uploadedFileLocator = locatorProperty(
	UPLOADED_FILE_ID,
	'Uploaded Definition File',
	'The uploaded ADMX file (groupPolicyUploadedDefinitionFile)',
	'searchGroupPolicyUploadedDefinitionFiles',
	'6f1b2f4e-0a51-4b2c-9c1e-2b8e0c4d5a01',
);

export function readUploadedFileId(this: IExecuteFunctions, itemIndex: number): string {
	return readItemLocator.call(this, itemIndex, UPLOADED_FILE_ID);
}
