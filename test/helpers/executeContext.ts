import axios from 'axios';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { graphRootOf } from '../../credentials/clouds';
import { MicrosoftGraphIntuneCertificateApi } from '../../credentials/MicrosoftGraphIntuneCertificateApi.credentials';
import { extractValue } from './extractValue';

/*
 * An IExecuteFunctions for tests that run the node's execute() against a real HTTP server. Its
 * httpRequestWithAuthentication behaves like n8n's, with axios (n8n's own HTTP client), for either credential:
 * - the OAuth2 credential with client credentials: it fetches a token from the credential's token URL, sends it as
 *   a bearer token, throws axios errors on non-2xx statuses, and on a 401 fetches a new token and retries once;
 * - the certificate credential: it runs the credential's preAuthentication when the stored token is empty and
 *   stores what it returns, lets authenticate prepare each request, and after a 401 (Graph's, or authenticate's
 *   own when the token must be renewed) runs preAuthentication again and resends once; every failure is wrapped
 *   in a NodeApiError, as n8n's helper does for credentials that are not OAuth2.
 * Either way, asking for the other credential type fails as it does in n8n.
 */

export interface TestCredentials {
	cloud: string;
	customGraphEndpoint?: string;
	customLoginEndpoint?: string;
	tenantId: string;
	clientId: string;
	/** A client secret: the OAuth2 credential (microsoftGraphIntuneOAuth2Api) with client credentials. */
	clientSecret?: string;
	/** A private key: the certificate credential (microsoftGraphIntuneCertificateApi), with its fields below. */
	privateKey?: string;
	passphrase?: string;
	identifyBy?: 'certificate' | 'thumbprint';
	publicCertificate?: string;
	thumbprint?: string;
	algorithm?: 'PS256' | 'RS256';
}

export const OAUTH2_TYPE = 'microsoftGraphIntuneOAuth2Api';
export const CERTIFICATE_TYPE = 'microsoftGraphIntuneCertificateApi';

/** The credential type a test credential is of. */
export const credentialTypeOf = (credentials: TestCredentials) =>
	credentials.privateKey === undefined ? OAUTH2_TYPE : CERTIFICATE_TYPE;

const certificateApi = new MicrosoftGraphIntuneCertificateApi();

/** n8n's this.helpers.httpRequest, as a credential's preAuthentication gets it, with axios. */
async function n8nHttpRequest(request: IHttpRequestOptions): Promise<unknown> {
	const response = await axios.request({
		method: request.method ?? 'GET',
		url: request.url,
		params: request.qs,
		data: request.body,
		headers: request.headers as Record<string, string>,
		timeout: request.timeout,
		validateStatus: request.ignoreHttpStatusErrors ? () => true : undefined,
	});
	return request.returnFullResponse
		? { body: response.data, headers: response.headers, statusCode: response.status }
		: response.data;
}

const statusOf = (error: unknown) =>
	(error as { response?: { status?: number } } | undefined)?.response?.status;

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
	/** Sign-ins: token requests (OAuth2) or preAuthentication runs (certificate). */
	tokenFetches: number;
	/** The credential as n8n stores it (the certificate credential's token and renewal time). */
	stored: ICredentialDataDecryptedObject;
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
		stored: {},
	};
	let token: string | undefined;
	const credentials = options.credentials;
	const type = credentialTypeOf(credentials);
	state.stored = { ...credentials, ...(type === CERTIFICATE_TYPE ? { accessToken: '' } : {}) };

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
			client_secret: credentials.clientSecret ?? '',
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

	/** Sends a request as prepared, with the bearer token unless the credential's authenticate added it. */
	async function send(request: IHttpRequestOptions, bearer?: string) {
		const response = await axios.request({
			method: request.method ?? 'GET',
			url: request.url,
			baseURL: request.baseURL,
			params: request.qs,
			data: request.body,
			headers: {
				...(request.headers as Record<string, string>),
				...(bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` }),
			},
			maxRedirects: request.disableFollowRedirect ? 0 : 5,
			timeout: request.timeout,
		});
		return request.returnFullResponse
			? { body: response.data, headers: response.headers, statusCode: response.status }
			: response.data;
	}

	/** The certificate credential's preAuthentication, its output stored as n8n stores it. */
	async function signIn(): Promise<void> {
		state.tokenFetches++;
		const helper = { helpers: { httpRequest: n8nHttpRequest } } as unknown as IHttpRequestHelper;
		Object.assign(state.stored, await certificateApi.preAuthentication.call(helper, state.stored));
	}

	/** n8n's httpRequestWithAuthentication for a credential with preAuthentication and authenticate. */
	async function certificateRequest(request: IHttpRequestOptions) {
		const sendAuthenticated = async () =>
			await send(
				await certificateApi.authenticate(
					{ ...state.stored },
					{ ...request, headers: { ...request.headers } },
				),
			);
		try {
			if (state.stored.accessToken === '') await signIn();
			return await sendAuthenticated();
		} catch (error) {
			if (statusOf(error) === 401) {
				try {
					await signIn();
					return await sendAuthenticated();
				} catch (retryError) {
					throw new NodeApiError(TEST_NODE, retryError as JsonObject);
				}
			}
			throw new NodeApiError(TEST_NODE, error as JsonObject);
		}
	}

	/** As n8n refuses a credential type the node has no credential of. */
	function checkType(requested: string) {
		if (requested !== type) {
			throw new NodeOperationError(
				TEST_NODE,
				`Node "${TEST_NODE.name}" does not have any credentials of type "${requested}" set`,
			);
		}
	}

	const parametersFor = (itemIndex: number): IDataObject =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;

	const helpers = {
		async httpRequestWithAuthentication(
			this: unknown,
			requestedType: string,
			request: IHttpRequestOptions,
		) {
			checkType(requestedType);
			state.requests.push(request);
			if (type === CERTIFICATE_TYPE) return await certificateRequest(request);
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

	// The Authentication parameter takes no expressions: the node reads it from its parameters as saved.
	const authentication = parametersFor(0).authentication;
	const saved = authentication === undefined ? {} : { authentication };
	state.context = {
		getInputData: () =>
			Array.from({ length: options.items ?? 1 }, (_, i) => ({ json: { index: i } })),
		// Per-item values stand for expressions, which n8n's node parameters mark with a leading "=".
		getNode: () =>
			typeof options.parameters === 'function'
				? {
						...TEST_NODE,
						parameters: {
							...Object.fromEntries(
								Object.keys(parametersFor(0)).map((key) => [key, `={{ item ${key} }}`]),
							),
							...saved,
						},
					}
				: authentication === undefined
					? TEST_NODE
					: { ...TEST_NODE, parameters: saved },
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async (requested: string) => {
			checkType(requested);
			return type === CERTIFICATE_TYPE ? { ...state.stored } : { ...credentials };
		},
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
