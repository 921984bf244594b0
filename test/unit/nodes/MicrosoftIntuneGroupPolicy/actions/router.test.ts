import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { router } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/router';
import { IDS } from '../../../../emulator/data';
import { TEST_NODE } from '../../../../helpers/executeContext';

/*
 * The router's item loop with a mocked n8n context (as n8n's own node tests do): Graph is a function of the
 * request, so order, pairing, continue-on-fail and stopping can be checked without a server.
 */

type Answer = (request: IHttpRequestOptions) => Promise<unknown>;

function context(
	items: number,
	continueOnFail: boolean,
	answer: Answer,
	options: IDataObject = {},
) {
	const sent: IHttpRequestOptions[] = [];
	const parameters = (i: number): IDataObject => ({
		resource: 'groupPolicyOperation',
		operation: 'create',
		target: 'uploadedDefinitionFile',
		groupPolicyUploadedDefinitionFileId: i === 2 && options.badItem2 ? 'a/b' : IDS.uploadedFile,
		operationType: 'upload',
		operationStatus: 'success',
		statusDetails: `item-${i}`,
		options: { maxConcurrentRequests: options.concurrency ?? 3 },
	});
	const ctx = {
		getInputData: () => Array.from({ length: items }, (_, i) => ({ json: { i } })),
		getNode: () => ({
			...TEST_NODE,
			parameters: {
				// Per-item values come from expressions, so they are read for every item.
				statusDetails: '={{ $json.i }}',
				groupPolicyUploadedDefinitionFileId: '={{ $json.file }}',
			},
		}),
		continueOnFail: () => continueOnFail,
		getCredentials: async () => ({ cloud: 'global' }),
		getNodeParameter: (name: string, i: number, fallback?: unknown) =>
			parameters(i)[name] ?? fallback,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				sent.push(request);
				return await answer(request);
			},
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (
				data: Array<{ json: IDataObject }>,
				meta: { itemData: unknown },
			) => data.map((d) => ({ ...d, pairedItem: meta.itemData })),
		},
	} as unknown as IExecuteFunctions;
	return { ctx, sent };
}

const detailsOf = (request: IHttpRequestOptions) => (request.body as IDataObject).statusDetails;
const graphError = (status: number) =>
	Object.assign(new Error(`HTTP ${status}`), {
		response: { status, data: { error: { code: 'BadRequest', message: 'no' } }, headers: {} },
	});

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
});
