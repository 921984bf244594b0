import { operationProperty } from '../../descriptions/operation.description';
import type { Resource } from '../types';
import * as addLanguageFiles from './addLanguageFiles.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as languageFiles from './languageFiles';
import * as listSearch from './listSearch';
import * as remove from './remove.operation';
import * as removeLanguageFiles from './removeLanguageFiles.operation';
import * as updateLanguageFiles from './updateLanguageFiles.operation';
import * as upload from './upload.operation';
import * as uploadNewVersion from './uploadNewVersion.operation';

/* ADMX File: custom ADMX files uploaded to Intune (groupPolicyUploadedDefinitionFile). */

const operations = {
	upload,
	uploadNewVersion,
	addLanguageFiles,
	updateLanguageFiles,
	removeLanguageFiles,
	remove,
	get,
	getAll,
};

export const groupPolicyUploadedDefinitionFile: Resource = {
	option: { name: 'ADMX File', value: 'groupPolicyUploadedDefinitionFile' },
	properties: [
		operationProperty('groupPolicyUploadedDefinitionFile', operations, 'upload'),
		...upload.description,
		...uploadNewVersion.description,
		// The three language file operations share their parameters.
		...languageFiles.description,
		...remove.description,
		...get.description,
		...getAll.description,
	],
	operations,
	listSearch: { ...listSearch },
};
