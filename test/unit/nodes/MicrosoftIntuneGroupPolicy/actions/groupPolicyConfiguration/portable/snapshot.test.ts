import type { IDataObject } from 'n8n-workflow';

import { exportFileName } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/export.operation';
import { settingIdentity } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/compare';
import { checkPortableProfile } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/parse';
import type { ProfileReads } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/snapshot';
import {
	admxFilesOf,
	buildPortableProfile,
	GROUP_NAMES_WARNING,
	portableValue,
	tenantCatalog,
	USINGS_WARNING,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/portable/snapshot';
import type { SettingDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import { toDefinition } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import { settingInputs } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/inputs';
import {
	checkBox,
	decimal,
	definitionRow,
	dropdown,
	listBox,
	longDecimal,
	multiText,
	text,
	textBox,
} from '../settings/presentations';

/* A profile as Graph gives it, made into a portable profile: values, order, assignments, files. */

const V = '#microsoft.graph.groupPolicyPresentationValue';
const B = '\\Fabrikam\\Fabrikam Browser';
const G1 = '0a7e5a01-6b1c-4d2e-9f30-000000000001';
const G2 = '0a7e5a01-6b1c-4d2e-9f30-000000000002';
const F1 = 'f17e0000-3c4d-4e5f-8a6b-000000000001';

const APP = {
	id: 'file-app',
	fileName: 'fabrikambrowser.admx',
	targetNamespace: 'Fabrikam.Policies.FabrikamBrowser',
};
const BASE = { id: 'file-base', fileName: 'fabrikam.admx', targetNamespace: 'Fabrikam.Policies' };

const cache = definitionRow('Cache Size', [
	text('Cache settings'),
	decimal('Cache size (MB)', { minValue: 10, maxValue: 5000 }),
	checkBox('Clear cache on exit'),
]);
const channel = definitionRow('Update Channel', [dropdown('Channel')]);
const sites = definitionRow('Allowed Sites', [multiText('Sites')]);
const extensions = definitionRow('Extension Settings', [
	listBox('Extensions', true),
	listBox('', false),
	longDecimal(''),
]);
const homeUser = definitionRow('Home Page', [textBox('Home page URL')], { classType: 'user' });
const telemetry = definitionRow('Disable Telemetry', [], {
	id: 'builtin-telemetry',
	policyType: 'admxBacked',
	definitionFile: { id: 'builtin-file', fileName: null },
});

const definitionsById = new Map<string, SettingDefinition>(
	[cache, channel, sites, extensions, homeUser, telemetry].map((row) => [
		String(row.id),
		toDefinition(row),
	]),
);

const dv = (id: string, row: IDataObject, enabled = true): IDataObject => ({
	id,
	enabled,
	definition: { ...row, presentations: undefined },
});

const pv = (type: string, presentation: IDataObject, value: IDataObject): IDataObject => ({
	'@odata.type': `${V}${type}`,
	id: `pv-${String(presentation.id)}`,
	presentation: { id: presentation.id },
	...value,
});

const P = (row: IDataObject, k: number) => (row.presentations as IDataObject[])[k];

function reads(extra: Partial<ProfileReads> = {}): ProfileReads {
	return {
		configuration: {
			id: 'profile-1',
			displayName: 'Fabrikam Browser baseline',
			description: null,
			roleScopeTagIds: ['0'],
		},
		definitionValues: [
			dv('dv-channel', channel),
			dv('dv-telemetry', telemetry),
			dv('dv-home', homeUser, false),
			dv('dv-cache', cache),
			dv('dv-sites', sites),
			dv('dv-ext', extensions),
		],
		definitions: definitionsById,
		presentationValues: new Map([
			['dv-channel', [pv('Text', P(channel, 0), { value: 'beta' })]],
			[
				'dv-cache',
				[pv('Decimal', P(cache, 1), { value: 300 }), pv('Boolean', P(cache, 2), { value: true })],
			],
			['dv-sites', [pv('MultiText', P(sites, 0), { values: ['a', 'b'] })]],
			[
				'dv-ext',
				[
					pv('List', P(extensions, 0), { values: [{ name: 'ext', value: 'on' }] }),
					pv('List', P(extensions, 1), { values: [{ name: 'blocked', value: null }] }),
					pv('LongDecimal', P(extensions, 2), { value: '10000000000' }),
				],
			],
		]),
		assignments: [
			{ id: 'a3', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } },
			{
				id: 'a1',
				target: {
					'@odata.type': '#microsoft.graph.groupAssignmentTarget',
					groupId: G1,
					deviceAndAppManagementAssignmentFilterId: F1,
					deviceAndAppManagementAssignmentFilterType: 'include',
				},
			},
			{
				id: 'a2',
				target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: G2 },
			},
		],
		groups: new Map([
			[G1, 'Fabrikam Pilot Devices'],
			[G2, 'Fabrikam All Staff'],
		]),
		missingGroups: new Set(),
		groupsUnreadable: false,
		filters: new Map([[F1, 'Windows 11 only']]),
		missingFilters: new Set(),
		files: new Map([
			[APP.id, APP],
			[BASE.id, BASE],
		]),
		usings: new Map([[APP.id, [BASE.id]]]),
		withAdmxFiles: true,
		exportedAt: '2026-01-01T00:00:00.000Z',
		...extra,
	};
}

