import type { GraphEmulator } from '../emulator/emulator';
import type { GeneratedKind } from '../fixtures/admxPolicies';
import { generatedPolicies, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import type { N8nRuntime, RunResult } from '../e2e/harness/n8n';
import { N8nInstance, nodeRun } from '../e2e/harness/n8n';
import { emulatorCredential, itemsWorkflow } from '../e2e/harness/workflows';

/*
 * The profiles section of `npm run bench` (run it alone with `npm run bench -- profiles`): an Administrative
 * Templates profile of SETTINGS settings of an uploaded ADMX file, written and read back by this node and by n8n's
 * HTTP Request node set up by hand as a user would, side by side in one real n8n (`n8n start`, workflows run
 * through its REST API as the editor runs them) against the emulator with PROFILE_LATENCY_MS per request.
 *
 * Writing: one item per setting, each naming its setting by name path. This node (Set Settings, JSON) reads the
 * tenant's custom settings once and writes the profile once; run again, it writes nothing. By hand, per item: find
 * the definition with a $filter GET, read its presentations, POST updateDefinitionValues with that one setting.
 * Reading: this node's Get Settings against GET definitionValues then GET presentationValues per setting.
 * Requests are counted from the emulator's log (a $batch counts once); times are the nodes' own execution times as
 * n8n records them (the HTTP Request variants: the sum of their nodes).
 */

const SETTINGS = 100;
const PROFILE_LATENCY_MS = 100;
const GRAPH_VALUE = '#microsoft.graph.groupPolicyPresentationValue';
export const GENERIC_CREDENTIAL = { id: 'benchGenericOAuth2', name: 'Graph (generic OAuth2)' };

/** n8n's generic OAuth2 credential, signing in to the emulator as its first app: what the HTTP Request node uses. */
export function genericOAuth2Credential(emulator: GraphEmulator) {
	const app = emulator.tenant.apps[0];
	return {
		...GENERIC_CREDENTIAL,
		type: 'oAuth2Api',
		data: {
			grantType: 'clientCredentials',
			accessTokenUrl: `${emulator.url}/${emulator.tenant.id}/oauth2/v2.0/token`,
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			scope: `${emulator.url}/.default`,
			authentication: 'body',
		},
	};
}

/** A value for the generated setting's one input: as Set Settings takes it, and as Graph takes it. */
function benchValue(kind: GeneratedKind, n: number) {
	const label = `Value ${n}`;
	const one = (value: unknown, type: string, graph: unknown = value) => ({
		values: { [label]: value },
		graph: {
			'@odata.type': `${GRAPH_VALUE}${type}`,
			[Array.isArray(graph) ? 'values' : 'value']: graph,
		},
	});
	switch (kind) {
		case 'none':
			return { values: {}, graph: null };
		case 'checkBox':
			return one(true, 'Boolean');
		case 'textBox':
			return one(`Text ${n}`, 'Text');
		case 'decimalTextBox':
			return one(n, 'Decimal');
		case 'longDecimalTextBox':
			return one(5_000_000_000 + n, 'LongDecimal');
		case 'dropdownList':
			return one('High', 'Text', '2');
		case 'multiTextBox':
			return one([`https://a${n}.fabrikam.com`, `https://b${n}.fabrikam.com`], 'MultiText');
		case 'listBox': {
			const entries = [`entry-${n}-a`, `entry-${n}-b`];
			return one(
				entries,
				'List',
				entries.map((name) => ({ name, value: null })),
			);
		}
	}
}

/** An HTTP Request node (v4.2) signed in with the generic OAuth2 credential. */
function httpNode(name: string, index: number, parameters: Record<string, unknown>) {
	return {
		id: `h${index}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [600 + 200 * index, 0],
		parameters: {
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			options: {},
			...parameters,
		},
		credentials: { oAuth2Api: GENERIC_CREDENTIAL },
	};
}

type Node = { id: string; name: string; type: string; parameters: Record<string, unknown> };

/** Start -> Items -> Split, then these nodes in a line (instead of this node). */
function byHand(id: string, items: Array<Record<string, unknown>>, nodes: Node[]) {
	const workflow = itemsWorkflow({ id, items, parameters: {} }) as {
		id: string;
		nodes: Node[];
		connections: Record<
			string,
			{ main: Array<Array<{ node: string; type: string; index: number }>> }
		>;
	};
	workflow.nodes = [...workflow.nodes.slice(0, 3), ...nodes];
	let previous = 'Split';
	for (const node of nodes) {
		workflow.connections[previous] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
		previous = node.name;
	}
	return workflow;
}

interface Measured {
	what: string;
	variant: string;
	ms: number;
	requests: number;
	/** Requests that came inside a $batch. */
	batchParts: number;
	batches: number;
	writes: number;
	settings: number;
	note?: string;
}

export async function profilesSection(
	runtime: N8nRuntime,
	tarball: string,
	emulator: GraphEmulator,
): Promise<string[]> {
	emulator.reset();
	emulator.configure({ throttle: { enabled: false } });
	emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
	const bench = generatedPolicies(SETTINGS);
	emulator.store.lifecycle.seedPolicies(bench);
	const root = emulator.url;
	const newProfile = (displayName: string) =>
		String(
			(emulator.store.profiles.create({ displayName }, root).body as { id: string } | undefined)
				?.id,
		);
	const ours = newProfile('Bench: this node');
	const theirs = newProfile('Bench: HTTP Request node');
	const warm = newProfile('Bench: warm-up');
	const profileSize = (id: string) =>
		emulator.store.data.definitionValues.filter((v) => v.configurationId === id).length;

	const settings = bench.policies.map((policy, k) => ({
		name: policy.displayName,
		namePath: `\\Fabrikam\\Fabrikam Bench\\${policy.displayName} (machine)`,
		...benchValue(policy.kind, k + 1),
	}));
	const ourItems = settings.map((s) => ({
		profileId: ours,
		setting: { setting: s.namePath, state: 'enabled', values: s.values },
	}));
	const theirItems = settings.map((s) => ({
		profileId: theirs,
		name: s.name,
		presentationValue: s.graph,
	}));
	const definitions = `${root}/beta/deviceManagement/groupPolicyDefinitions`;
	const profiles = `${root}/beta/deviceManagement/groupPolicyConfigurations`;
	const bind = `"${definitions}('" + $('Find definition').item.json.value[0].id + "')"`;
	const setByHand = [
		httpNode('Find definition', 1, {
			method: 'GET',
			url: definitions,
			sendQuery: true,
			queryParameters: {
				parameters: [
					{
						name: '$filter',
						value: `={{ "policyType eq 'admxIngested' and displayName eq '" + $json.name + "' and classType eq 'machine'" }}`,
					},
				],
			},
		}),
		httpNode('Read presentations', 2, {
			method: 'GET',
			url: `={{ "${definitions}/" + $json.value[0].id + "/presentations" }}`,
		}),
		httpNode('Write setting', 3, {
			method: 'POST',
			url: `={{ "${profiles}/" + $('Split').item.json.profileId + "/updateDefinitionValues" }}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				`={{ JSON.stringify({ added: [{ enabled: true, "definition@odata.bind": ${bind}, ` +
				`presentationValues: $json.value.filter(p => p["@odata.type"] !== "#microsoft.graph.groupPolicyPresentationText")` +
				`.map(p => Object.assign({}, $('Split').item.json.presentationValue, ` +
				`{ "presentation@odata.bind": ${bind} + "/presentations('" + p.id + "')" })) }], updated: [], deletedIds: [] }) }}`,
		}),
	];
	const readByHand = (profileId: string) => [
		httpNode('List settings', 1, {
			method: 'GET',
			url: `${profiles}/${profileId}/definitionValues?$expand=definition&$top=999`,
		}),
		{
			id: 'h2',
			name: 'One item per setting',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [1000, 0],
			parameters: { fieldToSplitOut: 'value', options: {} },
		},
		httpNode('Read values', 3, {
			method: 'GET',
			url: `={{ "${profiles}/${profileId}/definitionValues/" + $json.id + "/presentationValues?$expand=presentation" }}`,
		}),
	];
	const locator = { __rl: true, mode: 'id', value: '={{ $json.profileId }}' };
	const setSettings = {
		resource: 'groupPolicyConfiguration',
		operation: 'setSettings',
		groupPolicyConfigurationId: locator,
		defineSettings: 'json',
		settingsJson: '={{ JSON.stringify([$json.setting]) }}',
		options: {},
	};
	const getSettings = {
		resource: 'groupPolicyConfiguration',
		operation: 'getSettings',
		groupPolicyConfigurationId: locator,
		options: {},
	};

	const n8n = N8nInstance.create(runtime, tarball);
	try {
		await n8n.importCredentials([emulatorCredential(emulator), genericOAuth2Credential(emulator)]);
		await n8n.start();
		await n8n.setUpOwner();
		await n8n.createWorkflows([
			itemsWorkflow({ id: 'benchProfSet0001', items: ourItems, parameters: setSettings }),
			byHand('benchProfSet0002', theirItems, setByHand),
			itemsWorkflow({
				id: 'benchProfGet0001',
				items: [{ profileId: ours }],
				parameters: getSettings,
			}),
			byHand('benchProfGet0002', [{ profileId: ours }], readByHand(ours)),
			// Warm-ups sign in once, so that no measured run does.
			itemsWorkflow({
				id: 'benchProfWarm001',
				items: [{ profileId: warm }],
				parameters: getSettings,
			}),
			byHand('benchProfWarm002', [{ profileId: warm }], readByHand(warm)),
		]);
		const run = async (workflowId: string): Promise<RunResult> => {
			const result = await n8n.run(workflowId);
			if (result.status !== 'success')
				throw new Error(`${workflowId} ended ${result.status}:\n${result.output.slice(-4000)}`);
			return result;
		};
		await run('benchProfWarm001');
		await run('benchProfWarm002');
		emulator.configure({ latencyMs: PROFILE_LATENCY_MS });

		const rows: Measured[] = [];
		const measure = async (
			what: string,
			variant: string,
			workflowId: string,
			nodes: string[],
			settingsIn: string,
			check: (result: RunResult) => string | undefined,
		) => {
			emulator.log.length = 0;
			const result = await run(workflowId);
			const ms = nodes.reduce(
				(sum, name) => sum + Number(nodeRun(result.run, name)?.executionTime ?? NaN),
				0,
			);
			const graph = emulator.log.filter((e) => e.path.startsWith('/beta/'));
			const row: Measured = {
				what,
				variant,
				ms,
				requests: graph.filter((e) => e.batch === undefined).length,
				batchParts: graph.filter((e) => e.batch !== undefined).length,
				batches: graph.filter((e) => e.path.endsWith('/$batch')).length,
				writes: graph.filter((e) => e.path.endsWith('/updateDefinitionValues')).length,
				settings: profileSize(settingsIn),
				note: check(result),
			};
			rows.push(row);
			const sizes = new Map<number, number>();
			for (const e of graph)
				if (e.batch !== undefined) sizes.set(e.batch, (sizes.get(e.batch) ?? 0) + 1);
			process.stderr.write(
				`${what} / ${variant}: ${ms} ms, ${row.requests} requests` +
					`${sizes.size ? ` ($batch sizes ${[...sizes.values()].join(', ')})` : ''}\n`,
			);
		};
		const output = (result: RunResult, node: string) =>
			nodeRun(result.run, node)?.data?.main[0].map((item) => item.json) ?? [];
		const changes = (result: RunResult) => {
			const counts = new Map<string, number>();
			for (const item of output(result, 'Intune'))
				counts.set(String(item.change), (counts.get(String(item.change)) ?? 0) + 1);
			return [...counts].map(([change, n]) => `${n} ${change}`).join(', ');
		};

		const writing = `${SETTINGS} settings from ${SETTINGS} items`;
		await measure(
			writing,
			'This node, Set Settings (JSON, name paths)',
			'benchProfSet0001',
			['Intune'],
			ours,
			changes,
		);
		await measure(
			writing,
			'This node, the same run again',
			'benchProfSet0001',
			['Intune'],
			ours,
			changes,
		);
		await measure(
			writing,
			'HTTP Request node by hand (find, read presentations, write)',
			'benchProfSet0002',
			setByHand.map((n) => n.name),
			theirs,
			(result) => `${output(result, 'Write setting').length} written`,
		);
		const reading = `Reading ${SETTINGS} settings back`;
		await measure(
			reading,
			'This node, Get Settings',
			'benchProfGet0001',
			['Intune'],
			ours,
			(result) => {
				const items = output(result, 'Intune');
				const withValues = items.filter((i) => Object.keys(i.values as object).length > 0).length;
				return `${items.length} items, ${withValues} with their input values by label`;
			},
		);
		await measure(
			reading,
			'HTTP Request node by hand (settings, then values per setting)',
			'benchProfGet0002',
			readByHand(ours).map((n) => n.name),
			ours,
			(result) => `${output(result, 'Read values').length} answers of presentation values`,
		);

		return [
			`Administrative Templates profile of ${SETTINGS} settings (a generated ADMX file of every input kind), ${PROFILE_LATENCY_MS} ms per request:`,
			'',
			'| Profiles | Variant | Time | Requests | Requests per setting | Writes | Settings in the profile | Output |',
			'| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
			...rows.map(
				(r) =>
					`| ${r.what} | ${r.variant} | ${(r.ms / 1000).toFixed(2)} s | ${r.requests}${r.batches ? ` (${r.batches} of them $batch, carrying ${r.batchParts})` : ''} | ${(r.requests / SETTINGS).toFixed(2)} | ${r.writes} | ${r.settings} | ${r.note ?? ''} |`,
			),
			'',
			"Time: the node's own execution time as n8n records it; by hand, the sum of its nodes'. A $batch counts as " +
				'one request. By hand, per item: GET groupPolicyDefinitions?$filter=displayName and classType, GET its ' +
				'presentations, POST updateDefinitionValues with that one setting (the HTTP Request node sends the ' +
				`${SETTINGS} requests of a node at once); read back: GET definitionValues?$top=999, then GET ` +
				'presentationValues per setting.',
		];
	} finally {
		await n8n.dispose();
	}
}
