import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AdmlFacts, AdmxFacts } from './admx';
import { checkAdmlMatches, decodeXml, FileProblem, readAdml, readAdmx } from './admx';
import type { ValidationContext } from '../../helpers/validation';
import { invalid } from '../../helpers/validation';

/*
 * Reading the ADMX and ADML an item brings, from a binary property (a file read from disk, a
 * download, a form upload) or from text, and checking them before anything is sent.
 */

type Kind = 'admx' | 'adml';

const LABEL: Record<Kind, string> = { admx: 'ADMX', adml: 'ADML' };
const DEFAULT_BINARY_PROPERTY: Record<Kind, string> = { admx: 'data', adml: 'adml' };

/**
 * The source choice, binary property and text fields of one file; `show` limits them to some
 * operations.
 */
export function fileProperties(kind: Kind, operations: string[]): INodeProperties[] {
	const label = LABEL[kind];
	const show = { operation: operations };
	const binaryProperty = DEFAULT_BINARY_PROPERTY[kind];
	return [
		{
			displayName: `${label} Source`,
			name: `${kind}Source`,
			type: 'options',
			options: [
				{
					name: 'Binary File',
					value: 'binary',
					description: `The ${label} file from a binary property`,
				},
				{ name: 'Text', value: 'text', description: `The ${label} XML as text` },
			],
			default: 'binary',
			displayOptions: { show },
		},
		{
			displayName: `${label} Binary Property`,
			name: `${kind}BinaryProperty`,
			type: 'string',
			default: binaryProperty,
			required: true,
			displayOptions: { show: { ...show, [`${kind}Source`]: ['binary'] } },
			description: `Binary property that holds the .${kind} file; its file name is used`,
		},
		{
			displayName: `${label} XML`,
			name: `${kind}Text`,
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
			displayOptions: { show: { ...show, [`${kind}Source`]: ['text'] } },
			description: `The content of the .${kind} file`,
		},
		{
			displayName: `${label} File Name`,
			name: `${kind}FileName`,
			type: 'string',
			default: '',
			required: true,
			placeholder: `e.g. contoso.${kind}`,
			displayOptions: { show: { ...show, [`${kind}Source`]: ['text'] } },
			description: `The file name Intune shows, ending in .${kind}`,
		},
	];
}

export const languageCodeProperty: INodeProperties = {
	displayName: 'Language Code',
	name: 'languageCode',
	type: 'string',
	default: 'en-US',
	description: 'Language of the ADML file; Intune supports en-US',
};

export interface FileInput {
	fileName: string;
	/** Base64 of the bytes sent, without a byte-order mark. */
	content: string;
	text: string;
}

async function readInput(
	this: IExecuteFunctions,
	ctx: ValidationContext,
	kind: Kind,
): Promise<FileInput> {
	const i = ctx.itemIndex;
	let bytes: Buffer;
	let fileName: string;
	if (this.getNodeParameter(`${kind}Source`, i, 'binary') === 'text') {
		const text = this.getNodeParameter(`${kind}Text`, i, '');
		if (typeof text !== 'string' || text.trim() === '')
			invalid(ctx, `${kind}Text`, 'is empty', `Map the ${LABEL[kind]} XML into it.`);
		bytes = Buffer.from(text as string, 'utf8');
		fileName = String(this.getNodeParameter(`${kind}FileName`, i, '')).trim();
	} else {
		const property = String(
			this.getNodeParameter(`${kind}BinaryProperty`, i, DEFAULT_BINARY_PROPERTY[kind]),
		);
		let binary;
		try {
			binary = this.helpers.assertBinaryData(i, property);
		} catch {
			invalid(
				ctx,
				`${kind}BinaryProperty`,
				`names "${property}", which the item has no binary data in`,
				`Read the .${kind} file into a binary property (Read/Write Files from Disk, HTTP ` +
					`Request, a form), or choose Text.`,
			);
		}
		bytes = await this.helpers.getBinaryDataBuffer(i, property);
		fileName = binary.fileName ?? '';
	}
	if (!new RegExp(`\\.${kind}$`, 'i').test(fileName) || /[\\/]/.test(fileName)) {
		invalid(
			ctx,
			`${kind}FileName`,
			`is "${fileName}", not a file name ending in .${kind}`,
			`Give the file's own name, e.g. contoso.${kind}.`,
		);
	}
	const { text } = decodeXml(bytes, fileName);
	return { fileName, text, content: Buffer.from(text, 'utf8').toString('base64') };
}

