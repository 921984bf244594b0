import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { signInAsApp } from '../helpers/emulatorHttp';
import type { N8nInstance } from './harness/n8n';
import { ensureN8n, N8nInstance as Instance, nodeRun, packPackage, REPO_ROOT } from './harness/n8n';
import {
	createParameters,
	emulatorCredential,
	exampleWorkflow,
	itemsWorkflow,
	mappedIds,
	onOwnTenants,
} from './harness/workflows';

/*
 * The packed package inside a real n8n (version from N8N_VERSION, default the CI version), against the Graph
 * emulator: one `n8n start` runs every case's workflow as the editor runs it, and answers the ticket webhook.
 */

jest.setTimeout(300_000);

const DEEP_PATH = (cfg: string, dv: string, pv: string) =>
	`/beta/deviceManagement/groupPolicyConfigurations/${cfg}/definitionValues/${dv}/presentationValues/${pv}` +
	'/presentation/definition/definitionFile/microsoft.graph.groupPolicyUploadedDefinitionFile/groupPolicyOperations';

const target = {
	configurationId: IDS.configuration,
	definitionValueId: IDS.definitionValue,
	presentationValueId: IDS.presentationValue,
};

let emulator: GraphEmulator;
let n8n: N8nInstance;
let packDir: string;

