import { NodeOperationError } from 'n8n-workflow';

import { OPERATION_TYPES } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyOperation/values';
import {
	validateDateTime,
	validateEnum,
	validateId,
	validateText,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/validation';
import { TEST_NODE } from '../../../../helpers/executeContext';

const ctx = { node: TEST_NODE, itemIndex: 3 };

function errorOf(fn: () => unknown): NodeOperationError {
	try {
		fn();
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('expected an error');
}

describe('validateId', () => {
	it('accepts Graph IDs, including compound keys', () => {
		expect(validateId(ctx, 'p', '2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f')).toBe(
			'2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f',
		);
		expect(validateId(ctx, 'p', 'abc_def-1.2')).toBe('abc_def-1.2');
		expect(validateId(ctx, 'p', 42)).toBe('42');
	});

	it.each([
		['empty', ''],
		['undefined', undefined],
		['slash', 'a/b'],
		['question mark', 'a?b'],
		['hash', 'a#b'],
		['percent', 'a%2Fb'],
		['backslash', 'a\\b'],
		['space', 'a b'],
		['leading whitespace', ' ab'],
		['tab', 'a\tb'],
		['newline', 'a\nb'],
		['control character', 'a\u0007b'],
		['dot-dot', '..'],
		['dot-dot inside', 'a..b'],
		['object', { id: 'x' }],
	])('refuses %s, naming the parameter and the item', (_label, value) => {
		const error = errorOf(() => validateId(ctx, 'groupPolicyConfigurationId', value));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('"groupPolicyConfigurationId"');
		expect(error.message).toContain('item 3');
		expect(error.context.itemIndex).toBe(3);
	});
});

describe('validateEnum', () => {
	it('accepts each Graph value and refuses others, listing the allowed ones', () => {
		for (const value of OPERATION_TYPES)
			expect(validateEnum(ctx, 'operationType', value, OPERATION_TYPES)).toBe(value);
		const error = errorOf(() => validateEnum(ctx, 'operationType', 'Upload', OPERATION_TYPES));
		expect(error.message).toContain('"operationType"');
		expect(error.description).toContain('uploadNewVersion');
		expect(() => validateEnum(ctx, 'operationType', undefined, OPERATION_TYPES)).toThrow(
			NodeOperationError,
		);
	});
});

describe('validateDateTime', () => {
	it('accepts ISO 8601 date-times and takes a missing zone as UTC', () => {
		expect(validateDateTime(ctx, 'd', '2026-11-28T09:30:00Z')).toBe('2026-11-28T09:30:00Z');
		expect(validateDateTime(ctx, 'd', '2026-11-28T09:30:00.123+01:00')).toBe(
			'2026-11-28T09:30:00.123+01:00',
		);
		expect(validateDateTime(ctx, 'd', '2026-11-28T09:30:00')).toBe('2026-11-28T09:30:00Z');
		expect(validateDateTime(ctx, 'd', new Date('2026-11-28T09:30:00Z'))).toBe(
			'2026-11-28T09:30:00.000Z',
		);
		expect(validateDateTime(ctx, 'd', { toISO: () => '2026-11-28T09:30:00.000+00:00' })).toBe(
			'2026-11-28T09:30:00.000+00:00',
		);
	});

	it.each([
		'yesterday',
		'28/11/2026',
		'2026-11-28',
		'2026-13-01T00:00:00Z',
		'2026-11-28T25:00:00Z',
		'',
	])('refuses %j', (value) => {
		const error = errorOf(() =>
			validateDateTime(ctx, 'additionalFields.lastModifiedDateTime', value),
		);
		expect(error.message).toContain('"additionalFields.lastModifiedDateTime"');
		expect(error.message).toContain('item 3');
	});
});

describe('validateText', () => {
	it('keeps text and turns numbers into text, refusing objects', () => {
		expect(validateText(ctx, 's', 'hello')).toBe('hello');
		expect(validateText(ctx, 's', 7)).toBe('7');
		expect(() => validateText(ctx, 's', { a: 1 })).toThrow(/"s" must be text/);
	});
});
