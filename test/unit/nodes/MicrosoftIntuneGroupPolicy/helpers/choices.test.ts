import {
	choicesOf,
	valuesOf,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/helpers/choices';

describe('Graph enum values with their names', () => {
	const names = { unknown: 'Unknown', inProgress: 'In Progress', failed: 'Failed' };

	it('gives the values in the order they were declared', () => {
		expect(valuesOf(names)).toEqual(['unknown', 'inProgress', 'failed']);
	});

	it('gives the options sorted by name', () => {
		expect(choicesOf(names)).toEqual([
			{ name: 'Failed', value: 'failed' },
			{ name: 'In Progress', value: 'inProgress' },
			{ name: 'Unknown', value: 'unknown' },
		]);
	});
});
