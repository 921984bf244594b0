import type { IDataObject } from 'n8n-workflow';

import type { InputKind, InputValue, ListEntry, SettingInput } from './inputs';
import { dropdownItems, itemList, VALUE_TYPES, withinRange } from './inputs';

/*
 * What each kind of input accepts from fields, JSON and expressions; how a value becomes Graph's
 * presentation value; and how Graph's presentation values read back, so that a setting already as
 * wanted is left alone. Everything that reads untrusted text runs in linear time.
 */

const NOT_JSON = Symbol('not JSON');

/** A value the user gave that the input cannot take: the message names what is wrong. */
export class InputValueError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** Whether the user gave nothing for the input (so its default applies, or it is missing). */
export const isBlank = (value: unknown): boolean =>
	value === undefined || value === null || value === '';

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	const text = JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function positiveNumber(value: unknown): number | undefined {
	return typeof value === 'number' && value > 0 ? value : undefined;
}

function checkLength(input: SettingInput, text: string, what = 'is'): void {
	const max = positiveNumber(input.presentation.maxLength);
	if (max !== undefined && text.length > max) {
		throw new InputValueError(
			`${what} ${text.length} characters long; at most ${max} are allowed`,
			'Shorten the value: the ADMX file sets this limit.',
		);
	}
}

function asText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InputValueError(`must be text, not ${describe(value)}`, 'Give a text value.');
}

/** Digits with an optional sign, trimmed; checked by a scan. */
function parseInteger(text: string): number | undefined {
	const t = text.trim();
	const digits = t.startsWith('-') || t.startsWith('+') ? t.slice(1) : t;
	if (digits === '' || digits.length > 20) return undefined;
	for (const ch of digits) if (ch < '0' || ch > '9') return undefined;
	return Number(t);
}

function toInteger(input: SettingInput, value: unknown): number {
	const n = typeof value === 'string' ? parseInteger(value) : value;
	const { minValue, maxValue } = input.presentation;
	const range =
		typeof minValue === 'number' && typeof maxValue === 'number'
			? `Give a whole number from ${minValue} to ${maxValue}.`
			: 'Give a whole number.';
	if (typeof n !== 'number' || !Number.isInteger(n)) {
		throw new InputValueError(`must be a whole number, not ${describe(value)}`, range);
	}
	if (!Number.isSafeInteger(n)) {
		throw new InputValueError(`is too large to send exactly: ${describe(value)}`, range);
	}
	if (typeof minValue === 'number' && n < minValue) {
		throw new InputValueError(`is ${n}, below the minimum ${minValue}`, range);
	}
	if (typeof maxValue === 'number' && n > maxValue) {
		throw new InputValueError(`is ${n}, above the maximum ${maxValue}`, range);
	}
	return n;
}

function toBoolean(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const t = value.trim().toLowerCase();
		if (t === 'true') return true;
		if (t === 'false') return false;
	}
	throw new InputValueError(
		`must be true or false, not ${describe(value)}`,
		'Give a boolean, or the text "true" or "false".',
	);
}

function toDropdown(input: SettingInput, value: unknown): string {
	const items = dropdownItems(input);
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text === 'string') {
		const folded = text.trim().toLowerCase();
		const found =
			items.find((item) => item.value === text) ??
			items.find((item) => item.displayName.trim().toLowerCase() === folded) ??
			items.find((item) => item.value.trim().toLowerCase() === folded);
		if (found) return found.value;
	}
	throw new InputValueError(
		`has ${describe(value)}, which is not among its items`,
		`Use one of these display names or values: ${itemList(items) || 'the dropdown has no items'}.`,
	);
}

/** Lines of a text: split on line breaks by a scan; blank lines are left out. */
export function linesOf(text: string): string[] {
	return text
		.split('\n')
		.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
		.filter((line) => line.trim() !== '');
}

/** Text that holds JSON (from a string field) is read as that JSON. */
function maybeJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const t = value.trim();
	if (!t.startsWith('[') && !t.startsWith('{')) return value;
	let parsed: unknown = NOT_JSON;
	try {
		parsed = JSON.parse(t) as unknown;
	} catch {
		// Reported below, outside the catch.
	}
	if (parsed === NOT_JSON) {
		throw new InputValueError(
			'looks like JSON but is not valid JSON',
			'Give one entry per line, or valid JSON.',
		);
	}
	return parsed;
}

