/*
 * One scanner for the XML of ADMX and ADML files: it checks that the text is well-formed XML and
 * hands the reader what it needs (start tags with their attributes, character data). The files
 * come from users and vendors, and the node runs on n8n's main thread, so the scan takes time
 * linear in the text whatever it holds: one pass, forward only, searches with indexOf that never
 * start again from an earlier place, and a stack of the open elements. No regular expression runs
 * over the text.
 *
 * A light check, not a validating parser: elements closed in order, one root element, quoted
 * attributes, comments, CDATA sections, processing instructions, the XML declaration, and
 * references (&amp; &lt; &gt; &quot; &apos; &#123; &#x1F;). A DOCTYPE is refused: ADMX and ADML
 * files have none, and one could define entities that this check does not read.
 */

/** Where and why the text is not well-formed XML; line and column count from 1. */
export class XmlSyntaxError extends Error {
	constructor(
		readonly line: number,
		readonly column: number,
		readonly reason: string,
	) {
		super(`line ${line}, column ${column}: ${reason}`);
	}
}

export interface XmlStartTag {
	/** The name as written, with its prefix if any (e.g. xsd:element). */
	name: string;
	/** Attribute values with their references decoded. */
	attributes: Map<string, string>;
}

export interface XmlVisitor {
	startTag?(tag: XmlStartTag): void;
	/** Character data as written (references not decoded), and the content of CDATA sections. */
	text?(text: string): void;
}

const PREDEFINED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
};

