/*
 * The emulator's seeded Intune data: group policy configurations with definition values and presentation values,
 * the definitions and presentations they point at, definition files of both kinds, and their operations.
 * IDs are fixed so that tests and example workflows can name them.
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
	};
}

export interface Definition {
	id: string;
	displayName: string;
	classType: 'user' | 'machine';
	categoryPath: string;
	explainText: string;
	policyType: 'admxBacked' | 'admxIngested';
	definitionFileId: string;
}

export interface Presentation {
	id: string;
	'@odata.type': string;
	label: string;
	required: boolean;
	definitionId: string;
}

export interface Configuration {
	id: string;
	displayName: string;
	description: string;
	createdDateTime: string;
	lastModifiedDateTime: string;
	roleScopeTagIds: string[];
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
	value: unknown;
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

export interface Dataset {
	definitionFiles: DefinitionFile[];
	definitions: Definition[];
	presentations: Presentation[];
	configurations: Configuration[];
	definitionValues: DefinitionValue[];
	presentationValues: PresentationValue[];
	operations: Operation[];
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
		},
		{
			id: 'd1000000-0000-4000-8000-000000000002',
			displayName: 'Contoso: Telemetry level',
			classType: 'machine',
			categoryPath: '\\Contoso\\Privacy',
			explainText: 'Sets how much telemetry the Contoso app sends.',
			policyType: 'admxIngested',
			definitionFileId: IDS.uploadedFile,
		},
		{
			id: 'd1000000-0000-4000-8000-000000000003',
			displayName: 'Turn off Autoplay',
			classType: 'machine',
			categoryPath: '\\Windows Components\\AutoPlay Policies',
			explainText: 'Turns off the Autoplay feature.',
			policyType: 'admxBacked',
			definitionFileId: IDS.builtInFile,
		},
	];
	const presentations: Presentation[] = [
		{
			id: 'p1000000-0000-4000-8000-000000000001',
			'@odata.type': '#microsoft.graph.groupPolicyPresentationTextBox',
			label: 'Channel name',
			required: true,
			definitionId: definitions[0].id,
		},
		{
			id: 'p1000000-0000-4000-8000-000000000002',
			'@odata.type': '#microsoft.graph.groupPolicyPresentationCheckBox',
			label: 'Allow preview builds',
			required: false,
			definitionId: definitions[0].id,
		},
		{
			id: 'p1000000-0000-4000-8000-000000000003',
			'@odata.type': '#microsoft.graph.groupPolicyPresentationDropdownList',
			label: 'Turn off Autoplay on',
			required: true,
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
		},
		{
			id: IDS.builtInConfiguration,
			displayName: 'Windows hardening',
			description: 'Built-in administrative templates',
			createdDateTime: T0,
			lastModifiedDateTime: T0,
			roleScopeTagIds: ['0'],
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
		definitions,
		presentations,
		configurations,
		definitionValues,
		presentationValues,
		operations,
	};
}
