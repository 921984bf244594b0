import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import {
	additionalFieldsCollection,
	optionsCollection,
} from '../../descriptions/options.description';
import { validateEnum, validateShortText } from '../../helpers/validation';
import type { Send } from '../../transport';
import { asNodeError, graphStatusOf, isOutcomeUnknown } from '../../transport';
import type { Dependencies, PlanItem, RunContext } from '../types';
import type { AdmxUpload } from './files';
import {
	fileProperties,
	languageCodeProperty,
	languageFile,
	newVersionBody,
	readAdmxUpload,
} from './files';
import { UPLOADED_FILE_ODATA_TYPE, uploadedFilePath, UPLOADED_FILES_PATH } from './paths';
import { existingState } from './statuses';
import { tenantNamespaces, tenantUploadedFiles } from './tenant';
import { awaitVerdict, uploadFailedError } from './verdict';
import type { WaitSettings } from './wait';
import {
	awaitOutcome,
	readFile,
	readWait,
	removalFailedError,
	removeAndWait,
	timeoutOption,
	waitProperties,
} from './wait';

const IF_UPLOADED = ['fail', 'skip', 'replace'] as const;
const MAX_UPLOADED_FILES = 20;

export const removeFailedOption: INodeProperties = {
	displayName: 'Remove Failed Upload',
	name: 'removeFailedUpload',
	type: 'boolean',
	default: true,
	description:
		'Whether to remove a file Intune refused, so that a corrected file can be uploaded again',
};

const allowRemoveOption: INodeProperties = {
	displayName: 'Allow Remove and Upload',
	name: 'allowRemoveAndUpload',
	type: 'boolean',
	default: false,
	description:
		'Whether to replace a file by removing it and uploading again when the tenant does not ' +
		'support uploading a new version. Profiles that use its settings must not exist.',
};

export const option: OperationOption = {
	name: 'Upload',
	description: 'Upload an ADMX file and its ADML, in dependency order, and wait for Intune',
	action: 'Upload an ADMX file',
};

const properties: INodeProperties[] = [
	...fileProperties('admx', ['upload']),
	...fileProperties('adml', ['upload']),
	languageCodeProperty,
	...waitProperties(['upload']),
	{
		displayName: 'Check Dependencies',
		name: 'checkDependencies',
		type: 'boolean',
		default: true,
		description:
			'Whether to check, before uploading, that every namespace the ADMX uses is in the ' +
			'tenant or uploaded by an earlier item of this run',
	},
	{
		displayName: 'If Already Uploaded',
		name: 'ifAlreadyUploaded',
		type: 'options',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Fail the item' },
			{ name: 'Replace', value: 'replace', description: 'Upload the file as a new version' },
			{ name: 'Skip', value: 'skip', description: 'Output the file already there' },
		],
		default: 'fail',
		description: 'What to do when a file with the same target namespace is already uploaded',
	},
	additionalFieldsCollection([
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
		{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
	]),
	optionsCollection([timeoutOption, removeFailedOption, allowRemoveOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyUploadedDefinitionFile'], operation: ['upload'] } },
	properties,
);

interface UploadPlan {
	run: RunContext;
	itemIndex: number;
	files: AdmxUpload;
	body: IDataObject;
	ifUploaded: (typeof IF_UPLOADED)[number];
	checkDependencies: boolean;
	wait: WaitSettings;
	removeFailed: boolean;
	allowRemoveAndUpload: boolean;
}

/**
 * An ADMX may use namespaces that other items of the run upload: the items are planned together and
 * each runs after the items it needs.
 */
export const ordered = true;

export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const files = await readAdmxUpload.call(this, ctx);
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		'@odata.type': UPLOADED_FILE_ODATA_TYPE,
		fileName: files.admx.fileName,
		content: files.admx.content,
		defaultLanguageCode: files.languageCode,
		languageCodes: [files.languageCode],
		groupPolicyUploadedLanguageFiles: [languageFile(files.adml, files.languageCode)],
	};
	for (const field of ['displayName', 'description'] as const) {
		if (extra[field])
			body[field] = validateShortText(ctx, `additionalFields.${field}`, extra[field]);
	}
	const item: UploadPlan = {
		run,
		itemIndex,
		files,
		body,
		ifUploaded: validateEnum(
			ctx,
			'ifAlreadyUploaded',
			this.getNodeParameter('ifAlreadyUploaded', itemIndex, 'fail'),
			IF_UPLOADED,
		),
		checkDependencies: this.getNodeParameter('checkDependencies', itemIndex, true) !== false,
		wait: readWait.call(this, itemIndex),
		removeFailed: options.removeFailedUpload !== false,
		allowRemoveAndUpload: options.allowRemoveAndUpload === true,
	};
	return {
		provides: [files.admx.targetNamespace],
		needs: files.admx.usings,
		steps: async (send, dependencies) => await upload.call(this, send, dependencies, run, item),
	};
};

