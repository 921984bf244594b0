import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import type { AssertionAlgorithm } from './certificate';
import {
	buildClientAssertion,
	CertificateSignInError,
	CLIENT_ASSERTION_TYPE,
	expiryWarning,
	loadSigningMaterial,
	readTokenAnswer,
} from './certificate';
import {
	appOnlyScopeOf,
	credentialsGraphRootExpression,
	DELEGATED_PERMISSION,
	graphRootOf,
	TENANT_APP_FIELDS,
	tokenUrlOf,
} from './clouds';

/*
 * App-only sign-in with a certificate. Not an OAuth2 credential: n8n's OAuth2 client would build the client
 * assertion itself (RS256 and SHA-1 only, no encrypted keys, no checks before sending), so this credential
 * signs in in preAuthentication, which n8n runs when the expirable accessToken is empty and again after a
 * 401, and stores what it returns; authenticate adds the token to each request.
 */

/** The credential test sends this header; authenticate removes it (it never reaches Graph). */
export const CREDENTIAL_TEST_HEADER = 'x-intune-credential-test';

/** A credential test proves a sign-in: it uses a token only if it was issued this recently. */
const TEST_TOKEN_AGE_MS = 60_000;

/** Renew this long before the token expires (half its lifetime at most). */
const RENEW_BEFORE_SECONDS = 300;

const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

interface SignInFields {
	cloud?: string;
	customGraphEndpoint?: string;
	customLoginEndpoint?: string;
	tenantId?: string;
	clientId: string;
}

function signInFields(credentials: ICredentialDataDecryptedObject): SignInFields {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const clientId = text(credentials.clientId);
	if (!clientId) {
		throw new CertificateSignInError(
			"The credential's Client ID is empty",
			'Enter the Application (client) ID from the overview page of the app registration.',
		);
	}
	return {
		cloud: text(credentials.cloud) || 'global',
		customGraphEndpoint: text(credentials.customGraphEndpoint),
		customLoginEndpoint: text(credentials.customLoginEndpoint),
		tenantId: text(credentials.tenantId),
		clientId,
	};
}

/**
 * What a token was issued for: the app, the token endpoint and the Graph it is meant for. A token stored
 * for other settings (the credential was edited since) is never sent: it could go to another host.
 */
function tokenBinding(fields: SignInFields): string {
	return `${fields.clientId} ${tokenUrlOf(fields)} ${appOnlyScopeOf(fields)}`;
}

/**
 * Thrown by authenticate when the stored token must be renewed first. It looks like a 401 answer, which is
 * what makes n8n run preAuthentication again and resend, so the renewal happens before the request is sent.
 */
function renewalNeeded(reason: string): Error {
	return Object.assign(new Error(`The access token must be renewed: ${reason}`), {
		response: { status: 401, statusCode: 401 },
	});
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === name) {
			const value = headers[key];
			delete headers[key];
			return String(value);
		}
	}
	return undefined;
}