function refuse(ctx: ValidationContext, field: string, error: unknown): never {
	if (error instanceof FileProblem) {
		invalid(ctx, field, `holds a file Intune would refuse: ${error.problem}`, error.fix);
	}
	throw error;
}

/** Runs a file check, turning its problem into an item error that names the field. */
function checked<T>(ctx: ValidationContext, field: string, read: () => T): T {
	try {
		return read();
	} catch (error) {
		refuse(ctx, field, error);
	}
}

async function checkedRead(
	this: IExecuteFunctions,
	ctx: ValidationContext,
	field: string,
	kind: Kind,
): Promise<FileInput> {
	try {
		return await readInput.call(this, ctx, kind);
	} catch (error) {
		refuse(ctx, field, error);
	}
}

/** The parameter that holds the file: its text, or the name of its binary property. */
function sourceField(this: IExecuteFunctions, ctx: ValidationContext, kind: Kind): string {
	const text = this.getNodeParameter(`${kind}Source`, ctx.itemIndex, 'binary') === 'text';
	return text ? `${kind}Text` : `${kind}BinaryProperty`;
}

export interface AdmxUpload {
	admx: FileInput & AdmxFacts;
	adml: FileInput;
	languageCode: string;
}

const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function readLanguageCode(this: IExecuteFunctions, ctx: ValidationContext): string {
	const code = String(this.getNodeParameter('languageCode', ctx.itemIndex, 'en-US')).trim();
	if (!LANGUAGE_CODE.test(code))
		invalid(ctx, 'languageCode', `is "${code}", not a language code`, 'Use a code such as en-US.');
	return code;
}

/** The ADML of an item, checked on its own (language file actions). */
export async function readAdmlInput(
	this: IExecuteFunctions,
	ctx: ValidationContext,
): Promise<FileInput & { facts: AdmlFacts }> {
	const field = sourceField.call(this, ctx, 'adml');
	const adml = await checkedRead.call(this, ctx, field, 'adml');
	return { ...adml, facts: checked(ctx, field, () => readAdml(adml.text, adml.fileName)) };
}

/** The ADMX and its ADML, checked together: nothing is sent for a file Intune would refuse. */
export async function readAdmxUpload(
	this: IExecuteFunctions,
	ctx: ValidationContext,
): Promise<AdmxUpload> {
	const admxField = sourceField.call(this, ctx, 'admx');
	const file = await checkedRead.call(this, ctx, admxField, 'admx');
	const facts = checked(ctx, admxField, () => readAdmx(file.text, file.fileName));
	const adml = await readAdmlInput.call(this, ctx);
	checked(ctx, sourceField.call(this, ctx, 'adml'), () =>
		checkAdmlMatches(facts, adml.facts, adml.fileName),
	);
	return { admx: { ...file, ...facts }, adml, languageCode: readLanguageCode.call(this, ctx) };
}

/** The language file entry Graph expects. */
export function languageFile(adml: FileInput, languageCode: string): IDataObject {
	return { fileName: adml.fileName, languageCode, content: adml.content };
}

/** A new version's body: the files only. */
export function newVersionBody(files: AdmxUpload): IDataObject {
	return {
		content: files.admx.content,
		groupPolicyUploadedLanguageFiles: [languageFile(files.adml, files.languageCode)],
	};
}
