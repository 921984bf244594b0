import type { IDataObject } from 'n8n-workflow';

import {
	mappingOptions,
	readMapping,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/apply/mapping';
import { TEST_NODE } from '../../../../../../helpers/executeContext';

const ctx = { node: TEST_NODE, itemIndex: 1 };
const SOURCE = '0a7e5a01-6b1c-4d2e-9f30-000000000003';
const TARGET = '0a7e5a01-6b1c-4d2e-a001-000000000001';
const OTHER = '0a7e5a01-6b1c-4d2e-a001-000000000002';

const refusal = (options: IDataObject, kind: 'group' | 'filter' = 'group') => {
	try {
		readMapping(ctx, kind, options);
	} catch (error) {
		return (error as Error).message;
	}
	return 'accepted';
};

describe('readMapping', () => {
	it('takes the fields and the JSON (object or list); names are trimmed, IDs and names ignore case', () => {
		const mapping = readMapping(ctx, 'group', {
			groupMapping: { mappings: [{ source: SOURCE.toUpperCase(), targetGroupId: TARGET }] },
			groupMappingJson: JSON.stringify({ ' Fabrikam Kiosks ': OTHER }),
		});
		expect(mapping.lookup(SOURCE, 'Anything')?.targetId).toBe(TARGET);
		expect(mapping.lookup(undefined, 'Fabrikam Kiosks ')?.targetId).toBe(OTHER);
		expect(mapping.lookup(undefined, 'FABRIKAM kiosks')?.targetId).toBe(OTHER);
		expect(
			mapping.lookup('0a7e5a01-6b1c-4d2e-9f30-000000000009', 'Fabrikam Kiosks')?.targetId,
		).toBe(OTHER);
		expect(mapping.lookup(undefined, undefined)).toBeUndefined();
		const list = readMapping(ctx, 'filter', {
			filterMappingJson: [{ source: 'Windows 11 only', target: TARGET }],
		});
		expect(list.lookup(undefined, 'Windows 11 only')?.targetId).toBe(TARGET);
		expect(readMapping(ctx, 'group', {}).entries).toEqual([]);
		expect(readMapping(ctx, 'group', { groupMappingJson: '' }).entries).toEqual([]);
		expect(readMapping(ctx, 'group', { groupMappingJson: null }).entries).toEqual([]);
	});

	it('refuses a name mapped twice in different cases to different targets', () => {
		expect(
			refusal({
				groupMapping: { mappings: [{ source: 'Kiosks', targetGroupId: TARGET }] },
				groupMappingJson: { KIOSKS: OTHER },
			}),
		).toMatch(/maps "KIOSKS" to .*, but options.groupMapping.mappings\[0\] maps it to/);
	});

	it('takes the same source twice when both say the same', () => {
		const mapping = readMapping(ctx, 'group', {
			groupMapping: { mappings: [{ source: 'Kiosks', targetGroupId: TARGET }] },
			groupMappingJson: { Kiosks: TARGET.toUpperCase() },
		});
		expect(mapping.entries).toHaveLength(2);
	});

	it.each<[string, IDataObject, string]>([
		[
			'a source left empty',
			{ groupMapping: { mappings: [{ source: ' ', targetGroupId: TARGET }] } },
			'Parameter "options.groupMapping.mappings[0].source" is empty (item 1)',
		],
		[
			'a target that is not a GUID',
			{ groupMappingJson: '{"Kiosks": "Pilot Devices"}' },
			'Parameter "options.groupMappingJson["Kiosks"].target" is "Pilot Devices", not a GUID (item 1)',
		],
		[
			'a target left out',
			{ groupMapping: { mappings: [{ source: 'Kiosks' }] } },
			'Parameter "options.groupMapping.mappings[0].target" is missing, not a GUID (item 1)',
		],
		[
			'JSON that is not JSON',
			{ groupMappingJson: '{' },
			'Parameter "options.groupMappingJson" is not valid JSON',
		],
		[
			'JSON that is a number',
			{ groupMappingJson: '3' },
			'Parameter "options.groupMappingJson" must be an object or a list, not number (item 1)',
		],
		[
			'a list entry that is not an object',
			{ groupMappingJson: [TARGET] },
			'Parameter "options.groupMappingJson[0]" is not an object (item 1)',
		],
		[
			'a source mapped twice to different targets',
			{
				groupMapping: { mappings: [{ source: SOURCE, targetGroupId: TARGET }] },
				groupMappingJson: { [SOURCE.toUpperCase()]: OTHER },
			},
			`Parameter "options.groupMappingJson["${SOURCE.toUpperCase()}"]" maps "${SOURCE.toUpperCase()}" to ${OTHER}, but options.groupMapping.mappings[0] maps it to ${TARGET} (item 1)`,
		],
	])('refuses %s', (_name, options, message) => {
		expect(refusal(options)).toContain(message);
	});

	it('declares each kind its fields and JSON, in Title Case', () => {
		expect(mappingOptions('filter').map((p) => [p.displayName, p.name])).toEqual([
			['Filter Mapping', 'filterMapping'],
			['Filter Mapping (JSON)', 'filterMappingJson'],
		]);
	});
});
