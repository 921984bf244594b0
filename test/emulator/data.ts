/*
 * The emulator's seeded Intune data: group policy configurations with definition values and presentation values,
 * the definitions and presentations they point at, definition files of both kinds, and their operations; the
 * Entra groups and assignment filters that profiles are assigned with. IDs are fixed so that tests and example
 * workflows can name them.
 */

export interface DefinitionFile {
	id: string;
	'@odata.type': string;
	displayName: string;
	description: string;
	fileName: string | null;
	policyType: 'admxBacked' | 'admxIngested';
	status?: string;
	languageCodes: string[];
	targetPrefix: string;
	targetNamespace: string;
	revision: string;
	lastModifiedDateTime: string;
	uploadDateTime?: string;
	defaultLanguageCode?: string;
	/** Emulator bookkeeping for uploaded files, never sent: see admx.ts. */
	internal?: {
		usings: string[];
		readyAt?: number;
		pending?: string;
		/** The statusDetails with which the pending work fails. */
		fails?: string;
		/** The files as uploaded, from which Intune derives the definitions once the file is available. */
		admx?: string;
		adml?: string;
	};
}

export interface Category {
	id: string;
	displayName: string;
	isRoot: boolean;
	ingestionSource: 'unknown' | 'custom' | 'builtIn';
	lastModifiedDateTime: string;
	parentId: string | null;
	definitionFileId: string | null;
	/** The category's name in its ADMX and that file's namespace, which other files' parentCategory refs name. */
	internal?: { name: string; namespace: string; visibleAt?: number };
}

export interface Definition {
	id: string;
	displayName: string;
	classType: 'user' | 'machine';
	categoryPath: string;
	explainText: string;
	policyType: 'admxBacked' | 'admxIngested';
	supportedOn: string;
	version: string;
	hasRelatedDefinitions: boolean;
	groupPolicyCategoryId: string | null;
	lastModifiedDateTime: string;
	definitionFileId: string;
	/** Intune lists a newly available file's definitions a little after its verdict (visibleAt, epoch ms). */
	internal?: { visibleAt?: number; policyName?: string };
}

/** Kind-specific fields as Graph names them, e.g. defaultValue, maxLength, required, items, explicitValue. */
export interface Presentation {
	id: string;
	'@odata.type': string;
	label: string;
	lastModifiedDateTime: string;
	definitionId: string;
	[field: string]: unknown;
}

export interface Configuration {
	id: string;
	displayName: string;
	description: string;
	createdDateTime: string;
	lastModifiedDateTime: string;
	roleScopeTagIds: string[];
	policyConfigurationIngestionType: 'unknown' | 'custom' | 'builtIn' | 'mixed';
}

export interface DefinitionValue {
	id: string;
	configurationId: string;
	definitionId: string;
	enabled: boolean;
	configurationType: 'policy' | 'preference';
	createdDateTime: string;
	lastModifiedDateTime: string;
}

export interface PresentationValue {
	id: string;
	'@odata.type': string;
	definitionValueId: string;
	presentationId: string;
	/** value for Boolean, Text, Decimal and LongDecimal; values for MultiText and List. */
	value?: unknown;
	values?: unknown;
	createdDateTime: string;
	lastModifiedDateTime: string;
}

export interface Operation {
	id: string;
	definitionFileId: string;
	operationType: string;
	operationStatus: string;
	statusDetails: string | null;
	lastModifiedDateTime: string;
}

export interface Group {
	id: string;
	displayName: string;
	description: string | null;
	mailNickname: string;
	mailEnabled: boolean;
	securityEnabled: boolean;
	groupTypes: string[];
	createdDateTime: string;
}

export interface AssignmentFilter {
	id: string;
	displayName: string;
	description: string;
	platform: string;
	rule: string;
	assignmentFilterManagementType: 'devices' | 'apps';
	roleScopeTags: string[];
	createdDateTime: string;
	lastModifiedDateTime: string;
}

export interface Assignment {
	id: string;
	configurationId: string;
	target: Record<string, unknown>;
	lastModifiedDateTime: string;
}

export interface Dataset {
	definitionFiles: DefinitionFile[];
	categories: Category[];
	definitions: Definition[];
	presentations: Presentation[];
	configurations: Configuration[];
	definitionValues: DefinitionValue[];
	presentationValues: PresentationValue[];
	operations: Operation[];
	assignments: Assignment[];
	groups: Group[];
	assignmentFilters: AssignmentFilter[];
}