const graphCalls = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	const tarball = packPackage(packDir);
	// Each case's workflow signs in to a tenant of its own (harness/workflows.ts says why), but the one that names
	// the credential with a refused secret.
	const cases = onOwnTenants([
		itemsWorkflow({
			id: 'e2eThreeItems001',
			items: [1, 2, 3].map((n) => ({ ...target, ticket: `INC-${n}` })),
			parameters: createParameters,
		}),
		itemsWorkflow({
			// One request at a time, so that the token expires between two items, as it does in a long run.
			id: 'e2eTokenExpiry01',
			items: [1, 2, 3].map((n) => ({ ...target, ticket: `INC-${n}` })),
			parameters: { ...createParameters, options: { maxConcurrentRequests: 1 } },
		}),
		itemsWorkflow({
			id: 'e2eNotFound00001',
			items: [{ ...target, configurationId: 'no-such-configuration', ticket: 'INC-404' }],
			parameters: createParameters,
		}),
		itemsWorkflow({
			id: 'e2eContinue00001',
			items: [
				{ ...target, ticket: 'ok-1' },
				{ ...target, definitionValueId: 'missing-definition-value', ticket: 'bad' },
				{ ...target, ticket: 'ok-2' },
			],
			parameters: createParameters,
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'e2eBadInput00001',
			items: [{ ...target, presentationValueId: '../../users', ticket: 'evil' }],
			parameters: createParameters,
		}),
		itemsWorkflow({
			id: 'e2eByFileUrl0001',
			items: [
				{
					fileUrl: `https://graph.microsoft.com/beta/deviceManagement/groupPolicyUploadedDefinitionFiles('${IDS.uploadedFile}')`,
					ticket: 'by-file',
				},
			],
			parameters: {
				target: 'uploadedDefinitionFile',
				groupPolicyUploadedDefinitionFileId: {
					__rl: true,
					mode: 'url',
					value: '={{ $json.fileUrl }}',
				},
				operationType: 'addLanguageFiles',
				operationStatus: 'inProgress',
				statusDetails: '={{ $json.ticket }}',
				additionalFields: {},
			},
		}),
		itemsWorkflow({
			id: 'e2ePreflight0001',
			items: [
				{
					configurationId: IDS.builtInConfiguration,
					definitionValueId: IDS.builtInDefinitionValue,
					presentationValueId: IDS.builtInPresentationValue,
					ticket: 'builtin',
				},
			],
			parameters: createParameters,
		}),
		itemsWorkflow({
			id: 'e2eGetMany000001',
			items: [{ fileId: IDS.uploadedFile }],
			parameters: {
				operation: 'getAll',
				target: 'uploadedDefinitionFile',
				groupPolicyUploadedDefinitionFileId: {
					__rl: true,
					mode: 'id',
					value: '={{ $json.fileId }}',
				},
				returnAll: true,
			},
		}),
		itemsWorkflow({
			id: 'e2eGetOne0000001',
			items: [target],
			parameters: {
				operation: 'get',
				...mappedIds,
				groupPolicyOperationId: {
					__rl: true,
					mode: 'id',
					value: '0be7a710-0000-4000-8000-000000000002',
				},
			},
		}),
		itemsWorkflow({
			id: 'e2eRetries000001',
			items: [1, 2, 3, 4, 5, 6].map((n) => ({ ...target, ticket: `R-${n}` })),
			parameters: {
				...createParameters,
				checkDefinitionFile: false,
				options: { maxConcurrentRequests: 3 },
			},
			continueOnFail: true,
		}),
		itemsWorkflow({
			id: 'e2eBatched000001',
			items: Array.from({ length: 25 }, (_, n) => ({ ...target, ticket: `B-${n}` })),
			parameters: { ...createParameters, options: { batchRequests: true } },
			continueOnFail: true,
		}),
		itemsWorkflow({
			// Finding 1: a 400, a success, an ID that would change the URL, and a 504.
			id: 'e2eErrorOutput01',
			items: [
				{ ...target, ticket: 'graph-400' },
				{ ...target, ticket: 'ok' },
				{ ...target, presentationValueId: 'a/b', ticket: 'bad-id' },
				{ ...target, ticket: 'graph-504' },
			],
			parameters: {
				...createParameters,
				checkDefinitionFile: false,
				options: { maxConcurrentRequests: 1 },
			},
			onError: 'continueErrorOutput',
		}),
		itemsWorkflow({
			// Finding 2: 100 items in batches of 20, one batch at a time, the first item refused.
			id: 'e2eBatchStop0001',
			items: Array.from({ length: 100 }, (_, n) => ({ ...target, ticket: `S-${n}` })),
			parameters: {
				...createParameters,
				checkDefinitionFile: false,
				options: { batchRequests: true, maxConcurrentRequests: 1 },
			},
		}),
		itemsWorkflow({
			// Finding 4: a client secret the identity platform refuses.
			id: 'e2eWrongSecret01',
			items: [{ ...target, ticket: 'x' }],
			parameters: createParameters,
			credentialId: 'intuneWrongSec01',
		}),
		itemsWorkflow({
			id: 'e2eBadEnum000001',
			items: [{ ...target, ticket: 'x' }],
			parameters: { ...createParameters, operationType: '={{ "delete" }}' },
		}),
	]);
	emulator = await new GraphEmulator({ tenants: cases.tenants }).start();
	n8n = Instance.create(runtime, tarball);
	const wrongSecret = emulatorCredential(emulator, 0, 'intuneWrongSec01', 'Wrong secret');
	wrongSecret.data.clientSecret = 'not-the-secret';
	// The token case begins with a token in its credential, as n8n keeps one once it has signed in.
	const token = await signInAsApp(emulator, cases.tenantOf('e2eTokenExpiry01'));
	await n8n.importCredentials([
		emulatorCredential(emulator),
		wrongSecret,
		...cases.credentials(emulator, { e2eTokenExpiry01: token }),
	]);
	// At info level n8n prints what `n8n execute` printed, which the case about secrets searches.
	await n8n.start(undefined, { N8N_LOG_LEVEL: 'info' });
	await n8n.setUpOwner();
	await n8n.createWorkflows([
		exampleWorkflow('manual-create-operation.json'),
		exampleWorkflow('scheduled-create-operations.json'),
		exampleWorkflow('webhook-ticket-create-operation.json'),
		...cases.workflows,
	]);
	await n8n.publish('exWebhookTicket1');
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

beforeEach(() => emulator.reset());

