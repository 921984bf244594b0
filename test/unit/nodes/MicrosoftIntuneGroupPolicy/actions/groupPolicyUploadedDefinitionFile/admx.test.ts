import {
	checkAdmlMatches,
	checkWellFormed,
	decodeXml,
	FileProblem,
	MAX_FILE_BYTES,
	readAdml,
	readAdmx,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/admx';
import { adml, admx, CHAIN } from '../../../../../fixtures/admx';
import type { VendorShape } from '../../../../../fixtures/admxShapes';
import {
	FABRIKAM,
	vendorAdml,
	vendorAdmx,
	vendorReferences,
} from '../../../../../fixtures/admxShapes';

/* Reading ADMX and ADML files: the facts the node needs, and the files refused before sending. */

function problemOf(fn: () => unknown): FileProblem {
	try {
		fn();
	} catch (error) {
		if (error instanceof FileProblem) return error;
		throw error;
	}
	throw new Error('expected a FileProblem');
}

const NOT_WELL_FORMED = /^(\S+) is not well-formed XML at line (\d+), column (\d+): /;
const CUT_OFF_FIX =
	'The file looks cut off or edited by hand: use the file as the vendor ships it.';

/** The line and column just after the end of `text` (a lone CR ends a line, as in XML). */
function endOf(text: string): { line: number; column: number } {
	const lines = text.split(/\r\n|\n|\r/);
	return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

describe.each([
	['CRLF', { ...FABRIKAM }],
	['LF', { ...FABRIKAM, lineEnding: '\n' as const, policies: 300 }],
])('vendor-shaped files with %s line endings', (_label, shape: VendorShape) => {
	const admxText = vendorAdmx(shape);
	const admlText = vendorAdml(shape);

	it('are files of a realistic size that Intune accepts', () => {
		expect(Buffer.byteLength(admxText)).toBeLessThan(MAX_FILE_BYTES);
		expect(Buffer.byteLength(admlText)).toBeLessThan(MAX_FILE_BYTES);
		expect(admxText.includes('\r\n')).toBe(shape.lineEnding !== '\n');
	});

	it('read with the facts the node needs', () => {
		const facts = readAdmx(admxText, 'fabrikam.admx');
		expect(facts).toEqual({
			targetPrefix: 'fabrikam',
			targetNamespace: 'Fabrikam.Policies.Browser',
			usings: ['Microsoft.Policies.Windows', 'Fabrikam.Policies.Base'],
			...vendorReferences(shape),
		});
		const resources = readAdml(admlText, 'fabrikam.adml');
		const { strings, presentations } = vendorReferences(shape);
		expect([...resources.strings].sort()).toEqual([...strings].sort());
		expect([...resources.presentations].sort()).toEqual([...presentations].sort());
		expect(() => checkAdmlMatches(facts, resources, 'fabrikam.adml')).not.toThrow();
	});

	it('pass through decodeXml unchanged', () => {
		expect(decodeXml(Buffer.from(admxText), 'fabrikam.admx')).toEqual({
			text: admxText,
			bomRemoved: false,
		});
	});

	it.each([
		['ADMX', admxText, (t: string) => readAdmx(t, 'fabrikam.admx')],
		['ADML', admlText, (t: string) => readAdml(t, 'fabrikam.adml')],
	])(
		'are refused as %s when cut off anywhere, naming the line where the file ends',
		(_k, text, read) => {
			const rootEnd = text.lastIndexOf('>');
			// Cut points spread over the file, and every one of the last characters before the root's end.
			const cuts = [
				...Array.from({ length: 60 }, (_, n) => Math.floor((rootEnd * n) / 60)),
				...Array.from({ length: 25 }, (_, n) => rootEnd - n),
			];
			for (const cut of cuts) {
				const problem = problemOf(() => read(text.slice(0, cut)));
				const [, file, line, column] = NOT_WELL_FORMED.exec(problem.problem) ?? [];
				expect(file).toMatch(/^fabrikam\.adm[xl]$/);
				expect({ line: Number(line), column: Number(column) }).toEqual(endOf(text.slice(0, cut)));
				expect(problem.fix).toBe(CUT_OFF_FIX);
			}
		},
	);
});

describe('readAdmx', () => {
	it('reads the small fixtures as before', () => {
		expect(readAdmx(admx(CHAIN.app), 'app.admx')).toEqual({
			targetPrefix: 'contosoapp',
			targetNamespace: 'Contoso.Policies.App',
			usings: ['Microsoft.Policies.Windows', 'Contoso.Policies.Base'],
			strings: ['Root', 'ServerUrl', 'ServerUrl_Explain'],
			presentations: ['ServerUrl'],
		});
	});

	it('refuses a file cut in half, with the line and what is open, before any other check', () => {
		const text = admx(CHAIN.base);
		const half = text.slice(0, text.length / 2);
		const problem = problemOf(() => readAdmx(half, 'contoso.admx'));
		expect(problem.problem).toBe(
			'contoso.admx is not well-formed XML at line 9, column 26: the start tag <category ' +
				'opened at line 9 is not closed (the file ends)',
		);
		expect(problem.fix).toBe(CUT_OFF_FIX);
		// An ADML cut in half, given as the ADMX, is refused as broken XML, not as the wrong kind.
		const admlHalf = adml(CHAIN.base).slice(0, 400);
		expect(problemOf(() => readAdmx(admlHalf, 'x.admx')).problem).toMatch(NOT_WELL_FORMED);
	});

	it.each([
		[
			'an ADML',
			adml(CHAIN.base),
			'x.admx is not an ADMX file: it has no <policyDefinitions> root element',
		],
		[
			'a file without a target',
			admx(CHAIN.base).replace(/<target [^>]*>/, ''),
			'x.admx declares no target namespace (<target prefix="…" namespace="…"/>)',
		],
		[
			'a target without a namespace',
			admx(CHAIN.base).replace('namespace="Contoso.Policies.Base"', ''),
			'x.admx declares no target namespace (<target prefix="…" namespace="…"/>)',
		],
		[
			'a text element with maxLength over 32767',
			admx({ ...CHAIN.base, maxLength: 40000 }),
			'x.admx has a text element with maxLength 40000; Intune accepts at most 32767',
		],
		[
			'a comboBox',
			admx(CHAIN.base).replace('<text id', '<comboBox id'),
			'x.admx uses a comboBox element, which Intune does not support',
		],
		[
			'a policyDefinitions element that is not the root',
			'<x><policyDefinitions/></x>',
			'x.admx is not an ADMX file: it has no <policyDefinitions> root element',
		],
	])('refuses %s', (_label, text, message) => {
		expect(problemOf(() => readAdmx(text, 'x.admx')).problem).toBe(message);
	});

	it('ignores what comments hold, and reads references in attributes, text and CDATA', () => {
		const text = [
			'<policyDefinitions>',
			'<!-- <comboBox/> <text maxLength="99999"/> $(string.InComment) -->',
			'<policyNamespaces><target prefix="p" namespace="P"/>',
			'<using prefix="p" namespace="P"/><using prefix="w" namespace="W"/>',
			'<using prefix="w2" namespace="W"/></policyNamespaces>',
			'<a displayName="$(string.A) and $(string.A)" presentation="$(presentation.B)">',
			'text $(string.InText) <![CDATA[$(string.InCdata)]]></a>',
			'<b v="$(string.$(string.Inner)" w="$(string.bad id) $(string.) $(other.X) $(string.ü-1.x)"/>',
			'</policyDefinitions>',
		].join('\n');
		expect(readAdmx(text, 'x.admx')).toEqual({
			targetPrefix: 'p',
			targetNamespace: 'P',
			usings: ['W'],
			strings: ['A', 'InText', 'InCdata', 'Inner', 'ü-1.x'],
			presentations: ['B'],
		});
	});

	it('reads attribute values with their references decoded', () => {
		const text =
			'<policyDefinitions><policyNamespaces>' +
			'<target prefix="a&amp;b" namespace="A&#46;B"/></policyNamespaces></policyDefinitions>';
		expect(readAdmx(text, 'x.admx')).toMatchObject({ targetPrefix: 'a&b', targetNamespace: 'A.B' });
	});

	it('reads elements written with a namespace prefix', () => {
		const text =
			'<pd:policyDefinitions xmlns:pd="http://schemas.microsoft.com/GroupPolicy/2006/07/' +
			'PolicyDefinitions"><pd:policyNamespaces><pd:target prefix="p" namespace="P"/>' +
			'</pd:policyNamespaces></pd:policyDefinitions>';
		expect(readAdmx(text, 'x.admx').targetNamespace).toBe('P');
	});
});

describe('readAdml', () => {
	it('reads the string and presentation IDs', () => {
		expect(readAdml(adml(CHAIN.base), 'x.adml')).toEqual({
			strings: new Set(['Root', 'ServerUrl', 'ServerUrl_Explain']),
			presentations: new Set(['ServerUrl']),
		});
	});

	it.each([
		[
			'an ADMX',
			admx(CHAIN.base),
			'x.adml is not an ADML file: it has no <policyDefinitionResources> root element',
		],
		[
			'a comboBox',
			adml({ ...CHAIN.base, comboBox: true }),
			'x.adml uses a comboBox element, which Intune does not support',
		],
		[
			'a file cut in half',
			adml(CHAIN.base).slice(0, adml(CHAIN.base).indexOf('ServerUrl_Explain') + 5),
			'x.adml is not well-formed XML at line 9, column 24: the value of the attribute id in ' +
				'the start tag <string> opened at line 9 is not closed (the file ends)',
		],
	])('refuses %s', (_label, text, message) => {
		expect(problemOf(() => readAdml(text, 'x.adml')).problem).toBe(message);
	});
});

describe('checkWellFormed', () => {
	it('names the file, the line and the column, and how to fix it', () => {
		const problem = problemOf(() =>
			checkWellFormed('<a>\r\n  <b>\r\n  </c>\r\n</a>', 'contoso.admx'),
		);
		expect(problem).toMatchObject({
			problem:
				'contoso.admx is not well-formed XML at line 3, column 3: </c> where </b> should be ' +
				'(<b> opened at line 2)',
			fix: CUT_OFF_FIX,
		});
	});
});

describe('decodeXml', () => {
	const text = admx(CHAIN.base);

	it('removes a UTF-8 byte-order mark', () => {
		const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
		expect(decodeXml(bytes, 'x.admx')).toEqual({ text, bomRemoved: true });
	});

	it.each([
		['UTF-16 (LE)', Buffer.from(`\ufeff${text}`, 'utf16le'), 'x.admx is encoded as UTF-16'],
		[
			'UTF-16 (BE)',
			Buffer.from([0xfe, 0xff, 0, 0x3c]),
			'x.admx is encoded as UTF-16; Intune reads only UTF-8',
		],
		[
			'a declared encoding other than UTF-8',
			Buffer.from(text.replace('utf-8', 'windows-1252')),
			'x.admx is encoded as windows-1252; Intune reads only UTF-8',
		],
		[
			'a file over 1 MB',
			Buffer.alloc(MAX_FILE_BYTES + 1, 0x20),
			`x.admx is ${MAX_FILE_BYTES + 1} bytes; Intune accepts at most 1 MB`,
		],
	])('refuses %s', (_label, bytes, message) => {
		expect(problemOf(() => decodeXml(bytes, 'x.admx')).problem).toContain(message);
	});

	it.each([
		['UTF-8', 'UTF-8'],
		['utf8', 'utf8'],
	])('accepts a declared %s', (_label, encoding) => {
		const bytes = Buffer.from(text.replace('utf-8', encoding));
		expect(decodeXml(bytes, 'x.admx').text).toContain(encoding);
	});

	it('reads the encoding only from the XML declaration', () => {
		const bytes = Buffer.from('<a encoding="utf-16"/>');
		expect(decodeXml(bytes, 'x.admx').text).toBe('<a encoding="utf-16"/>');
	});
});

describe('checkAdmlMatches', () => {
	it('names the first five missing IDs and counts the rest', () => {
		const facts = readAdmx(vendorAdmx({ ...FABRIKAM, policies: 10 }), 'f.admx');
		const problem = problemOf(() =>
			checkAdmlMatches(facts, { strings: new Set(), presentations: new Set() }, 'f.adml'),
		);
		expect(problem.problem).toMatch(
			/^f\.adml does not match the ADMX: it lacks string "SUPPORTED_v90", string "SUPPORTED_v100", string "SUPPORTED_v110", string "fabrikam", string "Section0" and \d+ more$/,
		);
	});
});
