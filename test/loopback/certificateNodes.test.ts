import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { MicrosoftIntuneGroupPolicyTrigger } from '../../nodes/MicrosoftIntuneGroupPolicyTrigger/MicrosoftIntuneGroupPolicyTrigger.node';
import { CLIENT_ASSERTION_TYPE } from '../emulator/identity';
import { GraphEmulator } from '../emulator/emulator';
import { CHAIN, uploadParameters } from '../fixtures/admx';
import { encryptedKey, makeCertificate, secretLines } from '../fixtures/certificates';
import {
	emulatorCertificateCredentials,
	emulatorCredentials,
} from '../helpers/emulatorCredentials';
import type { TestCredentials } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';
import { createLoadOptionsContext } from '../helpers/loadOptionsContext';
import { createPollContext } from '../helpers/pollContext';
import { createOnSeededFile } from '../helpers/seededTarget';

/*
 * The nodes signed in with the certificate credential (Authentication: Certificate) against the emulator over
 * loopback: create, ADMX upload, the trigger and a dropdown, the token renewed before it expires and after a
 * 401, and the refusals, with nothing sent to Graph when the key or certificate is wrong.
 */

jest.setTimeout(60_000);

const DAY = 86_400_000;
const PROCESSING_MS = 200;
let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: PROCESSING_MS } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const cert = makeCertificate({ commonName: 'n8n-intune' });
const stranger = makeCertificate({ commonName: 'not registered' });
const certificate = (overrides: Partial<TestCredentials> = {}) =>
	emulatorCertificateCredentials(emulator, cert, 0, overrides);

async function run(credentials: TestCredentials, parameters: IDataObject, continueOnFail = false) {
	const test = createExecuteContext({
		credentials,
		parameters: { authentication: 'certificate', ...parameters },
		continueOnFail,
	});
	const output = await new MicrosoftIntuneGroupPolicy().execute.call(test.context);
	return { items: output[0].map((item) => item.json), test };
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the run to fail');
}

const tokenRequests = () => emulator.log.filter((e) => e.path.includes('/oauth2/'));
const graphRequests = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));

