import { once } from 'events';
import type { IncomingMessage } from 'http';
import { request as httpRequestRaw } from 'http';
import { request as httpsRequest } from 'https';
import type { Socket } from 'net';
import { connect as tlsConnect } from 'tls';

import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	buildClientAssertion,
	CLIENT_ASSERTION_TYPE,
	loadSigningMaterial,
} from '../../credentials/certificate';
import { CLOUDS } from '../../credentials/clouds';
import {
	CREDENTIAL_TEST_HEADER,
	MicrosoftGraphIntuneCertificateApi,
} from '../../credentials/MicrosoftGraphIntuneCertificateApi.credentials';
import { CloudProxy } from '../emulator/cloudProxy';
import { GraphEmulator } from '../emulator/emulator';
import { encryptedKey, flattened, makeCertificate, secretLines } from '../fixtures/certificates';

/*
 * App-only sign-in with a certificate against the emulator over loopback HTTP: the credential's own
 * preAuthentication and authenticate, driven the way n8n drives them (sign in when the token is empty, and
 * once more after a 401), with real HTTP to the emulator's token endpoint and Graph.
 */

jest.setTimeout(60_000);

const DAY = 86_400_000;
const credential = new MicrosoftGraphIntuneCertificateApi();
let emulator: GraphEmulator;
let proxy: CloudProxy;
const cert = makeCertificate({ commonName: 'registered' });
const unregistered = makeCertificate({ commonName: 'unregistered' });

beforeAll(async () => {
	emulator = await new GraphEmulator().start();
	proxy = await new CloudProxy(() => emulator.url).start();
	emulator.identity.registerCertificate(app().clientId, cert.certificatePem);
});
afterAll(async () => {
	await proxy.stop();
	await emulator.stop();
});
beforeEach(() => {
	emulator.reset();
	emulator.identity.now = () => Date.now();
});

const app = () => emulator.tenant.apps[0];

function fields(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		cloud: 'custom',
		customGraphEndpoint: emulator.url,
		customLoginEndpoint: emulator.url,
		tenantId: emulator.tenant.id,
		clientId: app().clientId,
		privateKey: cert.keyPem,
		passphrase: '',
		identifyBy: 'certificate',
		publicCertificate: cert.certificatePem,
		algorithm: 'PS256',
		accessToken: '',
		...overrides,
	};
}

