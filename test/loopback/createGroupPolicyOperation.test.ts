import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { seededPresentationValueLocators } from '../helpers/seededTarget';
import { forgetFacts } from '../../nodes/MicrosoftIntuneGroupPolicy/helpers/processCache';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/* The node's execute() against the Graph emulator over real HTTP on loopback. */

const DEEP_PATH =
	`/beta/deviceManagement/groupPolicyConfigurations/${IDS.configuration}/definitionValues/${IDS.definitionValue}` +
	`/presentationValues/${IDS.presentationValue}/presentation/definition/definitionFile` +
	'/microsoft.graph.groupPolicyUploadedDefinitionFile/groupPolicyOperations';

const baseParameters: IDataObject = {
	resource: 'groupPolicyOperation',
	operation: 'create',
	target: 'presentationValue',
	checkDefinitionFile: true,
	...seededPresentationValueLocators,
	operationType: 'upload',
	operationStatus: 'inProgress',
	statusDetails: '',
	additionalFields: {},
};

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator().start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

async function run(options: {
	parameters?: IDataObject | ((i: number) => IDataObject);
	items?: number;
	continueOnFail?: boolean;
	appIndex?: number;
}) {
	const parameters = options.parameters ?? {};
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator, options.appIndex),
		parameters: (i) => ({
			...baseParameters,
			...(typeof parameters === 'function' ? parameters(i) : parameters),
		}),
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
	const output = await new MicrosoftIntuneGroupPolicy().execute.call(test.context);
	return { output: output[0], test };
}

async function failure(promise: Promise<unknown>): Promise<Error & IDataObject> {
	try {
		await promise;
	} catch (error) {
		return error as Error & IDataObject;
	}
	throw new Error('expected the run to fail');
}

const graphRequests = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));
const posts = () => graphRequests().filter((e) => e.method === 'POST');

