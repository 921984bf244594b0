import type { OperationOption } from '../../descriptions/operation.description';
import { languageFilesPlan } from './languageFiles';

/* Update Language Files: its parameters are those languageFiles.ts declares for the three actions. */

export const option: OperationOption = {
	name: 'Update Language Files',
	description: 'Replace an ADML file of an uploaded ADMX file',
	action: 'Update language files of an ADMX file',
};

export const plan = languageFilesPlan('updateLanguageFiles');
