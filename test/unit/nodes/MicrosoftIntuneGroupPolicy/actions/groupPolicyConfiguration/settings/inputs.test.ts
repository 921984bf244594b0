import {
	findInput,
	inputDisplayName,
	inputNumber,
	keyList,
	mapperField,
	settingInputs,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/inputs';
import { checkBox, decimal, dropdown, listBox, multiText, text, textBox } from './presentations';

describe('input keys', () => {
	it('are the labels when non-empty and unique, else "Input N" among the inputs only', () => {
		const inputs = settingInputs([
			text('Proxy settings apply to all profiles.'),
			textBox('Proxy server'),
			decimal('  Port  '),
			listBox('', false),
			textBox(''),
		]);
		expect(inputs.map((i) => [i.key, i.position, i.kind])).toEqual([
			['Proxy server', 1, 'textBox'],
			['Port', 2, 'decimalTextBox'],
			['Input 3', 3, 'listBox'],
			['Input 4', 4, 'textBox'],
		]);
	});

	it('fall back to "Input N" for labels shared by several inputs (any case) or reading like a position', () => {
		const inputs = settingInputs([
			textBox('Name'),
			textBox('name'),
			checkBox('Input 1'),
			checkBox('Other'),
		]);
		expect(inputs.map((i) => i.key)).toEqual(['Input 1', 'Input 2', 'Input 3', 'Other']);
	});

	it('find an input by its label (any case, trimmed) or by "Input N", and report shared labels', () => {
		const inputs = settingInputs([textBox('Name'), textBox('name'), checkBox('Clear')]);
		expect(findInput(inputs, '  CLEAR ').input?.position).toBe(3);
		expect(findInput(inputs, 'input 2').input?.position).toBe(2);
		expect(findInput(inputs, 'Input 3').input?.position).toBe(3);
		expect(findInput(inputs, 'Input 9').input).toBeUndefined();
		expect(findInput(inputs, 'name').ambiguous?.map((i) => i.position)).toEqual([1, 2]);
		expect(findInput(inputs, '').input).toBeUndefined();
		expect(findInput(inputs, 'nothing').input).toBeUndefined();
		expect(keyList(inputs)).toBe('"Input 1", "Input 2", "Clear"');
		expect(keyList([])).toBe('none: this setting has no inputs');
	});

	it('read "Input N" by a scan', () => {
		expect(inputNumber('Input 12')).toBe(12);
		expect(inputNumber(' input  3 ')).toBe(3);
		expect(inputNumber('Input 0')).toBeUndefined();
		expect(inputNumber('Input')).toBeUndefined();
		expect(inputNumber('Input x1')).toBeUndefined();
		expect(inputNumber('Input 1234567')).toBeUndefined();
		expect(inputNumber('Inputs 1')).toBeUndefined();
	});

	it('have display names with the kind and limits', () => {
		const inputs = settingInputs([
			textBox('Home page URL'),
			textBox(''),
			decimal('Cache size (MB)', { minValue: 10, maxValue: 5000 }),
			multiText('Sites'),
			listBox('Extensions', true),
			listBox('Blocked', false),
			checkBox('Clear'),
			{ '@odata.type': '#microsoft.graph.groupPolicyPresentationFuture', id: 'f', label: 'F' },
			{ id: 'untyped', label: 'U' },
		]);
		expect(inputs.map(inputDisplayName)).toEqual([
			'Home page URL (text)',
			'Input 2, text',
			'Cache size (MB) (number, 10 to 5000)',
			'Sites (lines of text, one per line)',
			'Extensions (list, one name=value per line)',
			'Blocked (list, one entry per line)',
			'Clear (check box)',
			'F (unsupported)',
			'U (unsupported)',
		]);
	});
});

describe('resource mapper fields', () => {
	it('have a type per kind, dropdown items, defaults and required', () => {
		const fields = settingInputs([
			checkBox('Clear', { defaultChecked: true }),
			textBox('URL', { required: true, defaultValue: 'https://x' }),
			textBox('Empty'),
			decimal('Size', { defaultValue: 250, minValue: 10, maxValue: 5000 }),
			decimal('Out of range', { defaultValue: 0, minValue: 10 }),
			dropdown('Channel'),
			dropdown('No default', { defaultItem: null }),
			multiText('Sites'),
			{ '@odata.type': '#microsoft.graph.groupPolicyPresentationFuture', id: 'f', label: 'F' },
		]).map(mapperField);
		expect(fields.map((f) => [f.id, f.type, f.required, f.defaultValue, f.display])).toEqual([
			['Clear', 'boolean', false, true, true],
			['URL', 'string', true, 'https://x', true],
			['Empty', 'string', false, undefined, true],
			['Size', 'number', false, 250, true],
			['Out of range', 'number', false, undefined, true],
			['Channel', 'options', false, 'stable', true],
			['No default', 'options', false, undefined, true],
			['Sites', 'string', false, undefined, true],
			['F', 'string', false, undefined, false],
		]);
		expect(fields[5].options).toEqual([
			{ name: 'Stable', value: 'stable' },
			{ name: 'Beta', value: 'beta' },
			{ name: 'Nightly', value: 'nightly' },
		]);
	});
});
