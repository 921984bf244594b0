import {
	buildCatalog,
	describeDefinition,
	foldKey,
	namePathOf,
	nearCandidates,
	queryParts,
	refKey,
	refText,
	settingSummary,
	toDefinition,
	wordsOf,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import { definitionRow, textBox } from './presentations';

const BROWSER = '\\Fabrikam\\Fabrikam Browser';

describe('name paths', () => {
	it('are {categoryPath}\\{displayName} ({classType}), matched whole, trimmed and case-insensitive', () => {
		const definition = toDefinition(definitionRow('Disable Telemetry'));
		expect(definition.namePath).toBe('\\Fabrikam\\Fabrikam Browser\\Disable Telemetry (machine)');
		expect(definition.key).toBe(
			foldKey('  \\FABRIKAM\\fabrikam browser\\disable telemetry (MACHINE) '),
		);
		expect(namePathOf('\\A', 'B\\C', 'user')).toBe('\\A\\B\\C (user)');
	});

	it('keep a display name with a backslash whole: the catalog finds it by the whole key', () => {
		const catalog = buildCatalog([
			definitionRow('Path\\Name'),
			definitionRow('Name', [], { categoryPath: `${BROWSER}\\Path` }),
		]);
		const [withSlash] = catalog.byKey.get(foldKey(`${BROWSER}\\Path\\Name (machine)`))!;
		expect(catalog.byKey.get(foldKey(`${BROWSER}\\Path\\Name (machine)`))).toHaveLength(2);
		expect(withSlash.displayName).toBe('Path\\Name');
	});

	it('split only to ask Graph: the class suffix, the display name after the last backslash', () => {
		expect(queryParts(' \\Fabrikam\\Fabrikam Browser\\Proxy (User) ')).toEqual({
			categoryPath: BROWSER,
			displayName: 'Proxy',
			classType: 'user',
		});
		expect(queryParts('\\A\\B (machine)')).toEqual({
			categoryPath: '\\A',
			displayName: 'B',
			classType: 'machine',
		});
		expect(queryParts('\\A\\B')).toBeUndefined();
		expect(queryParts('B (machine)')).toBeUndefined();
	});

	it('name references in messages and keys', () => {
		expect(refText({ namePath: ' \\A\\B (user) ' })).toBe('\\A\\B (user)');
		expect(refText({ id: 'x' })).toBe('ID x');
		expect(refText({ categoryPath: '\\A', displayName: 'B', classType: 'user' })).toBe(
			'\\A\\B (user)',
		);
		expect(refKey({ id: 'x' })).toBeUndefined();
		expect(refKey({ namePath: '\\A\\B (User)' })).toBe('\\a\\b (user)');
	});
});

describe('definitions', () => {
	it('are read with their inputs and file, and summarised for output', () => {
		const definition = toDefinition(
			definitionRow('Home Page', [textBox('Home page URL')], { classType: 'user' }),
		);
		expect(definition.inputs.map((i) => i.key)).toEqual(['Home page URL']);
		expect(settingSummary(definition)).toEqual({
			id: 'def-homepage-user',
			displayName: 'Home Page',
			categoryPath: BROWSER,
			classType: 'user',
			policyType: 'admxIngested',
			namePath: `${BROWSER}\\Home Page (user)`,
			definitionFile: { id: 'file-app', fileName: 'fabrikambrowser.admx' },
		});
		expect(describeDefinition(definition)).toBe(
			`${BROWSER}\\Home Page (user) [uploaded file fabrikambrowser.admx, ID def-homepage-user]`,
		);
	});

	it('without expansions or with a built-in file', () => {
		const bare = toDefinition({ id: 'b', policyType: 'admxBacked', definitionFile: { id: 'f' } });
		expect(bare).toMatchObject({ displayName: '', categoryPath: '', inputs: [] });
		expect(settingSummary(bare).definitionFile).toEqual({ id: 'f', fileName: null });
		expect(describeDefinition(bare)).toBe('\\ () [built-in template, ID b]');
		expect(
			toDefinition({ id: 'c', definitionFile: { fileName: 'x' } }).definitionFile,
		).toBeUndefined();
		expect(settingSummary(toDefinition({ id: 'c' })).definitionFile).toBeNull();
		const withFile = toDefinition({
			id: 'd',
			policyType: 'admxIngested',
			definitionFile: { id: 'f', fileName: 'a.admx', displayName: 'A', status: 'available' },
		});
		expect(withFile.definitionFile).toEqual({
			id: 'f',
			fileName: 'a.admx',
			displayName: 'A',
			status: 'available',
		});
		expect(describeDefinition(toDefinition({ id: 'e', policyType: 'admxIngested' }))).toBe(
			'\\ () [uploaded file unknown, ID e]',
		);
	});
});

describe('near candidates', () => {
	const catalog = buildCatalog([
		definitionRow('Disable Telemetry'),
		definitionRow('Home Page'),
		definitionRow('Home Page', [], { classType: 'user' }),
		definitionRow('Cache Size'),
		definitionRow('Proxy', [], { classType: 'user', categoryPath: `${BROWSER}\\Network` }),
	]);

	it('share words with what was asked, display name words first, at most five', () => {
		const near = nearCandidates(
			'\\Fabrikam\\Fabrikam Browser\\Home Pag (machine)',
			catalog.definitions,
		);
		expect(near.map((d) => d.namePath)[0]).toBe(`${BROWSER}\\Home Page (machine)`);
		expect(near.length).toBeLessThanOrEqual(5);
		expect(nearCandidates('telemetry', catalog.definitions).map((d) => d.displayName)).toEqual([
			'Disable Telemetry',
		]);
		expect(nearCandidates('', catalog.definitions)).toEqual([]);
		expect(nearCandidates('zzz', catalog.definitions)).toEqual([]);
	});

	it('words are read by a scan, in linear time', () => {
		expect(wordsOf('\\Fabrikam\\Cache Size (MB) — Ünïcode')).toEqual([
			'fabrikam',
			'cache',
			'size',
			'mb',
			'ünïcode',
		]);
		const started = Date.now();
		wordsOf('\\'.repeat(500_000) + 'a'.repeat(500_000));
		// Generous: a backtracking reader takes minutes on these.
		expect(Date.now() - started).toBeLessThan(3000);
	});
});