function toLines(input: SettingInput, value: unknown): string[] {
	const given = maybeJson(value);
	const lines = typeof given === 'string' ? linesOf(given) : given;
	if (!Array.isArray(lines)) {
		throw new InputValueError(
			`must be a list of texts, not ${describe(value)}`,
			'Give a list of texts, or one text per line.',
		);
	}
	const texts = lines.map((line, k) => {
		if (typeof line !== 'string' && typeof line !== 'number') {
			throw new InputValueError(
				`has ${describe(line)} at position ${k + 1}, not a text`,
				'Give a list of texts, or one text per line.',
			);
		}
		const text = String(line);
		checkLength(input, text, `has an entry of`);
		return text;
	});
	const maxStrings = positiveNumber(input.presentation.maxStrings);
	if (maxStrings !== undefined && texts.length > maxStrings) {
		throw new InputValueError(
			`has ${texts.length} entries; at most ${maxStrings} are allowed`,
			'Give fewer entries: the ADMX file sets this limit.',
		);
	}
	return texts;
}

const LIST_HINT_EXPLICIT =
	'Give [{"name": "...", "value": "..."}], {"name": "value"}, or one name=value per line.';
const LIST_HINT = 'Give a list of texts, or one entry per line.';

function explicitEntries(value: unknown): ListEntry[] {
	const given = maybeJson(value);
	if (typeof given === 'string') {
		return linesOf(given).map((line) => {
			const at = line.indexOf('=');
			if (at < 0) {
				throw new InputValueError(`has the line ${describe(line)} without "="`, LIST_HINT_EXPLICIT);
			}
			return { name: line.slice(0, at).trim(), value: line.slice(at + 1) };
		});
	}
	if (Array.isArray(given)) {
		return given.map((entry, k) => {
			const e = entry as IDataObject;
			if (!e || typeof e !== 'object' || Array.isArray(e) || !('name' in e)) {
				throw new InputValueError(
					`has ${describe(entry)} at position ${k + 1}, not {name, value}`,
					LIST_HINT_EXPLICIT,
				);
			}
			return { name: asText(e.name), value: isBlank(e.value) ? '' : asText(e.value) };
		});
	}
	if (given && typeof given === 'object') {
		return Object.entries(given as IDataObject).map(([name, v]) => ({
			name,
			value: isBlank(v) ? '' : asText(v),
		}));
	}
	throw new InputValueError(`must be a list, not ${describe(value)}`, LIST_HINT_EXPLICIT);
}

function plainEntries(value: unknown): ListEntry[] {
	const given = maybeJson(value);
	const entries = typeof given === 'string' ? linesOf(given) : given;
	if (!Array.isArray(entries)) {
		throw new InputValueError(`must be a list, not ${describe(value)}`, LIST_HINT);
	}
	return entries.map((entry, k) => {
		// Get Settings' own output of a list without explicit values, {name}, reads back too.
		const text =
			entry && typeof entry === 'object' && !Array.isArray(entry) && 'name' in entry
				? (entry as IDataObject).name
				: entry;
		if (typeof text !== 'string' && typeof text !== 'number') {
			throw new InputValueError(`has ${describe(entry)} at position ${k + 1}`, LIST_HINT);
		}
		return { name: String(text), value: null };
	});
}

function toList(input: SettingInput, value: unknown): ListEntry[] {
	const explicit = input.presentation.explicitValue === true;
	const entries = explicit ? explicitEntries(value) : plainEntries(value);
	const seen = new Set<string>();
	for (const entry of entries) {
		if (entry.name.trim() === '') {
			throw new InputValueError(
				'has an entry with an empty name',
				explicit ? LIST_HINT_EXPLICIT : LIST_HINT,
			);
		}
		const folded = entry.name.toLowerCase();
		if (explicit && seen.has(folded)) {
			throw new InputValueError(
				`names "${entry.name}" twice`,
				'Each name is a registry value name: give each once.',
			);
		}
		seen.add(folded);
	}
	return entries;
}

/** A value checked: the input's form, or what is wrong with it. */
export function checkInputValue(input: SettingInput, value: unknown): InputValue | InputValueError {
	try {
		return validateInputValue(input, value);
	} catch (error) {
		if (error instanceof InputValueError) return error;
		return new InputValueError(String(error), 'Check the value.');
	}
}

/** Checks a value the user gave (not blank) and answers it in the input's form. */
export function validateInputValue(input: SettingInput, value: unknown): InputValue {
	switch (input.kind) {
		case 'checkBox':
			return toBoolean(value);
		case 'textBox':
		case 'comboBox': {
			const text = asText(value);
			checkLength(input, text);
			return text;
		}
		case 'decimalTextBox':
		case 'longDecimalTextBox':
			return toInteger(input, value);
		case 'dropdownList':
			return toDropdown(input, value);
		case 'multiTextBox':
			return toLines(input, value);
		case 'listBox':
			return toList(input, value);
		default:
			throw new InputValueError(
				`is of a kind this node cannot set (${String(input.presentation['@odata.type'])})`,
				'Leave this input out, or set the setting in the Intune admin center.',
			);
	}
}