const BYTE_ORDER_MARK = 0xfeff;

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isAsciiLetter(code: number): boolean {
	return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
	return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/*
 * XML's NameStartChar, by UTF-16 code unit: both halves of a surrogate pair are accepted, which
 * admits the supplementary planes (XML allows most of them in names).
 */
function isNameStart(code: number): boolean {
	if (code < 0x80) return isAsciiLetter(code) || code === 0x5f || code === 0x3a;
	return (
		(code >= 0xc0 && code <= 0xd6) ||
		(code >= 0xd8 && code <= 0xf6) ||
		(code >= 0xf8 && code <= 0x2ff) ||
		(code >= 0x370 && code <= 0x37d) ||
		(code >= 0x37f && code <= 0x1fff) ||
		code === 0x200c ||
		code === 0x200d ||
		(code >= 0x2070 && code <= 0x218f) ||
		(code >= 0x2c00 && code <= 0x2fef) ||
		(code >= 0x3001 && code <= 0xdfff) ||
		(code >= 0xf900 && code <= 0xfdcf) ||
		(code >= 0xfdf0 && code <= 0xfffd)
	);
}

function isNameChar(code: number): boolean {
	return (
		isNameStart(code) ||
		isDigit(code) ||
		code === 0x2d ||
		code === 0x2e ||
		code === 0xb7 ||
		(code >= 0x300 && code <= 0x36f) ||
		code === 0x203f ||
		code === 0x2040
	);
}

/*
 * A character a reference may stand for: any but NUL, the surrogates and U+FFFE/U+FFFF. XML 1.0
 * also forbids most other control characters, but parsers differ on them (XML 1.1 and lenient
 * readers accept &#x1F;), so they are left to Intune rather than refused here.
 */
function isReferable(code: number): boolean {
	return (
		code >= 0x01 &&
		code <= 0x10ffff &&
		!(code >= 0xd800 && code <= 0xdfff) &&
		code !== 0xfffe &&
		code !== 0xffff
	);
}

function hex(code: number): string {
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * indexOf that remembers, for each needle, where it last looked and what it found. The scanner
 * only searches forward: while the remembered match still lies ahead it is answered without
 * reading, and a new search starts past it, so all the searches for one needle together read the
 * text at most once. A search from an earlier place (which the scanner does not make) is still
 * answered correctly, only without that saving.
 */
class Finder {
	private readonly found = new Map<string, { from: number; at: number }>();

	constructor(private readonly text: string) {}

	next(needle: string, from: number): number {
		const last = this.found.get(needle);
		if (last && from >= last.from && (last.at === -1 || last.at >= from)) return last.at;
		const at = this.text.indexOf(needle, from);
		this.found.set(needle, { from, at });
		return at;
	}
}

interface OpenElement {
	name: string;
	at: number;
}

interface AttributeList {
	attributes: Map<string, string>;
	/** Just after the `>`, `/>` or `?>` that ends the tag. */
	end: number;
	selfClosing: boolean;
}

class Scanner {
	private pos = 0;
	private readonly start: number;
	private readonly find: Finder;
	private readonly open: OpenElement[] = [];
	private root?: OpenElement;
	/** Where the end tag of the root element begins, once it is closed. */
	private rootEnd?: number;

	constructor(
		private readonly xml: string,
		private readonly visitor: XmlVisitor,
	) {
		this.find = new Finder(xml);
		// A byte-order mark is not part of the document; decodeXml removes it before this runs.
		this.start = xml.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
		this.pos = this.start;
	}

	scan(): string {
		const { xml } = this;
		while (this.pos < xml.length) {
			const lt = this.find.next('<', this.pos);
			const end = lt === -1 ? xml.length : lt;
			if (end > this.pos) this.characterData(this.pos, end);
			if (lt === -1) break;
			this.markup(lt);
		}
		return this.finish();
	}

	// ---- errors

	private where(pos: number): { line: number; column: number } {
		let line = 1;
		let lineStart = 0;
		for (let k = 0; k < pos; k++) {
			const code = this.xml.charCodeAt(k);
			// CR LF, LF and a lone CR each end a line, as XML reads them.
			if (code === 0x0a || (code === 0x0d && this.xml.charCodeAt(k + 1) !== 0x0a)) {
				line++;
				lineStart = k + 1;
			}
		}
		return { line, column: pos - lineStart + 1 };
	}

	private lineOf(pos: number): number {
		return this.where(pos).line;
	}

	private fail(pos: number, reason: string): never {
		const { line, column } = this.where(pos);
		throw new XmlSyntaxError(line, column, reason);
	}

	/** The text ends where something opened at `opened` still needed its end. */
	private cutOff(what: string, opened: number): never {
		this.fail(this.xml.length, `${what} opened at line ${this.lineOf(opened)} ${CUT_OFF}`);
	}

	// ---- the text between markup

	private characterData(from: number, to: number): void {
		if (this.open.length === 0) {
			this.outsideRoot(from, to);
			return;
		}
		this.decode(from, to);
		const cdataEnd = this.find.next(']]>', from);
		if (cdataEnd !== -1 && cdataEnd < to) {
			this.fail(cdataEnd, "']]>' in text, where XML does not allow it (write ]]&gt;)");
		}
		this.visitor.text?.(this.xml.slice(from, to));
	}

	/** Before and after the root element only whitespace may stand between the markup. */
	private outsideRoot(from: number, to: number): void {
		for (let k = from; k < to; k++) {
			if (isSpace(this.xml.charCodeAt(k))) continue;
			if (this.root) {
				this.fail(
					k,
					`text after the root element <${this.root.name}>, which ends at line ` +
						`${this.lineOf(this.rootEnd ?? this.root.at)}`,
				);
			}
			this.fail(k, "text before the root element (an XML file begins with '<')");
		}
	}

	/**
	 * Checks the references in xml[from, to) and answers the text with them decoded. Each `&` is
	 * found by the forward search, and a reference is read once, up to its `;`.
	 */
	private decode(from: number, to: number): string {
		let decoded = '';
		let copied = from;
		let amp = this.find.next('&', from);
		while (amp !== -1 && amp < to) {
			const { end, value } = this.reference(amp, to);
			decoded += this.xml.slice(copied, amp) + value;
			copied = end;
			amp = this.find.next('&', end);
		}
		return copied === from ? this.xml.slice(from, to) : decoded + this.xml.slice(copied, to);
	}

	private reference(amp: number, to: number): { end: number; value: string } {
		const { xml } = this;
		if (xml.charCodeAt(amp + 1) === 0x23) return this.characterReference(amp, to);
		const nameEnd = this.readName(amp + 1, to);
		if (nameEnd >= xml.length) this.cutOff(`the reference ${xml.slice(amp, nameEnd)}`, amp);
		if (nameEnd === amp + 1 || xml.charCodeAt(nameEnd) !== 0x3b) {
			this.fail(amp, "'&' that starts no reference such as &amp; or &#123; (write &amp; for '&')");
		}
		const name = xml.slice(amp + 1, nameEnd);
		const value = Object.hasOwn(PREDEFINED_ENTITIES, name) ? PREDEFINED_ENTITIES[name] : undefined;
		if (value === undefined) {
			this.fail(
				amp,
				`the entity &${name}; is not defined (XML defines only &amp; &lt; &gt; &quot; &apos;)`,
			);
		}
		return { end: nameEnd + 1, value };
	}

	private characterReference(amp: number, to: number): { end: number; value: string } {
		const { xml } = this;
		const isHex = xml.charCodeAt(amp + 2) === 0x78;
		const digitsStart = amp + (isHex ? 3 : 2);
		let k = digitsStart;
		while (k < to && (isHex ? isHexDigit : isDigit)(xml.charCodeAt(k))) k++;
		if (k >= xml.length) this.cutOff(`the reference ${xml.slice(amp, k)}`, amp);
		if (k === digitsStart || xml.charCodeAt(k) !== 0x3b) {
			this.fail(amp, "'&#' that starts no character reference such as &#123; or &#x1F;");
		}
		const code = parseInt(xml.slice(digitsStart, k), isHex ? 16 : 10);
		if (!isReferable(code)) {
			this.fail(amp, `${xml.slice(amp, k + 1)} refers to a character XML does not allow`);
		}
		return { end: k + 1, value: String.fromCodePoint(code) };
	}

	// ---- markup

	private markup(lt: number): void {
		const { xml } = this;
		const next = xml.charCodeAt(lt + 1);
		if (next === 0x2f) this.endTag(lt);
		else if (next === 0x3f) this.processingInstruction(lt);
		else if (xml.startsWith('<!--', lt)) this.comment(lt);
		else if (xml.startsWith('<![CDATA[', lt)) this.cdata(lt);
		else if (xml.startsWith('<!DOCTYPE', lt)) {
			this.fail(lt, 'a DOCTYPE declaration, which ADMX and ADML files do not have');
		} else if (next === 0x21) {
			this.fail(lt, "'<!' that starts no comment (<!--) or CDATA section (<![CDATA[)");
		} else this.startTag(lt);
	}

	private comment(lt: number): void {
		const dashes = this.find.next('--', lt + 4);
		if (dashes === -1 || dashes + 2 >= this.xml.length) this.cutOff('the comment <!--', lt);
		if (this.xml.charCodeAt(dashes + 2) !== 0x3e) {
			this.fail(
				dashes,
				`'--' inside the comment opened at line ${this.lineOf(lt)} (a comment ends with the ` +
					`first '--', which must be followed by '>')`,
			);
		}
		this.pos = dashes + 3;
	}

	private cdata(lt: number): void {
		if (this.open.length === 0) this.fail(lt, 'a CDATA section outside the root element');
		const start = lt + '<![CDATA['.length;
		const end = this.find.next(']]>', start);
		if (end === -1) this.cutOff('the CDATA section <![CDATA[', lt);
		this.visitor.text?.(this.xml.slice(start, end));
		this.pos = end + 3;
	}

	private processingInstruction(lt: number): void {
		const nameEnd = this.readName(lt + 2);
		if (nameEnd === lt + 2) {
			if (nameEnd >= this.xml.length) this.cutOff("'<?'", lt);
			this.fail(lt + 2, "'<?' without the name of a processing instruction after it");
		}
		const target = this.xml.slice(lt + 2, nameEnd);
		if (target.toLowerCase() === 'xml') {
			this.declaration(lt, nameEnd, target);
			return;
		}
		const end = this.find.next('?>', nameEnd);
		if (end === -1) this.cutOff(`the processing instruction <?${target}`, lt);
		if (end !== nameEnd && !isSpace(this.xml.charCodeAt(nameEnd))) {
			this.fail(nameEnd, `no space after the processing-instruction name <?${target}`);
		}
		this.pos = end + 2;
	}

	/** The XML declaration <?xml version="1.0" encoding="utf-8"?>: first in the file, or nowhere. */
	private declaration(lt: number, nameEnd: number, target: string): void {
		if (lt !== this.start) {
			this.fail(
				lt,
				'an XML declaration (<?xml …?>) that is not at the very start of the file, where it ' +
					'must be',
			);
		}
		if (target !== 'xml') this.fail(lt, `the XML declaration is written <?${target}, not <?xml`);
		const list = this.attributeList(nameEnd, lt, 'the XML declaration <?xml', true);
		if (!list.attributes.has('version')) {
			this.fail(lt, 'the XML declaration has no version (<?xml version="1.0" …?>)');
		}
		this.pos = list.end;
	}

	private startTag(lt: number): void {
		const nameEnd = this.readName(lt + 1);
		if (nameEnd === lt + 1) {
			if (nameEnd >= this.xml.length) this.cutOff("'<'", lt);
			this.fail(lt, "'<' that starts no tag (write &lt; for '<' in text)");
		}
		const name = this.xml.slice(lt + 1, nameEnd);
		if (this.root && this.open.length === 0) {
			this.fail(
				lt,
				`a second root element <${name}>; a file has one, and <${this.root.name}> ended at line ` +
					`${this.lineOf(this.rootEnd ?? this.root.at)}`,
			);
		}
		const list = this.attributeList(nameEnd, lt, `the start tag <${name}`, false);
		const element = { name, at: lt };
		this.root ??= element;
		this.visitor.startTag?.({ name, attributes: list.attributes });
		if (!list.selfClosing) this.open.push(element);
		else if (this.open.length === 0) this.rootEnd = lt;
		this.pos = list.end;
	}

	private endTag(lt: number): void {
		const { xml } = this;
		const nameEnd = this.readName(lt + 2);
		if (nameEnd === lt + 2) {
			if (nameEnd >= xml.length) this.cutOff("the end tag '</'", lt);
			this.fail(lt + 2, "'</' without an element name after it");
		}
		const name = xml.slice(lt + 2, nameEnd);
		const close = this.skipSpace(nameEnd);
		if (close >= xml.length) this.cutOff(`the end tag </${name}`, lt);
		if (xml.charCodeAt(close) !== 0x3e) {
			this.fail(close, `${this.describe(close)} in the end tag </${name}>, where '>' should be`);
		}
		const element = this.open.pop();
		if (!element) {
			this.fail(lt, `the end tag </${name}> closes nothing: no element is open here`);
		}
		if (element.name !== name) {
			this.fail(
				lt,
				`</${name}> where </${element.name}> should be (<${element.name}> opened at line ` +
					`${this.lineOf(element.at)})`,
			);
		}
		if (this.open.length === 0) this.rootEnd = lt;
		this.pos = close + 1;
	}

	/**
	 * The attributes of a start tag (or the XML declaration), up to the tag's end. `what` names the
	 * tag in errors, `opened` is where it begins.
	 */
	private attributeList(
		from: number,
		opened: number,
		what: string,
		declaration: boolean,
	): AttributeList {
		const { xml } = this;
		const attributes = new Map<string, string>();
		let k = from;
		for (;;) {
			const at = this.skipSpace(k);
			if (at >= xml.length) this.cutOff(what, opened);
			const end = this.tagEnd(at, what, opened, declaration);
			if (end) return { attributes, ...end };
			if (at === k && isNameChar(xml.charCodeAt(at))) {
				this.fail(at, `no space before the attribute at ${this.describe(at)} in ${what}>`);
			}
			k = this.attribute(at, attributes, what, opened);
		}
	}

	/** The end of the tag at `at`, if the tag ends there. */
	private tagEnd(
		at: number,
		what: string,
		opened: number,
		declaration: boolean,
	): { end: number; selfClosing: boolean } | undefined {
		const { xml } = this;
		const code = xml.charCodeAt(at);
		const close = declaration ? 0x3f : 0x2f;
		if (code === 0x3e && !declaration) return { end: at + 1, selfClosing: false };
		if (code === close) {
			if (at + 1 >= xml.length) this.cutOff(what, opened);
			if (xml.charCodeAt(at + 1) === 0x3e) return { end: at + 2, selfClosing: !declaration };
			this.fail(at, `'${xml[at]}' not followed by '>' in ${what}>`);
		}
		if (code === 0x3c) {
			this.fail(
				at,
				`${what} opened at line ${this.lineOf(opened)} is not closed: '<' comes before its ` +
					`${declaration ? "'?>'" : "'>'"}`,
			);
		}
		if (code === 0x3e) this.fail(at, `${what} ends with '>' instead of '?>'`);
		return undefined;
	}

	/** One attribute name="value" at `at`; answers where the text after its value begins. */
	private attribute(
		at: number,
		attributes: Map<string, string>,
		what: string,
		opened: number,
	): number {
		const { xml } = this;
		const nameEnd = this.readName(at);
		if (nameEnd === at) {
			this.fail(at, `${this.describe(at)} where an attribute name or the tag's end should be`);
		}
		const name = xml.slice(at, nameEnd);
		const equals = this.skipSpace(nameEnd);
		if (equals >= xml.length) this.cutOff(what, opened);
		if (xml.charCodeAt(equals) !== 0x3d) {
			this.fail(equals, `the attribute ${name} in ${what}> has no value (write ${name}="…")`);
		}
		const quoteAt = this.skipSpace(equals + 1);
		if (quoteAt >= xml.length) this.cutOff(what, opened);
		const quote = xml[quoteAt];
		if (quote !== '"' && quote !== "'") {
			this.fail(quoteAt, `the value of the attribute ${name} in ${what}> is not in quotes`);
		}
		const closing = this.find.next(quote, quoteAt + 1);
		if (closing === -1) this.cutOff(`the value of the attribute ${name} in ${what}>`, quoteAt);
		const lt = this.find.next('<', quoteAt + 1);
		if (lt !== -1 && lt < closing) {
			this.fail(
				lt,
				`'<' inside the value of the attribute ${name}, which opened at line ` +
					`${this.lineOf(quoteAt)}: is its closing ${quote} missing? (write &lt; for '<')`,
			);
		}
		if (attributes.has(name)) this.fail(at, `the attribute ${name} appears twice in ${what}>`);
		attributes.set(name, this.decode(quoteAt + 1, closing));
		return closing + 1;
	}

	// ---- small readers

	/** Where the name that begins at `from` ends; `from` itself when no name begins there. */
	private readName(from: number, to = this.xml.length): number {
		const { xml } = this;
		if (from >= to || !isNameStart(xml.charCodeAt(from))) return from;
		let k = from + 1;
		while (k < to && isNameChar(xml.charCodeAt(k))) k++;
		return k;
	}

	private skipSpace(from: number): number {
		let k = from;
		while (k < this.xml.length && isSpace(this.xml.charCodeAt(k))) k++;
		return k;
	}

	private describe(pos: number): string {
		const code = this.xml.charCodeAt(pos);
		return code > 0x20 && code < 0x7f ? `'${this.xml[pos]}'` : hex(code);
	}

	private finish(): string {
		const element = this.open[this.open.length - 1];
		if (element) this.cutOff(`<${element.name}>`, element.at);
		if (!this.root) {
			this.fail(
				this.xml.length,
				this.xml.trim() === '' ? 'the file is empty' : 'the file has no root element',
			);
		}
		return this.root.name;
	}
}

const CUT_OFF = 'is not closed (the file ends)';

/**
 * Checks that `xml` is well-formed XML, telling `visitor` the start tags and text on the way, and
 * answers the name of the root element. Throws XmlSyntaxError at the first place that breaks.
 */
export function scanXml(xml: string, visitor: XmlVisitor = {}): { root: string } {
	return { root: new Scanner(xml, visitor).scan() };
}

/**
 * The encoding the XML declaration names, if the text begins with one. Only the declaration is
 * read (up to its `?>`), pseudo-attribute by pseudo-attribute; a declaration that does not parse
 * names none, and the well-formedness check reports it.
 */
export function declaredEncoding(xml: string): string | undefined {
	let k = 0;
	while (k < xml.length && isSpace(xml.charCodeAt(k))) k++;
	if (xml.slice(k, k + 5).toLowerCase() !== '<?xml') return undefined;
	const end = xml.indexOf('?>', k);
	if (end === -1) return undefined;
	const prolog = xml.slice(k + 5, end);
	for (let at = 0; ; ) {
		const pair = readPseudoAttribute(prolog, at);
		if (!pair) return undefined;
		if (pair.name.toLowerCase() === 'encoding') return pair.value || undefined;
		at = pair.end;
	}
}

function readPseudoAttribute(
	text: string,
	from: number,
): { name: string; value: string; end: number } | undefined {
	const skip = (k: number) => {
		while (k < text.length && isSpace(text.charCodeAt(k))) k++;
		return k;
	};
	const nameStart = skip(from);
	let k = nameStart;
	while (k < text.length && isNameChar(text.charCodeAt(k))) k++;
	if (k === nameStart) return undefined;
	const name = text.slice(nameStart, k);
	k = skip(k);
	if (text[k] !== '=') return undefined;
	k = skip(k + 1);
	const quote = text[k];
	if (quote !== '"' && quote !== "'") return undefined;
	const closing = text.indexOf(quote, k + 1);
	if (closing === -1) return undefined;
	return { name, value: text.slice(k + 1, closing), end: closing + 1 };
}
