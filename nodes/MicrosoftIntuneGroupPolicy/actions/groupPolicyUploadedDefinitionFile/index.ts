import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as languageFiles from './languageFiles';
import * as remove from './remove.operation';
import * as upload from './upload.operation';
import * as uploadNewVersion from './uploadNewVersion.operation';

export { get, getAll, languageFiles, remove, upload, uploadNewVersion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupPolicyUploadedDefinitionFile'] } },
		options: [
			{
				name: 'Add Language Files',
				value: 'addLanguageFiles',
				description: 'Add an ADML file to an uploaded ADMX file',
				action: 'Add language files to an ADMX file',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an uploaded ADMX file with its operations',
				action: 'Get an ADMX file',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the uploaded ADMX files',
				action: 'Get many ADMX files',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove an uploaded ADMX file from Intune',
				action: 'Remove an ADMX file',
			},
			{
				name: 'Remove Language Files',
				value: 'removeLanguageFiles',
				description: 'Remove an ADML file from an uploaded ADMX file',
				action: 'Remove language files from an ADMX file',
			},
			{
				name: 'Update Language Files',
				value: 'updateLanguageFiles',
				description: 'Replace an ADML file of an uploaded ADMX file',
				action: 'Update language files of an ADMX file',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload an ADMX file and its ADML, in dependency order, and wait for Intune',
				action: 'Upload an ADMX file',
			},
			{
				name: 'Upload New Version',
				value: 'uploadNewVersion',
				description: 'Replace an uploaded ADMX file with a new version',
				action: 'Upload a new version of an ADMX file',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...uploadNewVersion.description,
	...languageFiles.description,
	...remove.description,
	...get.description,
	...getAll.description,
];
