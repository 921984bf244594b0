import type { OperationOption } from '../../descriptions/operation.description';
import { languageFilesPlan } from './languageFiles';

/* Remove Language Files: its parameters are those languageFiles.ts declares for the three actions. */

export const option: OperationOption = {
	name: 'Remove Language Files',
	description: 'Remove an ADML file from an uploaded ADMX file',
	action: 'Remove language files from an ADMX file',
};

export const plan = languageFilesPlan('removeLanguageFiles');
