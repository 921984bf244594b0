/*
 * A small XML reader for the emulator's ADMX and ADML processing: one pass over the text with indexOf, no
 * backtracking patterns, so a hostile file costs time linear in its length. It builds the element tree Intune's
 * ingestion needs (names without prefixes, attributes, text) and throws on text it cannot read.
 */

export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** The element's own character data (CDATA included), entities decoded. */
	text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	let out = '';
	let at = 0;
	for (;;) {
		const start = text.indexOf('&', at);
		if (start < 0) return out + text.slice(at);
		const end = text.indexOf(';', start);
		if (end < 0 || end - start > 12) throw new XmlError(`Unterminated entity at ${start}`);
		const name = text.slice(start + 1, end);
		let decoded = ENTITIES[name];
		if (name.startsWith('#x')) decoded = String.fromCodePoint(parseInt(name.slice(2), 16));
		else if (name.startsWith('#')) decoded = String.fromCodePoint(parseInt(name.slice(1), 10));
		if (decoded === undefined) throw new XmlError(`Unknown entity &${name};`);
		out += text.slice(at, start) + decoded;
		at = end + 1;
	}
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** The end of a tag that starts at `start`, skipping '>' inside quoted attribute values. */
function tagEnd(xml: string, start: number): number {
	let quote = '';
	for (let i = start; i < xml.length; i++) {
		const ch = xml[i];
		if (quote) {
			if (ch === quote) quote = '';
		} else if (ch === '"' || ch === "'") quote = ch;
		else if (ch === '>') return i;
	}
	throw new XmlError(`Unterminated tag at ${start}`);
}

/** Name and attributes of a start tag's inner text, e.g. `policy name="A" class="Machine"`. */
function readTag(inner: string): { name: string; attributes: Record<string, string> } {
	let i = 0;
	while (i < inner.length && !isSpace(inner[i])) i++;
	const name = inner.slice(0, i);
	if (!name) throw new XmlError('A tag without a name');
	const attributes: Record<string, string> = {};
	for (;;) {
		while (i < inner.length && isSpace(inner[i])) i++;
		if (i >= inner.length) return { name, attributes };
		const equals = inner.indexOf('=', i);
		if (equals < 0) throw new XmlError(`Attribute without a value in <${name}>`);
		const key = inner.slice(i, equals).trim();
		let open = equals + 1;
		while (open < inner.length && isSpace(inner[open])) open++;
		const quote = inner[open];
		if (quote !== '"' && quote !== "'") throw new XmlError(`Unquoted attribute ${key}`);
		const close = inner.indexOf(quote, open + 1);
		if (close < 0) throw new XmlError(`Unterminated attribute ${key}`);
		attributes[localName(key)] = decodeEntities(inner.slice(open + 1, close));
		i = close + 1;
	}
}

function skipPast(xml: string, from: number, terminator: string): number {
	const end = xml.indexOf(terminator, from);
	if (end < 0) throw new XmlError(`Missing ${terminator}`);
	return end + terminator.length;
}

export function parseXml(xml: string): XmlElement {
	const document: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
	const stack: XmlElement[] = [document];
	let at = 0;
	while (at < xml.length) {
		const open = xml.indexOf('<', at);
		const current = stack[stack.length - 1];
		if (open < 0) {
			current.text += decodeEntities(xml.slice(at));
			break;
		}
		current.text += decodeEntities(xml.slice(at, open));
		if (xml.startsWith('<!--', open)) at = skipPast(xml, open + 4, '-->');
		else if (xml.startsWith('<?', open)) at = skipPast(xml, open + 2, '?>');
		else if (xml.startsWith('<![CDATA[', open)) {
			const end = skipPast(xml, open + 9, ']]>');
			current.text += xml.slice(open + 9, end - 3);
			at = end;
		} else if (xml.startsWith('<!', open)) at = tagEnd(xml, open) + 1;
		else if (xml.startsWith('</', open)) {
			const end = tagEnd(xml, open);
			const name = localName(xml.slice(open + 2, end).trim());
			if (stack.length < 2 || current.name !== name) throw new XmlError(`Unexpected </${name}>`);
			stack.pop();
			at = end + 1;
		} else {
			const end = tagEnd(xml, open);
			const selfClosing = xml[end - 1] === '/';
			const tag = readTag(xml.slice(open + 1, selfClosing ? end - 1 : end).trim());
			const element: XmlElement = {
				name: localName(tag.name),
				attributes: tag.attributes,
				children: [],
				text: '',
			};
			current.children.push(element);
			if (!selfClosing) stack.push(element);
			at = end + 1;
		}
	}
	if (stack.length !== 1) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`);
	const [root] = document.children;
	if (!root || document.children.length > 1) throw new XmlError('Expected one root element');
	return root;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
	return element?.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
	return element?.children.filter((c) => c.name === name) ?? [];
}