/** Well-known IDs of the seeded objects. */
export const IDS = {
	uploadedFile: '6f1b2f4e-0a51-4b2c-9c1e-2b8e0c4d5a01',
	uploadedFile2: '6f1b2f4e-0a51-4b2c-9c1e-2b8e0c4d5a02',
	builtInFile: 'b0a2c3d4-0000-4000-8000-00000000b111',
	builtInWindowsFile: 'b0a2c3d4-0000-4000-8000-00000000b112',
	configuration: '2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f',
	builtInConfiguration: '2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d50',
	definitionValue: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
	definitionValue2: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5e',
	builtInDefinitionValue: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c60',
	presentationValue: '5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c',
	presentationValue2: '5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1d',
	builtInPresentationValue: '5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d20',
	builtInFabrikamFile: 'b0a2c3d4-0000-4000-8000-00000000b113',
	/** A built-in "Disable Telemetry" (\Fabrikam\Fabrikam Browser, machine): the fixture's custom one's twin. */
	builtInTelemetryDefinition: 'd1000000-0000-4000-8000-000000000004',
	groupPilotDevices: '0a7e5a01-6b1c-4d2e-9f30-000000000001',
	groupAllStaff: '0a7e5a01-6b1c-4d2e-9f30-000000000002',
	groupKiosks: '0a7e5a01-6b1c-4d2e-9f30-000000000003',
	filterWindows11: 'f17e0000-3c4d-4e5f-8a6b-000000000001',
	filterCorporate: 'f17e0000-3c4d-4e5f-8a6b-000000000002',
} as const;

const T0 = '2026-10-01T08:00:00Z';

