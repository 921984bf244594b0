import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PortableProfile } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/format';
import {
	checkPortableProfile,
	parsePortableProfile,
	portableProfileProperties,
	readPortableProfile,
	settingKey,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/parse';
import { TEST_NODE } from '../../../../../../helpers/executeContext';

const ctx = { node: TEST_NODE, itemIndex: 2 };
const GROUP = '0a7e5a01-6b1c-4d2e-9f30-000000000001';
const FILTER = 'f17e0000-3c4d-4e5f-9a0b-000000000001';

function valid(): PortableProfile {
	return {
		format: 'n8n-intune-admx-profile',
		formatVersion: 1,
		exportedAt: '2026-01-01T00:00:00Z',
		source: { profileId: 'p-1' },
		profile: { displayName: ' Baseline ', description: 'd', roleScopeTagIds: ['0', '3'] },
		settings: [
			{
				classType: 'machine',
				categoryPath: '\\Fabrikam\\Fabrikam Browser',
				displayName: 'Home Page',
				state: 'enabled',
				values: {
					'Home page URL': 'https://a',
					'Input 2': 3,
					'Input 3': true,
					Sites: ['a', 'b'],
					List: [{ name: 'x', value: null }],
					Channel: { value: 'beta', displayName: 'Beta' },
					Empty: [],
				},
				source: 'custom',
				targetNamespace: 'Fabrikam.Policies.FabrikamBrowser',
			},
			{
				classType: 'machine',
				categoryPath: '\\Fabrikam\\Fabrikam Browser',
				displayName: 'Home Page',
				state: 'disabled',
				values: {},
				source: 'builtIn',
			},
		],
		assignments: [
			{
				type: 'includeGroup',
				groupId: GROUP,
				groupDisplayName: 'Pilot',
				filterId: FILTER,
				filterDisplayName: 'Windows 11',
				filterType: 'exclude',
			},
			{ type: 'excludeGroup', groupDisplayName: 'Staff' },
			{ type: 'allDevices' },
			{ type: 'allUsers' },
		],
		admxFiles: [
			{
				targetNamespace: 'Fabrikam.Policies.FabrikamBrowser',
				fileName: 'fabrikambrowser.admx',
				usings: ['Fabrikam.Policies'],
			},
		],
	};
}

type Json = Record<string, any>;

/** The profile with one change made by `edit`. */
function edited(edit: (p: Json) => void): Json {
	const p = JSON.parse(JSON.stringify(valid())) as Json;
	edit(p);
	return p;
}

const message = (given: unknown) => {
	try {
		parsePortableProfile(ctx, 'portableProfile', given);
	} catch (error) {
		return (error as Error).message;
	}
	return 'accepted';
};

const refused = (problem: string) =>
	`Parameter "portableProfile" is not a valid portable profile: ${problem} (item 2)`;

describe('parsePortableProfile', () => {
	it('reads a valid profile from text or an object, names trimmed, fields as declared', () => {
		const parsed = parsePortableProfile(ctx, 'portableProfile', JSON.stringify(valid()));
		expect(parsed.profile.displayName).toBe('Baseline');
		expect(parsed.settings[0].values.Channel).toEqual({ value: 'beta', displayName: 'Beta' });
		expect(parsed.assignments[1]).toEqual({ type: 'excludeGroup', groupDisplayName: 'Staff' });
		expect(parsePortableProfile(ctx, 'p', valid())).toEqual(parsed);
		expect(parsePortableProfile(ctx, 'p', `\uFEFF${JSON.stringify(valid())}`)).toEqual(parsed);
	});

	it('reads a profile exported without its export time', () => {
		const withoutTime = valid();
		delete (withoutTime as { exportedAt?: string }).exportedAt;
		const parsed = parsePortableProfile(ctx, 'p', withoutTime);
		expect(parsed).not.toHaveProperty('exportedAt');
		expect(parsed.profile.displayName).toBe('Baseline');
	});

	it('leaves out what it does not know, and takes Graph\'s "no filter"', () => {
		const parsed = checkPortableProfile(
			edited((p) => {
				p.future = { anything: true };
				p.settings[0].extra = 1;
				p.assignments = [
					{
						type: 'includeGroup',
						groupId: GROUP,
						filterId: '00000000-0000-0000-0000-000000000000',
						filterType: 'none',
					},
					{ type: 'allUsers', filterId: FILTER },
				];
				p.profile.roleScopeTagIds = [0, '0', '5'];
			}),
		);
		expect(parsed).not.toHaveProperty('future');
		// Exported without the files: their namespaces are not checked against the list.
		expect(checkPortableProfile(edited((p) => (p.admxFiles = []))).admxFiles).toEqual([]);
		expect(parsed.settings[0]).not.toHaveProperty('extra');
		expect(parsed.profile.roleScopeTagIds).toEqual(['0', '5']);
		expect(parsed.assignments).toEqual([
			{ type: 'includeGroup', groupId: GROUP },
			{ type: 'allUsers', filterId: FILTER, filterType: 'include' },
		]);
	});

	it.each<[string, unknown, string]>([
		['empty text', '  ', 'Parameter "portableProfile" is empty (item 2)'],
		['a list', [], refused('(the profile) must be an object, not a list')],
		['null', null, refused('(the profile) must be an object, not null')],
	])('refuses %s', (_name, given, expected) => {
		expect(message(given)).toBe(expected);
	});

	it('refuses text that is not JSON', () => {
		expect(message('{"format":')).toMatch(
			/^Parameter "portableProfile" is not valid JSON: .* \(item 2\)$/,
		);
	});

	it.each<[string, (p: Json) => void, string]>([
		[
			'another format',
			(p) => (p.format = 'other'),
			'format is "other", not "n8n-intune-admx-profile": this is not a portable profile',
		],
		[
			'no format',
			(p) => delete p.format,
			'format is missing, not "n8n-intune-admx-profile": this is not a portable profile',
		],
		[
			'no version',
			(p) => delete p.formatVersion,
			'formatVersion is missing; this node reads version 1',
		],
		[
			'an older version',
			(p) => (p.formatVersion = 0),
			'formatVersion is 0; this node reads version 1',
		],
		[
			'version as text',
			(p) => (p.formatVersion = '1'),
			'formatVersion is "1"; this node reads version 1',
		],
		['exportedAt not text', (p) => (p.exportedAt = 5), 'exportedAt must be text, not number'],
		['no source', (p) => delete p.source, 'source must be an object, not undefined'],
		[
			'no description',
			(p) => delete p.profile.description,
			'profile.description must be text, not undefined',
		],
		[
			'no scope tags',
			(p) => delete p.profile.roleScopeTagIds,
			'profile.roleScopeTagIds must be a list, not undefined',
		],
		[
			'misspelt settings',
			(p) => {
				p.setting = p.settings;
				delete p.settings;
			},
			'settings must be a list, not undefined',
		],
		[
			'no values',
			(p) => delete p.settings[1].values,
			'settings[1].values must be an object, not undefined',
		],
		[
			'no usings',
			(p) => delete p.admxFiles[0].usings,
			'admxFiles[0].usings must be a list, not undefined',
		],
		['no assignments', (p) => delete p.assignments, 'assignments must be a list, not undefined'],
		['no files', (p) => delete p.admxFiles, 'admxFiles must be a list, not undefined'],
		['source not an object', (p) => (p.source = 'x'), 'source must be an object, not string'],
		[
			'source.profileId not text',
			(p) => (p.source.profileId = 1),
			'source.profileId must be text, not number',
		],
		['no profile', (p) => delete p.profile, 'profile must be an object, not undefined'],
		[
			'no display name',
			(p) => delete p.profile.displayName,
			'profile.displayName must be text, not undefined',
		],
		['a blank display name', (p) => (p.profile.displayName = ' '), 'profile.displayName is empty'],
		[
			'a description not text',
			(p) => (p.profile.description = []),
			'profile.description must be text, not a list',
		],
		[
			'scope tags not a list',
			(p) => (p.profile.roleScopeTagIds = '0'),
			'profile.roleScopeTagIds must be a list, not string',
		],
		[
			'a scope tag not a number',
			(p) => (p.profile.roleScopeTagIds = ['Default']),
			'profile.roleScopeTagIds[0] is "Default", not a scope tag ID (a number)',
		],
		['settings not a list', (p) => (p.settings = {}), 'settings must be a list, not object'],
		[
			'a setting not an object',
			(p) => (p.settings[1] = 'x'),
			'settings[1] must be an object, not string',
		],
		[
			'a bad class',
			(p) => (p.settings[0].classType = 'both'),
			'settings[0].classType is "both"; it must be "machine" or "user"',
		],
		[
			'no category path',
			(p) => delete p.settings[0].categoryPath,
			'settings[0].categoryPath must be text, not undefined',
		],
		[
			'a category path without its leading backslash',
			(p) => (p.settings[0].categoryPath = 'Fabrikam'),
			'settings[0].categoryPath is "Fabrikam"; a category path starts with a backslash, e.g. \\Fabrikam\\Fabrikam Browser',
		],
		[
			'a blank setting name',
			(p) => (p.settings[0].displayName = ''),
			'settings[0].displayName is empty',
		],
		[
			'a bad state',
			(p) => (p.settings[0].state = 'notConfigured'),
			'settings[0].state is "notConfigured"; it must be "enabled" or "disabled"',
		],
		[
			'a bad source',
			(p) => delete p.settings[0].source,
			'settings[0].source is missing; it must be "custom" or "builtIn"',
		],
		[
			'values not an object',
			(p) => (p.settings[0].values = []),
			'settings[0].values must be an object, not a list',
		],
		[
			'a value without key',
			(p) => (p.settings[0].values = { ' ': 1 }),
			'settings[0].values has an input with no key',
		],
		[
			'a null value',
			(p) => (p.settings[0].values = { A: null }),
			'settings[0].values["A"] is null; an input\'s value is true or false, a number, text, a list of text, a list of {"name", "value"}, or a dropdown item {"value", "displayName"}',
		],
		[
			'a list of text holding a number',
			(p) => (p.settings[0].values = { A: ['a', 1] }),
			'settings[0].values["A"][1] must be text, not number',
		],
		[
			'a list of pairs holding a text',
			(p) => (p.settings[0].values = { A: [{ name: 'a', value: 'b' }, 'c'] }),
			'settings[0].values["A"][1] is text, but the list holds name and value pairs',
		],
		[
			'a pair without a name',
			(p) => (p.settings[0].values = { A: [{ value: 'b' }] }),
			'settings[0].values["A"][0].name must be text, not undefined',
		],
		[
			'a pair with a number as value',
			(p) => (p.settings[0].values = { A: [{ name: 'a', value: 1 }] }),
			'settings[0].values["A"][0].value must be text, not number',
		],
		[
			'a dropdown item without its value',
			(p) => (p.settings[0].values = { A: { displayName: 'Beta' } }),
			'settings[0].values["A"].value must be text, not undefined',
		],
		[
			'a dropdown item with a display name not text',
			(p) => (p.settings[0].values = { A: { value: 'b', displayName: 2 } }),
			'settings[0].values["A"].displayName must be text, not number',
		],
		[
			'values of a disabled setting',
			(p) => (p.settings[0].state = 'disabled'),
			'settings[0].values holds values for a disabled setting; a disabled setting has none',
		],
		[
			'a custom setting without namespace',
			(p) => delete p.settings[0].targetNamespace,
			'settings[0].targetNamespace must be text, not undefined',
		],
		[
			'a built-in setting with a namespace',
			(p) => (p.settings[1].targetNamespace = 'X'),
			'settings[1].targetNamespace is given for a built-in setting; only settings of uploaded ADMX files have one',
		],
		[
			'a setting twice (name path folded)',
			(p) => p.settings.push({ ...p.settings[1], displayName: 'HOME PAGE ' }),
			'settings[2] is the same setting as settings[1] (\\Fabrikam\\Fabrikam Browser\\HOME PAGE, machine, builtIn); a profile holds a setting once',
		],
		[
			'assignments not a list',
			(p) => (p.assignments = null),
			'assignments must be a list, not null',
		],
		[
			'an assignment not an object',
			(p) => (p.assignments[0] = 1),
			'assignments[0] must be an object, not number',
		],
		[
			'a bad target type',
			(p) => (p.assignments[0].type = 'allLicensedUsers'),
			'assignments[0].type is "allLicensedUsers"; it must be "includeGroup" or "excludeGroup" or "allDevices" or "allUsers"',
		],
		[
			'a group assignment without a group',
			(p) => (p.assignments[1] = { type: 'excludeGroup' }),
			'assignments[1] is a group assignment with neither groupId nor groupDisplayName',
		],
		[
			'a group ID that is not a GUID',
			(p) => (p.assignments[0].groupId = 'pilot/../x'),
			'assignments[0].groupId is "pilot/../x", not a GUID',
		],
		[
			'a blank group name',
			(p) => (p.assignments[1].groupDisplayName = ''),
			'assignments[1].groupDisplayName is empty',
		],
		[
			'All Devices with a group',
			(p) => (p.assignments[2].groupId = GROUP),
			'assignments[2] names a group, but "allDevices" assigns no group',
		],
		[
			'a filter ID that is not a GUID',
			(p) => (p.assignments[0].filterId = 'x'),
			'assignments[0].filterId is "x", not a GUID',
		],
		[
			'a bad filter type',
			(p) => (p.assignments[0].filterType = 'only'),
			'assignments[0].filterType is "only"; it must be "include" or "exclude"',
		],
		[
			'a filter type without a filter',
			(p) => (p.assignments[2].filterType = 'include'),
			'assignments[2].filterType is given without filterId or filterDisplayName',
		],
		[
			'a filter on an excluded group',
			(p) => (p.assignments[1].filterDisplayName = 'Windows 11'),
			'assignments[1] puts a filter on an excluded group; Intune filters no exclusion',
		],
		[
			'a group twice by ID',
			(p) => p.assignments.push({ type: 'excludeGroup', groupId: GROUP.toUpperCase() }),
			'assignments[4] assigns the same target as assignments[0]; a profile is assigned to each once',
		],
		[
			'a group twice by name',
			(p) => p.assignments.push({ type: 'includeGroup', groupDisplayName: 'Staff' }),
			'assignments[4] assigns the same target as assignments[1]; a profile is assigned to each once',
		],
		[
			'All Users twice',
			(p) => p.assignments.push({ type: 'allUsers' }),
			'assignments[4] assigns the same target as assignments[3]; a profile is assigned to each once',
		],
		['admxFiles not a list', (p) => (p.admxFiles = 'x'), 'admxFiles must be a list, not string'],
		[
			'a file not an object',
			(p) => (p.admxFiles[0] = []),
			'admxFiles[0] must be an object, not a list',
		],
		[
			'a file without namespace',
			(p) => (p.admxFiles[0].targetNamespace = ''),
			'admxFiles[0].targetNamespace is empty',
		],
		[
			'a file name that is no .admx',
			(p) => (p.admxFiles[0].fileName = 'dir/fabrikam.admx'),
			'admxFiles[0].fileName is "dir/fabrikam.admx", not an .admx name',
		],
		[
			'usings not a list',
			(p) => (p.admxFiles[0].usings = 'x'),
			'admxFiles[0].usings must be a list, not string',
		],
		['a blank using', (p) => (p.admxFiles[0].usings = [' ']), 'admxFiles[0].usings[0] is empty'],
		[
			'a file twice',
			(p) => p.admxFiles.push({ ...p.admxFiles[0], fileName: 'other.admx' }),
			'admxFiles[1].targetNamespace is "Fabrikam.Policies.FabrikamBrowser", as admxFiles[0]\'s; each file is listed once',
		],
		[
			'a setting of a file not listed',
			(p) => (p.admxFiles[0].targetNamespace = 'Fabrikam.Policies'),
			'settings[0].targetNamespace is "Fabrikam.Policies.FabrikamBrowser", which admxFiles does not list',
		],
	])('refuses %s, naming the field', (_name, edit, problem) => {
		expect(message(edited(edit))).toBe(refused(problem));
	});

	it('tells to update the node for a newer format version', () => {
		try {
			parsePortableProfile(
				ctx,
				'portableProfile',
				edited((p) => (p.formatVersion = 2)),
			);
			throw new Error('accepted');
		} catch (error) {
			expect((error as Error).message).toBe(
				refused('formatVersion is 2; this node reads version 1'),
			);
			expect((error as { description?: string }).description).toMatch(/newer version of this node/);
		}
	});

	it('takes time in proportion to the size of the profile', () => {
		const many = edited((p) => {
			p.settings = Array.from({ length: 20_000 }, (_, i) => ({
				...p.settings[1],
				displayName: `Setting ${i}`,
			}));
			p.assignments = Array.from({ length: 5_000 }, (_, i) => ({
				type: 'includeGroup',
				groupDisplayName: `Group ${i}`,
			}));
		});
		const started = Date.now();
		expect(checkPortableProfile(many).settings).toHaveLength(20_000);
		expect(Date.now() - started).toBeLessThan(3_000);
	});

	it('names a setting by its folded name path', () => {
		expect(settingKey({ classType: 'user', categoryPath: ' \\A ', displayName: 'B ' })).toBe(
			'\\a\\b (user)',
		);
	});
});

describe('readPortableProfile', () => {
	function context(parameters: IDataObject, binary: Record<string, Buffer> = {}) {
		return {
			getNode: () => TEST_NODE,
			getNodeParameter: (name: string, _i: number, fallback: unknown) =>
				parameters[name] ?? fallback,
			helpers: {
				assertBinaryData: (_i: number, property: string) => {
					if (!binary[property]) throw new Error('no binary');
					return { fileName: 'profile.json' };
				},
				getBinaryDataBuffer: async (_i: number, property: string) => binary[property],
			},
		} as unknown as IExecuteFunctions;
	}

	it('reads the JSON parameter (the default source)', async () => {
		const read = await readPortableProfile.call(
			context({ portableProfile: JSON.stringify(valid()) }),
			0,
		);
		expect(read.profile.displayName).toBe('Baseline');
	});

	it('reads a binary property ("data" unless named), naming it in its refusals', async () => {
		const bytes = Buffer.from(`\uFEFF${JSON.stringify(valid())}`);
		const read = await readPortableProfile.call(
			context({ portableSource: 'binary' }, { data: bytes }),
			0,
		);
		expect(read.settings).toHaveLength(2);
		await expect(
			readPortableProfile.call(
				context({ portableSource: 'binary', binaryPropertyName: 'file' }, { data: bytes }),
				1,
			),
		).rejects.toThrow(
			'Parameter "binaryPropertyName" names "file", which the item has no binary data in (item 1)',
		);
		await expect(
			readPortableProfile.call(
				context({ portableSource: 'binary' }, { data: Buffer.from('{"format": 1}') }),
				1,
			),
		).rejects.toThrow(
			'Parameter "binaryPropertyName" is not a valid portable profile: format is 1, not',
		);
	});

	it('refuses an unknown source', async () => {
		await expect(readPortableProfile.call(context({ portableSource: 'url' }), 0)).rejects.toThrow(
			'Parameter "portableSource" has the value "url" (item 0)',
		);
	});

	it('declares its parameters, each shown for its source', () => {
		const properties = portableProfileProperties();
		expect(properties.map((p) => [p.name, p.displayOptions?.show])).toEqual([
			['portableSource', undefined],
			['portableProfile', { portableSource: ['json'] }],
			['binaryPropertyName', { portableSource: ['binary'] }],
		]);
	});
});