describe(`in real n8n ${process.env.N8N_VERSION || 'default'}`, () => {
	it('runs the manual example: one operation created at the deep path, returned as Graph sent it', async () => {
		const result = await n8n.run('exManualCreate01');
		expect(result.status).toBe('success');
		const creates = emulator.creates();
		expect(creates).toHaveLength(1);
		expect(creates[0].path).toBe(
			DEEP_PATH(IDS.configuration, IDS.definitionValue, IDS.presentationValue),
		);
		expect(creates[0].body).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyOperation',
			operationType: 'upload',
			operationStatus: 'inProgress',
			statusDetails: 'Started by hand from n8n',
		});
		const output = nodeRun(result.run, 'Create Group Policy Operation')!.data!.main[0];
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					id: creates[0].createdId,
					operationType: 'upload',
					statusDetails: 'Started by hand from n8n',
				}),
				pairedItem: { item: 0 },
			},
		]);
		// The token came from the credential's token URL with the custom cloud's /.default scope.
		expect(emulator.log[0].path).toBe(`/${emulator.tenant.id}/oauth2/v2.0/token`);
	});

	it('runs the scheduled example from its Run now trigger: one operation per target, mapped by expression', async () => {
		const result = await n8n.run('exScheduledOps01');
		expect(result.status).toBe('success');
		const creates = emulator.creates();
		expect(creates.map((c) => c.path)).toEqual([
			DEEP_PATH(IDS.configuration, IDS.definitionValue, IDS.presentationValue),
			DEEP_PATH(IDS.configuration, IDS.definitionValue, IDS.presentationValue2),
		]);
		expect(creates.map((c) => (c.body as { statusDetails: string }).statusDetails)).toEqual([
			expect.stringMatching(/^Nightly run \d{4}-\d{2}-\d{2}: Contoso update channel$/),
			expect.stringMatching(/: Contoso preview builds$/),
		]);
		expect(creates[0].body).toMatchObject({ operationType: 'uploadNewVersion' });
	});

	it('gives one output item per input item, in order, with pairedItem', async () => {
		const result = await n8n.run('e2eThreeItems001');
		expect(result.status).toBe('success');
		const output = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(output.map((o) => o.json.statusDetails)).toEqual(['INC-1', 'INC-2', 'INC-3']);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// Items go out side by side, so Graph may receive them in any order; each output is its own item's create.
		const createdFor = (details: unknown) =>
			emulator
				.creates()
				.find((c) => (c.body as { statusDetails: string }).statusDetails === details)?.createdId;
		expect(output.map((o) => o.json.id)).toEqual(
			output.map((o) => createdFor(o.json.statusDetails)),
		);
		expect(emulator.creates()).toHaveLength(3);
		// A fresh client-request-id per request.
		expect(new Set(emulator.creates().map((c) => c.clientRequestId)).size).toBe(3);
	});

	it('surfaces a Graph error with its unwrapped Intune message and how to fix it', async () => {
		const result = await n8n.run('e2eNotFound00001');
		expect(result.status).toBe('error');
		const run = nodeRun(result.run, 'Intune')!;
		expect(run.error!.message).toMatch(
			/Microsoft Graph returned 404: ResourceNotFound: Resource not found: configuration with key 'no-such-configuration'/,
		);
		expect(run.error!.description).toMatch(/IDs does not exist.*Request ID for Microsoft support/s);
		const everything = result.output;
		for (const token of emulator.identity.tokens.keys()) expect(everything).not.toContain(token);
		expect(everything).not.toContain(emulator.tenant.apps[0].clientSecret);
	});

	it('with On Error: Continue, the failed item becomes an error item and the others still run', async () => {
		const result = await n8n.run('e2eContinue00001');
		expect(result.status).toBe('success');
		const output = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(output).toHaveLength(3);
		expect(output[0].json.statusDetails).toBe('ok-1');
		expect(output[1].json.error).toMatch(/404/);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[2].json.statusDetails).toBe('ok-2');
		expect(emulator.creates()).toHaveLength(2);
	});

	it('refreshes a token that expires mid-run and retries the request', async () => {
		// The second create finds its token expired: n8n must fetch a new one and resend.
		emulator.arm({
			kind: 'expireTokens',
			method: 'POST',
			pathContains: 'groupPolicyOperations',
			after: 1,
		});
		const tokensBefore = emulator.identity.tokenRequests;
		const result = await n8n.run('e2eTokenExpiry01');
		expect(result.status).toBe('success');
		expect(graphCalls().map((c) => c.status)).toEqual([200, 201, 401, 201, 201]);
		expect(emulator.identity.tokenRequests - tokensBefore).toBe(1);
		expect(nodeRun(result.run, 'Intune')!.data!.main[0].map((o) => o.json.statusDetails)).toEqual([
			'INC-1',
			'INC-2',
			'INC-3',
		]);
	});

	it('refuses an ID that would change the URL, and an operationType outside Graph values, sending nothing', async () => {
		const badId = await n8n.run('e2eBadInput00001');
		expect(badId.status).toBe('error');
		expect(nodeRun(badId.run, 'Intune')!.error!.message).toBe(
			'Parameter "groupPolicyPresentationValueId" contains the character "/": "../../users" (item 0)',
		);
		const badEnum = await n8n.run('e2eBadEnum000001');
		expect(nodeRun(badEnum.run, 'Intune')!.error!.message).toBe(
			'Parameter "operationType" has the value "delete", which Graph does not accept (item 0)',
		);
		expect(graphCalls()).toHaveLength(0);
	});

	it('creates through the uploaded definition file, its ID taken from a pasted Graph URL', async () => {
		const result = await n8n.run('e2eByFileUrl0001');
		expect(result.status).toBe('success');
		expect(graphCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
			`POST /beta/deviceManagement/groupPolicyUploadedDefinitionFiles/${IDS.uploadedFile}/groupPolicyOperations`,
		]);
		expect(nodeRun(result.run, 'Intune')!.data!.main[0][0].json).toMatchObject({
			operationType: 'addLanguageFiles',
			statusDetails: 'by-file',
		});
	});

	it('checks the definition file first and refuses a built-in one by name, posting nothing', async () => {
		const result = await n8n.run('e2ePreflight0001');
		expect(result.status).toBe('error');
		expect(nodeRun(result.run, 'Intune')!.error!.message).toBe(
			`The setting's definition file "Windows Components" (${IDS.builtInFile}) is not an uploaded ADMX file (item 0)`,
		);
		expect(graphCalls().map((c) => c.method)).toEqual(['GET']);
	});

	it('gets many operations across several pages, and gets one by ID through the deep path', async () => {
		emulator.configure({ maxPageSize: 2 });
		const many = await n8n.run('e2eGetMany000001');
		expect(many.status).toBe('success');
		const ids = nodeRun(many.run, 'Intune')!.data!.main[0].map((o) => o.json.id);
		expect(ids).toEqual(emulator.store.data.operations.map((o) => o.id));
		expect(graphCalls().length).toBe(Math.ceil(ids.length / 2));
		emulator.reset();
		const one = await n8n.run('e2eGetOne0000001');
		expect(nodeRun(one.run, 'Intune')!.data!.main[0]).toEqual([
			{
				json: expect.objectContaining({ id: '0be7a710-0000-4000-8000-000000000002' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('retries throttling and unavailability, refuses to resend an unknown outcome, keeps order', async () => {
		emulator.arm(
			{
				kind: 'status',
				status: 429,
				retryAfter: '1',
				method: 'POST',
				pathContains: 'groupPolicyOperations',
			},
			{ kind: 'status', status: 503, method: 'POST', pathContains: 'groupPolicyOperations' },
			{
				kind: 'status',
				status: 504,
				method: 'POST',
				pathContains: 'groupPolicyOperations',
				after: 2,
			},
		);
		const result = await n8n.run('e2eRetries000001');
		expect(result.status).toBe('success');
		const output = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		const failed = output.filter((o) => o.json.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toMatch(
			/^The outcome of the request is unknown: Microsoft Graph answered 504/,
		);
		const statuses = graphCalls().map((c) => c.status);
		expect(statuses.filter((s) => s === 429)).toHaveLength(1);
		expect(statuses.filter((s) => s === 503)).toHaveLength(1);
		expect(statuses.filter((s) => s === 504)).toHaveLength(1);
		expect(emulator.creates()).toHaveLength(5);
		for (const o of output.filter((x) => !x.json.error)) {
			expect(
				emulator
					.creates()
					.filter(
						(c) => (c.body as { statusDetails: string }).statusDetails === o.json.statusDetails,
					),
			).toHaveLength(1);
		}
	});

	it('batches 25 creates into two $batch requests under Intune-like write limits, losing nothing', async () => {
		emulator.configure({ throttle: { windowMs: 1000, writesPerApp: 10 } });
		const result = await n8n.run('e2eBatched000001');
		expect(result.status).toBe('success');
		const output = nodeRun(result.run, 'Intune')!.data!.main[0];
		expect(output.map((o) => o.json.statusDetails)).toEqual(
			Array.from({ length: 25 }, (_, n) => `B-${n}`),
		);
		expect(emulator.creates()).toHaveLength(25);
		expect(emulator.log.filter((e) => e.path === '/beta/$batch').length).toBeGreaterThanOrEqual(2);
		expect(emulator.log.some((e) => e.batch && e.status === 429)).toBe(true);
	});

	it('creates the operation when a ticketing system posts to the webhook of a running n8n', async () => {
		const ticket = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples/servicenow-ticket.json'), 'utf8'),
		);
		// The workflow was published on the running n8n before the cases began. Should its production webhook
		// not be registered yet, the URL is a 404 and nothing runs, so the ticket is posted again until heard.
		let response: Response;
		const deadline = Date.now() + 60_000;
		do {
			response = await fetch(`${n8n.url}/webhook/intune-ticket`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(ticket),
			});
			if (response.status !== 404) break;
			await new Promise((r) => setTimeout(r, 500));
		} while (Date.now() < deadline);
		expect(response.status).toBe(200);
		const created = (await response.json()) as Record<string, unknown>;
		const creates = emulator.creates();
		expect(creates).toHaveLength(1);
		expect(creates[0].path).toBe(
			DEEP_PATH(IDS.configuration, IDS.definitionValue, IDS.presentationValue),
		);
		expect(creates[0].body).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyOperation',
			operationType: 'uploadNewVersion',
			operationStatus: 'inProgress',
			statusDetails: 'RITM0010042: Upload new Contoso ADMX version',
		});
		expect(created.id).toBe(creates[0].createdId);
	});

	describe('hardening findings', () => {
		it('finding 1: On Error "Continue (using error output)" sends every failure to the error output', async () => {
			emulator.arm(
				{ kind: 'intuneError', method: 'POST', pathContains: 'groupPolicyOperations' },
				{
					kind: 'status',
					status: 504,
					method: 'POST',
					pathContains: 'groupPolicyOperations',
					after: 1,
				},
			);
			const result = await n8n.run('e2eErrorOutput01');
			expect(result.status).toBe('success');
			const [success, errors] = nodeRun(result.run, 'Intune')!.data!.main;
			expect(success.map((o) => o.json.statusDetails)).toEqual(['ok']);
			expect(errors.map((o) => o.json.ticket)).toEqual(['graph-400', 'bad-id', 'graph-504']);
			expect(errors[0].json.error).toMatch(/Microsoft Graph returned 400/);
			expect(errors[1].json.error).toMatch(
				/"groupPolicyPresentationValueId" contains the character/,
			);
			expect(errors[2].json.error).toMatch(/outcome of the request is unknown/);
			expect(emulator.creates()).toHaveLength(1);
		});

		it('finding 2: batched with On Error "Stop", nothing is sent after the first failure', async () => {
			emulator.arm({ kind: 'intuneError', method: 'POST', pathContains: 'groupPolicyOperations' });
			const result = await n8n.run('e2eBatchStop0001');
			expect(result.status).toBe('error');
			const error = nodeRun(result.run, 'Intune')!.error!;
			expect(error.message).toMatch(/Microsoft Graph returned 400/);
			expect(error.description).toMatch(
				/Already carried out before the node stopped, 19 item\(s\)/,
			);
			expect(emulator.log.filter((e) => e.path === '/beta/$batch')).toHaveLength(1);
			expect(emulator.creates()).toHaveLength(19);
		});

		it('finding 4: a refused client secret fails at once as a sign-in failure, sending nothing to Graph', async () => {
			const tokensBefore = emulator.identity.tokenRequests;
			const started = Date.now();
			const result = await n8n.run('e2eWrongSecret01');
			expect(result.status).toBe('error');
			const error = nodeRun(result.run, 'Intune')!.error!;
			expect(error.message).toMatch(/^Sign-in to Microsoft failed: AADSTS7000215/);
			expect(error.description).toMatch(/client secret is wrong or has expired/);
			expect(JSON.stringify(result.run)).not.toContain('not-the-secret');
			expect(emulator.identity.tokenRequests - tokensBefore).toBe(1);
			expect(graphCalls()).toHaveLength(0);
			expect(Date.now() - started).toBeLessThan(30_000);
		});
	});
});