function guid(prefix: string, n: number): string {
	return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function seedDataset(
	options: { extraConfigurations?: number; extraOperations?: number } = {},
): Dataset {
	const definitionFiles: DefinitionFile[] = [
		{
			id: IDS.uploadedFile,
			'@odata.type': '#microsoft.graph.groupPolicyUploadedDefinitionFile',
			displayName: 'Contoso Line-of-Business App',
			description: 'Settings for the Contoso LOB app',
			fileName: 'contoso-lob.admx',
			policyType: 'admxIngested',
			status: 'available',
			languageCodes: ['en-US'],
			targetPrefix: 'contoso',
			targetNamespace: 'Contoso.Policies.Lob',
			revision: '1.0',
			lastModifiedDateTime: T0,
			uploadDateTime: T0,
			defaultLanguageCode: 'en-US',
		},
		{
			id: IDS.uploadedFile2,
			'@odata.type': '#microsoft.graph.groupPolicyUploadedDefinitionFile',
			displayName: 'Fabrikam Browser Extensions',
			description: 'Extension allow-list for Fabrikam browsers',
			fileName: 'fabrikam-browser.admx',
			policyType: 'admxIngested',
			status: 'uploadInProgress',
			languageCodes: ['en-US', 'de-DE'],
			targetPrefix: 'fabrikam',
			targetNamespace: 'Fabrikam.Policies.Browser',
			revision: '2.1',
			lastModifiedDateTime: T0,
			uploadDateTime: T0,
			defaultLanguageCode: 'en-US',
		},
		{
			id: IDS.builtInFile,
			'@odata.type': '#microsoft.graph.groupPolicyDefinitionFile',
			displayName: 'Windows Components',
			description: 'Built-in Windows administrative templates',
			fileName: null,
			policyType: 'admxBacked',
			languageCodes: ['en-US'],
			targetPrefix: 'windows',
			targetNamespace: 'Microsoft.Policies.WindowsComponents',
			revision: '1.0',
			lastModifiedDateTime: T0,
		},
		{
			// windows.admx, which most vendors' files use.
			id: IDS.builtInWindowsFile,
			'@odata.type': '#microsoft.graph.groupPolicyDefinitionFile',
			displayName: 'Windows',
			description: 'Built-in base definitions (windows.admx)',
			fileName: null,
			policyType: 'admxBacked',
			languageCodes: ['en-US'],
			targetPrefix: 'windows',
			targetNamespace: 'Microsoft.Policies.Windows',
			revision: '1.0',
			lastModifiedDateTime: T0,
		},
		{
			// Microsoft ships some vendors' templates built in, so a custom setting can have a built-in twin.
			id: IDS.builtInFabrikamFile,
			'@odata.type': '#microsoft.graph.groupPolicyDefinitionFile',
			displayName: 'Fabrikam Browser',
			description: 'Built-in Fabrikam Browser administrative templates',
			fileName: null,
			policyType: 'admxBacked',
			languageCodes: ['en-US'],
			targetPrefix: 'fabrikambrowserbuiltin',
			targetNamespace: 'Microsoft.Policies.FabrikamBrowser',
			revision: '1.0',
			lastModifiedDateTime: T0,
		},
	];
	const categories: Category[] = [
		builtInCategory(
			'ca000000-0000-4000-8000-000000000001',
			'Windows Components',
			null,
			IDS.builtInFile,
		),
		builtInCategory(
			'ca000000-0000-4000-8000-000000000002',
			'AutoPlay Policies',
			'ca000000-0000-4000-8000-000000000001',
			IDS.builtInFile,
		),
		builtInCategory(
			'ca000000-0000-4000-8000-000000000003',
			'Fabrikam',
			null,
			IDS.builtInFabrikamFile,
		),
		builtInCategory(
			'ca000000-0000-4000-8000-000000000004',
			'Fabrikam Browser',
			'ca000000-0000-4000-8000-000000000003',
			IDS.builtInFabrikamFile,
		),
	];
	const definitions: Definition[] = [
		{
			id: 'd1000000-0000-4000-8000-000000000001',
			displayName: 'Contoso: Update channel',
			classType: 'machine',
			categoryPath: '\\Contoso\\Updates',
			explainText: 'Chooses the update channel of the Contoso app.',
			policyType: 'admxIngested',
			definitionFileId: IDS.uploadedFile,
			...definitionDefaults(null),
		},
		{
			id: 'd1000000-0000-4000-8000-000000000002',
			displayName: 'Contoso: Telemetry level',
			classType: 'machine',
			categoryPath: '\\Contoso\\Privacy',
			explainText: 'Sets how much telemetry the Contoso app sends.',
			policyType: 'admxIngested',
			definitionFileId: IDS.uploadedFile,
			...definitionDefaults(null),
		},
		{
			id: 'd1000000-0000-4000-8000-000000000003',
			displayName: 'Turn off Autoplay',
			classType: 'machine',
			categoryPath: '\\Windows Components\\AutoPlay Policies',
			explainText: 'Turns off the Autoplay feature.',
			policyType: 'admxBacked',
			definitionFileId: IDS.builtInFile,
			...definitionDefaults('ca000000-0000-4000-8000-000000000002'),
		},
		{
			id: IDS.builtInTelemetryDefinition,
			displayName: 'Disable Telemetry',
			classType: 'machine',
			categoryPath: '\\Fabrikam\\Fabrikam Browser',
			explainText: 'Stops Fabrikam Browser from sending usage data (built-in template).',
			policyType: 'admxBacked',
			definitionFileId: IDS.builtInFabrikamFile,
			...definitionDefaults('ca000000-0000-4000-8000-000000000004'),
		},
	];
	const presentations: Presentation[] = [
		{
			id: 'p1000000-0000-4000-8000-000000000001',
			'@odata.type': '#microsoft.graph.groupPolicyPresentationTextBox',
			label: 'Channel name',
			defaultValue: '',
			maxLength: 1023,
			required: true,
			lastModifiedDateTime: T0,
			definitionId: definitions[0].id,
		},
		{
			id: 'p1000000-0000-4000-8000-000000000002',
			'@odata.type': '#microsoft.graph.groupPolicyPresentationCheckBox',
			label: 'Allow preview builds',
			defaultChecked: false,
			lastModifiedDateTime: T0,
			definitionId: definitions[0].id,
		},
		{
			id: 'p1000000-0000-4000-8000-000000000003',
			'@odata.type': '#microsoft.graph.groupPolicyPresentationDropdownList',
			label: 'Turn off Autoplay on',
			defaultItem: { displayName: 'CD-ROM and removable media drives', value: '181' },
			items: [
				{ displayName: 'CD-ROM and removable media drives', value: '181' },
				{ displayName: 'All drives', value: '255' },
			],
			required: true,
			lastModifiedDateTime: T0,
			definitionId: definitions[2].id,
		},
	];
	const configurations: Configuration[] = [
		{
			id: IDS.configuration,
			displayName: 'Contoso LOB baseline',
			description: 'Custom ADMX settings for the Contoso app',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
			roleScopeTagIds: ['0'],
			policyConfigurationIngestionType: 'custom',
		},
		{
			id: IDS.builtInConfiguration,
			displayName: 'Windows hardening',
			description: 'Built-in administrative templates',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
			roleScopeTagIds: ['0'],
			policyConfigurationIngestionType: 'builtIn',
		},
	];
	for (let n = 1; n <= (options.extraConfigurations ?? 28); n++) {
		configurations.push({
			id: guid('c0ffee00', n),
			displayName: `Branch office ${String(n).padStart(2, '0')}`,
			description: 'Generated configuration',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
			roleScopeTagIds: ['0'],
			policyConfigurationIngestionType: 'unknown',
		});
	}
	const definitionValues: DefinitionValue[] = [
		{
			id: IDS.definitionValue,
			configurationId: IDS.configuration,
			definitionId: definitions[0].id,
			enabled: true,
			configurationType: 'policy',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
		},
		{
			id: IDS.definitionValue2,
			configurationId: IDS.configuration,
			definitionId: definitions[1].id,
			enabled: false,
			configurationType: 'policy',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
		},
		{
			id: IDS.builtInDefinitionValue,
			configurationId: IDS.builtInConfiguration,
			definitionId: definitions[2].id,
			enabled: true,
			configurationType: 'policy',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
		},
	];
	const presentationValues: PresentationValue[] = [
		{
			id: IDS.presentationValue,
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueText',
			definitionValueId: IDS.definitionValue,
			presentationId: presentations[0].id,
			value: 'monthly-enterprise',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
		},
		{
			id: IDS.presentationValue2,
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueBoolean',
			definitionValueId: IDS.definitionValue,
			presentationId: presentations[1].id,
			value: false,
			createdDateTime: T0,
			lastModifiedDateTime: T0,
		},
		{
			id: IDS.builtInPresentationValue,
			'@odata.type': '#microsoft.graph.groupPolicyPresentationValueText',
			definitionValueId: IDS.builtInDefinitionValue,
			presentationId: presentations[2].id,
			value: '255',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
		},
	];
	const operations: Operation[] = [];
	for (let n = 1; n <= (options.extraOperations ?? 3); n++) {
		operations.push({
			id: guid('0be7a710', n),
			definitionFileId: IDS.uploadedFile,
			operationType: n === 1 ? 'upload' : 'addLanguageFiles',
			operationStatus: 'success',
			statusDetails: null,
			lastModifiedDateTime: T0,
		});
	}
	return {
		definitionFiles,
		categories,
		definitions,
		presentations,
		configurations,
		definitionValues,
		presentationValues,
		operations,
		assignments: [],
		groups: [
			seededGroup(IDS.groupPilotDevices, 'Fabrikam Pilot Devices'),
			seededGroup(IDS.groupAllStaff, 'Fabrikam All Staff'),
			seededGroup(IDS.groupKiosks, 'Fabrikam Kiosks'),
		],
		assignmentFilters: [
			seededFilter(
				IDS.filterWindows11,
				'Windows 11 only',
				'(device.osVersion -startsWith "10.0.22")',
			),
			seededFilter(
				IDS.filterCorporate,
				'Corporate devices',
				'(device.deviceOwnership -eq "Corporate")',
			),
		],
	};
}

function builtInCategory(
	id: string,
	displayName: string,
	parentId: string | null,
	definitionFileId: string,
): Category {
	return {
		id,
		displayName,
		isRoot: parentId === null,
		ingestionSource: 'builtIn',
		lastModifiedDateTime: T0,
		parentId,
		definitionFileId,
	};
}

function definitionDefaults(groupPolicyCategoryId: string | null) {
	return {
		supportedOn: 'At least Windows 10',
		version: '1.0',
		hasRelatedDefinitions: false,
		groupPolicyCategoryId,
		lastModifiedDateTime: T0,
	};
}

export function seededGroup(id: string, displayName: string): Group {
	return {
		id,
		displayName,
		description: null,
		mailNickname: displayName.replace(/[^A-Za-z0-9]/g, '').toLowerCase(),
		mailEnabled: false,
		securityEnabled: true,
		groupTypes: [],
		createdDateTime: T0,
	};
}

export function seededFilter(
	id: string,
	displayName: string,
	rule: string,
	platform = 'windows10AndLater',
): AssignmentFilter {
	return {
		id,
		displayName,
		description: '',
		platform,
		rule,
		assignmentFilterManagementType: 'devices',
		roleScopeTags: ['0'],
		createdDateTime: T0,
		lastModifiedDateTime: T0,
	};
}

/*
 * Several tenants with data of their own (GraphEmulator's tenantData 'separate'). Microsoft's built-in templates
 * (files, categories, definitions, presentations) carry the same IDs in every tenant; whatever a tenant made itself
 * (uploaded files and the settings derived from them, profiles and their values, operations, groups, filters) has
 * IDs of its own there, so that a copy from one tenant to another cannot pass by reusing the source's IDs.
 */

/** The seeded group only the first tenant has: mapping groups by name to another tenant finds no match for it. */
export const FIRST_TENANT_ONLY_GROUPS: string[] = [IDS.groupKiosks];

/**
 * The ID a seeded object of the tenant's own has in tenant `tenantIndex` (0 = the first tenant, which keeps the
 * seeded IDs): the fourth group of the GUID becomes "a" and the index in three hex digits, e.g. IDS.groupAllStaff
 * 0a7e5a01-6b1c-4d2e-9f30-000000000002 is 0a7e5a01-6b1c-4d2e-a001-000000000002 in the second tenant.
 */
export function tenantOwnId(id: string, tenantIndex: number): string {
	if (tenantIndex === 0) return id;
	const parts = id.split('-');
	if (parts.length !== 5) return `${id}-t${tenantIndex}`;
	parts[3] = `a${tenantIndex.toString(16).padStart(3, '0')}`;
	return parts.join('-');
}

/** IDs of the rows Microsoft ships: built-in files, their categories, definitions and presentations. */
function builtInIds(data: Dataset): Set<string> {
	const definitions = new Set(
		data.definitions.filter((d) => d.policyType === 'admxBacked').map((d) => d.id),
	);
	return new Set([
		...data.definitionFiles.filter((f) => f.policyType === 'admxBacked').map((f) => f.id),
		...data.categories.filter((c) => c.ingestionSource === 'builtIn').map((c) => c.id),
		...definitions,
		...data.presentations.filter((p) => definitions.has(p.definitionId)).map((p) => p.id),
	]);
}

/** Every string equal to a key of `ids` replaced by its value, links and internal fields included. */
function replaceIds<T>(value: T, ids: Map<string, string>): T {
	if (typeof value === 'string') return (ids.get(value) ?? value) as T;
	if (Array.isArray(value)) return value.map((v: unknown) => replaceIds(v, ids)) as T;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).map(([k, v]) => [k, replaceIds(v, ids)]);
		return Object.fromEntries(entries) as T;
	}
	return value;
}

