import type { IDataObject } from 'n8n-workflow';

import type { SettingInput } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/inputs';
import {
	dropdownDisplayName,
	inputNumber,
	settingInputs,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/inputs';
import {
	checkInputValue,
	defaultValue,
	displayValue,
	emptyValue,
	graphValue,
	InputValueError,
	linesOf,
	readGraphValue,
	sameValue,
	validateInputValue,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/inputValues';
import {
	checkBox,
	comboBox,
	decimal,
	dropdown,
	listBox,
	longDecimal,
	multiText,
	textBox,
} from './presentations';

const one = (presentation: IDataObject): SettingInput => settingInputs([presentation])[0];
const problem = (input: SettingInput, value: unknown) => {
	try {
		validateInputValue(input, value);
	} catch (error) {
		expect(error).toBeInstanceOf(InputValueError);
		return `${(error as Error).message} | ${(error as InputValueError).hint}`;
	}
	throw new Error('accepted');
};

describe('values by kind', () => {
	it('check box: a boolean or "true"/"false"', () => {
		const input = one(checkBox('Clear'));
		expect(validateInputValue(input, true)).toBe(true);
		expect(validateInputValue(input, ' FALSE ')).toBe(false);
		expect(validateInputValue(input, 'true')).toBe(true);
		expect(problem(input, 1)).toMatch(/^must be true or false, not 1/);
		expect(problem(input, 'yes')).toMatch(/not "yes"/);
		expect(graphValue(input, true)).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueBoolean',
			value: true,
		});
	});

	it('text: numbers and booleans as their text, at most maxLength', () => {
		const input = one(textBox('URL', { maxLength: 5 }));
		expect(validateInputValue(input, 'abc')).toBe('abc');
		expect(validateInputValue(input, 12)).toBe('12');
		expect(problem(input, 'abcdef')).toBe(
			'is 6 characters long; at most 5 are allowed | Shorten the value: the ADMX file sets this limit.',
		);
		expect(problem(input, { a: 1 })).toMatch(/must be text, not an object/);
		expect(problem(input, [1])).toMatch(/must be text, not a list/);
		expect(graphValue(input, 'abc')).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueText',
			value: 'abc',
		});
		expect(validateInputValue(one(comboBox('C')), 'free text')).toBe('free text');
	});

	it('decimal: a whole number (or its text) within min..max', () => {
		const input = one(decimal('Size', { minValue: 10, maxValue: 5000 }));
		expect(validateInputValue(input, 250)).toBe(250);
		expect(validateInputValue(input, ' 300 ')).toBe(300);
		expect(problem(input, 6000)).toBe(
			'is 6000, above the maximum 5000 | Give a whole number from 10 to 5000.',
		);
		expect(problem(input, '5')).toMatch(/^is 5, below the minimum 10/);
		expect(problem(input, 2.5)).toMatch(/^must be a whole number, not 2.5/);
		expect(problem(input, '1e3')).toMatch(/^must be a whole number, not "1e3"/);
		expect(problem(input, '')).toMatch(/whole number/);
		expect(problem(input, true)).toMatch(/whole number, not true/);
		expect(graphValue(input, 300)).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueDecimal',
			value: 300,
		});
		const open = one(decimal('Any', { minValue: undefined, maxValue: undefined }));
		expect(validateInputValue(open, '-7')).toBe(-7);
		expect(problem(open, 'x')).toMatch(/Give a whole number\.$/);
	});

	it('long decimal: large whole numbers, exactly or not at all', () => {
		const input = one(longDecimal('Bytes', { minValue: 0, maxValue: 10_000_000_000 }));
		expect(validateInputValue(input, '10000000000')).toBe(10_000_000_000);
		expect(problem(input, '10000000001')).toMatch(/above the maximum 10000000000/);
		const huge = one(longDecimal('Huge', { minValue: 0, maxValue: 9e18 }));
		expect(problem(huge, '9007199254740993')).toMatch(/too large to send exactly/);
		expect(graphValue(input, 5)).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueLongDecimal',
			value: 5,
		});
	});

	it('dropdown: an item by value or display name (any case), sent as its value', () => {
		const input = one(dropdown('Channel'));
		expect(validateInputValue(input, 'beta')).toBe('beta');
		expect(validateInputValue(input, 'Nightly')).toBe('nightly');
		expect(validateInputValue(input, ' STABLE ')).toBe('stable');
		expect(problem(input, 'Canary')).toBe(
			'has "Canary", which is not among its items | Use one of these display names or values: ' +
				'Stable (stable), Beta (beta), Nightly (nightly).',
		);
		const numbered = one(
			dropdown('Level', {
				items: [
					{ displayName: 'Low', value: '1' },
					{ displayName: 'High', value: '2' },
				],
			}),
		);
		expect(validateInputValue(numbered, 2)).toBe('2');
		expect(problem(one(dropdown('None', { items: [] })), 'x')).toMatch(/the dropdown has no items/);
		expect(graphValue(input, 'beta')).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueText',
			value: 'beta',
		});
		expect(dropdownDisplayName(input, 'beta')).toBe('Beta');
		expect(dropdownDisplayName(input, 'x')).toBeUndefined();
	});

	it('multi-text: a list of texts, one per line, or JSON text; maxStrings and maxLength', () => {
		const input = one(multiText('Sites', { maxStrings: 3, maxLength: 10 }));
		expect(validateInputValue(input, ['a.com', 7])).toEqual(['a.com', '7']);
		expect(validateInputValue(input, 'a.com\r\n\r\n b.com\n')).toEqual(['a.com', ' b.com']);
		expect(validateInputValue(input, '["x", "y"]')).toEqual(['x', 'y']);
		expect(problem(input, ['a', 'b', 'c', 'd'])).toMatch(/^has 4 entries; at most 3 are allowed/);
		expect(problem(input, ['abcdefghijk'])).toMatch(/^has an entry of 11 characters long/);
		expect(problem(input, [{}])).toMatch(/^has an object at position 1, not a text/);
		expect(problem(input, 5)).toMatch(/^must be a list of texts, not 5/);
		expect(problem(input, '[not json')).toMatch(/^looks like JSON but is not valid JSON/);
		expect(graphValue(input, ['a'])).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueMultiText',
			values: ['a'],
		});
	});

	it('list with explicit values: [{name, value}], {name: value} or name=value lines; names unique', () => {
		const input = one(listBox('Extensions', true));
		const expected = [
			{ name: 'ext1', value: 'force' },
			{ name: 'ext2', value: 'a=b' },
		];
		expect(validateInputValue(input, expected)).toEqual(expected);
		expect(validateInputValue(input, { ext1: 'force', ext2: 'a=b' })).toEqual(expected);
		expect(validateInputValue(input, 'ext1=force\next2=a=b')).toEqual(expected);
		expect(validateInputValue(input, JSON.stringify(expected))).toEqual(expected);
		expect(
			validateInputValue(input, [
				{ name: 'n', value: null },
				{ name: 'm', value: 3 },
			]),
		).toEqual([
			{ name: 'n', value: '' },
			{ name: 'm', value: '3' },
		]);
		expect(validateInputValue(input, { n: null })).toEqual([{ name: 'n', value: '' }]);
		expect(problem(input, 'no equals sign')).toMatch(/^has the line "no equals sign" without "="/);
		expect(problem(input, ['x'])).toMatch(/^has "x" at position 1, not \{name, value\}/);
		expect(problem(input, [{ name: 'a' }, { name: 'A' }])).toMatch(/^names "A" twice/);
		expect(problem(input, [{ name: ' ' }])).toMatch(/^has an entry with an empty name/);
		expect(problem(input, 5)).toMatch(/^must be a list, not 5/);
		expect(graphValue(input, expected)).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueList',
			values: expected,
		});
		expect(displayValue(input, expected)).toEqual(expected);
	});

	it('list without explicit values: texts (or {name}), sent as {name, value: null}', () => {
		const input = one(listBox('', false));
		const entries = [
			{ name: 'a', value: null },
			{ name: 'a', value: null },
		];
		expect(validateInputValue(input, ['a', 'a'])).toEqual(entries);
		expect(validateInputValue(input, 'a\na')).toEqual(entries);
		expect(validateInputValue(input, [{ name: 'a' }, 'a'])).toEqual(entries);
		expect(problem(input, [true])).toMatch(/^has true at position 1/);
		expect(problem(input, { a: 1 })).toMatch(/^must be a list, not an object/);
		expect(graphValue(input, entries)).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueList',
			values: entries,
		});
		expect(displayValue(input, entries)).toEqual(['a', 'a']);
	});

	it('an input of a kind Graph may add later cannot be set', () => {
		const input = one({ '@odata.type': '#microsoft.graph.groupPolicyPresentationFuture', id: 'f' });
		expect(problem(input, 'x')).toMatch(/of a kind this node cannot set/);
		expect(defaultValue(input)).toBeUndefined();
		expect(emptyValue(input)).toBeUndefined();
		expect(readGraphValue(input, { '@odata.type': 'x', value: 1 })).toBeUndefined();
		const checked = checkInputValue(input, 'x');
		expect(checked).toBeInstanceOf(InputValueError);
	});
});

