import type { XmlStartTag } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/xml';
import {
	declaredEncoding,
	scanXml,
	XmlSyntaxError,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/xml';

/* The linear XML scanner: what it accepts, what it tells the reader, and where a file breaks. */

function scanned(xml: string) {
	const tags: Array<{ name: string; attributes: Record<string, string> }> = [];
	const texts: string[] = [];
	const { root } = scanXml(xml, {
		startTag: (tag: XmlStartTag) =>
			tags.push({ name: tag.name, attributes: Object.fromEntries(tag.attributes) }),
		text: (text) => texts.push(text),
	});
	return { root, tags, texts };
}

function breakOf(xml: string): XmlSyntaxError {
	try {
		scanXml(xml);
	} catch (error) {
		if (error instanceof XmlSyntaxError) return error;
		throw error;
	}
	throw new Error('the scanner accepted the text');
}

describe('well-formed files pass', () => {
	it.each([
		['a lone root', '<a/>'],
		['the XML declaration', '<?xml version="1.0" encoding="utf-8"?>\n<a></a>'],
		['the declaration in single quotes, standalone', "<?xml version='1.0' standalone='yes' ?><a/>"],
		['comments before, inside and after the root', '<!-- c --><a><!-- <b> & "x" --></a><!-- d -->'],
		['an empty comment', '<a><!----></a>'],
		['single dashes in a comment', '<a><!-- a - b -c- d- --></a>'],
		['a comment right before the end', '<a><!-- x -->\n</a>\n<!-- trailing -->\n'],
		['CDATA with < and ]]', '<a><![CDATA[x < y ]] z ]]] & <b>]]></a>'],
		['an empty CDATA section', '<a><![CDATA[]]></a>'],
		['entities', '<a>&amp; &lt; &gt; &quot; &apos; &#123; &#x1F; &#x1f600; &#169;</a>'],
		['entities in attributes', '<a b="&amp;&lt;&#x2022;" c=\'&apos;\'/>'],
		['> inside quoted attribute values', '<a b="x > y" c=\'1>2\'>z</a>'],
		['single quotes holding double quotes', `<a b='say "hi"' c="it's"/>`],
		['self-closing tags, with and without space', '<a><b/><c /><d e="1"/><f\te="1"\n/></a>'],
		['namespace prefixes', '<xsd:schema xmlns:xsd="urn:x"><xsd:element name="a"/></xsd:schema>'],
		['spaces around = and in end tags', '<a b = "1"\n c\t=\t\'2\'></a   >'],
		['processing instructions', '<?xml-stylesheet href="a.xsl"?><a><?pi data?></a><?end?>'],
		['whitespace after the root', '<a/>\r\n\r\n  \t'],
		['a byte-order mark before the declaration', '\ufeff<?xml version="1.0"?><a/>'],
		['>, ] and ]] in text', '<a>1 > 0, a[0]] is ok</a>'],
		['non-ASCII names', '<données été="oui"><日本語/></données>'],
		['names with . - _ and digits', '<a.b-c_d1 x.y-z="1"/>'],
		['Windows line endings', '<?xml version="1.0"?>\r\n<a>\r\n  <b c="1" />\r\n</a>\r\n'],
	])('%s', (_label, xml) => {
		expect(() => scanXml(xml)).not.toThrow();
	});

	it('tells the start tags in order with their decoded attributes, and answers the root', () => {
		const { root, tags } = scanned(
			'<?xml version="1.0"?><root a="1"><x:b c=\'&lt;&#65;&#x42;\'/><d e="f &amp; g"></d></root>',
		);
		expect(root).toBe('root');
		expect(tags).toEqual([
			{ name: 'root', attributes: { a: '1' } },
			{ name: 'x:b', attributes: { c: '<AB' } },
			{ name: 'd', attributes: { e: 'f & g' } },
		]);
	});

	it('tells the text inside the root as written, and the content of CDATA sections', () => {
		const { texts } = scanned('<a> x &amp; y <b/><![CDATA[<raw> & ]]>z</a>\n');
		expect(texts).toEqual([' x &amp; y ', '<raw> & ', 'z']);
	});

	it('does not tell comments or processing instructions as text', () => {
		const { texts, tags } = scanned('<a><!-- <b/> $(string.X) --><?pi <c/> ?></a>');
		expect(texts).toEqual([]);
		expect(tags.map((t) => t.name)).toEqual(['a']);
	});
});

describe('declaredEncoding', () => {
	it.each([
		['<?xml version="1.0" encoding="utf-8"?><a/>', 'utf-8'],
		["<?xml version='1.0' encoding='UTF-16'?><a/>", 'UTF-16'],
		['  <?XML version="1.0" ENCODING = "windows-1252" ?><a/>', 'windows-1252'],
		['<?xml version="1.0"?><a encoding="utf-16"/>', undefined],
		['<a encoding="utf-16"/>', undefined],
		['<?xml version="1.0" encoding="utf-16"', undefined],
		['<?xml version=1.0 encoding="utf-16"?>', undefined],
	])('%j names %j', (xml, encoding) => {
		expect(declaredEncoding(xml)).toBe(encoding);
	});
});

/* A small ADMX-like file, with its lines numbered, for the places where it can break. */
const LINES = [
	'<?xml version="1.0" encoding="utf-8"?>', // 1
	'<policyDefinitions revision="1.0">', // 2
	'  <!-- the policies -->', // 3
	'  <policies>', // 4
	'    <policy name="One" key="Software\\Contoso">', // 5
	'      <elements><text id="T" /></elements>', // 6
	'    </policy>', // 7
	'    <policy name="Two"><![CDATA[x < y]]></policy>', // 8
	'  </policies>', // 9
	'</policyDefinitions>', // 10
	'',
];

describe.each([
	['LF', '\n'],
	['CRLF', '\r\n'],
])('a file with %s line endings', (_label, eol) => {
	const doc = LINES.join(eol);
	/** The text up to and including `marker` (its first occurrence). */
	const upTo = (marker: string) => doc.slice(0, doc.indexOf(marker) + marker.length);
	const endOf = (text: string) => {
		const lines = text.split(/\r\n|\n/);
		return { line: lines.length, column: lines[lines.length - 1].length + 1 };
	};

	it('is well-formed', () => {
		expect(scanXml(doc).root).toBe('policyDefinitions');
	});

	it.each([
		[
			'inside a tag',
			'<policy name="One" ke',
			/^the start tag <policy opened at line 5 is not closed \(the file ends\)$/,
		],
		['after a tag name', '    <policy', /^the start tag <policy opened at line 5 is not closed/],
		[
			'inside an attribute value',
			'key="Soft',
			/^the value of the attribute key in the start tag <policy> opened at line 5 is not closed \(the file ends\)$/,
		],
		['after an =', 'key=', /^the start tag <policy opened at line 5 is not closed/],
		['inside a comment', '<!-- the pol', /^the comment <!-- opened at line 3 is not closed/],
		[
			'inside the end of a comment',
			'the policies --',
			/^the comment <!-- opened at line 3 is not closed/,
		],
		[
			'inside a CDATA section',
			'<![CDATA[x <',
			/^the CDATA section <!\[CDATA\[ opened at line 8 is not closed/,
		],
		[
			'between elements',
			'    </policy>',
			/^<policies> opened at line 4 is not closed \(the file ends\)$/,
		],
		['inside an end tag', '</policies', /^the end tag <\/policies opened at line 9 is not closed/],
		['after a <', `</policy>${eol}    <`, /^'<' opened at line 8 is not closed/],
		[
			'inside the declaration',
			'<?xml version="1.0" enc',
			/^the XML declaration <\?xml opened at line 1/,
		],
		['after the declaration', '?>', /^the file has no root element$/],
		[
			'before the root ends',
			'</policyDefinitions',
			/^the end tag <\/policyDefinitions opened at line 10/,
		],
	])('cut %s is refused at the end, naming what is open', (_where, marker, reason) => {
		const cut = upTo(marker);
		const error = breakOf(cut);
		expect(error.reason).toMatch(reason);
		expect({ line: error.line, column: error.column }).toEqual(endOf(cut));
	});

	it('is refused when cut at any point before the root closes', () => {
		const rootEnd = doc.lastIndexOf('>');
		for (let cut = 0; cut <= rootEnd; cut++) {
			expect(() => scanXml(doc.slice(0, cut))).toThrow(XmlSyntaxError);
		}
	});

	it.each([
		[
			'a mismatched end tag',
			['</policy>', '</elements>'],
			7,
			5,
			/^<\/elements> where <\/policy> should be \(<policy> opened at line 5\)$/,
		],
		[
			'a second root',
			['</policyDefinitions>', '</policyDefinitions><other/>'],
			10,
			21,
			/^a second root element <other>; a file has one, and <policyDefinitions> ended at line 10$/,
		],
		[
			'text after the root',
			['</policyDefinitions>', '</policyDefinitions> x'],
			10,
			22,
			/^text after the root element <policyDefinitions>, which ends at line 10$/,
		],
		[
			'an unquoted attribute',
			['name="One"', 'name=One'],
			5,
			18,
			/^the value of the attribute name in the start tag <policy> is not in quotes$/,
		],
		[
			'an attribute without a value',
			['name="One"', 'name'],
			5,
			18,
			/^the attribute name in the start tag <policy> has no value/,
		],
		[
			'a stray &',
			['<!-- the policies -->', '<a>Tom & Jerry</a>'],
			3,
			10,
			/^'&' that starts no reference/,
		],
		[
			'a & without ;',
			['<!-- the policies -->', '<a>&amp x</a>'],
			3,
			6,
			/^'&' that starts no reference/,
		],
		[
			'an & in an attribute',
			['key="Software', 'key="A&B Software'],
			5,
			30,
			/^'&' that starts no reference/,
		],
		[
			'an undefined entity',
			['<!-- the policies -->', '<a>&nbsp;</a>'],
			3,
			6,
			/^the entity &nbsp; is not defined/,
		],
		[
			'a bad character reference',
			['<!-- the policies -->', '<a>&#xZ;</a>'],
			3,
			6,
			/^'&#' that starts no character reference/,
		],
		[
			'a reference to a character XML forbids',
			['<!-- the policies -->', '<a>&#0;</a>'],
			3,
			6,
			/^&#0; refers to a character XML does not allow$/,
		],
		[
			'an unclosed < in text',
			['<!-- the policies -->', '<a>1 < 2</a>'],
			3,
			8,
			/^'<' that starts no tag/,
		],
		[
			'a < in an attribute value',
			['name="One"', 'name="<One>"'],
			5,
			19,
			/^'<' inside the value of the attribute name, which opened at line 5/,
		],
		[
			'a start tag without its >',
			['<elements>', '<elements'],
			6,
			16,
			/^the start tag <elements opened at line 6 is not closed: '<' comes before its '>'$/,
		],
		[
			'-- inside a comment',
			['the policies', 'the -- policies'],
			3,
			12,
			/^'--' inside the comment opened at line 3/,
		],
		[
			'a comment ending in --->',
			['the policies -->', 'the policies --->'],
			3,
			21,
			/^'--' inside the comment/,
		],
		[
			'a DOCTYPE',
			['<policyDefinitions', '<!DOCTYPE x>\n<policyDefinitions'],
			2,
			1,
			/^a DOCTYPE declaration/,
		],
		[
			'a declaration not at the start',
			['<policyDefinitions', '<?xml version="1.0"?><policyDefinitions'],
			2,
			1,
			/^an XML declaration \(<\?xml …\?>\) that is not at the very start/,
		],
		[
			'an attribute given twice',
			['name="One"', 'name="One" name="Uno"'],
			5,
			24,
			/^the attribute name appears twice/,
		],
		[
			'no space between attributes',
			['name="One" key', 'name="One"key'],
			5,
			23,
			/^no space before the attribute at 'k'/,
		],
		[
			'a reference to a surrogate',
			['<!-- the policies -->', '<a>&#xD800;</a>'],
			3,
			6,
			/^&#xD800; refers to a character/,
		],
		[']]> in text', ['<!-- the policies -->', '<a>x]]>y</a>'], 3, 7, /^']]>' in text/],
		[
			'an end tag that closes nothing',
			['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?></x>'],
			1,
			22,
			/^the end tag <\/x> closes nothing/,
		],
		[
			'text before the root',
			['<policyDefinitions', 'hello <policyDefinitions'],
			2,
			1,
			/^text before the root element/,
		],
		[
			'CDATA outside the root',
			['<policyDefinitions', '<![CDATA[x]]><policyDefinitions'],
			2,
			1,
			/^a CDATA section outside the root element$/,
		],
		[
			'a declaration without a version',
			['version="1.0" ', ''],
			1,
			1,
			/^the XML declaration has no version/,
		],
		[
			'a / not followed by >',
			['<text id="T" />', '<text id="T" / >'],
			6,
			30,
			/^'\/' not followed by '>'/,
		],
	])('%s is refused where it is', (_label, [from, to], line, column, reason) => {
		const error = breakOf(doc.replace(from as string, to as string));
		expect(error.reason).toMatch(reason);
		expect({ line: error.line, column: error.column }).toEqual({ line, column });
	});
});

describe('files that are not XML', () => {
	it.each([
		['', /^the file is empty$/],
		['  \n ', /^the file is empty$/],
		['<!-- only a comment -->', /^the file has no root element$/],
		['{"not": "xml"}', /^text before the root element/],
		['<', /^'<' opened at line 1 is not closed/],
		['<>', /^'<' that starts no tag/],
		['<1a/>', /^'<' that starts no tag/],
		['<!ELEMENT a>', /^'<!' that starts no comment/],
		['<? ?><a/>', /^'<\?' without the name of a processing instruction/],
	])('%j is refused', (xml, reason) => {
		expect(breakOf(xml).reason).toMatch(reason);
	});

	it('reports the innermost element that is not closed, with the line it opened on', () => {
		const error = breakOf('<a>\n  <b>\n    <c>\n      text');
		expect(error.reason).toBe('<c> opened at line 3 is not closed (the file ends)');
		expect(error).toMatchObject({ line: 4, column: 11 });
	});

	it('counts a lone CR as a line end, as XML does', () => {
		expect(breakOf('<a>\r<b>\r</c>')).toMatchObject({ line: 3, column: 1 });
	});
});
