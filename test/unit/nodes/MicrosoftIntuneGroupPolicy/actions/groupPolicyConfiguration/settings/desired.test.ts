import { toDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import type { GivenValues } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/desired';
import {
	desiredSetting,
	outputValues,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/desired';
import { SettingProblem } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/errors';
import {
	checkBox,
	decimal,
	definitionRow,
	dropdown,
	listBox,
	multiText,
	text,
	textBox,
} from './presentations';

const cacheSize = toDefinition(
	definitionRow('Cache Size', [
		decimal('Cache size (MB)', { minValue: 10, maxValue: 5000, defaultValue: 250, required: true }),
		checkBox('Clear cache on exit'),
	]),
);
const extensions = toDefinition(
	definitionRow('Extension Settings', [
		listBox('Extensions', true),
		listBox('', false),
		textBox(''),
	]),
);
const proxy = toDefinition(
	definitionRow('Proxy', [
		text('Proxy settings apply to all profiles.'),
		textBox('Proxy server', { required: true }),
		decimal('Port', { minValue: 1, maxValue: 65535, defaultValue: 8080 }),
		dropdown('Mode', { defaultItem: null }),
		multiText('Bypass'),
	]),
);

const given = (values: GivenValues['values'], strictKeys = true): GivenValues => ({
	values,
	strictKeys,
});
const wish = (definition = cacheSize, values: GivenValues['values'] = {}, strictKeys = true) =>
	desiredSetting(definition, 'enabled', given(values, strictKeys), 'Setting "x"', 2);
const problem = (f: () => unknown) => {
	try {
		f();
	} catch (error) {
		expect(error).toBeInstanceOf(SettingProblem);
		const p = error as SettingProblem;
		return `${p.input ?? '-'} | ${p.message} | ${p.hint}`;
	}
	throw new Error('accepted');
};

describe('what an item wants of a setting', () => {
	it('fills every input: what was given, else the ADMX default', () => {
		const wanted = wish(cacheSize, { 'Cache size (MB)': '300' });
		expect(outputValues(wanted.values)).toEqual({
			'Cache size (MB)': 300,
			'Clear cache on exit': false,
		});
		expect(outputValues(wish(cacheSize).values)).toEqual({
			'Cache size (MB)': 250,
			'Clear cache on exit': false,
		});
	});

	it('takes inputs by label or "Input N", the same input twice only with the same value', () => {
		const wanted = wish(extensions, {
			Extensions: { a: '1' },
			'Input 2': 'x\ny',
			'input 3': 'https://u',
		});
		expect(outputValues(wanted.values)).toEqual({
			Extensions: [{ name: 'a', value: '1' }],
			'Input 2': ['x', 'y'],
			'Input 3': 'https://u',
		});
		expect(
			outputValues(wish(cacheSize, { 'Input 1': 20, 'cache size (mb)': '20' }).values),
		).toMatchObject({ 'Cache size (MB)': 20 });
		expect(problem(() => wish(cacheSize, { 'Input 1': 20, 'Cache size (MB)': 30 }))).toBe(
			'Cache size (MB) | is given twice with different values (as "Input 1" and as "Cache size (MB)") | Give each input once.',
		);
		expect(problem(() => wish(cacheSize, { 'Input 1': 20, 'Cache size (MB)': null }))).toMatch(
			/given twice with different values/,
		);
	});

	it('refuses an unknown input, listing the keys; ignores it when mapping automatically', () => {
		expect(problem(() => wish(cacheSize, { Size: 5 }))).toBe(
			'Size | is not an input of this setting | Its inputs: "Cache size (MB)", "Clear cache on exit". ' +
				'An input goes by its label, or by "Input N" (its position among the inputs).',
		);
		expect(wish(cacheSize, { Size: 5, index: 1 }, false).values.size).toBe(2);
	});

	it('refuses a label that several inputs share', () => {
		const twins = toDefinition(definitionRow('Twins', [textBox('Name'), textBox('name')]));
		expect(problem(() => wish(twins, { NAME: 'x' }))).toBe(
			'NAME | names the inputs 1 and 2, which share this label | Use "Input 1" or "Input 2".',
		);
	});

	it('refuses a value of the wrong kind, naming the input', () => {
		expect(problem(() => wish(cacheSize, { 'Cache size (MB)': 6000 }))).toBe(
			'Cache size (MB) | is 6000, above the maximum 5000 | Give a whole number from 10 to 5000.',
		);
	});

	it('refuses a required input left without a default or cleared', () => {
		expect(problem(() => wish(proxy))).toBe(
			'Proxy server | is required while the setting is enabled | Give it a value (an input left ' +
				'out takes the ADMX default, when it has one), or set the setting to Disabled or Not Configured.',
		);
		expect(problem(() => wish(cacheSize, { 'Cache size (MB)': null }))).toMatch(
			/^Cache size \(MB\) \| is required while the setting is enabled, and is empty/,
		);
		expect(problem(() => wish(proxy, { 'Proxy server': '' }))).toMatch(/and is empty/);
	});

	it('sends nothing for a cleared number or dropdown, empty text and lists', () => {
		const wanted = wish(proxy, { 'Proxy server': 'p', Port: null, Mode: '', Bypass: null });
		expect(outputValues(wanted.values)).toEqual({ 'Proxy server': 'p', Bypass: [] });
		const cleared = wish(cacheSize, { 'Clear cache on exit': null });
		expect(outputValues(cleared.values)).toMatchObject({ 'Clear cache on exit': false });
	});

	it('ignores values of a disabled or removed setting; equal wishes have equal signatures', () => {
		const off = desiredSetting(cacheSize, 'disabled', given({ nope: 1 }), 'w', 1);
		expect(off.values.size).toBe(0);
		const removed = desiredSetting(cacheSize, 'notConfigured', given({}), 'w', 1);
		expect(removed.signature).not.toBe(off.signature);
		expect(wish(cacheSize, { 'Input 1': '250' }).signature).toBe(wish(cacheSize).signature);
		expect(wish(cacheSize, { 'Input 1': 251 }).signature).not.toBe(wish(cacheSize).signature);
	});
});