async function upload(
	this: IExecuteFunctions,
	send: Send,
	dependencies: Dependencies,
	run: RunContext,
	item: UploadPlan,
): Promise<IDataObject> {
	const { itemIndex, files } = item;
	const namespace = files.admx.targetNamespace;
	const listed = (await tenantUploadedFiles.call(this, send, run, itemIndex)).find(
		(f) => f.targetNamespace === namespace,
	);
	const existing = listed && (await settle.call(this, send, String(listed.id), item));
	if (existing && existingState(existing.status) === 'uploaded') {
		if (item.ifUploaded === 'skip') return existing;
		if (item.ifUploaded === 'fail') {
			throw new NodeOperationError(
				this.getNode(),
				`An ADMX file with target namespace ${namespace} is already uploaded: ` +
					`${String(existing.fileName)} (${String(existing.id)}, ${String(existing.status)})`,
				{
					itemIndex,
					description:
						'Nothing was sent. Set If Already Uploaded to Skip or Replace, or remove that file ' +
						'first.',
				},
			);
		}
	}
	if (item.checkDependencies) await checkDependencies.call(this, send, dependencies, run, item);
	if (existing && existingState(existing.status) === 'uploaded') {
		return await replace.call(this, send, String(existing.id), item);
	}
	// The listed file of this namespace is gone or a failed upload about to make way: not counted.
	const uploaded =
		(await tenantUploadedFiles.call(this, send, run, itemIndex)).length +
		addedInRun(run) -
		(listed ? 1 : 0);
	if (uploaded >= MAX_UPLOADED_FILES) {
		throw new NodeOperationError(
			this.getNode(),
			`The tenant already has ${uploaded} uploaded ADMX files; Intune allows ${MAX_UPLOADED_FILES}`,
			{
				itemIndex,
				description:
					'Nothing was sent. Remove files that are no longer used (ADMX File > Remove), then ' +
					'upload this one.',
			},
		);
	}
	if (existing) {
		const target = { id: String(existing.id), itemIndex, timeoutMs: item.wait.timeoutMs };
		await removeAndWait.call(this, send, target, existing);
		countInRun(run, -1);
	}
	return await createAndWait.call(this, send, item);
}

/**
 * The file of this namespace already in the tenant, once Intune has a verdict on it: an upload or a
 * removal in progress is waited for. Answers undefined when the file is gone; fails when it cannot
 * make way (its removal failed, or its upload failed and Remove Failed Upload is off). A failed
 * upload is answered as it is, for the caller to remove once nothing else stops the item.
 */
async function settle(
	this: IExecuteFunctions,
	send: Send,
	id: string,
	item: UploadPlan,
): Promise<IDataObject | undefined> {
	const { itemIndex } = item;
	let file: IDataObject | undefined = await readFileIfAny.call(this, send, id);
	if (file && existingState(file.status) === 'busy') {
		const action = file.status === 'removalInProgress' ? 'remove' : 'upload';
		const target = { id, itemIndex, timeoutMs: item.wait.timeoutMs };
		({ file } = await awaitOutcome.call(this, send, target, action));
	}
	if (!file) return undefined;
	const state = existingState(file.status);
	if (state === 'removalFailed') throw removalFailedError.call(this, file, undefined, itemIndex);
	if (state === 'failed' && !item.removeFailed) {
		throw uploadFailedError.call(
			this,
			file,
			'upload',
			itemIndex,
			`Nothing was sent for ${item.files.admx.fileName}: a failed upload of the same namespace ` +
				`(ID ${id}, status ${String(file.status)}) is in the tenant. Remove it, or turn on ` +
				`Remove Failed Upload, then run again.`,
		);
	}
	return file;
}

async function readFileIfAny(
	this: IExecuteFunctions,
	send: Send,
	id: string,
): Promise<IDataObject | undefined> {
	try {
		return await readFile(send, id);
	} catch (error) {
		if (graphStatusOf(error) === 404) return undefined;
		throw asNodeError(this.getNode(), error);
	}
}

