import { readFileSync } from 'fs';
import { join } from 'path';

import { IDS } from '../../emulator/data';
import type { GraphEmulator } from '../../emulator/emulator';
import type { Tenant } from '../../emulator/identity';
import { DEFAULT_TENANT } from '../../emulator/identity';
import { POLICIES_CHAIN } from '../../fixtures/admxPolicies';
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

/*
 * One `n8n start` runs all the workflows of a test file, where each case used to boot an `n8n execute` of its own.
 * What the node keeps per n8n process (its throttles, the definition files it has checked: the node's
 * transport/throttles.ts and helpers/processCache.ts) it keeps per Graph root, tenant and app registration. With one
 * credential for all, a case would meet what the cases before it left (the token case found its definition-file check
 * already made; the batch that stops paced itself to a limit an earlier case had taught). So each case's workflow
 * signs in to a tenant of its own and meets that state empty, as in a fresh process. The tenants are the emulator's
 * own (the same app registrations and secrets) under other IDs; the first is the emulator's default tenant, which the
 * example workflows' credential signs in to.
 */

/** `count` tenants for `new GraphEmulator({ tenants })`: the default tenant, then copies under IDs of their own. */
function tenantsLikeDefault(count: number): Tenant[] {
	return Array.from({ length: count }, (_, n) => {
		const tenant = structuredClone(DEFAULT_TENANT);
		if (n > 0) {
			tenant.id = `${DEFAULT_TENANT.id.slice(0, -4)}${String(n).padStart(4, '0')}`;
			tenant.domains = [`contoso${n}.onmicrosoft.com`];
		}
		return tenant;
	});
}

type IntuneWorkflow = {
	id: string;
	nodes: Array<{ type: string; credentials?: Record<string, { id: string; name: string }> }>;
};

/**
 * Gives each workflow a credential of its own signing in to a tenant of its own (tenant 1, 2, ... in the order
 * given), unless it names a credential other than the default one. Start the emulator with `tenants`, then import
 * `credentials()` beside the workflows.
 */
export function onOwnTenants<W extends IntuneWorkflow>(workflows: W[]) {
	const tenants = tenantsLikeDefault(workflows.length + 1);
	const credentialId = (index: number) => `intuneTenant${String(index + 1).padStart(4, '0')}`;
	const own = workflows.map((workflow, index) => {
		const credential = workflow.nodes.find((node) => node.type === NODE_TYPE)?.credentials
			?.microsoftGraphIntuneOAuth2Api;
		if (credential?.id !== CREDENTIAL_ID) return false;
		credential.id = credentialId(index);
		return true;
	});
	return {
		workflows,
		tenants,
		/** The tenant a workflow signs in to. */
		tenantOf: (workflowId: string) => tenants[workflows.findIndex((w) => w.id === workflowId) + 1],
		/**
		 * The credentials to import. `tokens` gives some of them, by workflow ID, the token n8n keeps in a
		 * client-credentials credential once it has signed in.
		 */
		credentials(emulator: GraphEmulator, tokens: Record<string, unknown> = {}) {
			return workflows.flatMap((workflow, index) => {
				if (!own[index]) return [];
				const credential = emulatorCredential(emulator, 0, credentialId(index));
				const token = tokens[workflow.id];
				const data = { ...credential.data, tenantId: tenants[index + 1].id };
				return [{ ...credential, data: token ? { ...data, oauthTokenData: token } : data }];
			});
		},
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

/** Create's parameters for items holding the three IDs and a `ticket`, which becomes Status Details. */
export const createParameters = {
	...mappedIds,
	operationType: 'upload',
	operationStatus: 'inProgress',
	statusDetails: '={{ $json.ticket }}',
	additionalFields: {},
};

/** Upload's parameters for items holding a file's `name` and its `admx` and `adml` text. */
export const uploadParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'groupPolicyUploadedDefinitionFile',
	operation: 'upload',
	admxSource: 'text',
	admxText: '={{ $json.admx }}',
	admxFileName: '={{ $json.name }}.admx',
	admlSource: 'text',
	admlText: '={{ $json.adml }}',
	admlFileName: '={{ $json.name }}.adml',
	...extra,
});

export type Workflow = {
	id: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
	}>;
} & Record<string, unknown>;

/** An example workflow from the repository's examples/ folder. */
export function exampleWorkflow(file: string): Workflow {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as Workflow;
}

export const JOURNEY = 'admx-profile-journey.json';

/**
 * The journey example with its files downloaded from the emulator's attachment server instead of the Git repository
 * the example names: the sample Fabrikam chain, by the file names in the example's URLs.
 */
export function journeyExample(emulator: GraphEmulator): Workflow {
	const workflow = exampleWorkflow(JOURNEY);
	for (const file of Object.values(POLICIES_CHAIN)) {
		emulator.tickets.attachments.set(file.fileName, file.admx);
		emulator.tickets.attachments.set(file.admlFileName, file.adml);
	}
	const node = workflow.nodes.find((n) => n.name === 'Files to upload');
	if (!node) throw new Error(`${JOURNEY} has no node "Files to upload"`);
	const served = (url: string) => {
		const name = url.split('/').pop()!;
		if (!emulator.tickets.attachments.has(name)) throw new Error(`No sample file for ${url}`);
		return `${emulator.url}/ticketing/attachments/${name}`;
	};
	const list = JSON.parse(String(node.parameters.jsonOutput)) as {
		files: Array<Record<string, string>>;
	};
	list.files = list.files.map((f) => ({
		...f,
		admx_url: served(f.admx_url),
		adml_url: served(f.adml_url),
	}));
	node.parameters.jsonOutput = JSON.stringify(list, null, 2);
	// The example assigns to the emulator's seeded groups and filter, by ID.
	const assign = JSON.stringify(workflow.nodes.find((n) => n.name === 'Assign to pilot devices'));
	for (const id of [IDS.groupPilotDevices, IDS.filterWindows11, IDS.groupKiosks]) {
		if (!assign?.includes(id)) throw new Error(`${JOURNEY} no longer assigns with ${id}`);
	}
	return workflow;
}

/** The Intune node of an items workflow signs in with this credential instead of the default one. */
export function withCredential<W extends ReturnType<typeof itemsWorkflow>>(
	workflow: W,
	credential: { id: string; name: string },
): W {
	const node = workflow.nodes.find((n) => n.name === 'Intune') as {
		credentials: Record<string, unknown>;
	};
	node.credentials = { microsoftGraphIntuneOAuth2Api: credential };
	return workflow;
}

/** Three assignments as Assign takes them in JSON: a group with a filter, a group, all devices. */
export const THREE_TARGETS = JSON.stringify([
	{
		type: 'includeGroup',
		groupId: IDS.groupPilotDevices,
		filterId: IDS.filterWindows11,
		filterType: 'include',
	},
	{ type: 'includeGroup', groupId: IDS.groupAllStaff },
	{ type: 'allDevices' },
]);

/** This node's credential signing in to tenant `tenant` (an index) of an emulator of several. */
export function tenantCredential(
	emulator: GraphEmulator,
	tenant: number,
	credential: { id: string; name: string },
) {
	const base = emulatorCredential(emulator, 0, credential.id, credential.name);
	return { ...base, data: { ...base.data, tenantId: emulator.identity.tenants[tenant].id } };
}

/** Apply's parameters, the portable profile read from each item's `portable` field. */
export const applyParameters = (mode: 'plan' | 'apply') => ({
	resource: 'groupPolicyConfiguration',
	operation: 'apply',
	mode,
	portableSource: 'json',
	portableProfile: '={{ JSON.stringify($json.portable) }}',
});