/** The absolute URL of a request, as n8n's HTTP client would build it. */
function requestUrl(options: IHttpRequestOptions): string {
	if (/^https?:\/\//i.test(options.url)) return options.url;
	const base = String(options.baseURL ?? '');
	if (!base) return options.url;
	return `${base.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}`;
}

export class MicrosoftGraphIntuneCertificateApi implements ICredentialType {
	name = 'microsoftGraphIntuneCertificateApi';

	displayName = 'Microsoft Graph (Intune) Certificate API';

	icon: Icon = { light: 'file:../icons/intune.svg', dark: 'file:../icons/intune.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-intune-group-policy/n8n-nodes-intune-group-policy#app-only-with-a-certificate';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Signed In At',
			name: 'signedInAt',
			type: 'hidden',
			default: 0,
		},
		{
			displayName: 'Renew At',
			name: 'renewAt',
			type: 'hidden',
			default: 0,
		},
		{
			displayName: 'Signed In For',
			name: 'signedInFor',
			type: 'hidden',
			default: '',
		},
		{
			displayName:
				'Signs in as the app itself (no user) with a certificate uploaded to the app registration. ' +
				`The app needs the Microsoft Graph application permission ${DELEGATED_PERMISSION}, with admin consent.`,
			name: 'appOnlyNotice',
			type: 'notice',
			default: '',
		},
		...TENANT_APP_FIELDS,
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY----- ...',
			description:
				'The PEM private key of the certificate (PKCS#8 or PKCS#1, encrypted or not). Line breaks may be flattened.',
		},
		{
			displayName: 'Passphrase',
			name: 'passphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for an encrypted private key',
		},
		{
			displayName: 'Identify the Certificate By',
			name: 'identifyBy',
			type: 'options',
			options: [
				{
					name: 'Certificate',
					value: 'certificate',
					description:
						'The PEM certificate: the key is checked against it and its expiry is watched',
				},
				{
					name: 'Thumbprint',
					value: 'thumbprint',
					description: 'The thumbprint shown under Certificates & secrets in the app registration',
				},
			],
			default: 'certificate',
		},
		{
			displayName: 'Certificate',
			name: 'publicCertificate',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN CERTIFICATE----- ...',
			description:
				'The PEM certificate uploaded under Certificates & secrets in the app registration',
			displayOptions: { show: { identifyBy: ['certificate'] } },
		},
		{
			displayName: 'Thumbprint',
			name: 'thumbprint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 5F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C',
			description:
				'SHA-1 thumbprint (40 hex digits) as the app registration lists it, or a SHA-256 one (64)',
			displayOptions: { show: { identifyBy: ['thumbprint'] } },
		},
		{
			displayName: 'Signature Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'PS256 (Recommended by Microsoft)', value: 'PS256' },
				{ name: 'RS256', value: 'RS256' },
			],
			default: 'PS256',
			description: 'How the client assertion is signed',
		},
	];

	/**
	 * Signs in: checks the key and certificate (nothing is sent if they are wrong), posts a client assertion to
	 * the cloud's token endpoint and returns the token, which n8n stores in the credential.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const fields = signInFields(credentials);
		const tokenUrl = tokenUrlOf(fields);
		const scope = appOnlyScopeOf(fields);
		const now = Date.now();
		const material = loadSigningMaterial(credentials, now);
		const assertion = buildClientAssertion({
			clientId: fields.clientId,
			tokenUrl,
			key: material.key,
			thumbprint: material.thumbprint,
			algorithm: credentials.algorithm === 'RS256' ? 'RS256' : ('PS256' as AssertionAlgorithm),
			now,
		});
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: fields.clientId,
			scope,
			client_assertion_type: CLIENT_ASSERTION_TYPE,
			client_assertion: assertion,
		});
		let response: { statusCode?: number; body?: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'application/json',
				},
				body: form.toString(),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: TOKEN_REQUEST_TIMEOUT_MS,
			})) as { statusCode?: number; body?: unknown };
		} catch (error) {
			// A fresh error: the HTTP client's would carry the request, and with it the assertion.
			const code = (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code;
			const reason = String(code ?? (error as { code?: unknown })?.code ?? 'no answer');
			throw new CertificateSignInError(
				`Could not reach the token endpoint ${tokenUrl} (${reason})`,
				'Check Cloud (or the Custom Login Endpoint) and that this machine can reach it.',
			);
		}
		const answer = readTokenAnswer(Number(response.statusCode ?? 0), response.body, {
			tokenUrl,
			clientId: fields.clientId,
			thumbprintHex: material.certificate?.sha1.hex,
			now,
		});
		const lifetime = answer.expiresInSeconds;
		const renewIn = lifetime - Math.min(RENEW_BEFORE_SECONDS, lifetime / 2);
		return {
			accessToken: answer.accessToken,
			signedInAt: now,
			renewAt: now + Math.floor(renewIn * 1000),
			signedInFor: tokenBinding(fields),
		};
	}

	/**
	 * Adds the stored token to a request for the credential's Graph. A token that is about to expire, or was
	 * issued for other settings, is renewed first (see renewalNeeded). The credential test's request also
	 * needs a token issued just now, and fails, saying how many days remain, when the certificate expires soon.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		const isTest = headerValue(headers, CREDENTIAL_TEST_HEADER) !== undefined;
		const fields = signInFields(credentials);
		const token = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		const now = Date.now();
		if (!token) throw renewalNeeded('there is none yet');
		if (credentials.signedInFor !== tokenBinding(fields)) {
			throw renewalNeeded('the credential was changed since it was issued');
		}
		if (now >= Number(credentials.renewAt ?? 0)) {
			throw renewalNeeded('it expires soon');
		}
		if (isTest) {
			if (now - Number(credentials.signedInAt ?? 0) > TEST_TOKEN_AGE_MS) {
				throw renewalNeeded('the credential test signs in anew');
			}
			const material = loadSigningMaterial(credentials, now);
			const warning = material.certificate && expiryWarning(material.certificate, now);
			if (warning) throw new CertificateSignInError(warning, warning);
		}
		const graphRoot = graphRootOf(fields);
		const url = requestUrl(requestOptions);
		if (url !== graphRoot && !url.startsWith(`${graphRoot}/`)) {
			throw new CertificateSignInError(
				`This credential only signs requests to ${graphRoot}`,
				'Use it with the Microsoft Intune Group Policy nodes, or with requests to the Graph of its cloud.',
			);
		}
		headers.Authorization = `Bearer ${token}`;
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: credentialsGraphRootExpression,
			url: '/beta/deviceManagement/groupPolicyConfigurations',
			qs: { $top: 1, $select: 'id' },
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `Signed in, but Graph refused to list group policy configurations: give the app the Microsoft Graph application permission ${DELEGATED_PERMISSION} (or Read.All) and grant admin consent`,
				},
			},
		],
	};
}
