import type { IDataObject, ResourceMapperField } from 'n8n-workflow';

/*
 * A setting's inputs: the presentations of its definition that take a value, in ADML order. Each
 * input has a key by which workflows address it: its label when that is non-empty and unique
 * among the setting's inputs, else "Input N" (N: its 1-based position among the inputs; a
 * label-only Text presentation is not an input). Both the label and "Input N" are accepted. Here
 * too: how each input is named and shown in the editor. What each kind accepts as a value is in
 * inputValues.ts. Everything that reads Graph's text runs in linear time.
 */

export type InputKind =
	| 'checkBox'
	| 'textBox'
	| 'decimalTextBox'
	| 'longDecimalTextBox'
	| 'dropdownList'
	| 'comboBox'
	| 'listBox'
	| 'multiTextBox'
	/** A presentation type Graph may add later: shown, but not settable. */
	| 'unsupported';

const PRESENTATION_PREFIX = '#microsoft.graph.groupPolicyPresentation';
const VALUE_PREFIX = '#microsoft.graph.groupPolicyPresentationValue';

const KINDS: Record<string, InputKind> = {
	CheckBox: 'checkBox',
	TextBox: 'textBox',
	DecimalTextBox: 'decimalTextBox',
	LongDecimalTextBox: 'longDecimalTextBox',
	DropdownList: 'dropdownList',
	ComboBox: 'comboBox',
	ListBox: 'listBox',
	MultiTextBox: 'multiTextBox',
};

/** The presentation value type Graph expects for each kind. */
export const VALUE_TYPES: Record<Exclude<InputKind, 'unsupported'>, string> = {
	checkBox: `${VALUE_PREFIX}Boolean`,
	textBox: `${VALUE_PREFIX}Text`,
	comboBox: `${VALUE_PREFIX}Text`,
	dropdownList: `${VALUE_PREFIX}Text`,
	decimalTextBox: `${VALUE_PREFIX}Decimal`,
	longDecimalTextBox: `${VALUE_PREFIX}LongDecimal`,
	multiTextBox: `${VALUE_PREFIX}MultiText`,
	listBox: `${VALUE_PREFIX}List`,
};

/** How each kind is named to users: in field names, messages and Get Settings' `type`. */
const KIND_WORDS: Record<InputKind, string> = {
	checkBox: 'check box',
	textBox: 'text',
	comboBox: 'text with suggestions',
	dropdownList: 'dropdown',
	decimalTextBox: 'number',
	longDecimalTextBox: 'large number',
	multiTextBox: 'lines of text',
	listBox: 'list',
	unsupported: 'unsupported',
};

export interface SettingInput {
	/** How workflows address it: the label, or "Input N". */
	key: string;
	/** The presentation's label, trimmed ('' when it has none). */
	label: string;
	/** 1-based, among the setting's inputs. */
	position: number;
	kind: InputKind;
	presentationId: string;
	required: boolean;
	/** The presentation as Graph gave it. */
	presentation: IDataObject;
}

/** A list entry of a list box: a registry value name and, with explicit values, its data. */
export interface ListEntry {
	name: string;
	value: string | null;
}

/** An input's value in one form for every source (fields, JSON, Graph), per kind. */
export type InputValue = boolean | string | number | string[] | ListEntry[];

const INPUT_KEY_PREFIX = 'input ';

/** "Input 3" -> 3 (case-insensitive, trimmed); anything else -> undefined. Linear. */
export function inputNumber(key: string): number | undefined {
	const text = key.trim().toLowerCase();
	if (!text.startsWith(INPUT_KEY_PREFIX)) return undefined;
	const digits = text.slice(INPUT_KEY_PREFIX.length).trim();
	if (digits === '' || digits.length > 6) return undefined;
	for (const ch of digits) if (ch < '0' || ch > '9') return undefined;
	const n = Number(digits);
	return n >= 1 ? n : undefined;
}

function kindOf(presentation: IDataObject): InputKind | 'label' {
	const type = String(presentation['@odata.type'] ?? '');
	if (!type.startsWith(PRESENTATION_PREFIX)) return 'unsupported';
	const name = type.slice(PRESENTATION_PREFIX.length);
	if (name === 'Text') return 'label';
	return KINDS[name] ?? 'unsupported';
}

const labelOf = (presentation: IDataObject) =>
	typeof presentation.label === 'string' ? presentation.label.trim() : '';