/** `data` as tenant `tenantIndex` holds it: its own objects under IDs of its own, without FIRST_TENANT_ONLY_GROUPS. */
export function ownedBy(data: Dataset, tenantIndex: number): Dataset {
	if (tenantIndex === 0) return data;
	const shared = builtInIds(data);
	const ids = new Map<string, string>();
	for (const rows of Object.values(data) as Array<Array<{ id: string }>>) {
		for (const row of rows) {
			if (!shared.has(row.id)) ids.set(row.id, tenantOwnId(row.id, tenantIndex));
		}
	}
	const groups = data.groups.filter((g) => !FIRST_TENANT_ONLY_GROUPS.includes(g.id));
	return replaceIds({ ...data, groups }, ids);
}

/** The seeded data of tenant `tenantIndex`: the first tenant's as seeded, every other one's under its own IDs. */
export function tenantDataset(tenantIndex: number, base: () => Dataset = seedDataset): Dataset {
	return ownedBy(base(), tenantIndex);
}

/**
 * A tenant whose Intune has nothing of its own yet: only the built-in files, categories, definitions and
 * presentations, plus the tenant's groups and assignment filters (as tenantDataset gives them). No profiles, no
 * uploaded files, no operations.
 */
export function emptyDataset(tenantIndex = 0): Dataset {
	const data = tenantDataset(tenantIndex);
	const shared = builtInIds(data);
	const builtIn = <T extends { id: string }>(rows: T[]) => rows.filter((r) => shared.has(r.id));
	return {
		definitionFiles: builtIn(data.definitionFiles),
		categories: builtIn(data.categories),
		definitions: builtIn(data.definitions),
		presentations: builtIn(data.presentations),
		configurations: [],
		definitionValues: [],
		presentationValues: [],
		operations: [],
		assignments: [],
		groups: data.groups,
		assignmentFilters: data.assignmentFilters,
	};
}
