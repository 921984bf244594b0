import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { TestCredentials } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { createLoadOptionsContext } from '../helpers/loadOptionsContext';
import { seededPresentationValueLocators } from '../helpers/seededTarget';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/*
 * The findings of the adversarial review, one test each, against the emulator over loopback. Findings 3, 9 and
 * 10 also have table cases in the create and credential tests; 8's URL rules have unit tests in transport/request.test.ts.
 */

jest.setTimeout(60_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ throttle: { enabled: false } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const CREATE = 'groupPolicyOperations';
const byFile = {
	resource: 'groupPolicyOperation',
	target: 'uploadedDefinitionFile',
	groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'id', value: IDS.uploadedFile },
};
const create = {
	...byFile,
	operation: 'create',
	operationType: 'upload',
	operationStatus: 'success',
};

interface RunOptions {
	items?: number;
	continueOnFail?: boolean;
	credentials?: TestCredentials;
}

async function run(parameters: (i: number) => IDataObject, options: RunOptions = {}) {
	const test = createExecuteContext({
		credentials: options.credentials ?? emulatorCredentials(emulator),
		parameters,
		items: options.items ?? 1,
		continueOnFail: options.continueOnFail ?? false,
	});
	const output = (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
	return { output, test };
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the run to fail');
}

const posts = () => emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith(CREATE));
const graphCalls = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));
const tokenCalls = () => emulator.log.filter((e) => e.path.endsWith('/oauth2/v2.0/token'));

/** What n8n 2.x sends to the error output: items whose json holds only error, message and details. */
const routedToErrorOutput = (item: INodeExecutionData) =>
	item.json.error !== undefined &&
	Object.keys(item.json).every((key) => ['error', 'message', 'details'].includes(key));

describe('finding 1: failures go to the error output', () => {
	it('gives each failed item only n8n error fields, and successes none', async () => {
		emulator.arm(
			{ kind: 'intuneError', method: 'POST', pathContains: CREATE, times: 1 },
			{ kind: 'status', status: 504, method: 'POST', pathContains: CREATE, after: 1 },
		);
		const ids = ['ok', 'ok', 'a/b', 'ok'];
		const { output } = await run(
			(i) => ({
				...create,
				statusDetails: `item-${i}`,
				groupPolicyUploadedDefinitionFileId: {
					__rl: true,
					mode: 'id',
					value: ids[i] === 'ok' ? IDS.uploadedFile : ids[i],
				},
				options: { maxConcurrentRequests: 1 },
			}),
			{ items: 4, continueOnFail: true },
		);
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output.map(routedToErrorOutput)).toEqual([true, false, true, true]);
		expect(output[0].json.error).toMatch(/Microsoft Graph returned 400/);
		expect(output[0].json.details).toMatch(/Request ID for Microsoft support/);
		expect(output[2].json.error).toMatch(
			/"groupPolicyUploadedDefinitionFileId" contains the character "\/"/,
		);
		expect(output[3].json.error).toMatch(/outcome of the request is unknown/);
	});
});

