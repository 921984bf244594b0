import axios from 'axios';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { graphRootOf } from '../../credentials/clouds';
import { extractValue } from './extractValue';

/*
 * An IExecuteFunctions for tests that run the node's execute() against a real HTTP server. Its
 * httpRequestWithAuthentication behaves like n8n's for an OAuth2 credential with client credentials: it fetches a
 * token from the credential's token URL, sends it as a bearer token with axios (n8n's own HTTP client), throws
 * axios errors on non-2xx statuses, and on a 401 fetches a new token and retries once.
 */

export interface TestCredentials {
	cloud: string;
	customGraphEndpoint?: string;
	customLoginEndpoint?: string;
	tenantId: string;
	clientId: string;
	clientSecret: string;
}

export interface ContextOptions {
	credentials: TestCredentials;
	/** Parameters for every item; a function gives per-item values (like expressions). */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	items?: number;
	continueOnFail?: boolean;
	/** Binary data of each item, by property name, as a node before this one would give it. */
	binary?: (itemIndex: number) => Record<string, { data: Buffer; fileName: string }>;
}

export interface TestContext {
	context: IExecuteFunctions;
	/** Every request the node asked n8n to send, as the node built it. */
	requests: IHttpRequestOptions[];
	tokenFetches: number;
}

export const TEST_NODE: INode = {
	id: 'node-under-test',
	name: 'Intune',
	type: 'n8n-nodes-intune-group-policy.microsoftIntuneGroupPolicy',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function createExecuteContext(options: ContextOptions): TestContext {
	const state: TestContext = {
		context: undefined as unknown as IExecuteFunctions,
		requests: [],
		tokenFetches: 0,
	};
	let token: string | undefined;
	const credentials = options.credentials;

	/*
	 * Like n8n 2.x: its OAuth2 client refuses a 4xx token answer with an EAUTH error carrying the platform's body,
	 * lets axios throw on a 5xx, and n8n wraps either as the cause of "Failed to acquire OAuth2 access token".
	 */
	async function fetchToken(): Promise<string> {
		state.tokenFetches++;
		const login = credentials.customLoginEndpoint!.replace(/\/+$/, '');
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: credentials.clientId,
			client_secret: credentials.clientSecret,
			scope: `${graphRootOf(credentials)}/.default`,
		});
		try {
			const response = await axios.post(
				`${login}/${credentials.tenantId}/oauth2/v2.0/token`,
				form.toString(),
				{
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					validateStatus: (status) => status < 500,
				},
			);
			if (response.status >= 400) {
				const body = response.data as { error?: string; error_description?: string };
				const message = body.error_description ?? body.error ?? `HTTP status ${response.status}`;
				throw Object.assign(new Error(message), { body, code: 'EAUTH' });
			}
			return response.data.access_token as string;
		} catch (error) {
			const message = `Failed to acquire OAuth2 access token: ${(error as Error).message}`;
			throw new Error(message, { cause: error });
		}
	}

	async function send(request: IHttpRequestOptions, bearer: string) {
		const response = await axios.request({
			method: request.method ?? 'GET',
			url: request.url,
			params: request.qs,
			data: request.body,
			headers: {
				...(request.headers as Record<string, string>),
				Authorization: `Bearer ${bearer}`,
			},
			maxRedirects: request.disableFollowRedirect ? 0 : 5,
			timeout: request.timeout,
		});
		return request.returnFullResponse
			? { body: response.data, headers: response.headers, statusCode: response.status }
			: response.data;
	}

	const parametersFor = (itemIndex: number): IDataObject =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;

	const helpers = {
		async httpRequestWithAuthentication(
			this: unknown,
			_type: string,
			request: IHttpRequestOptions,
		) {
			state.requests.push(request);
			token ??= await fetchToken();
			try {
				return await send(request, token);
			} catch (error) {
				if (axios.isAxiosError(error) && error.response?.status === 401) {
					token = await fetchToken();
					return await send(request, token);
				}
				throw error;
			}
		},
		assertBinaryData(itemIndex: number, property: string) {
			const binary = options.binary?.(itemIndex)[property];
			if (!binary) throw new Error(`Item ${itemIndex} has no binary property "${property}"`);
			return {
				data: binary.data.toString('base64'),
				fileName: binary.fileName,
				mimeType: 'text/xml',
			};
		},
		async getBinaryDataBuffer(itemIndex: number, property: string) {
			return options.binary!(itemIndex)[property].data;
		},
		returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
			return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
		},
		constructExecutionMetaData(data: INodeExecutionData[], meta: { itemData: { item: number } }) {
			return data.map((d) => ({ ...d, pairedItem: meta.itemData }));
		},
	};

	state.context = {
		getInputData: () =>
			Array.from({ length: options.items ?? 1 }, (_, i) => ({ json: { index: i } })),
		// Per-item values stand for expressions, which n8n's node parameters mark with a leading "=".
		getNode: () =>
			typeof options.parameters === 'function'
				? {
						...TEST_NODE,
						parameters: Object.fromEntries(
							Object.keys(parametersFor(0)).map((key) => [key, `={{ item ${key} }}`]),
						),
					}
				: TEST_NODE,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => ({ ...credentials }),
		getNodeParameter(
			name: string,
			itemIndex: number,
			fallback?: unknown,
			options?: { extractValue?: boolean },
		) {
			const value = parametersFor(itemIndex)[name];
			if (value === undefined) return fallback;
			return options?.extractValue ? extractValue(name, value) : value;
		},
		helpers,
	} as unknown as IExecuteFunctions;
	return state;
}
