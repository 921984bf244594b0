import type { INode } from 'n8n-workflow';

import {
	mappedValues,
	parseRef,
	parseState,
	readJsonEntries,
	readSettingLocator,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/entries';

const ctx = { node: { name: 'Intune' } as INode, itemIndex: 3 };
const failure = (f: () => unknown) => {
	try {
		f();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('accepted');
};

describe('a setting named by the user', () => {
	it('is a name path as text, an object with its names (preferred), or an object with its ID', () => {
		expect(parseRef(ctx, 'p', '  \\A\\B (machine) ')).toEqual({ namePath: '\\A\\B (machine)' });
		expect(
			parseRef(ctx, 'p', { id: 'old', categoryPath: '\\A', displayName: 'B', classType: 'user' }),
		).toEqual({ categoryPath: '\\A', displayName: 'B', classType: 'user' });
		expect(parseRef(ctx, 'p', { id: 'abc' })).toEqual({ id: 'abc' });
		expect(failure(() => parseRef(ctx, 'p', ' '))).toBe('Parameter "p" is empty (item 3)');
		expect(failure(() => parseRef(ctx, 'p', { id: 'a/b' }))).toMatch(/^Parameter "p.id" contains/);
		expect(failure(() => parseRef(ctx, 'p', 5))).toBe(
			'Parameter "p" does not name a setting: 5 (item 3)',
		);
		expect(failure(() => parseRef(ctx, 'p', undefined))).toMatch(
			/does not name a setting: nothing/,
		);
		expect(failure(() => parseRef(ctx, 'p', { displayName: 'B' }))).toMatch(/does not name/);
	});

	it('comes from the Setting locator by mode, or a plain value from an expression', () => {
		expect(readSettingLocator(ctx, { __rl: true, mode: 'list', value: '\\A\\B (user)' })).toEqual({
			namePath: '\\A\\B (user)',
		});
		expect(
			readSettingLocator(ctx, { __rl: true, mode: 'namePath', value: '\\A\\B (user)' }),
		).toEqual({
			namePath: '\\A\\B (user)',
		});
		expect(readSettingLocator(ctx, { __rl: true, mode: 'id', value: 'def-1' })).toEqual({
			id: 'def-1',
		});
		expect(readSettingLocator(ctx, '\\A\\B (user)')).toEqual({ namePath: '\\A\\B (user)' });
		expect(
			readSettingLocator(ctx, {
				mode: 'list',
				value: { categoryPath: '\\A', displayName: 'B', classType: 'user' },
			}),
		).toEqual({ categoryPath: '\\A', displayName: 'B', classType: 'user' });
		expect(failure(() => readSettingLocator(ctx, { __rl: true, mode: 'list', value: '' }))).toBe(
			'Parameter "setting" is empty (item 3)',
		);
		expect(failure(() => readSettingLocator(ctx, { __rl: true, mode: 'id', value: '' }))).toMatch(
			/"setting" is empty/,
		);
	});
});

describe('a state', () => {
	it('forgives case, spaces and separators', () => {
		expect(parseState(ctx, 's', 'Enabled')).toBe('enabled');
		expect(parseState(ctx, 's', 'DISABLED')).toBe('disabled');
		expect(parseState(ctx, 's', 'Not Configured')).toBe('notConfigured');
		expect(parseState(ctx, 's', 'not_configured')).toBe('notConfigured');
		expect(failure(() => parseState(ctx, 's', 'on'))).toBe(
			'Parameter "s" has the state "on" (item 3)',
		);
		expect(failure(() => parseState(ctx, 's', undefined))).toMatch(/the state nothing/);
	});
});

describe('the Settings JSON', () => {
	it('is an array of entries (or one), given as text or as data', () => {
		const entries = readJsonEntries(
			ctx,
			JSON.stringify([
				{ setting: '\\A\\B (machine)', state: 'enabled', values: { 'Input 1': 3 } },
				{ setting: { id: 'd2' }, state: 'notConfigured' },
			]),
		);
		expect(entries).toEqual([
			{
				ref: { namePath: '\\A\\B (machine)' },
				state: 'enabled',
				given: { values: { 'Input 1': 3 }, strictKeys: true },
				where: 'Settings JSON entry 0, setting "\\A\\B (machine)"',
			},
			{
				ref: { id: 'd2' },
				state: 'notConfigured',
				given: { values: {}, strictKeys: true },
				where: 'Settings JSON entry 1, setting "ID d2"',
			},
		]);
		expect(readJsonEntries(ctx, { setting: '\\A\\B (user)', state: 'disabled' })).toHaveLength(1);
	});

	it("accepts Get Settings' and Set Settings' own output items", () => {
		const [entry] = readJsonEntries(ctx, [
			{
				groupPolicyConfigurationId: 'p',
				definitionValueId: 'v',
				change: 'added',
				state: 'enabled',
				setting: { id: 'x', categoryPath: '\\A', displayName: 'B', classType: 'machine' },
				values: { Port: 1 },
				inputs: [],
			},
		]);
		expect(entry.ref).toEqual({ categoryPath: '\\A', displayName: 'B', classType: 'machine' });
	});

	it('refuses what is not JSON, not an entry, unknown keys and values that are not an object', () => {
		expect(failure(() => readJsonEntries(ctx, '[{'))).toMatch(
			/^Parameter "settingsJson" is not valid JSON/,
		);
		expect(failure(() => readJsonEntries(ctx, [5]))).toBe(
			'Parameter "settingsJson[0]" is not an object: 5 (item 3)',
		);
		expect(failure(() => readJsonEntries(ctx, [[]]))).toMatch(/is not an object/);
		expect(failure(() => readJsonEntries(ctx, [null]))).toMatch(/is not an object: null/);
		expect(
			failure(() =>
				readJsonEntries(ctx, [{ setting: '\\A\\B (user)', state: 'enabled', valeus: {} }]),
			),
		).toBe('Parameter "settingsJson[0]" has the unknown key "valeus" (item 3)');
		expect(failure(() => readJsonEntries(ctx, [{ a: 1, b: 2 }]))).toMatch(/unknown keys "a", "b"/);
		expect(
			failure(() =>
				readJsonEntries(ctx, [{ setting: '\\A\\B (user)', state: 'enabled', values: [] }]),
			),
		).toBe('Parameter "settingsJson[0].values" is not an object (item 3)');
		expect(failure(() => readJsonEntries(ctx, [{ setting: '\\A\\B (user)', state: 'x' }]))).toMatch(
			/"settingsJson\[0\].state" has the state "x"/,
		);
	});
});

describe('the Values mapper', () => {
	it('gives the values defined below, without removed fields', () => {
		expect(
			mappedValues(
				{
					mappingMode: 'defineBelow',
					value: { Port: 80, Gone: 1 },
					schema: [
						{ id: 'Port', removed: false },
						{ id: 'Gone', removed: true },
					],
				},
				{ Port: 1 },
			),
		).toEqual({ values: { Port: 80 }, strictKeys: true });
		expect(mappedValues({ mappingMode: 'defineBelow', value: null }, {})).toEqual({
			values: {},
			strictKeys: true,
		});
		expect(mappedValues(undefined, {})).toEqual({ values: {}, strictKeys: true });
	});

	it("maps the item's own fields when mapping automatically, ignoring those that are no input", () => {
		expect(
			mappedValues({ mappingMode: 'autoMapInputData', value: null }, { Port: 8080, x: 1 }),
		).toEqual({
			values: { Port: 8080, x: 1 },
			strictKeys: false,
		});
	});
});