/**
 * The value an input takes when the user leaves it out of an enabled setting: what the Group
 * Policy editor pre-fills (the ADMX default), else empty; undefined when nothing can be sent.
 */
export function defaultValue(input: SettingInput): InputValue | undefined {
	const p = input.presentation;
	switch (input.kind) {
		case 'checkBox':
			return p.defaultChecked === true;
		case 'textBox':
		case 'comboBox':
			return typeof p.defaultValue === 'string' ? p.defaultValue : '';
		case 'decimalTextBox':
		case 'longDecimalTextBox':
			return typeof p.defaultValue === 'number' &&
				Number.isSafeInteger(p.defaultValue) &&
				withinRange(input, p.defaultValue)
				? p.defaultValue
				: undefined;
		case 'dropdownList': {
			const item = p.defaultItem as IDataObject | null | undefined;
			return item && item.value !== undefined && item.value !== null
				? String(item.value)
				: undefined;
		}
		case 'multiTextBox':
		case 'listBox':
			return [];
		default:
			return undefined;
	}
}

/**
 * The value of an input given explicitly empty (null or ""): an empty text or list; a check box
 * keeps its default; a number or a dropdown then has no value to send.
 */
export function emptyValue(input: SettingInput): InputValue | undefined {
	switch (input.kind) {
		case 'textBox':
		case 'comboBox':
			return '';
		case 'multiTextBox':
		case 'listBox':
			return [];
		case 'checkBox':
			return defaultValue(input);
		default:
			return undefined;
	}
}

/** Whether a value counts as missing for a required input. */
export function isEmptyValue(value: InputValue | undefined): boolean {
	return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Graph's presentation value for an input's value, without its id or bind. */
export function graphValue(input: SettingInput, value: InputValue): IDataObject {
	const type = VALUE_TYPES[input.kind as Exclude<InputKind, 'unsupported'>];
	if (input.kind === 'multiTextBox') return { '@odata.type': type, values: value as string[] };
	if (input.kind === 'listBox') {
		const values = (value as ListEntry[]).map((e) => ({ name: e.name, value: e.value }));
		return { '@odata.type': type, values };
	}
	return { '@odata.type': type, value: value as string | number | boolean };
}

/** How a value is shown in output and accepted back: a plain list box's entries as texts. */
export function displayValue(input: SettingInput, value: InputValue): unknown {
	if (input.kind === 'listBox' && input.presentation.explicitValue !== true) {
		return (value as ListEntry[]).map((e) => e.name);
	}
	return value;
}

/**
 * A presentation value Graph holds, in the input's form; undefined when it is not of the kind the
 * input takes.
 */
export function readGraphValue(
	input: SettingInput,
	presentationValue: IDataObject,
): InputValue | undefined {
	const type = String(presentationValue['@odata.type'] ?? '');
	if (input.kind === 'unsupported' || type !== VALUE_TYPES[input.kind]) return undefined;
	const { value, values } = presentationValue;
	switch (input.kind) {
		case 'checkBox':
			return value === true || value === 'true';
		case 'textBox':
		case 'comboBox':
		case 'dropdownList':
			return value === null || value === undefined ? '' : String(value);
		case 'decimalTextBox':
		case 'longDecimalTextBox': {
			const n = typeof value === 'string' ? parseInteger(value) : value;
			return typeof n === 'number' ? n : undefined;
		}
		case 'multiTextBox':
			return Array.isArray(values) ? values.map((v) => String(v)) : [];
		default:
			return Array.isArray(values)
				? (values as IDataObject[]).map((e) => ({
						name: String(e?.name ?? ''),
						value: e?.value === null || e?.value === undefined ? null : String(e.value),
					}))
				: [];
	}
}

/** A value in a form that compares equal when Graph would hold the same thing. */
function comparable(input: SettingInput, value: InputValue): string {
	if (input.kind === 'listBox') {
		const explicit = input.presentation.explicitValue === true;
		return JSON.stringify(
			(value as ListEntry[]).map((e) => (explicit ? [e.name, e.value ?? ''] : e.name)),
		);
	}
	return JSON.stringify(value);
}

export function sameValue(input: SettingInput, a: InputValue, b: InputValue): boolean {
	return comparable(input, a) === comparable(input, b);
}
