import { readFileSync } from 'fs';
import { join } from 'path';

import type { GraphEmulator } from '../../emulator/emulator';
import { emulatorCredentials } from '../../helpers/emulatorCredentials';
import { NODE_TYPE, REPO_ROOT } from './n8n';

/* Credentials and workflows as n8n imports them, pointed at the emulator. */

// The example workflows refer to this credential, so importing them next to it makes them runnable as they are.
export const CREDENTIAL_ID = 'intuneGraphCred1';
export const CREDENTIAL_NAME = 'Microsoft Graph (Intune) account';

export function emulatorCredential(
	emulator: GraphEmulator,
	appIndex = 0,
	id = CREDENTIAL_ID,
	name = CREDENTIAL_NAME,
) {
	return {
		id,
		name,
		type: 'microsoftGraphIntuneOAuth2Api',
		data: { grantType: 'clientCredentials', ...emulatorCredentials(emulator, appIndex) },
	};
}

export interface ItemsWorkflowOptions {
	id: string;
	items: Array<Record<string, unknown>>;
	/** Parameters of the Intune node; expressions see each item as $json. */
	parameters: Record<string, unknown>;
	continueOnFail?: boolean;
	/** n8n's On Error setting; continueOnFail is the same as 'continueRegularOutput'. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	credentialId?: string;
	settings?: Record<string, unknown>;
}

/** Manual Trigger -> items (Set + Split Out) -> Microsoft Intune Group Policy. */
export function itemsWorkflow(options: ItemsWorkflowOptions) {
	return {
		id: options.id,
		name: `e2e ${options.id}`,
		active: false,
		settings: { executionOrder: 'v1', ...options.settings },
		nodes: [
			{
				id: 'n1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n2',
				name: 'Items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: JSON.stringify({ items: options.items }),
					options: {},
				},
			},
			{
				id: 'n3',
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'items', options: {} },
			},
			{
				id: 'n4',
				name: 'Intune',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					resource: 'groupPolicyOperation',
					operation: 'create',
					...options.parameters,
				},
				credentials: {
					microsoftGraphIntuneOAuth2Api: {
						id: options.credentialId ?? CREDENTIAL_ID,
						name: CREDENTIAL_NAME,
					},
				},
				...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
				...(options.onError ? { onError: options.onError } : {}),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Intune', type: 'main', index: 0 }]] },
		},
	};
}

/** Resource locator parameters mapped from item fields by expression. */
export const mappedIds = {
	groupPolicyConfigurationId: { __rl: true, mode: 'id', value: '={{ $json.configurationId }}' },
	groupPolicyDefinitionValueId: { __rl: true, mode: 'id', value: '={{ $json.definitionValueId }}' },
	groupPolicyPresentationValueId: {
		__rl: true,
		mode: 'id',
		value: '={{ $json.presentationValueId }}',
	},
};

export type Workflow = {
	id: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
} & Record<string, unknown>;

/** An example workflow from the repository's examples/ folder. */
export function exampleWorkflow(file: string): Workflow {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as Workflow;
}
