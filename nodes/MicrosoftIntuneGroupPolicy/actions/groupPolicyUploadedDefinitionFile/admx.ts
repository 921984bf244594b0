import type { XmlStartTag, XmlVisitor } from './xml';
import { declaredEncoding, scanXml, XmlSyntaxError } from './xml';

/*
 * What can be read reliably from ADMX and ADML text without a full XML parser (n8n's verification
 * forbids runtime dependencies): that the file is well-formed XML, the root element, the target
 * and used namespaces, the string and presentation references, and the features Intune refuses.
 * Everything else is left to Intune, whose verdict the node shows. The text comes from users and
 * vendors, so everything here reads it in time linear in its length (see xml.ts).
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

const NOT_WELL_FORMED_FIX =
	'The file looks cut off or edited by hand: use the file as the vendor ships it.';

/** The FileProblem for a file the scanner found broken; any other error as it is. */
function asFileProblem(error: unknown, what: string): never {
	if (!(error instanceof XmlSyntaxError)) throw error;
	throw new FileProblem(
		`${what} is not well-formed XML at line ${error.line}, column ${error.column}: ${error.reason}`,
		NOT_WELL_FORMED_FIX,
	);
}

/**
 * Scans the file, telling `visitor` what it holds; a file that is not well-formed XML is refused
 * with the line (and column) where it breaks, before any other check.
 */
function scan(xml: string, what: string, visitor: XmlVisitor = {}): string {
	try {
		return scanXml(xml, visitor).root;
	} catch (error) {
		asFileProblem(error, what);
	}
}

/** Refuses a file that is not well-formed XML (readAdmx and readAdml check this first). */
export function checkWellFormed(xml: string, what: string): void {
	scan(xml, what);
}

/** An element's name without its namespace prefix. */
function localName(name: string): string {
	return name.slice(name.indexOf(':') + 1);
}

type ReferenceKind = 'string' | 'presentation';

const REFERENCE_KINDS: ReferenceKind[] = ['string', 'presentation'];

/*
 * The characters of a string or presentation ID: ASCII letters and digits, `_`, `.` and `-`, and
 * other letters and digits. None of them is `$`, `(` or `)`, so a reference cannot begin inside
 * the ID of another: the search goes on after the ID and reads each character once.
 */
function isIdChar(text: string, at: number): boolean {
	const code = text.charCodeAt(at);
	if (code < 0x80) {
		return (
			(code >= 0x30 && code <= 0x39) ||
			(code >= 0x41 && code <= 0x5a) ||
			(code >= 0x61 && code <= 0x7a) ||
			code === 0x5f ||
			code === 0x2e ||
			code === 0x2d
		);
	}
	return /[\p{L}\p{N}]/u.test(text[at]);
}

/** Adds the $(string.ID) and $(presentation.ID) references in `text` to `into`. */
function collectReferences(text: string, into: Record<ReferenceKind, Set<string>>): void {
	let at = text.indexOf('$(');
	while (at !== -1) {
		let k = at + 2;
		const kind = REFERENCE_KINDS.find((name) => text.startsWith(`${name}.`, k));
		if (kind) {
			k += kind.length + 1;
			const idStart = k;
			while (k < text.length && isIdChar(text, k)) k++;
			if (k > idStart && text.charCodeAt(k) === 0x29) into[kind].add(text.slice(idStart, k));
		}
		at = text.indexOf('$(', k);
	}
}

interface AdmxReading {
	target?: Map<string, string>;
	usings: string[];
	tooLong?: number;
	comboBox: boolean;
	references: Record<ReferenceKind, Set<string>>;
}

function readAdmxTag(tag: XmlStartTag, reading: AdmxReading): void {
	switch (localName(tag.name)) {
		case 'target':
			reading.target ??= tag.attributes;
			break;
		case 'using':
			reading.usings.push(tag.attributes.get('namespace') ?? '');
			break;
		case 'text': {
			const length = Number(tag.attributes.get('maxLength'));
			if (length > MAX_TEXT_LENGTH_ATTRIBUTE) reading.tooLong ??= length;
			break;
		}
		case 'comboBox':
			reading.comboBox = true;
	}
	for (const value of tag.attributes.values()) collectReferences(value, reading.references);
}

export function readAdmx(xml: string, what: string): AdmxFacts {
	const reading: AdmxReading = {
		usings: [],
		comboBox: false,
		references: { string: new Set(), presentation: new Set() },
	};
	const root = scan(xml, what, {
		startTag: (tag) => readAdmxTag(tag, reading),
		text: (text) => collectReferences(text, reading.references),
	});
	if (localName(root) !== 'policyDefinitions') {
		throw new FileProblem(
			`${what} is not an ADMX file: it has no <policyDefinitions> root element`,
			'Choose the .admx file (the .adml file goes into the ADML field).',
		);
	}
	const targetNamespace = reading.target?.get('namespace');
	if (!targetNamespace) {
		throw new FileProblem(
			`${what} declares no target namespace (<target prefix="…" namespace="…"/>)`,
			'Use the ADMX file as the vendor ships it.',
		);
	}
	if (reading.tooLong) {
		throw new FileProblem(
			`${what} has a text element with maxLength ${reading.tooLong}; Intune accepts at most ` +
				`${MAX_TEXT_LENGTH_ATTRIBUTE}`,
			`Lower maxLength to ${MAX_TEXT_LENGTH_ATTRIBUTE} or less.`,
		);
	}
	if (reading.comboBox) refuseComboBox(what);
	const usings = reading.usings.filter((ns) => !!ns && ns !== targetNamespace);
	return {
		targetPrefix: reading.target?.get('prefix') ?? '',
		targetNamespace,
		usings: [...new Set(usings)],
		strings: [...reading.references.string],
		presentations: [...reading.references.presentation],
	};
}

function refuseComboBox(what: string): never {
	throw new FileProblem(
		`${what} uses a comboBox element, which Intune does not support`,
		'Remove the policies that use comboBox, or replace it with a textBox.',
	);
}

export function readAdml(xml: string, what: string): AdmlFacts {
	const facts: AdmlFacts = { strings: new Set(), presentations: new Set() };
	let comboBox = false;
	const root = scan(xml, what, {
		startTag: (tag) => {
			const name = localName(tag.name);
			const id = tag.attributes.get('id');
			if (name === 'string' && id) facts.strings.add(id);
			else if (name === 'presentation' && id) facts.presentations.add(id);
			else if (name === 'comboBox') comboBox = true;
		},
	});
	if (localName(root) !== 'policyDefinitionResources') {
		throw new FileProblem(
			`${what} is not an ADML file: it has no <policyDefinitionResources> root element`,
			'Choose the .adml file that belongs to the ADMX, from the language folder (e.g. en-US).',
		);
	}
	if (comboBox) refuseComboBox(what);
	return facts;
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
	const declared = declaredEncoding(text);
	if (utf16 || (declared && !/^utf-?8$/i.test(declared))) {
		throw new FileProblem(
			`${what} is encoded as ${utf16 ? 'UTF-16' : declared}; Intune reads only UTF-8`,
			'Save the file as UTF-8 (without a byte-order mark) and try again.',
		);
	}
	return { text, bomRemoved };
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