describe('the nodes signed in with a certificate', () => {
	it('create: signs in with a client assertion and creates the operation as the app', async () => {
		const { items, test } = await run(certificate(), createOnSeededFile);
		expect(items).toEqual([
			expect.objectContaining({ operationType: 'upload', operationStatus: 'inProgress' }),
		]);
		expect(tokenRequests()).toEqual([
			expect.objectContaining({
				status: 200,
				body: { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE },
			}),
		]);
		const [create] = emulator.creates();
		expect(create).toMatchObject({ clientId: emulator.tenant.apps[0].clientId, tokenKind: 'app' });
		expect(test.tokenFetches).toBe(1);
	});

	it('create gives the same output as with the client secret', async () => {
		const secret = createExecuteContext({
			credentials: emulatorCredentials(emulator),
			parameters: createOnSeededFile,
		});
		const [withSecret] = (await new MicrosoftIntuneGroupPolicy().execute.call(secret.context))[0];
		const { items } = await run(certificate({ algorithm: 'RS256' }), createOnSeededFile);
		const shape = (json: IDataObject) => Object.keys(json).sort();
		expect(shape(items[0])).toEqual(shape(withSecret.json));
	});

	it('ADMX upload: uploads, waits for the verdict, with an encrypted PKCS#1 key', async () => {
		const credentials = certificate({
			privateKey: encryptedKey(cert.privateKey, 'admx pass', 'pkcs1'),
			passphrase: 'admx pass',
		});
		const { items } = await run(credentials, uploadParameters('contoso-base', CHAIN.base));
		expect(items[0]).toMatchObject({ fileName: 'contoso-base.admx', status: 'available' });
		const upload = graphRequests().find((e) => e.method === 'POST');
		expect(upload).toMatchObject({ status: 201, tokenKind: 'app' });
	});

	it('the trigger: polls with the certificate and sees the upload', async () => {
		const staticData: IDataObject = {};
		const trigger = new MicrosoftIntuneGroupPolicyTrigger();
		const parameters = { authentication: 'certificate', events: ['uploadSucceeded'] };
		const first = createPollContext(certificate(), parameters, staticData);
		expect(await trigger.poll.call(first.context)).toBeNull();
		await run(certificate(), uploadParameters('contoso-trigger', CHAIN.base));
		const second = createPollContext(certificate(), parameters, staticData);
		const events = (await trigger.poll.call(second.context))?.[0].map((item) => item.json);
		expect(events).toEqual([
			expect.objectContaining({
				event: 'uploadSucceeded',
				file: expect.objectContaining({ fileName: 'contoso-trigger.admx', status: 'available' }),
			}),
		]);
		expect(tokenRequests().every((e) => e.clientId === emulator.tenant.apps[0].clientId)).toBe(
			true,
		);
	});

	it('a dropdown (list search) signs in with the certificate too', async () => {
		const node = new MicrosoftIntuneGroupPolicy();
		const { context } = createLoadOptionsContext(certificate(), { authentication: 'certificate' });
		const result = await node.methods.listSearch.searchGroupPolicyConfigurations.call(context);
		expect(result.results.length).toBeGreaterThan(0);
		expect(tokenRequests()).toEqual([
			expect.objectContaining({
				body: expect.objectContaining({ client_assertion_type: CLIENT_ASSERTION_TYPE }),
			}),
		]);
	});

	it('without the Authentication parameter a node asks for the OAuth2 credential, as saved workflows do', async () => {
		const test = createExecuteContext({
			credentials: certificate(),
			parameters: createOnSeededFile,
		});
		const error = await failure(new MicrosoftIntuneGroupPolicy().execute.call(test.context));
		expect(error.message).toMatch(
			/does not have any credentials of type "microsoftGraphIntuneOAuth2Api"/,
		);
		expect(emulator.log).toEqual([]);
	});

	it('renews the token before it expires, within one run, with no 401 from Graph', async () => {
		emulator.configure({ tokenLifetimeSeconds: 2 });
		const test = createExecuteContext({
			credentials: certificate(),
			parameters: { authentication: 'certificate', ...createOnSeededFile },
		});
		const node = new MicrosoftIntuneGroupPolicy();
		await node.execute.call(test.context);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		await node.execute.call(test.context);
		expect(test.tokenFetches).toBe(2);
		expect(graphRequests().filter((e) => e.status === 401)).toEqual([]);
	});

	it('signs in again after a 401 from Graph and the item succeeds', async () => {
		const test = createExecuteContext({
			credentials: certificate(),
			parameters: { authentication: 'certificate', ...createOnSeededFile },
		});
		const node = new MicrosoftIntuneGroupPolicy();
		await node.execute.call(test.context);
		emulator.identity.expireAllTokens();
		const [[item]] = await node.execute.call(test.context);
		expect(item.json).toMatchObject({ operationType: 'upload' });
		expect(test.tokenFetches).toBe(2);
		expect(graphRequests().some((e) => e.status === 401)).toBe(true);
	});

	describe('refusals', () => {
		it.each([
			['a key that does not parse', { privateKey: 'not a key' }, /does not hold a PEM private key/],
			[
				'a wrong passphrase',
				{ privateKey: encryptedKey(cert.privateKey, 'right', 'pkcs8'), passphrase: 'wrong' },
				/passphrase is wrong/,
			],
			[
				'a key that does not match the certificate',
				{ publicCertificate: stranger.certificatePem },
				/private key does not match the certificate/,
			],
		])('%s: the item fails with the fix and nothing is sent', async (_, overrides, message) => {
			const error = await failure(run(certificate(overrides), createOnSeededFile));
			expect(error.message).toMatch(message);
			expect(error.description).toBeTruthy();
			expect(emulator.log).toEqual([]);
		});

		it('an expired certificate: refused before any request, with how to renew it', async () => {
			const expired = makeCertificate({
				key: cert.privateKey,
				notBefore: new Date(Date.now() - 400 * DAY),
				notAfter: new Date(Date.now() - 3 * DAY),
			});
			const error = await failure(
				run(certificate({ publicCertificate: expired.certificatePem }), createOnSeededFile),
			);
			expect(error.message).toMatch(/^The certificate expired on/);
			expect(error.description).toMatch(/upload it under Certificates & secrets/);
			expect(emulator.log).toEqual([]);
		});

		it('AADSTS700027: a certificate not registered on the app; Graph is not called', async () => {
			const credentials: TestCredentials = {
				...certificate(),
				privateKey: stranger.keyPem,
				publicCertificate: stranger.certificatePem,
			};
			const error = await failure(run(credentials, createOnSeededFile));
			expect(error.message).toMatch(/it is not one registered on the app .* \(AADSTS700027\)/);
			expect(error.description).toContain(`thumbprint ${stranger.sha1Hex}`);
			expect(graphRequests()).toEqual([]);
			expect(tokenRequests()).toHaveLength(1);
		});

		it('AADSTS700024: the clock of the machine is named as the cause', async () => {
			emulator.identity.now = () => Date.now() - 20 * 60_000;
			try {
				const error = await failure(run(certificate(), createOnSeededFile));
				expect(error.message).toMatch(/clock is probably wrong \(AADSTS700024\)/);
				expect(error.description).toMatch(/NTP/);
			} finally {
				emulator.identity.now = () => Date.now();
			}
			expect(graphRequests()).toEqual([]);
		});

		it("with Continue On Fail the refusal is the item's output, and no key shows in it", async () => {
			const pem = encryptedKey(cert.privateKey, 'hidden phrase', 'pkcs8');
			const { items } = await run(
				certificate({ privateKey: pem, passphrase: 'not it' }),
				createOnSeededFile,
				true,
			);
			expect(items[0].error).toMatch(/passphrase is wrong/);
			const text = JSON.stringify(items);
			for (const secret of [...secretLines(pem), 'hidden phrase', 'not it']) {
				expect(text).not.toContain(secret);
			}
		});
	});
});