interface Response {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

/** One HTTPS exchange with a Microsoft host through the cloud proxy: CONNECT, then TLS checked against its CA. */
async function viaCloudProxy(
	url: URL,
	method: string,
	headers: Record<string, string>,
	body: string | undefined,
): Promise<{ status: number; text: string; headers: Record<string, string> }> {
	const proxyUrl = new URL(proxy.url);
	const connect = httpRequestRaw({
		host: proxyUrl.hostname,
		port: proxyUrl.port,
		method: 'CONNECT',
		path: `${url.hostname}:443`,
	});
	connect.end();
	const [answer, socket] = (await once(connect, 'connect')) as [IncomingMessage, Socket];
	if (answer.statusCode !== 200) throw new Error(`The proxy refused ${url.host}`);
	return await new Promise((resolve, reject) => {
		const req = httpsRequest(
			{
				host: url.hostname,
				path: `${url.pathname}${url.search}`,
				method,
				headers,
				createConnection: () => tlsConnect({ socket, servername: url.hostname, ca: proxy.caPem }),
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						text: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers as Record<string, string>,
					}),
				);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * this.helpers.httpRequest as n8n gives it to preAuthentication, over real HTTP: to the emulator directly for
 * the custom cloud, through the cloud proxy (HTTPS to the Microsoft host names) for the others.
 */
async function httpRequest(options: IHttpRequestOptions): Promise<Response | unknown> {
	const url = new URL(
		options.baseURL ? `${options.baseURL.replace(/\/+$/, '')}${options.url}` : options.url,
	);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		url.searchParams.set(key, String(value));
	}
	const headers = { ...(options.headers as Record<string, string>) };
	const method = options.method ?? 'GET';
	const body = options.body as string | undefined;
	let answer: { status: number; text: string; headers: Record<string, string> };
	if (url.protocol === 'https:') {
		answer = await viaCloudProxy(url, method, headers, body);
	} else {
		const response = await fetch(url, { method, headers, body });
		answer = {
			status: response.status,
			text: await response.text(),
			headers: Object.fromEntries(response.headers),
		};
	}
	let parsed: unknown = answer.text;
	try {
		parsed = JSON.parse(answer.text);
	} catch {
		// not JSON
	}
	if ((answer.status < 200 || answer.status > 299) && !options.ignoreHttpStatusErrors) {
		throw Object.assign(new Error(`HTTP ${answer.status}`), {
			response: { status: answer.status, body: parsed },
		});
	}
	const full = { statusCode: answer.status, body: parsed, headers: answer.headers };
	return options.returnFullResponse ? full : parsed;
}

const helper = { helpers: { httpRequest } } as unknown as IHttpRequestHelper;

/** A stored credential and what n8n does with it for one request (httpRequestWithAuthentication). */
class StoredCredential {
	signIns = 0;
	constructor(readonly data: ICredentialDataDecryptedObject) {}

	private async signIn() {
		this.signIns++;
		Object.assign(this.data, await credential.preAuthentication.call(helper, this.data));
	}

	async request(options: IHttpRequestOptions): Promise<unknown> {
		if (this.data.accessToken === '') await this.signIn();
		try {
			return await httpRequest(await credential.authenticate(this.data, { ...options }));
		} catch (error) {
			if ((error as { response?: { status?: number } }).response?.status !== 401) throw error;
			await this.signIn();
			return await httpRequest(await credential.authenticate(this.data, { ...options }));
		}
	}
}

const listConfigurations = (): IHttpRequestOptions => ({
	url: `${emulator.url}/beta/deviceManagement/groupPolicyConfigurations`,
	method: 'GET',
});

/** The credential test's request, with its base URL resolved as n8n resolves the expression. */
const credentialTest = (): IHttpRequestOptions => ({
	...(credential.test.request as IHttpRequestOptions),
	baseURL: emulator.url,
	url: credential.test.request.url!,
	headers: { ...credential.test.request.headers },
});

const tokenLog = () => emulator.log.filter((e) => e.path.includes('/oauth2/'));

describe('app-only sign-in with a certificate, against the emulator', () => {
	it.each([
		['PKCS#8', () => ({ privateKey: cert.keyPem })],
		['PKCS#1', () => ({ privateKey: cert.pkcs1Pem })],
		[
			'encrypted PKCS#8',
			() => ({ privateKey: encryptedKey(cert.privateKey, 'pw 1', 'pkcs8'), passphrase: 'pw 1' }),
		],
		[
			'encrypted PKCS#1',
			() => ({ privateKey: encryptedKey(cert.privateKey, 'pw 2', 'pkcs1'), passphrase: 'pw 2' }),
		],
		[
			'flattened key and certificate',
			() => ({
				privateKey: flattened(cert.keyPem),
				publicCertificate: flattened(cert.certificatePem),
			}),
		],
		['RS256', () => ({ algorithm: 'RS256' })],
		['a SHA-1 thumbprint', () => ({ identifyBy: 'thumbprint', thumbprint: cert.sha1Hex })],
		['a SHA-256 thumbprint', () => ({ identifyBy: 'thumbprint', thumbprint: cert.sha256Hex })],
	])('signs in with %s and calls Graph with the token', async (_, overrides) => {
		const stored = new StoredCredential(fields(overrides()));
		const body = (await stored.request(listConfigurations())) as { value: unknown[] };
		expect(body.value.length).toBeGreaterThan(0);
		expect(stored.signIns).toBe(1);
		expect(tokenLog()).toEqual([
			expect.objectContaining({
				status: 200,
				clientId: app().clientId,
				body: { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE },
			}),
		]);
		const graphCall = emulator.log.find((e) => e.path.startsWith('/beta/'));
		expect(graphCall).toMatchObject({ status: 200, clientId: app().clientId, tokenKind: 'app' });
	});

	it.each(Object.entries(CLOUDS))(
		"signs in at the %s token URL and calls its Graph, over TLS to the cloud's own host names",
		async (cloud, endpoints) => {
			const stored = new StoredCredential(fields({ cloud }));
			const body = (await stored.request({
				url: `${endpoints.graphRoot}/beta/deviceManagement/groupPolicyConfigurations`,
				method: 'GET',
			})) as { value: unknown[]; '@odata.nextLink'?: string };
			expect(body.value.length).toBeGreaterThan(0);
			expect(stored.data.signedInFor).toContain(
				`${endpoints.loginHost}/${emulator.tenant.id}/oauth2/v2.0/token`,
			);
			// The emulator, told which host was asked, checked the audience and the scope for that cloud.
			expect(tokenLog()).toEqual([expect.objectContaining({ status: 200 })]);
			expect(proxy.log.slice(-2).map((e) => `${e.host} ${e.status}`)).toEqual([
				`${new URL(endpoints.loginHost).host} 200`,
				`${new URL(endpoints.graphRoot).host} 200`,
			]);
			if (body['@odata.nextLink']) {
				expect(body['@odata.nextLink'].startsWith(`${endpoints.graphRoot}/beta/`)).toBe(true);
			}
		},
	);

	it("the emulator refuses an assertion meant for another cloud's token endpoint", async () => {
		const material = loadSigningMaterial(fields());
		const assertion = buildClientAssertion({
			clientId: app().clientId,
			tokenUrl: `https://login.microsoftonline.com/${emulator.tenant.id}/oauth2/v2.0/token`,
			key: material.key,
			thumbprint: material.thumbprint,
		});
		const answer = await postAssertion(assertion, { host: 'login.microsoftonline.us' });
		expect(answer.status).toBe(401);
		expect(answer.body.error_description).toMatch(/audience claim .* is not this token endpoint/);
	});

	it('refuses a bad key, a wrong passphrase, a key that does not match and an expired certificate: nothing sent', async () => {
		const tokenRequests = emulator.identity.tokenRequests;
		const expired = makeCertificate({
			key: cert.privateKey,
			notBefore: new Date(Date.now() - 400 * DAY),
			notAfter: new Date(Date.now() - DAY),
		});
		for (const [overrides, message] of [
			[{ privateKey: cert.keyPem.slice(0, 200) }, /does not hold a PEM private key/],
			[
				{ privateKey: encryptedKey(cert.privateKey, 'a', 'pkcs8'), passphrase: 'b' },
				/passphrase is wrong/,
			],
			[{ publicCertificate: unregistered.certificatePem }, /does not match the certificate/],
			[{ publicCertificate: expired.certificatePem }, /certificate expired on/],
		] as const) {
			const stored = new StoredCredential(fields(overrides));
			await expect(stored.request(listConfigurations())).rejects.toThrow(message);
		}
		expect(emulator.log).toEqual([]);
		expect(emulator.identity.tokenRequests).toBe(tokenRequests);
	});

	it('AADSTS700027: a certificate not registered on the app is refused, with how to upload it', async () => {
		const stored = new StoredCredential(
			fields({ privateKey: unregistered.keyPem, publicCertificate: unregistered.certificatePem }),
		);
		const error = (await stored.request(listConfigurations()).catch((e: Error) => e)) as Error & {
			description: string;
		};
		expect(error.message).toBe(
			`Microsoft Entra ID refused the certificate: it is not one registered on the app ${app().clientId} (AADSTS700027)`,
		);
		expect(error.description).toContain(
			`upload the certificate (thumbprint ${unregistered.sha1Hex})`,
		);
		expect(tokenLog()).toEqual([expect.objectContaining({ status: 401 })]);
		expect(emulator.log.filter((e) => e.path.startsWith('/beta/'))).toEqual([]);
	});

	it('AADSTS700027: a registered certificate that has expired (named by thumbprint) says so', async () => {
		const old = makeCertificate({
			notBefore: new Date(Date.now() - 400 * DAY),
			notAfter: new Date(Date.now() - DAY),
		});
		emulator.identity.registerCertificate(app().clientId, old.certificatePem);
		const stored = new StoredCredential(
			fields({ privateKey: old.keyPem, identifyBy: 'thumbprint', thumbprint: old.sha1Hex }),
		);
		await expect(stored.request(listConfigurations())).rejects.toThrow(
			/the one registered on the app .* has expired \(AADSTS700027\)/,
		);
	});

	it('AADSTS700024: a clock a quarter of an hour off is named as the cause', async () => {
		emulator.identity.now = () => Date.now() + 15 * 60_000;
		const stored = new StoredCredential(fields());
		const error = (await stored.request(listConfigurations()).catch((e: Error) => e)) as Error & {
			description: string;
		};
		expect(error.message).toMatch(/clock is probably wrong \(AADSTS700024\)/);
		expect(error.description).toMatch(/NTP/);
	});

	it('renews the token before it expires, without a 401 from Graph', async () => {
		emulator.configure({ tokenLifetimeSeconds: 2 });
		const stored = new StoredCredential(fields());
		await stored.request(listConfigurations());
		await new Promise((resolve) => setTimeout(resolve, 1100));
		await stored.request(listConfigurations());
		expect(stored.signIns).toBe(2);
		expect(emulator.log.filter((e) => e.path.startsWith('/beta/')).map((e) => e.status)).toEqual([
			200, 200,
		]);
	});

	it('signs in again after a 401 from Graph, once', async () => {
		const stored = new StoredCredential(fields());
		await stored.request(listConfigurations());
		emulator.identity.expireAllTokens();
		await stored.request(listConfigurations());
		expect(stored.signIns).toBe(2);
		expect(emulator.log.filter((e) => e.path.startsWith('/beta/')).map((e) => e.status)).toEqual([
			200, 401, 200,
		]);
	});

	it('the credential test signs in anew and passes; near expiry it fails saying how many days remain', async () => {
		const stored = new StoredCredential(fields());
		await stored.request(listConfigurations());
		stored.data.signedInAt = Date.now() - 2 * 60_000;
		const answer = (await stored.request(credentialTest())) as { value: unknown[] };
		expect(answer.value).toHaveLength(1);
		expect(stored.signIns).toBe(2);
		const testCall = emulator.log.filter((e) => e.path.startsWith('/beta/')).pop();
		expect(testCall).toMatchObject({ status: 200, query: '?%24top=1&%24select=id' });

		const soon = makeCertificate({ notAfter: new Date(Date.now() + 20 * DAY + 3600_000) });
		emulator.identity.registerCertificate(app().clientId, soon.certificatePem);
		const expiring = new StoredCredential(
			fields({ privateKey: soon.keyPem, publicCertificate: soon.certificatePem }),
		);
		await expect(expiring.request(credentialTest())).rejects.toThrow(
			/^Signed in, but the certificate expires in 20 days/,
		);
		expect(expiring.signIns).toBe(1);
		await expect(expiring.request(listConfigurations())).resolves.toBeDefined();
	});

	it('the marker of the credential test never reaches Graph', async () => {
		const data = fields();
		Object.assign(data, await credential.preAuthentication.call(helper, data));
		const sent = await credential.authenticate(data, credentialTest());
		expect(Object.keys(sent.headers ?? {})).toEqual(['Authorization']);
		expect(credentialTest().headers).toEqual({ [CREDENTIAL_TEST_HEADER]: '1' });
	});

	it('never shows the key or its passphrase: not in the emulator log, the answers or the errors', async () => {
		const pem = encryptedKey(cert.privateKey, 'secret passphrase 9', 'pkcs1');
		const seen: unknown[] = [];
		const good = new StoredCredential(
			fields({ privateKey: pem, passphrase: 'secret passphrase 9' }),
		);
		seen.push(await good.request(listConfigurations()), good.data.accessToken);
		for (const overrides of [
			{ privateKey: pem, passphrase: 'wrong' } as ICredentialDataDecryptedObject,
			{ privateKey: unregistered.keyPem, publicCertificate: unregistered.certificatePem },
		]) {
			const error = await new StoredCredential(fields(overrides))
				.request(listConfigurations())
				.catch((e: Error) => e);
			seen.push(String(error), (error as { description?: string }).description, {
				...(error as object),
			});
		}
		seen.push(emulator.log);
		const text = JSON.stringify(seen);
		for (const secret of [
			...secretLines(pem),
			...secretLines(cert.keyPem),
			...secretLines(unregistered.keyPem),
			'secret passphrase 9',
		]) {
			expect(text).not.toContain(secret);
		}
	});
});

describe('the emulator checks client assertions as Entra ID does', () => {
	const material = () => loadSigningMaterial(fields());
	const tokenUrl = () => `${emulator.url}/${emulator.tenant.id}/oauth2/v2.0/token`;
	const assertion = (overrides: Partial<Parameters<typeof buildClientAssertion>[0]> = {}) =>
		buildClientAssertion({
			clientId: app().clientId,
			tokenUrl: tokenUrl(),
			key: material().key,
			thumbprint: material().thumbprint,
			...overrides,
		});

	it('accepts a good one once: the same jti again is a replay', async () => {
		const jwt = assertion();
		expect((await postAssertion(jwt)).status).toBe(200);
		const replay = await postAssertion(jwt);
		expect(replay.status).toBe(400);
		expect(replay.body.error_description).toMatch(/^AADSTS50013: .*already used/);
	});

	it('refuses a wrong audience, a long lifetime, an expired assertion and a bad signature', async () => {
		const cases: Array<[string, RegExp]> = [
			[assertion({ tokenUrl: `${emulator.url}/other-tenant/oauth2/v2.0/token` }), /audience/],
			[assertion({ lifetimeSeconds: 3600 }), /^AADSTS700024: .*3600 seconds/],
			[
				assertion({ now: Date.now() - 20 * 60_000 }),
				/^AADSTS700024: Client assertion is not within its valid time range/,
			],
			[
				assertion({
					key: loadSigningMaterial({
						privateKey: unregistered.keyPem,
						publicCertificate: unregistered.certificatePem,
					}).key,
				}),
				/^AADSTS700027: Client assertion failed signature validation/,
			],
			[
				assertion({ clientId: emulator.tenant.apps[2].clientId }),
				/^AADSTS700027: .*key was not found/,
			],
		];
		for (const [jwt, message] of cases) {
			const answer = await postAssertion(jwt);
			expect(answer.status).toBe(401);
			expect(answer.body.error_description).toMatch(message);
		}
	});

	it('keeps client secrets working as before', async () => {
		const response = await fetch(tokenUrl(), {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: app().clientId,
				client_secret: app().clientSecret,
				scope: `${emulator.url}/.default`,
			}).toString(),
		});
		expect(response.status).toBe(200);
		expect(tokenLog()).toEqual([
			expect.objectContaining({ status: 200, body: { grant_type: 'client_credentials' } }),
		]);
	});
});

async function postAssertion(
	jwt: string,
	options: { host?: string } = {},
): Promise<{ status: number; body: { error_description?: string; access_token?: string } }> {
	const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as {
		iss: string;
	};
	const response = await fetch(`${emulator.url}/${emulator.tenant.id}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			...(options.host ? { 'X-Forwarded-Host': options.host } : {}),
		},
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: claims.iss,
			scope: options.host ? 'https://graph.microsoft.us/.default' : `${emulator.url}/.default`,
			client_assertion_type: CLIENT_ASSERTION_TYPE,
			client_assertion: jwt,
		}).toString(),
	});
	return { status: response.status, body: (await response.json()) as never };
}
