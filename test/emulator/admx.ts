import { randomUUID } from 'crypto';

import { deriveDefinitions, removeDefinitions, storeDefinitions } from './admxDefinitions';
import type { Dataset, DefinitionFile, Operation } from './data';
import type { GraphResult } from './graph';
import { GraphError, intuneMessage, UPLOADED_TYPE } from './graph';

/*
 * The custom ADMX lifecycle as Intune runs it: an upload answers 201 with status uploadInProgress and Intune
 * processes the files in the background (here: after `processingMs`), ending available, or uploadFailed with the
 * reason in the upload operation's statusDetails (NamespaceMissing when a used namespace is not there). Every
 * action writes a groupPolicyOperation. /remove passes through removalInProgress until the file is gone (404).
 * Limits from Microsoft's "Import custom ADMX and ADML" article: 20 files, 1 MB each, one target namespace each.
 * A file whose settings a profile uses (status assigned) cannot be removed: the removal ends in removalFailed with
 * the reason in the remove operation's statusDetails. When a file becomes available Intune derives its categories,
 * definitions and presentations (admxDefinitions.ts) and lists them after `definitionsLagMs`.
 */

export const REMOVAL_FAILED_DETAILS =
	'Removal failed: the ADMX file is in use by one or more Administrative Templates profiles. Remove its ' +
	'settings from the profiles that use them, then remove the file.';

/** A file put in the tenant in any status, and what its pending work (if any) ends in. */
export interface SeedFile {
	/** A fixed ID, for workflows that name the file; a new one otherwise. */
	id?: string;
	fileName: string;
	targetNamespace: string;
	status: string;
	/** For uploadInProgress or removalInProgress: fail with this statusDetails when processed. */
	fails?: string;
	statusDetails?: string;
}

export interface AdmxSettings {
	processingMs: number;
	uploadNewVersionSupported: boolean;
	/** Every removal fails, as when a profile uses the file's settings. */
	removalsFail: boolean;
	maxUploadedFiles: number;
	maxFileBytes: number;
	/** How long after a file's verdict its definitions are listed (Intune indexes them after the verdict). */
	definitionsLagMs: number;
}

export const DEFAULT_ADMX: AdmxSettings = {
	processingMs: 300,
	uploadNewVersionSupported: true,
	removalsFail: false,
	maxUploadedFiles: 20,
	maxFileBytes: 1024 * 1024,
	definitionsLagMs: 0,
};

/** A policy file pair put in the tenant already processed, e.g. a fixture of test/fixtures/admxPolicies.ts. */
export interface SeedPolicies {
	fileName: string;
	admx: string;
	adml: string;
	id?: string;
	languageCode?: string;
}

export const FILE_ACTIONS = [
	'remove',
	'uploadNewVersion',
	'addLanguageFiles',
	'updateLanguageFiles',
	'removeLanguageFiles',
];

type Body = Record<string, unknown>;

