import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Send } from '../../../../transport';
import { asNodeError, isOutcomeUnknown } from '../../../../transport';
import type { RunContext } from '../../../types';
import {
	checkAdmlMatches,
	decodeXml,
	FileProblem,
	readAdml,
	readAdmx,
} from '../../../groupPolicyUploadedDefinitionFile/admx';
import {
	UPLOADED_FILE_ODATA_TYPE,
	UPLOADED_FILES_PATH,
} from '../../../groupPolicyUploadedDefinitionFile/paths';
import { tenantNamespaces } from '../../../groupPolicyUploadedDefinitionFile/tenant';
import { awaitVerdict } from '../../../groupPolicyUploadedDefinitionFile/verdict';
import type { PortableAdmxFile } from '../format';
import type { MissingPiece } from './resolve';

/*
 * Upload Missing ADMX Files From Binaries: the files the profile needs that the tenant lacks, taken
 * from the item's binary properties named like the files (fabrikam.admx, and its fabrikam.adml),
 * checked as Upload checks them before anything is sent, then uploaded in dependency order, each
 * waited for until Intune has its verdict (available, or refused with Intune's reason).
 */

const LANGUAGE_CODE = 'en-US';
const MAX_UPLOADED_FILES = 20;

export interface FileToUpload {
	file: PortableAdmxFile;
	body: IDataObject;
	usings: string[];
}

const admlNameOf = (fileName: string) => fileName.replace(/\.admx$/i, '.adml');

async function binaryText(
	this: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<Buffer | undefined> {
	try {
		this.helpers.assertBinaryData(itemIndex, property);
	} catch {
		return undefined;
	}
	return await this.helpers.getBinaryDataBuffer(itemIndex, property);
}

/**
 * The files to upload, read and checked from the item's binaries; a file the item lacks, or one
 * Intune would refuse, is missing.
 */
export async function readFilesToUpload(
	this: IExecuteFunctions,
	itemIndex: number,
	files: PortableAdmxFile[],
): Promise<{ uploads: FileToUpload[]; missing: MissingPiece[] }> {
	const uploads: FileToUpload[] = [];
	const missing: MissingPiece[] = [];
	for (const file of files) {
		const admlName = admlNameOf(file.fileName);
		const [admxBytes, admlBytes] = [
			await binaryText.call(this, itemIndex, file.fileName),
			await binaryText.call(this, itemIndex, admlName),
		];
		const name = `${file.fileName} (${file.targetNamespace})`;
		if (!admxBytes || !admlBytes) {
			const lacking = [!admxBytes && file.fileName, !admlBytes && admlName].filter(Boolean);
			missing.push({
				kind: 'admxFile',
				name,
				problem: `is not in the tenant, and the item has no binary property ${lacking.map((l) => `"${l}"`).join(' or ')}`,
				hint:
					'Give the item the ADMX and its en-US ADML as binary properties named like the files, ' +
					'or upload them first (ADMX File > Upload).',
			});
			continue;
		}
		try {
			const admx = decodeXml(admxBytes, file.fileName).text;
			const adml = decodeXml(admlBytes, admlName).text;
			const facts = readAdmx(admx, file.fileName);
			if (facts.targetNamespace !== file.targetNamespace) {
				throw new FileProblem(
					`${file.fileName} has the target namespace ${facts.targetNamespace}, not ${file.targetNamespace}`,
					'Give the version of the file the profile was exported with.',
				);
			}
			checkAdmlMatches(facts, readAdml(adml, admlName), admlName);
			uploads.push({
				file,
				usings: facts.usings,
				body: {
					'@odata.type': UPLOADED_FILE_ODATA_TYPE,
					fileName: file.fileName,
					content: Buffer.from(admx, 'utf8').toString('base64'),
					defaultLanguageCode: LANGUAGE_CODE,
					languageCodes: [LANGUAGE_CODE],
					groupPolicyUploadedLanguageFiles: [
						{
							fileName: admlName,
							languageCode: LANGUAGE_CODE,
							content: Buffer.from(adml, 'utf8').toString('base64'),
						},
					],
				},
			});
		} catch (error) {
			if (!(error instanceof FileProblem)) throw asNodeError(this.getNode(), error, itemIndex);
			missing.push({ kind: 'admxFile', name, problem: error.problem, hint: error.fix });
		}
	}
	return { uploads, missing };
}

/**
 * The uploads in dependency order (a file after the files whose namespaces it uses), checked
 * against what the tenant can resolve and Intune's limit of uploaded files.
 */
export async function orderUploads(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	uploads: FileToUpload[],
	uploadedCount: number,
	itemIndex: number,
): Promise<{ ordered: FileToUpload[]; missing: MissingPiece[] }> {
	const missing: MissingPiece[] = [];
	if (uploadedCount + uploads.length > MAX_UPLOADED_FILES) {
		missing.push({
			kind: 'admxFile',
			name: uploads.map((u) => u.file.fileName).join(', '),
			problem:
				`cannot be uploaded: the tenant has ${uploadedCount} uploaded ADMX files and Intune ` +
				`allows ${MAX_UPLOADED_FILES}`,
			hint: 'Remove files that are no longer used (ADMX File > Remove), then run again.',
		});
	}
	const byNamespace = new Map(uploads.map((u) => [u.file.targetNamespace, u]));
	const known = await tenantNamespaces.call(this, send, run, itemIndex);
	const ordered: FileToUpload[] = [];
	const placed = new Set<string>();
	const visiting = new Set<string>();
	const place = (upload: FileToUpload): void => {
		const namespace = upload.file.targetNamespace;
		if (placed.has(namespace) || visiting.has(namespace)) return;
		visiting.add(namespace);
		for (const using of upload.usings) {
			const provider = byNamespace.get(using);
			if (provider) place(provider);
			else if (!known.has(using)) {
				missing.push({
					kind: 'admxFile',
					name: `${upload.file.fileName} (${namespace})`,
					problem: `uses namespace ${using}, which is neither in the tenant nor among the files given`,
					hint: `Give the item the ADMX file that defines ${using} too, or upload it first.`,
				});
			}
		}
		visiting.delete(namespace);
		placed.add(namespace);
		ordered.push(upload);
	};
	uploads.forEach(place);
	return { ordered, missing };
}

/**
 * POSTs one file and waits for Intune's verdict. When the POST's outcome is unknown, the tenant's
 * files are read before anything is resent: a file with this name and namespace is the upload.
 */
export async function uploadAndWait(
	this: IExecuteFunctions,
	send: Send,
	upload: FileToUpload,
	timeoutMs: number,
	itemIndex: number,
): Promise<IDataObject> {
	let created: IDataObject;
	try {
		created = await send({
			method: 'POST',
			path: UPLOADED_FILES_PATH,
			body: upload.body,
			expectEntity: true,
		});
	} catch (error) {
		if (!isOutcomeUnknown(error)) throw asNodeError(this.getNode(), error, itemIndex);
		const files = await send({
			method: 'GET',
			path: UPLOADED_FILES_PATH,
			qs: { $select: 'id,fileName,targetNamespace,status' },
		});
		const found = ((files.value ?? []) as IDataObject[]).find(
			(f) =>
				f.fileName === upload.file.fileName && f.targetNamespace === upload.file.targetNamespace,
		);
		created =
			found ??
			(await send({
				method: 'POST',
				path: UPLOADED_FILES_PATH,
				body: upload.body,
				expectEntity: true,
			}));
	}
	return await awaitVerdict.call(this, send, String(created.id), itemIndex, {
		timeoutMs,
		removeFailed: true,
		operationType: 'upload',
	});
}