describe('defaults and empty values', () => {
	it('take what the Group Policy editor pre-fills, or nothing that cannot be sent', () => {
		const inputs = settingInputs([
			checkBox('A', { defaultChecked: true }),
			textBox('B', { defaultValue: 'x' }),
			textBox('C', { defaultValue: undefined }),
			decimal('D', { defaultValue: 250, minValue: 10 }),
			decimal('E', { defaultValue: 0, minValue: 10 }),
			dropdown('F'),
			dropdown('G', { defaultItem: null }),
			multiText('H'),
			listBox('I', true),
		]);
		expect(inputs.map(defaultValue)).toEqual([
			true,
			'x',
			'',
			250,
			undefined,
			'stable',
			undefined,
			[],
			[],
		]);
		expect(inputs.map(emptyValue)).toEqual([
			true,
			'',
			'',
			undefined,
			undefined,
			undefined,
			undefined,
			[],
			[],
		]);
	});
});

describe('values read back from Graph', () => {
	const pv = (kind: string, body: IDataObject) => ({
		'@odata.type': `#microsoft.graph.groupPolicyPresentationValue${kind}`,
		...body,
	});

	it('come back in the form the input takes, and compare equal when Graph holds the same', () => {
		const [clear, url, size, channel, sites, ext, blocked] = settingInputs([
			checkBox('Clear'),
			textBox('URL'),
			longDecimal('Size'),
			dropdown('Channel'),
			multiText('Sites'),
			listBox('Ext', true),
			listBox('Blocked', false),
		]);
		expect(readGraphValue(clear, pv('Boolean', { value: 'true' }))).toBe(true);
		expect(readGraphValue(url, pv('Text', { value: null }))).toBe('');
		expect(readGraphValue(size, pv('LongDecimal', { value: '10000000000' }))).toBe(1e10);
		expect(readGraphValue(size, pv('LongDecimal', { value: 'x' }))).toBeUndefined();
		expect(readGraphValue(size, pv('Decimal', { value: 1 }))).toBeUndefined();
		expect(readGraphValue(channel, pv('Text', { value: 'beta' }))).toBe('beta');
		expect(readGraphValue(sites, pv('MultiText', { values: ['a', 1] }))).toEqual(['a', '1']);
		expect(readGraphValue(sites, pv('MultiText', {}))).toEqual([]);
		const held = readGraphValue(ext, pv('List', { values: [{ name: 'a', value: 'b' }] }))!;
		expect(held).toEqual([{ name: 'a', value: 'b' }]);
		expect(readGraphValue(ext, pv('List', {}))).toEqual([]);
		expect(sameValue(ext, held, [{ name: 'a', value: 'b' }])).toBe(true);
		expect(sameValue(ext, held, [{ name: 'a', value: 'c' }])).toBe(false);
		const plain = readGraphValue(blocked, pv('List', { values: [{ name: 'x', value: '' }] }))!;
		expect(sameValue(blocked, plain, [{ name: 'x', value: null }])).toBe(true);
		expect(sameValue(size, 5, 5)).toBe(true);
		expect(sameValue(url, 'a', 'b')).toBe(false);
	});
});

describe('reading Graph text', () => {
	it('runs in linear time on long adversarial input', () => {
		const long = 'Input ' + '9'.repeat(200_000) + 'x';
		const started = Date.now();
		inputNumber(long);
		linesOf('\r'.repeat(200_000) + 'x\n'.repeat(100_000));
		const input = one(decimal('D'));
		checkInputValue(input, '-'.repeat(100_000) + '1');
		checkInputValue(one(listBox('L', true)), '='.repeat(100_000));
		// Generous: a backtracking reader takes minutes on these.
		expect(Date.now() - started).toBeLessThan(3000);
	});
});