/** Files added (+1) or removed (-1) by earlier items of this run count towards Intune's limit. */
const addedThisRun = new WeakMap<RunContext, number>();
const addedInRun = (run: RunContext) => addedThisRun.get(run) ?? 0;
const countInRun = (run: RunContext, change: number) =>
	addedThisRun.set(run, addedInRun(run) + change);

async function checkDependencies(
	this: IExecuteFunctions,
	send: Send,
	dependencies: Dependencies,
	run: RunContext,
	item: UploadPlan,
): Promise<void> {
	const { itemIndex } = item;
	for (const namespace of item.files.admx.usings) {
		const inRun = dependencies(namespace);
		if (inRun !== undefined) {
			if (await inRun) continue;
			throw new NodeOperationError(
				this.getNode(),
				`Not uploaded: ${item.files.admx.fileName} uses namespace ${namespace}, whose file ` +
					`failed in this run`,
				{
					itemIndex,
					description:
						'Nothing was sent for this file. Fix the file that defines the namespace (see ' +
						'its item), then run again.',
				},
			);
		}
		if ((await tenantNamespaces.call(this, send, run, itemIndex)).has(namespace)) continue;
		throw new NodeOperationError(
			this.getNode(),
			`${item.files.admx.fileName} uses namespace ${namespace}, which is not in the tenant`,
			{
				itemIndex,
				description:
					`Nothing was sent. Upload the ADMX file that defines ${namespace} first, in this run ` +
					`(any item order) or before; the vendor ships it alongside this one.`,
			},
		);
	}
}

/**
 * POSTs the file once. When the outcome is unknown (timeout, 504, dropped connection), the tenant's
 * files are read before anything is resent: a file with this name and namespace means the upload
 * went through.
 */
async function create(this: IExecuteFunctions, send: Send, item: UploadPlan): Promise<IDataObject> {
	try {
		return await send({
			method: 'POST',
			path: UPLOADED_FILES_PATH,
			body: item.body,
			expectEntity: true,
		});
	} catch (error) {
		if (!isOutcomeUnknown(error)) throw asNodeError(this.getNode(), error);
		const files = await send({
			method: 'GET',
			path: UPLOADED_FILES_PATH,
			qs: { $select: 'id,fileName,targetNamespace,status' },
		});
		const found = ((files.value ?? []) as IDataObject[]).find(
			(f) =>
				f.fileName === item.files.admx.fileName &&
				f.targetNamespace === item.files.admx.targetNamespace,
		);
		return (
			found ??
			(await send({
				method: 'POST',
				path: UPLOADED_FILES_PATH,
				body: item.body,
				expectEntity: true,
			}))
		);
	}
}

async function createAndWait(
	this: IExecuteFunctions,
	send: Send,
	item: UploadPlan,
): Promise<IDataObject> {
	const created = await create.call(this, send, item);
	countInRun(item.run, 1);
	if (!item.wait.wait) return created;
	return await awaitVerdict.call(this, send, String(created.id), item.itemIndex, {
		timeoutMs: item.wait.timeoutMs,
		removeFailed: item.removeFailed,
		operationType: 'upload',
	});
}

/**
 * Replace: a new version where the tenant supports it, else remove, wait until gone, and upload
 * again.
 */
async function replace(
	this: IExecuteFunctions,
	send: Send,
	id: string,
	item: UploadPlan,
): Promise<IDataObject> {
	try {
		await send({
			method: 'POST',
			path: uploadedFilePath(id, 'uploadNewVersion'),
			body: newVersionBody(item.files),
		});
	} catch (error) {
		if (!/FeatureDisabled|not supported|NotSupported/i.test((error as Error).message))
			throw asNodeError(this.getNode(), error);
		if (!item.allowRemoveAndUpload) {
			throw new NodeOperationError(
				this.getNode(),
				`The tenant does not support uploading a new version of ${item.files.admx.fileName}`,
				{
					itemIndex: item.itemIndex,
					description:
						'Nothing was changed. Turn on the option Allow Remove and Upload to remove the ' +
						'file and upload it again (profiles using its settings must be deleted first).',
				},
			);
		}
		await removeAndWait.call(this, send, {
			id,
			itemIndex: item.itemIndex,
			timeoutMs: item.wait.timeoutMs,
		});
		countInRun(item.run, -1);
		return await createAndWait.call(this, send, { ...item, wait: { ...item.wait, wait: true } });
	}
	if (!item.wait.wait) return await readFile(send, id);
	return await awaitVerdict.call(this, send, id, item.itemIndex, {
		timeoutMs: item.wait.timeoutMs,
		removeFailed: false,
		operationType: 'uploadNewVersion',
	});
}