function attribute(tag: string, name: string): string | undefined {
	return new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

/** The target and used namespaces of an ADMX, read as Intune's parser would need them. */
export function readNamespaces(xml: string): {
	prefix?: string;
	target?: string;
	usings: string[];
} {
	const target = /<target\b[^>]*>/.exec(xml)?.[0] ?? '';
	const usings = [...xml.matchAll(/<using\b[^>]*>/g)]
		.map((m) => attribute(m[0], 'namespace'))
		.filter((n): n is string => !!n);
	return { prefix: attribute(target, 'prefix'), target: attribute(target, 'namespace'), usings };
}

const bad = (message: string, path = 'groupPolicyUploadedDefinitionFiles'): never => {
	throw new GraphError(400, 'BadRequest', intuneMessage(message, path));
};

export class AdmxLifecycle {
	constructor(
		private readonly data: () => Dataset,
		readonly settings: AdmxSettings,
	) {}

	private get uploaded(): DefinitionFile[] {
		return this.data().definitionFiles.filter((f) => f['@odata.type'] === UPLOADED_TYPE);
	}

	private record(file: DefinitionFile, operationType: string, status = 'inProgress'): Operation {
		const operation: Operation = {
			id: randomUUID(),
			definitionFileId: file.id,
			operationType,
			operationStatus: status,
			statusDetails: null,
			lastModifiedDateTime: new Date().toISOString(),
		};
		this.data().operations.push(operation);
		return operation;
	}

	private decode(content: unknown, what: string): string {
		if (typeof content !== 'string' || content === '') bad(`${what}: content is required`);
		const bytes = Buffer.from(content as string, 'base64');
		if (bytes.length > this.settings.maxFileBytes) {
			bad(`${what} is ${bytes.length} bytes; an ADMX or ADML file may be at most 1 MB`);
		}
		if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
			// Reported by admins: a byte-order mark makes Intune's parser fail without a useful message.
			throw new GraphError(
				500,
				'InternalServerError',
				'Data at the root level is invalid. Line 1, position 1.',
			);
		}
		return bytes.toString('utf8');
	}

	private languageFiles(
		body: Body,
		withContent = true,
	): Array<{ fileName: string; languageCode: string; text?: string }> {
		const files = body.groupPolicyUploadedLanguageFiles;
		if (!Array.isArray(files) || files.length === 0)
			bad('groupPolicyUploadedLanguageFiles: one ADML file is required');
		return (files as Body[]).map((f) => ({
			fileName: String(f.fileName),
			languageCode: String(f.languageCode),
			text: withContent ? this.decode(f.content, `Language file ${String(f.fileName)}`) : undefined,
		}));
	}

	/** POST /deviceManagement/groupPolicyUploadedDefinitionFiles */
	upload(body: unknown, graphRoot: string): GraphResult {
		const input = (body ?? {}) as Body;
		if (typeof input.fileName !== 'string' || !/\.admx$/i.test(input.fileName))
			bad('fileName must name an .admx file');
		const xml = this.decode(input.content, `ADMX file ${String(input.fileName)}`);
		const languages = this.languageFiles(input);
		const names = readNamespaces(xml);
		if (!/<policyDefinitions\b/.test(xml) || !names.target)
			bad('The file is not an ADMX file: no policyDefinitions target namespace');
		if (this.uploaded.length >= this.settings.maxUploadedFiles) {
			bad(`At most ${this.settings.maxUploadedFiles} ADMX files can be uploaded; remove one first`);
		}
		const duplicate = this.uploaded.find((f) => f.targetNamespace === names.target);
		if (duplicate)
			bad(`An ADMX file with target namespace ${names.target} already exists (${duplicate.id})`);
		const now = new Date().toISOString();
		const file: DefinitionFile = {
			id: randomUUID(),
			'@odata.type': UPLOADED_TYPE,
			displayName:
				typeof input.displayName === 'string' ? input.displayName : String(input.fileName),
			description: typeof input.description === 'string' ? input.description : '',
			fileName: input.fileName as string,
			policyType: 'admxIngested',
			status: 'uploadInProgress',
			languageCodes: languages.map((l) => l.languageCode),
			targetPrefix: names.prefix ?? '',
			targetNamespace: names.target!,
			revision: /<policyDefinitions\b[^>]*\srevision="([^"]*)"/.exec(xml)?.[1] ?? '1.0',
			lastModifiedDateTime: now,
			uploadDateTime: now,
			defaultLanguageCode: String(input.defaultLanguageCode ?? 'en-US'),
			internal: {
				usings: names.usings,
				readyAt: Date.now() + this.settings.processingMs,
				pending: 'upload',
				admx: xml,
				adml: admlOf(languages, String(input.defaultLanguageCode ?? 'en-US')),
			},
		};
		this.data().definitionFiles.push(file);
		this.record(file, 'upload');
		return {
			status: 201,
			body: {
				'@odata.context': `${graphRoot}/beta/$metadata#deviceManagement/groupPolicyUploadedDefinitionFiles/$entity`,
				...publicFile(file),
			},
			createdId: file.id,
		};
	}

	/** POST .../groupPolicyUploadedDefinitionFiles/{id}/{action} */
	action(id: string, action: string, body: unknown): GraphResult {
		this.advance();
		const file = this.uploaded.find((f) => f.id === id);
		if (!file) {
			throw new GraphError(
				404,
				'ResourceNotFound',
				intuneMessage(
					`Resource not found: groupPolicyUploadedDefinitionFile with key '${id}' does not exist`,
					action,
				),
			);
		}
		if (file.internal?.pending)
			bad(`The file is busy (${file.status}); wait for the current operation to finish`);
		const input = (body ?? {}) as Body;
		if (action === 'uploadNewVersion') {
			if (!this.settings.uploadNewVersionSupported) {
				bad('FeatureDisabled: uploadNewVersion is not supported for this tenant');
			}
			const xml = this.decode(input.content, 'ADMX file');
			const names = readNamespaces(xml);
			if (names.target !== file.targetNamespace) {
				bad(
					`The new version's target namespace ${String(names.target)} differs from ${file.targetNamespace}`,
				);
			}
			const languages = this.languageFiles(input);
			file.status = 'uploadInProgress';
			file.internal = {
				usings: names.usings,
				admx: xml,
				adml: admlOf(languages, file.defaultLanguageCode ?? 'en-US'),
			};
		} else if (action === 'remove') {
			const fails =
				this.settings.removalsFail || file.status === 'assigned'
					? REMOVAL_FAILED_DETAILS
					: undefined;
			file.status = 'removalInProgress';
			file.internal = { ...file.internal, usings: file.internal?.usings ?? [], fails };
		} else {
			const languages = this.languageFiles(input, action !== 'removeLanguageFiles').map(
				(l) => l.languageCode,
			);
			const codes = new Set(file.languageCodes);
			for (const code of languages) {
				if (action === 'removeLanguageFiles') codes.delete(code);
				else codes.add(code);
			}
			file.languageCodes = [...codes];
		}
		file.internal = {
			...file.internal,
			usings: file.internal?.usings ?? [],
			readyAt: Date.now() + this.settings.processingMs,
			pending: action,
		};
		file.lastModifiedDateTime = new Date().toISOString();
		this.record(file, action);
		return { status: 204 };
	}

	/**
	 * Puts a file in the tenant in the given status, with the operation Intune would have written for it:
	 * a failed upload or removal carries its reason, an upload or removal in progress finishes after
	 * processingMs (failing with `fails` when given).
	 */
	seed(input: SeedFile): Record<string, unknown> {
		const now = new Date().toISOString();
		const pending = ['uploadInProgress', 'removalInProgress'].includes(input.status);
		const file: DefinitionFile = {
			id: input.id ?? randomUUID(),
			'@odata.type': UPLOADED_TYPE,
			displayName: input.fileName,
			description: '',
			fileName: input.fileName,
			policyType: 'admxIngested',
			status: input.status,
			languageCodes: ['en-US'],
			targetPrefix: input.targetNamespace.split('.')[0].toLowerCase(),
			targetNamespace: input.targetNamespace,
			revision: '1.0',
			lastModifiedDateTime: now,
			uploadDateTime: now,
			defaultLanguageCode: 'en-US',
			internal: {
				usings: [],
				readyAt: pending ? Date.now() + this.settings.processingMs : undefined,
				pending: pending ? input.status : undefined,
				fails: input.fails,
			},
		};
		this.data().definitionFiles.push(file);
		this.record(file, 'upload', input.status === 'uploadInProgress' ? 'inProgress' : 'success');
		if (input.status === 'uploadFailed') {
			const upload = this.data().operations[this.data().operations.length - 1];
			upload.operationStatus = 'failed';
			upload.statusDetails = input.statusDetails ?? 'Content Parsing exception';
		}
		if (input.status === 'removalInProgress') this.record(file, 'remove');
		if (input.status === 'removalFailed') {
			const remove = this.record(file, 'remove', 'failed');
			remove.statusDetails = input.statusDetails ?? REMOVAL_FAILED_DETAILS;
		}
		return publicFile(file);
	}

	private derive(file: DefinitionFile, visibleAt?: number): void {
		const { admx, adml } = file.internal ?? {};
		if (admx === undefined || adml === undefined) return;
		const data = this.data();
		storeDefinitions(data, file, deriveDefinitions(data, file, admx, adml), visibleAt);
		refreshAssigned(data, [file.id]);
	}

	/**
	 * Puts an ADMX/ADML pair in the tenant as an uploaded file that Intune has already processed: available,
	 * with its definitions listed at once. Files it uses must be there first (seed a chain base first).
	 */
	seedPolicies(input: SeedPolicies): Record<string, unknown> {
		const names = readNamespaces(input.admx);
		if (!names.target) throw new Error(`${input.fileName}: no target namespace`);
		const missing = names.usings.find((ns) => ns !== names.target && !this.available(ns));
		if (missing) throw new Error(`${input.fileName} uses ${missing}, which is not available`);
		if (this.uploaded.some((f) => f.targetNamespace === names.target)) {
			throw new Error(`A file with target namespace ${names.target} is already uploaded`);
		}
		const file = this.seed({
			id: input.id,
			fileName: input.fileName,
			targetNamespace: names.target,
			status: 'available',
		}) as unknown as DefinitionFile;
		const stored = this.uploaded.find((f) => f.id === file.id)!;
		stored.targetPrefix = names.prefix ?? stored.targetPrefix;
		stored.languageCodes = [input.languageCode ?? 'en-US'];
		stored.internal = { usings: names.usings, admx: input.admx, adml: input.adml };
		this.derive(stored);
		return publicFile(stored);
	}

	private available(namespace: string): boolean {
		return this.data().definitionFiles.some(
			(f) =>
				f.targetNamespace === namespace &&
				(f.policyType === 'admxBacked' || f.status === 'available'),
		);
	}

	/** Finishes every piece of background work whose time has come. */
	advance(now = Date.now()): void {
		const data = this.data();
		for (const file of [...this.uploaded]) {
			const work = file.internal;
			if (!work?.pending || (work.readyAt ?? 0) > now) continue;
			const operation = [...data.operations].reverse().find((o) => o.definitionFileId === file.id);
			const finish = (status: string, details: string | null) => {
				if (operation)
					Object.assign(operation, {
						operationStatus: status,
						statusDetails: details,
						lastModifiedDateTime: new Date().toISOString(),
					});
			};
			work.pending = undefined;
			if (file.status === 'removalInProgress' && work.fails) {
				file.status = 'removalFailed';
				finish('failed', work.fails);
				continue;
			}
			if (file.status === 'removalInProgress') {
				data.definitionFiles.splice(data.definitionFiles.indexOf(file), 1);
				data.operations = data.operations.filter((o) => o.definitionFileId !== file.id);
				removeDefinitions(data, file.id);
				continue;
			}
			if (file.status === 'uploadInProgress') {
				const missing = work.usings.find(
					(ns) => ns !== file.targetNamespace && !this.available(ns),
				);
				const fails =
					work.fails ??
					(missing
						? `ADMX file referenced not found NamespaceMissing:${missing}. Please upload it first.`
						: undefined);
				file.status = fails ? 'uploadFailed' : 'available';
				finish(fails ? 'failed' : 'success', fails ?? null);
				if (!fails) this.derive(file, (work.readyAt ?? now) + this.settings.definitionsLagMs);
				continue;
			}
			finish('success', null);
		}
	}
}

/**
 * A file whose definitions a profile holds shows assigned (and cannot be removed); it is available again once
 * no profile holds them. Only the files a change touched are looked at.
 */
export function refreshAssigned(data: Dataset, fileIds: Iterable<string>): void {
	for (const id of new Set(fileIds)) {
		const file = data.definitionFiles.find((f) => f.id === id);
		if (!file || !['available', 'assigned'].includes(file.status ?? '')) continue;
		const definitions = new Set(
			data.definitions.filter((d) => d.definitionFileId === id).map((d) => d.id),
		);
		const held = data.definitionValues.some((v) => definitions.has(v.definitionId));
		file.status = held ? 'assigned' : 'available';
	}
}

/** The ADML Intune reads texts from: the default language's, else the first. */
function admlOf(languages: Array<{ languageCode: string; text?: string }>, code: string): string {
	return (languages.find((l) => l.languageCode === code) ?? languages[0])?.text ?? '';
}

/** An uploaded file as Graph shows it. */
export function publicFile(file: DefinitionFile): Record<string, unknown> {
	const { internal: _internal, ...rest } = file;
	return rest;
}
