import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { CLIENT_ASSERTION_TYPE } from '../../../credentials/certificate';
import { CLOUDS, tokenUrlOf } from '../../../credentials/clouds';
import {
	CREDENTIAL_TEST_HEADER,
	MicrosoftGraphIntuneCertificateApi,
} from '../../../credentials/MicrosoftGraphIntuneCertificateApi.credentials';
import { encryptedKey, makeCertificate, secretLines } from '../../fixtures/certificates';

const DAY = 86_400_000;
const credential = new MicrosoftGraphIntuneCertificateApi();
const cert = makeCertificate();

const fields = (
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject => ({
	cloud: 'global',
	tenantId: 'contoso.onmicrosoft.com',
	clientId: 'app-1',
	privateKey: cert.keyPem,
	passphrase: '',
	identifyBy: 'certificate',
	publicCertificate: cert.certificatePem,
	algorithm: 'PS256',
	accessToken: '',
	...overrides,
});

/** A token endpoint that answers from a function, recording every request (no network). */
function fakeHelpers(
	answer: (request: IHttpRequestOptions) => { statusCode: number; body: unknown },
) {
	const requests: IHttpRequestOptions[] = [];
	const helper = {
		helpers: {
			httpRequest: async (request: IHttpRequestOptions) => {
				requests.push(request);
				return answer(request);
			},
		},
	} as unknown as IHttpRequestHelper;
	return { helper, requests };
}

const issued = () => ({ statusCode: 200, body: { access_token: 'tok-1', expires_in: 3600 } });

async function signIn(data: ICredentialDataDecryptedObject) {
	const { helper, requests } = fakeHelpers(issued);
	const output = await credential.preAuthentication.call(helper, data);
	return { output, requests, data: { ...data, ...output } as ICredentialDataDecryptedObject };
}

describe('the certificate credential', () => {
	it('is a credential of its own, not OAuth2, with an expirable token and a test', () => {
		expect(credential.name).toBe('microsoftGraphIntuneCertificateApi');
		expect((credential as { extends?: string[] }).extends).toBeUndefined();
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(byName.accessToken).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
		expect(byName.privateKey.typeOptions).toEqual({ password: true });
		expect(byName.passphrase.typeOptions).toEqual({ password: true });
		expect(byName.cloud.options!.map((o) => (o as { value: string }).value)).toEqual([
			...Object.keys(CLOUDS),
			'custom',
		]);
		expect(byName.publicCertificate.displayOptions).toEqual({
			show: { identifyBy: ['certificate'] },
		});
		expect(byName.thumbprint.displayOptions).toEqual({ show: { identifyBy: ['thumbprint'] } });
		expect(credential.test.request.url).toBe('/beta/deviceManagement/groupPolicyConfigurations');
		expect(credential.test.request.headers).toEqual({ [CREDENTIAL_TEST_HEADER]: '1' });
	});

	it.each([...Object.keys(CLOUDS), 'custom'])(
		'signs in at the %s token URL with a client assertion for that audience',
		async (cloud) => {
			const custom = {
				customLoginEndpoint: 'https://login.example/',
				customGraphEndpoint: 'https://graph.example',
			};
			const data = fields({ cloud, ...(cloud === 'custom' ? custom : {}) });
			const { output, requests } = await signIn(data);
			expect(requests).toHaveLength(1);
			const tokenUrl =
				cloud === 'custom'
					? 'https://login.example/contoso.onmicrosoft.com/oauth2/v2.0/token'
					: `${CLOUDS[cloud as keyof typeof CLOUDS].loginHost}/contoso.onmicrosoft.com/oauth2/v2.0/token`;
			expect(requests[0].url).toBe(tokenUrl);
			expect(tokenUrlOf(data as never)).toBe(tokenUrl);
			const form = new URLSearchParams(String(requests[0].body));
			const graph =
				cloud === 'custom'
					? 'https://graph.example'
					: CLOUDS[cloud as keyof typeof CLOUDS].graphRoot;
			expect(Object.fromEntries(form)).toMatchObject({
				grant_type: 'client_credentials',
				client_id: 'app-1',
				scope: `${graph}/.default`,
				client_assertion_type: CLIENT_ASSERTION_TYPE,
			});
			expect(form.has('client_secret')).toBe(false);
			const claims = JSON.parse(
				Buffer.from(form.get('client_assertion')!.split('.')[1], 'base64url').toString(),
			) as Record<string, unknown>;
			expect(claims.aud).toBe(tokenUrl);
			expect(output).toMatchObject({ accessToken: 'tok-1' });
			expect(output.signedInFor).toBe(`app-1 ${tokenUrl} ${graph}/.default`);
		},
	);

	it('renews five minutes before expiry, or at half the lifetime of a short-lived token', async () => {
		const before = Date.now();
		const { output } = await signIn(fields());
		expect(Number(output.renewAt) - Number(output.signedInAt)).toBe(3300_000);
		expect(Number(output.signedInAt)).toBeGreaterThanOrEqual(before);
		const { helper } = fakeHelpers(() => ({
			statusCode: 200,
			body: { access_token: 't', expires_in: 60 },
		}));
		const short = await credential.preAuthentication.call(helper, fields());
		expect(Number(short.renewAt) - Number(short.signedInAt)).toBe(30_000);
	});

	it('refuses a bad key, a wrong passphrase or a key that does not match, before any request', async () => {
		const otherCert = makeCertificate();
		for (const [data, message] of [
			[fields({ privateKey: 'nonsense' }), /does not hold a PEM private key/],
			[
				fields({
					privateKey: encryptedKey(cert.privateKey, 'right', 'pkcs8'),
					passphrase: 'wrong',
				}),
				/passphrase is wrong/,
			],
			[fields({ publicCertificate: otherCert.certificatePem }), /does not match the certificate/],
			[fields({ tenantId: '../evil' }), /Tenant ID/],
			[fields({ clientId: ' ' }), /Client ID is empty/],
			[
				fields({
					cloud: 'custom',
					customLoginEndpoint: 'http://login.example',
					customGraphEndpoint: 'https://g.example',
				}),
				/plain http/,
			],
		] as const) {
			const { helper, requests } = fakeHelpers(issued);
			await expect(credential.preAuthentication.call(helper, data)).rejects.toThrow(message);
			expect(requests).toHaveLength(0);
		}
	});

	it('turns a refusal of the token endpoint into the fix, and an unreachable one into a clean error', async () => {
		const refusing = fakeHelpers(() => ({
			statusCode: 401,
			body: {
				error: 'invalid_client',
				error_description:
					'AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found.]',
				error_codes: [700027],
			},
		}));
		const error = await credential.preAuthentication
			.call(refusing.helper, fields())
			.catch((e: Error) => e);
		expect(error.message).toMatch(/not one registered on the app app-1 \(AADSTS700027\)/);
		expect((error as { description?: string }).description).toContain(cert.sha1Hex);
		const unreachable = {
			helpers: {
				httpRequest: async () => {
					throw Object.assign(new Error('connect ECONNREFUSED'), {
						code: 'ECONNREFUSED',
						config: { data: 'client_assertion=eyJ...' },
					});
				},
			},
		} as unknown as IHttpRequestHelper;
		const down = await credential.preAuthentication
			.call(unreachable, fields())
			.catch((e: Error) => e);
		expect(down.message).toMatch(/Could not reach the token endpoint .* \(ECONNREFUSED\)/);
		expect(JSON.stringify(down)).not.toContain('client_assertion');
		expect((down as { cause?: unknown }).cause).toBeUndefined();
	});

	describe('authenticate', () => {
		const request = (headers: Record<string, string> = {}): IHttpRequestOptions => ({
			url: 'https://graph.microsoft.com/beta/deviceManagement/groupPolicyConfigurations',
			method: 'GET',
			headers,
		});
		const status = (error: unknown) =>
			(error as { response?: { status?: number } }).response?.status;

		it('adds the stored token as a bearer token', async () => {
			const { data } = await signIn(fields());
			const sent = await credential.authenticate(data, request({ Accept: 'application/json' }));
			expect(sent.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok-1' });
		});

		it('asks n8n to sign in again (a 401) when there is no token, it expires soon, or the settings changed', async () => {
			const { data } = await signIn(fields());
			for (const stale of [
				{ ...data, accessToken: '' },
				{ ...data, renewAt: Date.now() - 1 },
				{ ...data, clientId: 'app-2' },
				{ ...data, cloud: 'usGov' },
			]) {
				const error = await credential.authenticate(stale, request()).catch((e: Error) => e);
				expect(status(error)).toBe(401);
				expect((error as Error).message).toMatch(/must be renewed/);
			}
		});

		it('never sends the token to another host', async () => {
			const { data } = await signIn(fields());
			await expect(
				credential.authenticate(data, { url: 'https://evil.example/beta/x', method: 'GET' }),
			).rejects.toThrow(/only signs requests to https:\/\/graph\.microsoft\.com/);
			await expect(
				credential.authenticate(data, { url: 'https://graph.microsoft.com.evil.example/x' }),
			).rejects.toThrow(/only signs/);
			const relative = await credential.authenticate(data, {
				baseURL: 'https://graph.microsoft.com/',
				url: '/beta/x',
			});
			expect(relative.headers).toEqual({ Authorization: 'Bearer tok-1' });
		});

		it('in the credential test: signs in anew, removes the marker, and warns when the certificate expires soon', async () => {
			const { data } = await signIn(fields());
			const old = { ...data, signedInAt: Date.now() - 5 * 60_000 };
			const error = await credential
				.authenticate(old, request({ [CREDENTIAL_TEST_HEADER]: '1' }))
				.catch((e: Error) => e);
			expect(status(error)).toBe(401);
			const fresh = await credential.authenticate(data, request({ [CREDENTIAL_TEST_HEADER]: '1' }));
			expect(fresh.headers).toEqual({ Authorization: 'Bearer tok-1' });

			const soon = makeCertificate({
				key: cert.privateKey,
				notAfter: new Date(Date.now() + 9 * DAY + 3600_000),
			});
			const expiring = await signIn(fields({ publicCertificate: soon.certificatePem }));
			const warning = await credential
				.authenticate(expiring.data, request({ [CREDENTIAL_TEST_HEADER]: '1' }))
				.catch((e: Error) => e);
			expect((warning as Error).message).toMatch(
				/^Signed in, but the certificate expires in 9 days/,
			);
			expect(status(warning)).toBeUndefined();
			// Outside the test, the same credential keeps working.
			const sent = await credential.authenticate(expiring.data, request());
			expect(sent.headers).toEqual({ Authorization: 'Bearer tok-1' });
		});
	});

	it('never lets the key or passphrase into anything it returns or throws', async () => {
		const pem = encryptedKey(cert.privateKey, 'p@ss-phrase-42', 'pkcs1');
		const secrets = [...secretLines(pem), ...secretLines(cert.keyPem), 'p@ss-phrase-42'];
		const { output, requests } = await signIn(
			fields({ privateKey: pem, passphrase: 'p@ss-phrase-42' }),
		);
		const seen: string[] = [JSON.stringify(output), JSON.stringify(requests)];
		for (const data of [
			fields({ privateKey: pem, passphrase: 'wrong' }),
			fields({ privateKey: pem, passphrase: '' }),
			fields({ privateKey: pem.replace('Proc-Type', 'Proc-Typo'), passphrase: 'p@ss-phrase-42' }),
		]) {
			const error = await credential.preAuthentication
				.call(fakeHelpers(issued).helper, data)
				.catch((e: Error) => e);
			seen.push(
				String(error),
				JSON.stringify(error),
				String((error as { description?: string }).description),
			);
		}
		const text = seen.join('\n');
		for (const secret of secrets) expect(text).not.toContain(secret);
	});
});