/** A definition's inputs, with their keys, from its presentations in ADML order. */
export function settingInputs(presentations: IDataObject[]): SettingInput[] {
	const inputs: SettingInput[] = [];
	for (const presentation of presentations) {
		const kind = kindOf(presentation);
		if (kind === 'label') continue;
		inputs.push({
			key: '',
			label: labelOf(presentation),
			position: inputs.length + 1,
			kind,
			presentationId: String(presentation.id ?? ''),
			required: presentation.required === true,
			presentation,
		});
	}
	const counts = new Map<string, number>();
	for (const input of inputs) {
		const folded = input.label.toLowerCase();
		counts.set(folded, (counts.get(folded) ?? 0) + 1);
	}
	for (const input of inputs) {
		// A label that reads "Input 2" would be mistaken for a position: such an input goes by its own.
		const usable =
			input.label !== '' &&
			counts.get(input.label.toLowerCase()) === 1 &&
			inputNumber(input.label) === undefined;
		input.key = usable ? input.label : `Input ${input.position}`;
	}
	return inputs;
}

/** The words for an input's kind, with its limits when it has any. */
export function kindDescription(input: SettingInput): string {
	const p = input.presentation;
	const range = (min: unknown, max: unknown) =>
		typeof min === 'number' && typeof max === 'number' ? `, ${min} to ${max}` : '';
	switch (input.kind) {
		case 'decimalTextBox':
		case 'longDecimalTextBox':
			return `${KIND_WORDS[input.kind]}${range(p.minValue, p.maxValue)}`;
		case 'multiTextBox':
			return `${KIND_WORDS[input.kind]}, one per line`;
		case 'listBox':
			return p.explicitValue === true
				? `${KIND_WORDS[input.kind]}, one name=value per line`
				: `${KIND_WORDS[input.kind]}, one entry per line`;
		default:
			return KIND_WORDS[input.kind];
	}
}

/** "Home page URL (text)", or "Input 2, text" for an input without a usable label. */
export function inputDisplayName(input: SettingInput): string {
	const kind = kindDescription(input);
	return input.key === input.label ? `${input.label} (${kind})` : `${input.key}, ${kind}`;
}

/** The input a key names: its label (case-insensitive) or "Input N". */
export function findInput(
	inputs: SettingInput[],
	key: string,
): { input?: SettingInput; ambiguous?: SettingInput[] } {
	const n = inputNumber(key);
	if (n !== undefined) return { input: inputs.find((i) => i.position === n) };
	const folded = key.trim().toLowerCase();
	if (folded === '') return {};
	const labelled = inputs.filter((i) => i.label.toLowerCase() === folded);
	if (labelled.length > 1) return { ambiguous: labelled };
	return { input: labelled[0] };
}

/** Every key a setting accepts, for messages. */
export function keyList(inputs: SettingInput[]): string {
	return inputs.length
		? inputs.map((i) => `"${i.key}"`).join(', ')
		: 'none: this setting has no inputs';
}

export interface DropdownItem {
	displayName: string;
	value: string;
}

export function dropdownItems(input: SettingInput): DropdownItem[] {
	const items = Array.isArray(input.presentation.items)
		? (input.presentation.items as IDataObject[])
		: [];
	return items.map((item) => ({
		displayName: String(item.displayName ?? item.value ?? ''),
		value: String(item.value ?? ''),
	}));
}

export const itemList = (items: DropdownItem[]) =>
	items.map((item) => `${item.displayName} (${item.value})`).join(', ');

/** Whether a number is within the input's minValue..maxValue, where the ADMX sets them. */
export function withinRange(input: SettingInput, n: number): boolean {
	const { minValue, maxValue } = input.presentation;
	return (
		(typeof minValue !== 'number' || n >= minValue) &&
		(typeof maxValue !== 'number' || n <= maxValue)
	);
}

/** The n8n resource mapper field of an input. */
export function mapperField(input: SettingInput): ResourceMapperField {
	const p = input.presentation;
	const field: ResourceMapperField = {
		id: input.key,
		displayName: inputDisplayName(input),
		required: input.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: input.kind !== 'unsupported',
		type: 'string',
	};
	switch (input.kind) {
		case 'checkBox':
			field.type = 'boolean';
			field.defaultValue = p.defaultChecked === true;
			break;
		case 'decimalTextBox':
		case 'longDecimalTextBox':
			field.type = 'number';
			if (typeof p.defaultValue === 'number' && withinRange(input, p.defaultValue)) {
				field.defaultValue = p.defaultValue;
			}
			break;
		case 'dropdownList': {
			field.type = 'options';
			field.options = dropdownItems(input).map((item) => ({
				name: item.displayName,
				value: item.value,
			}));
			const item = p.defaultItem as IDataObject | null | undefined;
			if (item && item.value !== undefined) field.defaultValue = String(item.value);
			break;
		}
		case 'textBox':
		case 'comboBox':
			if (typeof p.defaultValue === 'string' && p.defaultValue !== '') {
				field.defaultValue = p.defaultValue;
			}
			break;
		default:
			break;
	}
	return field;
}

/** A dropdown value's display name, for Get Settings. */
export function dropdownDisplayName(input: SettingInput, value: string): string | undefined {
	return dropdownItems(input).find((item) => item.value === value)?.displayName;
}
