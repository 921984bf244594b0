import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	operationOf,
	router,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/router';
import { IDS } from '../../../../emulator/data';
import type { Answer } from '../../../../helpers/mockContext';
import { graphError, mockExecuteContext } from '../../../../helpers/mockContext';

/*
 * The router with a mocked n8n context (as n8n's own node tests do): it picks the operation the
 * parameters name and the engine runs it, so order, pairing, continue-on-fail and stopping of a real
 * operation can be checked without a server.
 */

function context(
	items: number,
	continueOnFail: boolean,
	answer: Answer,
	options: IDataObject = {},
) {
	return mockExecuteContext({
		items,
		continueOnFail,
		answer,
		parameters: (i) => ({
			resource: 'groupPolicyOperation',
			operation: 'create',
			target: 'uploadedDefinitionFile',
			groupPolicyUploadedDefinitionFileId: i === 2 && options.badItem2 ? 'a/b' : IDS.uploadedFile,
			operationType: 'upload',
			operationStatus: 'success',
			statusDetails: `item-${i}`,
			options: { maxConcurrentRequests: options.concurrency ?? 3 },
		}),
		// Per-item values come from expressions, so they are read for every item.
		nodeParameters: {
			statusDetails: '={{ $json.i }}',
			groupPolicyUploadedDefinitionFileId: '={{ $json.file }}',
		},
	});
}

const detailsOf = (request: IHttpRequestOptions) => (request.body as IDataObject).statusDetails;

/** Answers later items sooner, so that completion order differs from input order. */
const reversedLatency: Answer = async (request) => {
	const n = Number(String(detailsOf(request)).slice(5));
	await new Promise((resolve) => setTimeout(resolve, 40 - n * 5));
	return { id: `op-${n}`, statusDetails: detailsOf(request) };
};

describe('router', () => {
	it('keeps input order and pairing whatever order Graph answers in', async () => {
		const { ctx } = context(6, false, reversedLatency);
		const [output] = await router.call(ctx);
		expect(output.map((o) => o.json.id)).toEqual([0, 1, 2, 3, 4, 5].map((n) => `op-${n}`));
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
	});

	it('with continue-on-fail, turns each failure into an error item in its place', async () => {
		const { ctx } = context(
			4,
			true,
			async (request) => {
				if (detailsOf(request) === 'item-1') throw graphError(400);
				return { id: 'x' };
			},
			{ badItem2: true },
		);
		const [output] = await router.call(ctx);
		expect(output.map((o) => Object.keys(o.json).sort().join())).toEqual([
			'id',
			'details,error',
			'details,error',
			'id',
		]);
		expect(output[2].json.error).toMatch(/"groupPolicyUploadedDefinitionFileId".*\(item 2\)/);
	});

	it('without continue-on-fail, sends nothing after the first failure and throws it', async () => {
		const { ctx, sent } = context(
			10,
			false,
			async (request) => {
				if (detailsOf(request) === 'item-1') throw graphError(400);
				return { id: `op-${String(detailsOf(request))}` };
			},
			{ concurrency: 1 },
		);
		await expect(router.call(ctx)).rejects.toThrow(/Microsoft Graph returned 400/);
		expect(sent.map(detailsOf)).toEqual(['item-0', 'item-1']);
	});

	it('names the items already carried out when it stops', async () => {
		const { ctx } = context(
			3,
			false,
			async (request) => {
				if (detailsOf(request) === 'item-2') throw graphError(400);
				return { id: `op-${String(detailsOf(request))}` };
			},
			{ concurrency: 1 },
		);
		await expect(router.call(ctx)).rejects.toMatchObject({
			description: expect.stringMatching(
				/Already carried out before the node stopped, 2 item\(s\): 0 \(op-item-0\), 1 \(op-item-1\)/,
			),
		});
	});

	it('refuses an operation that no resource declares, before opening a session', async () => {
		const { ctx, sent } = mockExecuteContext({
			items: 1,
			answer: async () => ({}),
			parameters: () => ({ resource: 'groupPolicyOperation', operation: 'delete' }),
		});
		await expect(router.call(ctx)).rejects.toThrow(
			'The operation "delete" on "groupPolicyOperation" is not supported',
		);
		expect(sent).toHaveLength(0);
	});
});

describe('operationOf', () => {
	it("finds each resource's operations by their menu values", () => {
		expect(operationOf('groupPolicyOperation', 'create')).toBeDefined();
		expect(operationOf('groupPolicyUploadedDefinitionFile', 'upload')?.ordered).toBe(true);
	});

	it('finds nothing for an unknown resource, or a name every object has', () => {
		expect(operationOf('nothing', 'create')).toBeUndefined();
		expect(operationOf('groupPolicyOperation', 'constructor')).toBeUndefined();
		expect(operationOf('groupPolicyOperation', 'toString')).toBeUndefined();
	});
});