describe('finding 2: with batching, On Error: Stop stops', () => {
	it('sends no further batch after a failure and reports what was already created', async () => {
		emulator.arm({ kind: 'intuneError', method: 'POST', pathContains: CREATE });
		const error = await failure(
			run(
				(i) => ({
					...create,
					statusDetails: `item-${i}`,
					options: { batchRequests: true, maxConcurrentRequests: 1 },
				}),
				{ items: 100 },
			),
		);
		expect(error.message).toMatch(/Microsoft Graph returned 400/);
		// The other 19 of the first batch travelled with the failed one; nothing after it was sent.
		expect(emulator.log.filter((e) => e.path === '/beta/$batch')).toHaveLength(1);
		expect(emulator.creates()).toHaveLength(19);
		expect(error.description).toMatch(
			/Already carried out before the node stopped, 19 item\(s\): 1 \(/,
		);
	});

	it('does not retry a throttled part once another part has failed', async () => {
		emulator.arm(
			{ kind: 'intuneError', method: 'POST', pathContains: CREATE },
			{ kind: 'status', status: 429, retryAfter: '1', method: 'POST', pathContains: CREATE },
		);
		await failure(
			run((i) => ({ ...create, statusDetails: `item-${i}`, options: { batchRequests: true } }), {
				items: 3,
			}),
		);
		expect(emulator.log.filter((e) => e.path === '/beta/$batch')).toHaveLength(1);
		expect(emulator.creates()).toHaveLength(1);
	});
});

describe('finding 3: an ID of "." is refused', () => {
	it.each([
		['By ID', { __rl: true, mode: 'id', value: '.' }],
		[
			'By URL ending in /%2e',
			{
				__rl: true,
				mode: 'url',
				value: `https://graph.microsoft.com/beta/deviceManagement/groupPolicyUploadedDefinitionFiles/${IDS.uploadedFile}/groupPolicyOperations/%2e`,
			},
		],
	])('Get with an operation ID of "." %s sends nothing', async (_label, locator) => {
		const error = await failure(
			run(() => ({ ...byFile, operation: 'get', groupPolicyOperationId: locator })),
		);
		expect(error.message).toMatch(/"groupPolicyOperationId" (is "\."|contains the character "%")/);
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('finding 4: sign-in failures are reported as sign-in failures', () => {
	const wrongSecret = () => ({ ...emulatorCredentials(emulator), clientSecret: 'not-the-secret' });

	it('a wrong client secret fails a create at once with the AADSTS message, never as an unknown outcome', async () => {
		const error = await failure(run(() => create, { credentials: wrongSecret() }));
		expect(error.message).toMatch(/^Sign-in to Microsoft failed: AADSTS7000215/);
		expect(error.description).toMatch(/client secret is wrong or has expired/);
		expect(error.description).toMatch(/Nothing was sent to Microsoft Graph/);
		expect(error.message + error.description).not.toContain('not-the-secret');
		expect(tokenCalls()).toHaveLength(1);
		expect(graphCalls()).toHaveLength(0);
	});

	it('a wrong client secret fails a read at once, without retrying it as a lost connection', async () => {
		const started = Date.now();
		const error = await failure(
			run(() => ({ ...byFile, operation: 'getAll', returnAll: true }), {
				credentials: wrongSecret(),
			}),
		);
		expect(error.message).toMatch(/^Sign-in to Microsoft failed: AADSTS7000215/);
		expect(tokenCalls()).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('a token endpoint answering 500 is a sign-in failure, not a Graph one', async () => {
		emulator.arm({ kind: 'status', status: 500, pathContains: '/oauth2/v2.0/token' });
		const error = await failure(run(() => create));
		expect(error.message).toMatch(/^Sign-in to Microsoft failed: AADSTS90033/);
		expect(error.description).toMatch(/temporary problem/);
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('finding 5: a create answered without a body is never an empty success', () => {
	it.each([
		['sent alone', {}],
		['batched', { batchRequests: true }],
	])('is an unknown outcome when %s', async (_label, options) => {
		emulator.arm({ kind: 'empty', method: 'POST', pathContains: CREATE });
		const { output } = await run((i) => ({ ...create, statusDetails: `item-${i}`, options }), {
			items: 2,
			continueOnFail: true,
		});
		const failed = output.filter((o) => o.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toMatch(
			/outcome of the request is unknown: Microsoft Graph answered without a readable result/,
		);
		expect(emulator.creates()).toHaveLength(2);
		expect(output.every((o) => Object.keys(o.json).length > 0)).toBe(true);
	});
});

describe('finding 6: Get Many stops on a looping next link', () => {
	it('stops when Graph sends the same next link twice', async () => {
		emulator.arm({ kind: 'selfLink', method: 'GET', pathContains: CREATE, times: 10_000 });
		const error = await failure(run(() => ({ ...byFile, operation: 'getAll', limit: 5 })));
		expect(error.message).toMatch(/sent the same next page link twice/);
		expect(graphCalls().length).toBeLessThanOrEqual(2);
	});
});

describe('finding 7: a failed $batch retry round keeps what the first round did', () => {
	it('fails only the part that was being retried when the retry round itself throws', async () => {
		// Round 1: part 0 throttled, parts 1 and 2 created. Round 2: the token has expired and cannot be renewed.
		emulator.arm(
			{ kind: 'status', status: 429, retryAfter: '0', method: 'POST', pathContains: CREATE },
			{ kind: 'expireTokens', method: 'POST', pathContains: '$batch', after: 1 },
			{ kind: 'status', status: 500, pathContains: '/oauth2/v2.0/token', after: 1 },
		);
		const { output } = await run(
			(i) => ({ ...create, statusDetails: `item-${i}`, options: { batchRequests: true } }),
			{ items: 3, continueOnFail: true },
		);
		expect(output.map((o) => (o.json.error ? 'failed' : 'created'))).toEqual([
			'failed',
			'created',
			'created',
		]);
		expect(output[0].json.error).toMatch(/^Sign-in to Microsoft failed/);
		expect(emulator.creates()).toHaveLength(2);
	});
});

describe('finding 8: requests never leave the credential root and /beta', () => {
	it('refuses a list page token that climbs out of /beta, sending nothing', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		await expect(
			new MicrosoftIntuneGroupPolicy().methods.listSearch.searchGroupPolicyConfigurations.call(
				context,
				undefined,
				'/../v1.0/users',
			),
		).rejects.toThrow(/Refusing to send the credential/);
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('finding 10: Get Many refuses a Limit that is not a positive whole number', () => {
	it.each([0, 'ten', -3, 2.5])('refuses %p, sending nothing', async (limit) => {
		const error = await failure(run(() => ({ ...byFile, operation: 'getAll', limit })));
		expect(error.message).toMatch(
			/Parameter "limit" must be a whole number of at least 1, not .*\(item 0\)/,
		);
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('finding 11: batched items read their definition files at the same time', () => {
	it('overlaps the reads of different settings instead of reading them one by one', async () => {
		emulator.configure({ latencyMs: 300 });
		const second = {
			groupPolicyConfigurationId: seededPresentationValueLocators.groupPolicyConfigurationId,
			groupPolicyDefinitionValueId: seededPresentationValueLocators.groupPolicyDefinitionValueId,
			groupPolicyPresentationValueId: { __rl: true, mode: 'id', value: IDS.presentationValue2 },
		};
		await run(
			(i) => ({
				...create,
				target: 'presentationValue',
				...(i % 2 ? second : seededPresentationValueLocators),
				options: { batchRequests: true },
			}),
			{ items: 4 },
		);
		const reads = graphCalls().filter((e) => e.path.endsWith('/definitionFile'));
		expect(reads).toHaveLength(2);
		// Both reads arrived before either was answered.
		const gap = Math.abs(Date.parse(reads[1].time) - Date.parse(reads[0].time));
		expect(gap).toBeLessThan(150);
		expect(emulator.creates()).toHaveLength(4);
	});
});

describe('also seen: gateway answers and odd Retry-After values', () => {
	it('calls an HTML 502 on a create an unknown outcome, like a 504, and does not resend it', async () => {
		emulator.arm({
			kind: 'status',
			status: 502,
			raw: '<html><body>502 Bad Gateway</body></html>',
			method: 'POST',
			pathContains: CREATE,
		});
		const { output } = await run(() => create, { continueOnFail: true });
		expect(output[0].json.error).toMatch(
			/outcome of the request is unknown: Microsoft Graph answered 502/,
		);
		expect(posts()).toHaveLength(1);
	});
});
