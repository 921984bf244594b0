import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { TEST_NODE } from './executeContext';

/*
 * An IExecuteFunctions without a server, as n8n's own node tests mock it: Graph is a function of the
 * request, so the engine's order, pairing, batching and stopping can be checked in memory.
 */

/** What "Graph" answers a request with; throwing plays a failed exchange. */
export type Answer = (request: IHttpRequestOptions) => Promise<unknown>;

export interface MockOptions {
	items: number;
	/** Parameters of each item, as getNodeParameter gives them. */
	parameters: (itemIndex: number) => IDataObject;
	answer: Answer;
	continueOnFail?: boolean;
	/** The node's parameters as saved (n8n reads expressions from here). */
	nodeParameters?: IDataObject;
}

export function mockExecuteContext(options: MockOptions) {
	const sent: IHttpRequestOptions[] = [];
	const ctx = {
		getInputData: () => Array.from({ length: options.items }, (_, i) => ({ json: { i } })),
		getNode: () => ({ ...TEST_NODE, parameters: options.nodeParameters ?? {} }),
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => ({ cloud: 'global' }),
		getNodeParameter: (name: string, i: number, fallback?: unknown) =>
			options.parameters(i)[name] ?? fallback,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				sent.push(request);
				return await options.answer(request);
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

/** An error like the one axios throws for a Graph answer with this status. */
export const graphError = (status: number, headers: IDataObject = {}) =>
	Object.assign(new Error(`HTTP ${status}`), {
		response: { status, data: { error: { code: 'BadRequest', message: 'no' } }, headers },
	});