describe('Create group policy operation, against the Graph emulator', () => {
	it('posts to the deep path and returns the created operation exactly as Graph returned it', async () => {
		const { output, test } = await run({ parameters: { statusDetails: 'Ticket INC-42' } });
		const [create] = emulator.creates();
		expect(create.method).toBe('POST');
		expect(create.path).toBe(DEEP_PATH);
		expect(create.body).toEqual({
			'@odata.type': '#microsoft.graph.groupPolicyOperation',
			operationType: 'upload',
			operationStatus: 'inProgress',
			statusDetails: 'Ticket INC-42',
		});
		expect(create.clientRequestId).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(test.requests[0].headers).toMatchObject({ Accept: 'application/json' });
		const stored = emulator.store.data.operations.find((o) => o.id === create.createdId)!;
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					'@odata.type': '#microsoft.graph.groupPolicyOperation',
					id: stored.id,
					operationType: 'upload',
					operationStatus: 'inProgress',
					statusDetails: 'Ticket INC-42',
					lastModifiedDateTime: stored.lastModifiedDateTime,
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(output[0].json['@odata.context']).toContain('groupPolicyOperations/$entity');
	});

	it('sends only the fields the user set, and the additional fields when given', async () => {
		await run({});
		expect(emulator.creates()[0].body).not.toHaveProperty('statusDetails');
		expect(emulator.creates()[0].body).not.toHaveProperty('id');
		emulator.reset();
		await run({
			parameters: {
				additionalFields: { id: 'op-custom-1', lastModifiedDateTime: '2026-11-28T10:00:00' },
			},
		});
		expect(emulator.creates()[0].body).toMatchObject({
			id: 'op-custom-1',
			lastModifiedDateTime: '2026-11-28T10:00:00Z',
		});
	});

	it('accepts a plain string where a resource locator is expected', async () => {
		const { output } = await run({
			parameters: {
				groupPolicyConfigurationId: IDS.configuration,
				groupPolicyDefinitionValueId: IDS.definitionValue,
				groupPolicyPresentationValueId: IDS.presentationValue,
			},
		});
		expect(output).toHaveLength(1);
		expect(emulator.creates()[0].path).toBe(DEEP_PATH);
	});

	it('gives one output item per input item, in order, each paired, with per-item values', async () => {
		const { output } = await run({
			items: 5,
			parameters: (i) => ({
				statusDetails: `item-${i}`,
				operationType: i % 2 ? 'remove' : 'upload',
			}),
		});
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output.map((o) => o.json.statusDetails)).toEqual([
			'item-0',
			'item-1',
			'item-2',
			'item-3',
			'item-4',
		]);
		expect(output.map((o) => o.json.operationType)).toEqual([
			'upload',
			'remove',
			'upload',
			'remove',
			'upload',
		]);
		expect(emulator.creates()).toHaveLength(5);
	});

	it('surfaces a Graph 4xx with the Intune message unwrapped, the fix and the request-id', async () => {
		const error = await failure(
			run({
				parameters: {
					groupPolicyConfigurationId: { __rl: true, mode: 'id', value: 'no-such-config' },
				},
			}),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(
			/^Microsoft Graph returned 404: ResourceNotFound: Resource not found: configuration with key 'no-such-config'/,
		);
		expect(error.message).not.toContain('_version');
		expect(error.description).toMatch(/IDs does not exist/);
		expect(error.description).toMatch(/Request ID for Microsoft support: [0-9a-f-]{36}/);
	});

	const builtIn = {
		groupPolicyConfigurationId: IDS.builtInConfiguration,
		groupPolicyDefinitionValueId: IDS.builtInDefinitionValue,
		groupPolicyPresentationValueId: IDS.builtInPresentationValue,
	};

	it('checks the definition file first and refuses a built-in one by name, without posting', async () => {
		const error = await failure(run({ parameters: builtIn }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`The setting's definition file "Windows Components" (${IDS.builtInFile}) is not an uploaded ADMX file (item 0)`,
		);
		expect(error.description).toMatch(/only for uploaded \(custom\) ADMX files/);
		expect(graphRequests().map((e) => `${e.method} ${e.path.split('/').pop()}`)).toEqual([
			'GET definitionFile',
		]);
	});

	it('reads the definition file once per setting, however many items use it', async () => {
		await run({ items: 4 });
		expect(graphRequests().filter((e) => e.method === 'GET')).toHaveLength(1);
		expect(posts()).toHaveLength(4);
	});

	it('reads it once for the executions of a process, one per credential, never a failure', async () => {
		// One item per execution, as a ticket webhook runs.
		for (let i = 0; i < 3; i++) await run({});
		expect(graphRequests().filter((e) => e.method === 'GET')).toHaveLength(1);
		await run({ appIndex: 2 }); // another app registration reads for itself
		expect(graphRequests().filter((e) => e.method === 'GET')).toHaveLength(2);
		emulator.reset();
		forgetFacts();
		emulator.arm({ kind: 'status', status: 500, method: 'GET', pathContains: 'definitionFile' });
		await expect(run({})).rejects.toThrow(/500/);
		await run({});
		expect(graphRequests().filter((e) => e.method === 'GET')).toHaveLength(2);
		expect(posts()).toHaveLength(1);
	});

	it('without the check, Graph itself refuses a built-in definition file with a 400', async () => {
		const error = await failure(run({ parameters: { ...builtIn, checkDefinitionFile: false } }));
		expect(error.message).toMatch(
			/400: BadRequest: The definition file 'Windows Components'.*only for uploaded ADMX files/,
		);
		expect(graphRequests()).toHaveLength(1);
	});

	it('explains a 403 when the app only has read permission', async () => {
		const error = await failure(run({ appIndex: 1 }));
		expect(error.message).toMatch(/403: Forbidden: Application is not authorized/);
		expect(error.description).toMatch(/DeviceManagementConfiguration\.ReadWrite\.All/);
	});

	it('lets a 401 from an expired token reach n8n, which refreshes it and retries once', async () => {
		const { output, test } = await run({
			items: 3,
			parameters: (i) => {
				// The token expires between item 0 and item 1, as it would during a long run.
				if (i === 1) emulator.identity.expireAllTokens();
				return { options: { maxConcurrentRequests: 1 } };
			},
		});
		expect(output).toHaveLength(3);
		expect(test.tokenFetches).toBe(2);
		expect(graphRequests().map((e) => e.status)).toEqual([200, 201, 401, 201, 201]);
		expect(emulator.creates()).toHaveLength(3);
	});

	it('with continue-on-fail, a failed item becomes an error item and the others still run', async () => {
		const { output } = await run({
			items: 3,
			continueOnFail: true,
			parameters: (i) =>
				i === 1
					? { groupPolicyDefinitionValueId: { __rl: true, mode: 'id', value: 'missing-value' } }
					: {},
		});
		expect(output).toHaveLength(3);
		expect(output[0].json.id).toBeDefined();
		expect(output[1].json.error).toMatch(/404/);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[2].json.id).toBeDefined();
		expect(emulator.creates()).toHaveLength(2);
	});

	it('never puts the token or the secret in an error', async () => {
		const error = await failure(run({ parameters: { groupPolicyPresentationValueId: 'missing' } }));
		const text = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
		});
		for (const token of emulator.identity.tokens.keys()) expect(text).not.toContain(token);
		expect(text).not.toContain(emulator.tenant.apps[0].clientSecret);
		expect(text).not.toMatch(/Bearer/i);
	});

	describe('bad input never leaves the machine', () => {
		it.each([
			[
				'an empty ID',
				{ groupPolicyConfigurationId: { __rl: true, mode: 'id', value: '' } },
				'groupPolicyConfigurationId',
			],
			[
				'an ID with a slash',
				{ groupPolicyDefinitionValueId: 'abc/../x' },
				'groupPolicyDefinitionValueId',
			],
			[
				'an ID with a question mark',
				{ groupPolicyPresentationValueId: 'a?b=c' },
				'groupPolicyPresentationValueId',
			],
			['an ID with a hash', { groupPolicyConfigurationId: 'a#b' }, 'groupPolicyConfigurationId'],
			[
				'an ID with a percent',
				{ groupPolicyConfigurationId: 'a%2e%2e' },
				'groupPolicyConfigurationId',
			],
			[
				'an ID with whitespace',
				{ groupPolicyConfigurationId: 'a b' },
				'groupPolicyConfigurationId',
			],
			[
				'an ID with a control character',
				{ groupPolicyConfigurationId: 'a\u0000b' },
				'groupPolicyConfigurationId',
			],
			['an ID of ".."', { groupPolicyPresentationValueId: '..' }, 'groupPolicyPresentationValueId'],
			// Finding 3: a "." segment is dropped by URL parsers, so the request would address the collection.
			['an ID of "."', { groupPolicyPresentationValueId: '.' }, 'groupPolicyPresentationValueId'],
			// Finding 10: values that reached Graph or failed without naming the parameter.
			[
				'an ID of 100,000 characters',
				{ groupPolicyConfigurationId: 'a'.repeat(100_000) },
				'groupPolicyConfigurationId',
			],
			[
				'an ID that is NaN',
				{ groupPolicyConfigurationId: Number.NaN },
				'groupPolicyConfigurationId',
			],
			[
				'an ID with a lone surrogate',
				{ groupPolicyConfigurationId: 'a\ud800b' },
				'groupPolicyConfigurationId',
			],
			[
				'the date 2026-02-31',
				{ additionalFields: { lastModifiedDateTime: '2026-02-31T10:00:00Z' } },
				'additionalFields.lastModifiedDateTime',
			],
			[
				'an offset without a colon',
				{ additionalFields: { lastModifiedDateTime: '2026-02-03T10:00:00+0100' } },
				'additionalFields.lastModifiedDateTime',
			],
			['statusDetails of 1 MB', { statusDetails: 'x'.repeat(1_000_000) }, 'statusDetails'],
			['an unknown operationType', { operationType: 'delete' }, 'operationType'],
			['an unknown operationStatus', { operationStatus: 'done' }, 'operationStatus'],
			[
				'a date that is not ISO 8601',
				{ additionalFields: { lastModifiedDateTime: 'next Tuesday' } },
				'additionalFields.lastModifiedDateTime',
			],
		])('refuses %s, naming the parameter and the item', async (_label, bad, parameter) => {
			const error = await failure(run({ items: 3, parameters: (i) => (i === 2 ? bad : {}) }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toContain(`"${parameter}"`);
			expect(error.message).toContain('(item 2)');
			// Items are planned together; the bad item 2 stops the run before any create is sent.
			expect(emulator.creates()).toHaveLength(0);
			expect(posts()).toHaveLength(0);
			expect(graphRequests().length).toBeLessThanOrEqual(1);
		});

		it('sends nothing for a bad single item', async () => {
			await failure(run({ parameters: { operationType: 'Upload' } }));
			expect(graphRequests()).toHaveLength(0);
		});
	});
});
