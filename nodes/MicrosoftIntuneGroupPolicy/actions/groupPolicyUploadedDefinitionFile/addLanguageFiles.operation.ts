import type { OperationOption } from '../../descriptions/operation.description';
import { languageFilesPlan } from './languageFiles';

/* Add Language Files: its parameters are those languageFiles.ts declares for the three actions. */

export const option: OperationOption = {
	name: 'Add Language Files',
	description: 'Add an ADML file to an uploaded ADMX file',
	action: 'Add language files to an ADMX file',
};

export const plan = languageFilesPlan('addLanguageFiles');
