import { emptyDataset, seedDataset } from '../emulator/data';
import type { LogEntry } from '../emulator/emulator';
import { GraphEmulator } from '../emulator/emulator';
import type { GeneratedKind } from '../fixtures/admxPolicies';
import { generatedPolicies, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import type { N8nRuntime, RunResult } from '../e2e/harness/n8n';
import { N8nInstance, nodeRun } from '../e2e/harness/n8n';
import {
	applyParameters,
	emulatorCredential,
	itemsWorkflow,
	tenantCredential,
	THREE_TARGETS,
	withCredential,
} from '../e2e/harness/workflows';

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
 *
 * Carrying the profile to another tenant, against an emulator of two tenants, each with an Intune of its own (the
 * same ADMX files seeded in both, so their settings have other IDs in each; groups and filters of the same names
 * under other IDs): in tenant A a profile of the SETTINGS settings set by Set Settings and assigned to two groups
 * (one with a filter) and All Devices. This node's Export of it, beside the HTTP Request node reading by hand what a
 * portable copy needs (the profile, its definitionValues, the presentationValues per setting, its assignments).
 * Then this node's Apply of that JSON into tenant B, which has no profile: Plan, Apply, and Plan again.
 *
 * Requests are counted from the emulator's log, of the tenant the run signs in to (a $batch counts once); a write is
 * a request other than GET, or a $batch carrying one; every other request is a read. Times are the nodes' own
 * execution times as n8n records them (the HTTP Request variants: the sum of their nodes).
 */

const SETTINGS = 100;
const PROFILE_LATENCY_MS = 100;
const GRAPH_VALUE = '#microsoft.graph.groupPolicyPresentationValue';
export const GENERIC_CREDENTIAL = { id: 'benchGenericOAuth2', name: 'Graph (generic OAuth2)' };
type CredentialName = typeof GENERIC_CREDENTIAL;
/** The two tenants of the portable profile rows: this node's credential for each, and a generic one for tenant A. */
const TENANT_A = { id: 'benchIntuneTenA1', name: 'Intune tenant A (bench)' };
const TENANT_B = { id: 'benchIntuneTenB1', name: 'Intune tenant B (bench)' };
const GENERIC_A = { id: 'benchGenericTenA', name: 'Graph tenant A (generic OAuth2)' };
/** What this node's portable profile operations must stay within (requests of the tenant, a $batch once). */
const EXPORT_MAX_READS = 10;
const APPLY_MAX_READS = 12;
const APPLY_MAX_WRITES = 3;

/**
 * n8n's generic OAuth2 credential, signing in to the emulator's first tenant as its first app: what the HTTP Request
 * node uses.
 */
export function genericOAuth2Credential(
	emulator: GraphEmulator,
	credential: CredentialName = GENERIC_CREDENTIAL,
) {
	const app = emulator.tenant.apps[0];
	return {
		...credential,
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

/** itemsWorkflow, its Intune node signed in with `credential`. */
/** An HTTP Request node (v4.2) signed in with a generic OAuth2 credential. */
function httpNode(
	name: string,
	index: number,
	parameters: Record<string, unknown>,
	credential: CredentialName = GENERIC_CREDENTIAL,
) {
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
		credentials: { oAuth2Api: credential },
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
	reads: number;
	writes: number;
	settings: number;
	note?: string;
}

/** Graph requests of one tenant in the emulator's log: a $batch counts once, as a write if one of its parts is. */
function graphRequests(log: LogEntry[], tenantId: string) {
	const requests = log.filter(
		(e) => e.batch === undefined && e.tenantId === tenantId && e.path.startsWith('/beta/'),
	);
	const seqs = new Set(requests.map((e) => e.seq));
	const parts = log.filter((e) => e.batch !== undefined && seqs.has(e.batch));
	const batches = requests.filter((e) => e.path.endsWith('/$batch'));
	const writes = requests.filter((e) =>
		e.path.endsWith('/$batch')
			? parts.some((part) => part.batch === e.seq && part.method !== 'GET')
			: e.method !== 'GET',
	).length;
	const sizes = batches.map((b) => parts.filter((part) => part.batch === b.seq).length);
	return { requests: requests.length, batches: batches.length, parts: parts.length, writes, sizes };
}

/** A bound the row must meet, said in its output. */
function within(row: { reads: number; writes: number }, reads?: number, writes?: number) {
	const bounds = [
		...(reads === undefined ? [] : [{ n: row.reads, max: reads, what: 'reads' }]),
		...(writes === undefined ? [] : [{ n: row.writes, max: writes, what: 'writes' }]),
	];
	const met = bounds.every((b) => b.n <= b.max);
	const text = bounds
		.map((b) => `${b.max === 0 ? 'no' : `at most ${b.max}`} ${b.what}`)
		.join(' and ');
	return met ? `${text}: met` : `${text}: NOT MET`;
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
	const profileSize = (id: string) => () =>
		emulator.store.data.definitionValues.filter((v) => v.configurationId === id).length;

	// Two tenants for the portable profile: A holds the profile, B the same ADMX files and no profile.
	const tenants = await new GraphEmulator({
		tenantData: 'separate',
		datasetFor: (index) => (index === 0 ? seedDataset() : emptyDataset(index)),
		throttle: { enabled: false },
	}).start();
	for (const tenant of [0, 1]) {
		tenants.storeOf(tenant).lifecycle.seedPolicies(POLICIES_CHAIN.base);
		tenants.storeOf(tenant).lifecycle.seedPolicies(generatedPolicies(SETTINGS));
	}
	const portableName = 'Bench: portable profile';
	const profileA = String(
		tenants.storeOf(0).profiles.create({ displayName: portableName }, tenants.url).createdId,
	);
	const sizeIn = (tenant: number) => () =>
		tenants
			.storeOf(tenant)
			.data.definitionValues.filter((v) =>
				tenants
					.storeOf(tenant)
					.data.configurations.some(
						(c) => c.id === v.configurationId && c.displayName === portableName,
					),
			).length;

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
	const splitSettings = (index: number) => ({
		id: `h${index}`,
		name: 'One item per setting',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [600 + 200 * index, 0],
		parameters: { fieldToSplitOut: 'value', options: {} },
	});
	const readByHand = (profileId: string) => [
		httpNode('List settings', 1, {
			method: 'GET',
			url: `${profiles}/${profileId}/definitionValues?$expand=definition&$top=999`,
		}),
		splitSettings(2),
		httpNode('Read values', 3, {
			method: 'GET',
			url: `={{ "${profiles}/${profileId}/definitionValues/" + $json.id + "/presentationValues?$expand=presentation" }}`,
		}),
	];
	// What a portable copy needs, read by hand in tenant A (group and filter names are not looked up).
	const profileAUrl = `${tenants.url}/beta/deviceManagement/groupPolicyConfigurations/${profileA}`;
	const exportByHand = [
		httpNode('Read profile', 1, { method: 'GET', url: profileAUrl }, GENERIC_A),
		httpNode(
			'List settings',
			2,
			{ method: 'GET', url: `${profileAUrl}/definitionValues?$expand=definition&$top=999` },
			GENERIC_A,
		),
		splitSettings(3),
		httpNode(
			'Read values',
			4,
			{
				method: 'GET',
				url: `={{ "${profileAUrl}/definitionValues/" + $json.id + "/presentationValues?$expand=presentation" }}`,
			},
			GENERIC_A,
		),
		{
			...httpNode(
				'Read assignments',
				5,
				{ method: 'GET', url: `${profileAUrl}/assignments` },
				GENERIC_A,
			),
			executeOnce: true,
		},
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
	const applyWorkflow = (id: string, mode: 'plan' | 'apply', portable: unknown) =>
		withCredential(
			itemsWorkflow({
				id,
				items: [{ portable }],
				parameters: applyParameters(mode),
			}),
			TENANT_B,
		);

	const n8n = N8nInstance.create(runtime, tarball);
	try {
		await n8n.importCredentials([
			emulatorCredential(emulator),
			genericOAuth2Credential(emulator),
			tenantCredential(tenants, 0, TENANT_A),
			tenantCredential(tenants, 1, TENANT_B),
			genericOAuth2Credential(tenants, GENERIC_A),
		]);
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
			// Tenant A's profile, as this node sets and assigns it (not measured; they also sign in to tenant A).
			withCredential(
				itemsWorkflow({
					id: 'benchPortSetA001',
					items: ourItems.map((item) => ({ ...item, profileId: profileA })),
					parameters: setSettings,
				}),
				TENANT_A,
			),
			withCredential(
				itemsWorkflow({
					id: 'benchPortAsgA001',
					items: [{ profileId: profileA }],
					parameters: {
						resource: 'groupPolicyConfiguration',
						operation: 'assign',
						groupPolicyConfigurationId: locator,
						assignmentMode: 'replace',
						defineTargets: 'json',
						assignmentTargetsJson: THREE_TARGETS,
					},
				}),
				TENANT_A,
			),
			withCredential(
				itemsWorkflow({
					id: 'benchPortExp0001',
					items: [{ profileId: profileA }],
					parameters: {
						resource: 'groupPolicyConfiguration',
						operation: 'export',
						profiles: 'one',
						groupPolicyConfigurationId: locator,
						options: {},
					},
				}),
				TENANT_A,
			),
			byHand('benchPortExp0002', [{ profileId: profileA }], exportByHand),
		]);
		const run = async (workflowId: string): Promise<RunResult> => {
			const result = await n8n.run(workflowId);
			if (result.status !== 'success')
				throw new Error(`${workflowId} ended ${result.status}:\n${result.output.slice(-4000)}`);
			return result;
		};
		await run('benchProfWarm001');
		await run('benchProfWarm002');
		await run('benchPortSetA001');
		await run('benchPortAsgA001');
		await run('benchPortExp0002');
		emulator.configure({ latencyMs: PROFILE_LATENCY_MS });
		tenants.configure({ latencyMs: PROFILE_LATENCY_MS });

		const rows: Measured[] = [];
		const measure = async (
			what: string,
			variant: string,
			workflowId: string,
			nodes: string[],
			on: { emulator: GraphEmulator; tenant: number },
			settingsIn: () => number,
			check: (result: RunResult, row: Measured) => string | undefined,
		) => {
			on.emulator.log.length = 0;
			const result = await run(workflowId);
			const ms = nodes.reduce(
				(sum, name) => sum + Number(nodeRun(result.run, name)?.executionTime ?? NaN),
				0,
			);
			const graph = graphRequests(on.emulator.log, on.emulator.identity.tenants[on.tenant].id);
			const row: Measured = {
				what,
				variant,
				ms,
				requests: graph.requests,
				batchParts: graph.parts,
				batches: graph.batches,
				reads: graph.requests - graph.writes,
				writes: graph.writes,
				settings: settingsIn(),
			};
			row.note = check(result, row);
			rows.push(row);
			process.stderr.write(
				`${what} / ${variant}: ${ms} ms, ${row.requests} requests (${row.reads} reads, ${row.writes} writes)` +
					`${graph.sizes.length ? ` ($batch sizes ${graph.sizes.join(', ')})` : ''}\n`,
			);
			return result;
		};
		const output = (result: RunResult, node: string) =>
			nodeRun(result.run, node)?.data?.main[0].map((item) => item.json) ?? [];
		const changes = (result: RunResult) => {
			const counts = new Map<string, number>();
			for (const item of output(result, 'Intune'))
				counts.set(String(item.change), (counts.get(String(item.change)) ?? 0) + 1);
			return [...counts].map(([change, n]) => `${n} ${change}`).join(', ');
		};
		const single = { emulator, tenant: 0 };

		const writing = `${SETTINGS} settings from ${SETTINGS} items`;
		await measure(
			writing,
			'This node, Set Settings (JSON, name paths)',
			'benchProfSet0001',
			['Intune'],
			single,
			profileSize(ours),
			changes,
		);
		await measure(
			writing,
			'This node, the same run again',
			'benchProfSet0001',
			['Intune'],
			single,
			profileSize(ours),
			changes,
		);
		await measure(
			writing,
			'HTTP Request node by hand (find, read presentations, write)',
			'benchProfSet0002',
			setByHand.map((n) => n.name),
			single,
			profileSize(theirs),
			(result) => `${output(result, 'Write setting').length} written`,
		);
		const reading = `Reading ${SETTINGS} settings back`;
		await measure(
			reading,
			'This node, Get Settings',
			'benchProfGet0001',
			['Intune'],
			single,
			profileSize(ours),
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
			single,
			profileSize(ours),
			(result) => `${output(result, 'Read values').length} answers of presentation values`,
		);

		const exporting = `Exporting a profile of ${SETTINGS} settings and 3 assignments (tenant A)`;
		const exportRun = await measure(
			exporting,
			'This node, Export (one profile)',
			'benchPortExp0001',
			['Intune'],
			{ emulator: tenants, tenant: 0 },
			sizeIn(0),
			(result, row) => {
				const [json] = output(result, 'Intune');
				const named = (json?.assignments as Array<Record<string, unknown>>).filter(
					(a) => a.groupDisplayName,
				).length;
				return (
					`${(json?.settings as unknown[]).length} settings, ${(json?.assignments as unknown[]).length} ` +
					`assignments (${named} with group names), ${(json?.admxFiles as unknown[]).length} ADMX files; ` +
					within(row, EXPORT_MAX_READS)
				);
			},
		);
		await measure(
			exporting,
			'HTTP Request node by hand (profile, settings, values per setting, assignments)',
			'benchPortExp0002',
			exportByHand.map((n) => n.name),
			{ emulator: tenants, tenant: 0 },
			sizeIn(0),
			(result) =>
				`${output(result, 'Read values').length} answers of presentation values, ` +
				`${(output(result, 'Read assignments')[0]?.value as unknown[]).length} assignments ` +
				'(group and filter names not read; no portable JSON built)',
		);

		// The exported JSON into tenant B; its first plan signs in to tenant B, not measured.
		const portable = output(exportRun, 'Intune')[0];
		await n8n.createWorkflows([
			applyWorkflow('benchPortPlanB01', 'plan', portable),
			applyWorkflow('benchPortApplB01', 'apply', portable),
		]);
		tenants.configure({ latencyMs: 0 });
		await run('benchPortPlanB01');
		tenants.configure({ latencyMs: PROFILE_LATENCY_MS });
		const plan = (result: RunResult) => {
			const json = output(result, 'Intune')[0] as {
				ready?: boolean;
				done?: boolean;
				profile: { action: string };
				settings: Record<'add' | 'update' | 'remove', unknown[]>;
				assignments: { action: string; to?: unknown[] };
				missing: unknown[];
			};
			return (
				`${json.done ? 'done' : json.ready ? 'ready' : `not ready (${json.missing.length} missing)`}: ` +
				`profile ${json.profile.action}, settings ${json.settings.add.length} to add, ` +
				`${json.settings.update.length} to update, ${json.settings.remove.length} to remove, ` +
				`assignments ${json.assignments.action}${json.assignments.action === 'none' ? '' : ` (${json.assignments.to?.length ?? 0})`}`
			);
		};
		const applying =
			'Applying the exported JSON into tenant B (no such profile before; other definition IDs)';
		const tenantB = { emulator: tenants, tenant: 1 };
		await measure(
			applying,
			'This node, Apply, mode Plan',
			'benchPortPlanB01',
			['Intune'],
			tenantB,
			sizeIn(1),
			(result, row) => `${plan(result)}; ${within(row, undefined, 0)}`,
		);
		await measure(
			applying,
			'This node, Apply, mode Apply',
			'benchPortApplB01',
			['Intune'],
			tenantB,
			sizeIn(1),
			(result, row) => `${plan(result)}; ${within(row, APPLY_MAX_READS, APPLY_MAX_WRITES)}`,
		);
		await measure(
			applying,
			'This node, Apply, mode Plan again',
			'benchPortPlanB01',
			['Intune'],
			tenantB,
			sizeIn(1),
			(result, row) => `${plan(result)}; ${within(row, undefined, 0)}`,
		);

		return [
			`Administrative Templates profile of ${SETTINGS} settings (a generated ADMX file of every input kind), ${PROFILE_LATENCY_MS} ms per request:`,
			'',
			'| Profiles | Variant | Time | Requests | Reads | Writes | Requests per setting | Settings in the profile | Output |',
			'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
			...rows.map(
				(r) =>
					`| ${r.what} | ${r.variant} | ${(r.ms / 1000).toFixed(2)} s | ${r.requests}${r.batches ? ` (${r.batches} of them $batch, carrying ${r.batchParts})` : ''} | ${r.reads} | ${r.writes} | ${(r.requests / SETTINGS).toFixed(2)} | ${r.settings} | ${r.note ?? ''} |`,
			),
			'',
			"Time: the node's own execution time as n8n records it; by hand, the sum of its nodes'. A $batch counts as " +
				'one request, and as a write if it carries one. By hand, per item: GET groupPolicyDefinitions?$filter=displayName and classType, GET its ' +
				'presentations, POST updateDefinitionValues with that one setting (the HTTP Request node sends the ' +
				`${SETTINGS} requests of a node at once); read back: GET definitionValues?$top=999, then GET ` +
				'presentationValues per setting.',
			'Exporting and applying: an emulator of two tenants, each with an Intune of its own and the same ADMX files ' +
				'(other definition IDs in each); in tenant A the profile as Set Settings wrote it, assigned to two groups ' +
				'(one with a filter) and All Devices. By hand: GET the profile, GET definitionValues?$expand=definition, GET ' +
				'presentationValues per setting, GET assignments. Settings in the profile: those of the profile named ' +
				`"${portableName}" in that tenant, after the run.`,
		];
	} finally {
		await n8n.dispose();
		await tenants.stop();
	}
}