describe('buildPortableProfile', () => {
	it('gives the profile, its settings sorted with values by input key, assignments with names, and files', () => {
		const { profile, warnings } = buildPortableProfile(reads());
		expect(warnings).toEqual([]);
		expect(profile).toEqual({
			format: 'n8n-intune-admx-profile',
			formatVersion: 1,
			exportedAt: '2026-01-01T00:00:00.000Z',
			source: { profileId: 'profile-1' },
			profile: {
				displayName: 'Fabrikam Browser baseline',
				description: '',
				roleScopeTagIds: ['0'],
			},
			settings: [
				{
					classType: 'machine',
					categoryPath: B,
					displayName: 'Allowed Sites',
					state: 'enabled',
					values: { Sites: ['a', 'b'] },
					source: 'custom',
					targetNamespace: APP.targetNamespace,
				},
				expect.objectContaining({
					displayName: 'Cache Size',
					values: { 'Cache size (MB)': 300, 'Clear cache on exit': true },
				}),
				{
					classType: 'machine',
					categoryPath: B,
					displayName: 'Disable Telemetry',
					state: 'enabled',
					values: {},
					source: 'builtIn',
				},
				expect.objectContaining({
					displayName: 'Extension Settings',
					values: {
						Extensions: [{ name: 'ext', value: 'on' }],
						'Input 2': ['blocked'],
						'Input 3': 10000000000,
					},
				}),
				expect.objectContaining({
					displayName: 'Update Channel',
					values: { Channel: { value: 'beta', displayName: 'Beta' } },
				}),
				expect.objectContaining({
					classType: 'user',
					displayName: 'Home Page',
					state: 'disabled',
					values: {},
				}),
			],
			assignments: [
				{
					type: 'includeGroup',
					groupId: G1,
					groupDisplayName: 'Fabrikam Pilot Devices',
					filterId: F1,
					filterDisplayName: 'Windows 11 only',
					filterType: 'include',
				},
				{ type: 'excludeGroup', groupId: G2, groupDisplayName: 'Fabrikam All Staff' },
				{ type: 'allUsers' },
			],
			admxFiles: [
				{ targetNamespace: BASE.targetNamespace, fileName: BASE.fileName, usings: [] },
				{
					targetNamespace: APP.targetNamespace,
					fileName: APP.fileName,
					usings: [BASE.targetNamespace],
				},
			],
		});
	});

	it('writes what the portable profile reader accepts, unchanged', () => {
		const { profile } = buildPortableProfile(reads());
		expect(checkPortableProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
	});

	it('keeps the tenant inputs of each setting, by its identity', () => {
		const { profile, inputs } = buildPortableProfile(reads());
		const cacheSetting = profile.settings.find((s) => s.displayName === 'Cache Size')!;
		expect(inputs.get(settingIdentity(cacheSetting))?.map((i) => i.key)).toEqual([
			'Cache size (MB)',
			'Clear cache on exit',
		]);
	});

	it('is the same whatever order Graph lists settings and assignments in', () => {
		const base = buildPortableProfile(reads()).profile;
		const r = reads();
		const reversed = buildPortableProfile({
			...r,
			definitionValues: [...r.definitionValues].reverse(),
			assignments: [...r.assignments].reverse(),
		}).profile;
		expect(reversed).toEqual(base);
	});

	it('lists no files without custom settings, or when not asked to', () => {
		const r = reads();
		expect(buildPortableProfile({ ...r, withAdmxFiles: false }).profile.admxFiles).toEqual([]);
		const builtInOnly = buildPortableProfile({
			...r,
			definitionValues: [dv('dv-telemetry', telemetry)],
		}).profile;
		expect(builtInOnly.admxFiles).toEqual([]);
		expect(builtInOnly.settings.map((s) => s.source)).toEqual(['builtIn']);
	});

	it('says in warnings what it left out: a setting without definition, a target it does not manage', () => {
		const r = reads();
		const { profile, warnings } = buildPortableProfile({
			...r,
			definitionValues: [
				...r.definitionValues,
				{ id: 'dv-orphan', enabled: true, definition: null },
			],
			assignments: [
				...r.assignments,
				{
					id: 'a4',
					target: {
						'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
						collectionId: 'SMS00001',
					},
				},
			],
		});
		expect(profile.settings).toHaveLength(6);
		expect(profile.assignments).toHaveLength(3);
		expect(warnings).toEqual([
			expect.stringContaining('definition value dv-orphan'),
			expect.stringContaining('configurationManagerCollectionAssignmentTarget'),
		]);
	});

	it('leaves group names out and says why when they cannot be read, and names deleted groups and filters', () => {
		const unreadable = buildPortableProfile(reads({ groups: new Map(), groupsUnreadable: true }));
		expect(unreadable.profile.assignments.slice(0, 2)).toEqual([
			expect.not.objectContaining({ groupDisplayName: expect.anything() }),
			{ type: 'excludeGroup', groupId: G2 },
		]);
		expect(unreadable.warnings).toEqual([GROUP_NAMES_WARNING]);
		expect(checkPortableProfile(JSON.parse(JSON.stringify(unreadable.profile)))).toEqual(
			unreadable.profile,
		);
		const deleted = buildPortableProfile(
			reads({
				groups: new Map([[G2, 'Fabrikam All Staff']]),
				missingGroups: new Set([G1]),
				filters: new Map(),
				missingFilters: new Set([F1]),
			}),
		);
		expect(deleted.warnings).toEqual([
			`Group ${G1} is assigned but no longer exists in Microsoft Entra ID.`,
			`Assignment filter ${F1} is used but no longer exists.`,
		]);
	});

	it('carries a value Graph holds in another type than the input takes, and warns of one it cannot', () => {
		const r = reads();
		const values = new Map(r.presentationValues);
		values.set('dv-sites', [pv('Text', P(sites, 0), { value: 'a' })]);
		values.set('dv-channel', [pv('Text', P(channel, 0), { value: 'gone' })]);
		values.set('dv-cache', [pv('Decimal', P(cache, 1), { value: { odd: true } })]);
		const { profile, warnings } = buildPortableProfile({ ...r, presentationValues: values });
		const byName = Object.fromEntries(profile.settings.map((s) => [s.displayName, s.values]));
		expect(byName['Allowed Sites']).toEqual({ Sites: 'a' });
		expect(byName['Update Channel']).toEqual({ Channel: { value: 'gone' } });
		expect(byName['Cache Size']).toEqual({});
		expect(warnings).toEqual([expect.stringContaining('input "Cache size (MB)"')]);
	});

	it('says when usings could not be read, where files are listed', () => {
		const unknown = buildPortableProfile(reads({ usings: new Map(), usingsUnknown: true }));
		expect(unknown.warnings).toEqual([USINGS_WARNING]);
		expect(unknown.profile.admxFiles.map((f) => f.usings)).toEqual([[]]);
		expect(
			buildPortableProfile(reads({ usingsUnknown: true, withAdmxFiles: false })).warnings,
		).toEqual([]);
	});

	it('fails rather than write a custom setting whose file it cannot name', () => {
		expect(() => buildPortableProfile(reads({ files: new Map() }))).toThrow(
			/did not say which uploaded ADMX file the setting .* comes from/,
		);
	});
});

describe('portableValue', () => {
	const [dropdownInput] = settingInputs([dropdown('Channel')]);
	const [plainList] = settingInputs([listBox('Entries', false)]);
	it('gives a dropdown its display name, and a list without values its entries', () => {
		expect(portableValue(dropdownInput, { '@odata.type': `${V}Text`, value: 'nightly' })).toEqual({
			value: 'nightly',
			displayName: 'Nightly',
		});
		expect(
			portableValue(plainList, {
				'@odata.type': `${V}List`,
				values: [{ name: 'a' }, { name: 'b' }],
			}),
		).toEqual(['a', 'b']);
		expect(
			portableValue(plainList, { '@odata.type': `${V}Text`, values: [{ name: 'a', value: 1 }] }),
		).toBeUndefined();
		expect(
			portableValue(plainList, { '@odata.type': `${V}Text`, values: [{ name: 'a', value: null }] }),
		).toEqual([{ name: 'a', value: null }]);
		expect(
			portableValue(plainList, { '@odata.type': `${V}Text`, value: Number.NaN }),
		).toBeUndefined();
	});
});

describe('tenantCatalog', () => {
	it('derives usings from categories whose parent belongs to another file, and files from both', () => {
		const categories = [
			{ id: 'c-fabrikam', parent: null, definitionFile: BASE },
			{ id: 'c-browser', parent: { id: 'c-fabrikam' }, definitionFile: APP },
			{ id: 'c-network', parent: { id: 'c-browser' }, definitionFile: APP },
			{
				id: 'c-bench',
				parent: { id: 'C-FABRIKAM' },
				definitionFile: { id: 'file-bench', targetNamespace: 'Fabrikam.Policies.Bench' },
			},
			{ id: 'c-builtin-child', parent: { id: 'windows-components' }, definitionFile: APP },
			{ id: 'c-orphan', parent: { id: 'c-fabrikam' }, definitionFile: null },
		];
		const tenant = tenantCatalog(
			[cache, { ...channel, definitionFile: { ...APP, fileName: undefined } }],
			categories,
		);
		expect(tenant.catalog.definitions.map((d) => d.displayName)).toEqual([
			'Cache Size',
			'Update Channel',
		]);
		expect([...tenant.files.values()]).toEqual([
			{ id: 'file-app', fileName: 'fabrikambrowser.admx', targetNamespace: APP.targetNamespace },
			BASE,
			{ id: 'file-bench', targetNamespace: 'Fabrikam.Policies.Bench' },
		]);
		expect(Object.fromEntries(tenant.usings)).toEqual({
			'file-app': ['file-base'],
			'file-bench': ['file-base'],
		});
	});
});

describe('admxFilesOf', () => {
	const files = new Map(
		[
			{ id: 'a', targetNamespace: 'Vendor.App', fileName: 'app.admx' },
			{ id: 'b', targetNamespace: 'Vendor.Base', fileName: 'base.admx' },
			{ id: 'c', targetNamespace: 'Vendor.Common' },
			{ id: 'x', targetNamespace: 'Another.Tool', fileName: 'tool.admx' },
			{ id: 'nameless' },
		].map((f) => [f.id, f]),
	);
	it('lists each file after those it uses, each once, names included', () => {
		const usings = new Map([
			['a', ['c', 'b']],
			['c', ['b']],
		]);
		expect(admxFilesOf(['a', 'x', 'a', 'nameless'], files, usings)).toEqual([
			{ targetNamespace: 'Another.Tool', fileName: 'tool.admx', usings: [] },
			{ targetNamespace: 'Vendor.Base', fileName: 'base.admx', usings: [] },
			{ targetNamespace: 'Vendor.Common', fileName: 'Vendor.Common.admx', usings: ['Vendor.Base'] },
			{
				targetNamespace: 'Vendor.App',
				fileName: 'app.admx',
				usings: ['Vendor.Base', 'Vendor.Common'],
			},
		]);
	});

	it('ends on files that use each other, listing each once', () => {
		const usings = new Map([
			['a', ['b']],
			['b', ['a']],
		]);
		expect(admxFilesOf(['a'], files, usings).map((f) => f.targetNamespace)).toEqual([
			'Vendor.Base',
			'Vendor.App',
		]);
	});
});

describe('exportFileName', () => {
	const named = (displayName: string, profileId = 'p1') =>
		exportFileName({
			...buildPortableProfile(reads()).profile,
			profile: { displayName, description: '', roleScopeTagIds: [] },
			source: { profileId },
		});
	it('names the file after the profile, without characters a file name cannot hold', () => {
		expect(named('Fabrikam Browser baseline')).toBe('Fabrikam Browser baseline.json');
		expect(named('A/B: "C"? <D>|E\\F*. ')).toBe('A_B_ _C__ _D__E_F_.json');
		expect(named(' ... ')).toBe('p1.json');
		expect(named('', '')).toBe('profile.json');
	});
});
