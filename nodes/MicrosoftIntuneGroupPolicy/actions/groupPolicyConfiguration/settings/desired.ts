import type { IDataObject } from 'n8n-workflow';

import type { SettingDefinition } from './definitions';
import { SettingProblem } from './errors';
import type { InputValue, SettingInput } from './inputs';
import { findInput, keyList } from './inputs';
import {
	checkInputValue,
	defaultValue,
	displayValue,
	emptyValue,
	InputValueError,
	isBlank,
	isEmptyValue,
	sameValue,
} from './inputValues';

/*
 * What an item wants a setting to be: its state and, when enabled, a checked value for every input
 * (what the user gave, else the ADMX default the Group Policy editor would pre-fill).
 */

export type SettingState = 'enabled' | 'disabled' | 'notConfigured';
export const SETTING_STATES: SettingState[] = ['enabled', 'disabled', 'notConfigured'];

export interface DesiredSetting {
	definition: SettingDefinition;
	state: SettingState;
	/** Every input that gets a value, when enabled. */
	values: Map<SettingInput, InputValue>;
	/** Equal for two wishes that leave the profile the same. */
	signature: string;
	/** Names the setting (and JSON entry) in messages. */
	where: string;
	itemIndex: number;
}

export interface GivenValues {
	values: IDataObject;
	/** Whether a key that names no input is an error (else ignored: fields mapped automatically). */
	strictKeys: boolean;
}

/** An input given explicitly without a value (null or ""): cleared, not left out. */
const CLEARED = Symbol('cleared');

type Chosen = InputValue | typeof CLEARED;

function chosenValues(definition: SettingDefinition, given: GivenValues) {
	const inputs = definition.inputs;
	const chosen = new Map<SettingInput, { key: string; value: Chosen }>();
	for (const [key, raw] of Object.entries(given.values)) {
		const { input, ambiguous } = findInput(inputs, key);
		if (ambiguous) {
			throw new SettingProblem(
				`names the inputs ${ambiguous.map((i) => i.position).join(' and ')}, which share this label`,
				`Use ${ambiguous.map((i) => `"Input ${i.position}"`).join(' or ')}.`,
				key,
			);
		}
		if (!input) {
			if (!given.strictKeys) continue;
			throw new SettingProblem(
				'is not an input of this setting',
				`Its inputs: ${keyList(inputs)}. An input goes by its label, or by "Input N" (its ` +
					`position among the inputs).`,
				key,
			);
		}
		const value = isBlank(raw) ? CLEARED : checkInputValue(input, raw);
		if (value instanceof InputValueError) {
			throw new SettingProblem(value.message, value.hint, input.key);
		}
		const prior = chosen.get(input);
		const same =
			prior === undefined ||
			(prior.value === CLEARED || value === CLEARED
				? prior.value === value
				: sameValue(input, prior.value, value));
		if (!same) {
			throw new SettingProblem(
				`is given twice with different values (as "${prior.key}" and as "${key}")`,
				'Give each input once.',
				input.key,
			);
		}
		chosen.set(input, { key, value });
	}
	return chosen;
}

function signatureOf(state: SettingState, values: Map<SettingInput, InputValue>): string {
	const parts = [...values].map(([input, value]) => [input.presentationId, value]);
	return JSON.stringify([state, parts]);
}

/** Checks what an item wants of a setting; throws a SettingProblem naming the input. */
export function desiredSetting(
	definition: SettingDefinition,
	state: SettingState,
	given: GivenValues,
	where: string,
	itemIndex: number,
): DesiredSetting {
	const values = new Map<SettingInput, InputValue>();
	// Values are only for an enabled setting; a disabled or removed one ignores them.
	if (state === 'enabled') {
		const chosen = chosenValues(definition, given);
		for (const input of definition.inputs) {
			// Left out: the ADMX default. Cleared: empty, or nothing sent where empty is no value.
			const given = chosen.get(input)?.value;
			const value =
				given === undefined ? defaultValue(input) : given === CLEARED ? emptyValue(input) : given;
			if (input.required && (given === CLEARED || isEmptyValue(value))) {
				throw new SettingProblem(
					`is required while the setting is enabled${given === CLEARED ? ', and is empty' : ''}`,
					'Give it a value (an input left out takes the ADMX default, when it has one), or ' +
						'set the setting to Disabled or Not Configured.',
					input.key,
				);
			}
			if (value !== undefined) values.set(input, value);
		}
	}
	return {
		definition,
		state,
		values,
		signature: signatureOf(state, values),
		where,
		itemIndex,
	};
}

/** The values as output items show them, by input key. */
export function outputValues(values: Map<SettingInput, InputValue>): IDataObject {
	const shown: IDataObject = {};
	for (const [input, value] of values) shown[input.key] = displayValue(input, value) as IDataObject;
	return shown;
}
