/*
 * What can be read reliably from ADMX and ADML text without a full XML parser (n8n's verification
 * forbids runtime dependencies): the root element, the target and used namespaces, the string and
 * presentation references, and the features Intune refuses. Everything else is left to Intune,
 * whose verdict the node shows.
 */

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_TEXT_LENGTH_ATTRIBUTE = 32767;

export interface AdmxFacts {
	targetPrefix: string;
	targetNamespace: string;
	/** Namespaces of `<using>` entries, other than the file's own. */
	usings: string[];
	strings: string[];
	presentations: string[];
}

export interface AdmlFacts {
	strings: Set<string>;
	presentations: Set<string>;
}

/** A problem with a file: `problem` says what, `fix` how to fix it. */
export class FileProblem extends Error {
	constructor(
		readonly problem: string,
		readonly fix: string,
	) {
		super(problem);
	}
}

const COMMENTS = /<!--[\s\S]*?-->/g;

function attribute(tag: string, name: string): string | undefined {
	return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
		.exec(tag)
		?.slice(1)
		.find((v) => v !== undefined);
}

function tags(xml: string, name: string): string[] {
	return [...xml.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0]);
}

function references(xml: string, kind: 'string' | 'presentation'): string[] {
	return [
		...new Set(
			[...xml.matchAll(new RegExp(`\\$\\(${kind}\\.([^)\\s]+)\\)`, 'g'))].map((m) => m[1]),
		),
	];
}

/**
 * The file's text as UTF-8. A UTF-8 byte-order mark is removed (Intune fails on it); UTF-16 and
 * other encodings are refused, because Intune reads only UTF-8.
 */
export function decodeXml(bytes: Buffer, what: string): { text: string; bomRemoved: boolean } {
	if (bytes.length > MAX_FILE_BYTES) {
		throw new FileProblem(
			`${what} is ${bytes.length} bytes; Intune accepts at most 1 MB (${MAX_FILE_BYTES} bytes)`,
			'Split the file or remove unused policies.',
		);
	}
	const utf16 =
		(bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
	const bomRemoved = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	const text = (bomRemoved ? bytes.subarray(3) : bytes).toString('utf8');
	const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(text)?.[1];
	if (utf16 || (declared && !/^utf-?8$/i.test(declared))) {
		throw new FileProblem(
			`${what} is encoded as ${utf16 ? 'UTF-16' : declared}; Intune reads only UTF-8`,
			'Save the file as UTF-8 (without a byte-order mark) and try again.',
		);
	}
	return { text, bomRemoved };
}

export function readAdmx(xml: string, what: string): AdmxFacts {
	const text = xml.replace(COMMENTS, '');
	if (!/<policyDefinitions\b/.test(text)) {
		throw new FileProblem(
			`${what} is not an ADMX file: it has no <policyDefinitions> root element`,
			'Choose the .admx file (the .adml file goes into the ADML field).',
		);
	}
	const target = tags(text, 'target')[0];
	const targetNamespace = target && attribute(target, 'namespace');
	if (!targetNamespace) {
		throw new FileProblem(
			`${what} declares no target namespace (<target prefix="…" namespace="…"/>)`,
			'Use the ADMX file as the vendor ships it.',
		);
	}
	const tooLong = tags(text, 'text')
		.map((tag) => Number(attribute(tag, 'maxLength')))
		.find((length) => length > MAX_TEXT_LENGTH_ATTRIBUTE);
	if (tooLong) {
		throw new FileProblem(
			`${what} has a text element with maxLength ${tooLong}; Intune accepts at most ` +
				`${MAX_TEXT_LENGTH_ATTRIBUTE}`,
			`Lower maxLength to ${MAX_TEXT_LENGTH_ATTRIBUTE} or less.`,
		);
	}
	refuseComboBox(text, what);
	const usings = tags(text, 'using')
		.map((tag) => attribute(tag, 'namespace'))
		.filter((ns): ns is string => !!ns && ns !== targetNamespace);
	return {
		targetPrefix: attribute(target, 'prefix') ?? '',
		targetNamespace,
		usings: [...new Set(usings)],
		strings: references(text, 'string'),
		presentations: references(text, 'presentation'),
	};
}

function refuseComboBox(text: string, what: string): void {
	if (/<comboBox\b/.test(text)) {
		throw new FileProblem(
			`${what} uses a comboBox element, which Intune does not support`,
			'Remove the policies that use comboBox, or replace it with a textBox.',
		);
	}
}

export function readAdml(xml: string, what: string): AdmlFacts {
	const text = xml.replace(COMMENTS, '');
	if (!/<policyDefinitionResources\b/.test(text)) {
		throw new FileProblem(
			`${what} is not an ADML file: it has no <policyDefinitionResources> root element`,
			'Choose the .adml file that belongs to the ADMX, from the language folder (e.g. en-US).',
		);
	}
	refuseComboBox(text, what);
	const ids = (name: string) =>
		new Set(
			tags(text, name)
				.map((tag) => attribute(tag, 'id'))
				.filter((id): id is string => !!id),
		);
	return { strings: ids('string'), presentations: ids('presentation') };
}

/** The ADML must define every string and presentation the ADMX refers to. */
export function checkAdmlMatches(admx: AdmxFacts, adml: AdmlFacts, admlName: string): void {
	const missing = [
		...admx.strings.filter((id) => !adml.strings.has(id)).map((id) => `string "${id}"`),
		...admx.presentations
			.filter((id) => !adml.presentations.has(id))
			.map((id) => `presentation "${id}"`),
	];
	if (missing.length) {
		const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
		throw new FileProblem(
			`${admlName} does not match the ADMX: it lacks ${missing.slice(0, 5).join(', ')}${more}`,
			'Use the ADML shipped with this version of the ADMX.',
		);
	}
}
