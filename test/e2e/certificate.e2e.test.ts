import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { CLOUDS } from '../../credentials/clouds';
import { CloudProxy } from '../emulator/cloudProxy';
import { IDS } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { CLIENT_ASSERTION_TYPE } from '../emulator/identity';
import { adml, admx, CHAIN } from '../fixtures/admx';
import { encryptedKey, makeCertificate, secretLines } from '../fixtures/certificates';
import type { N8nInstance } from './harness/n8n';
import { ensureN8n, N8nInstance as Instance, nodeRun, packPackage } from './harness/n8n';
import type { Workflow } from './harness/workflows';
import { REFUSED_UPLOAD, until, uploadRefusedFile } from './harness/trigger';
import {
	createParameters,
	exampleWorkflow,
	itemsWorkflow,
	uploadParameters,
} from './harness/workflows';

/*
 * The certificate credential with the packed package in real n8n, against the emulator: credentials made through
 * n8n's REST API as the editor's credential dialog makes them, n8n's own credential test, a create, an ADMX upload
 * and the published trigger, each signed in with a client assertion. n8n runs behind the cloud proxy
 * (HTTPS_PROXY, its CA through NODE_EXTRA_CA_CERTS), so a credential of each Microsoft cloud signs in at that
 * cloud's own token URL and reads that cloud's Graph.
 */

jest.setTimeout(300_000);

const DAY = 86_400_000;
const UPLOADS = '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles';
const CERTIFICATE_TYPE = 'microsoftGraphIntuneCertificateApi';

const cert = makeCertificate({ commonName: 'n8n-intune e2e' });
// The same key under a certificate that expires in ten days: n8n's credential test says so.
const soon = makeCertificate({
	key: cert.privateKey,
	commonName: 'n8n-intune e2e soon',
	notBefore: new Date(Date.now() - 355 * DAY),
	notAfter: new Date(Date.now() + 10 * DAY + 3_600_000),
});
const stranger = makeCertificate({ commonName: 'not registered' });
const PASSPHRASE = 'e2e passphrase';

let emulator: GraphEmulator;
let proxy: CloudProxy;
let n8n: N8nInstance;
let packDir: string;
/** Credential IDs n8n gave, by name. */
const ids: Record<string, string> = {};
let triggerCase: Promise<void>;

const tokenCalls = () => emulator.log.filter((e) => e.path.includes('/oauth2/v2.0/token'));
const assertionSignIns = () =>
	tokenCalls().filter(
		(e) =>
			(e.body as { client_assertion_type?: string })?.client_assertion_type ===
			CLIENT_ASSERTION_TYPE,
	);

function certificateData(overrides: Record<string, unknown> = {}) {
	const app = emulator.tenant.apps[0];
	return {
		cloud: 'custom',
		customGraphEndpoint: emulator.url,
		customLoginEndpoint: emulator.url,
		tenantId: emulator.tenant.id,
		clientId: app.clientId,
		privateKey: encryptedKey(cert.privateKey, PASSPHRASE, 'pkcs8'),
		passphrase: PASSPHRASE,
		identifyBy: 'certificate',
		publicCertificate: cert.certificatePem,
		algorithm: 'PS256',
		...overrides,
	};
}

/** A node of a workflow switched to Authentication: Certificate with the named credential. */
function signInWithCertificate<W extends Workflow>(
	workflow: W,
	nodeName: string,
	credentialName: string,
) {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`${workflow.id} has no node ${nodeName}`);
	node.parameters.authentication = 'certificate';
	node.credentials = { [CERTIFICATE_TYPE]: { id: ids[credentialName], name: credentialName } };
	return workflow;
}

const cloudCredential = (cloud: string) => `Intune certificate (${cloud})`;
/** A workflow ID of n8n's length (16) per cloud. */
const cloudWorkflow = (cloud: string) =>
	`certCloud${Object.keys(CLOUDS).indexOf(cloud)}`.padEnd(16, '0');
/** The trigger signs in as an app registration of its own, so that its polls are told apart. */
const TRIGGER_APP = 1;

beforeAll(async () => {
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	const tarball = packPackage(packDir);
	emulator = await new GraphEmulator({ admx: { processingMs: 500 } }).start();
	emulator.identity.registerCertificate(emulator.tenant.apps[0].clientId, cert.certificatePem);
	emulator.identity.registerCertificate(emulator.tenant.apps[0].clientId, soon.certificatePem);
	emulator.identity.registerCertificate(
		emulator.tenant.apps[TRIGGER_APP].clientId,
		cert.certificatePem,
	);
	proxy = await new CloudProxy(() => emulator.url).start();
	const caFile = join(packDir, 'clouds-ca.pem');
	writeFileSync(caFile, proxy.caPem);
	n8n = Instance.create(runtime, tarball, {
		HTTPS_PROXY: proxy.url,
		NO_PROXY: 'localhost,127.0.0.1',
		NODE_EXTRA_CA_CERTS: caFile,
	});
	await n8n.start();
	await n8n.setUpOwner();

	const credentials: Array<{ name: string; data: Record<string, unknown> }> = [
		{ name: 'Intune certificate', data: certificateData() },
		{
			name: 'Intune certificate (trigger)',
			data: certificateData({ clientId: emulator.tenant.apps[TRIGGER_APP].clientId }),
		},
		{
			name: 'Intune certificate (PKCS#1, RS256)',
			data: certificateData({ privateKey: cert.pkcs1Pem, passphrase: '', algorithm: 'RS256' }),
		},
		{
			name: 'Intune certificate expiring',
			data: certificateData({ publicCertificate: soon.certificatePem }),
		},
		{
			name: 'Intune certificate not registered',
			data: certificateData({
				privateKey: stranger.keyPem,
				passphrase: '',
				publicCertificate: stranger.certificatePem,
			}),
		},
		...Object.keys(CLOUDS).map((cloud) => ({
			name: cloudCredential(cloud),
			data: certificateData({ cloud, customGraphEndpoint: '', customLoginEndpoint: '' }),
		})),
	];
	for (const credential of credentials) {
		ids[credential.name] = await n8n.createCredential({ ...credential, type: CERTIFICATE_TYPE });
	}

	const create = itemsWorkflow({
		id: 'certCreate000001',
		items: [1, 2].map((n) => ({
			configurationId: IDS.configuration,
			definitionValueId: IDS.definitionValue,
			presentationValueId: IDS.presentationValue,
			ticket: `CERT-${n}`,
		})),
		parameters: createParameters,
	});
	const upload = itemsWorkflow({
		id: 'certUpload000001',
		items: [{ name: 'contoso-base', admx: admx(CHAIN.base), adml: adml(CHAIN.base) }],
		parameters: uploadParameters(),
	});
	const rs256 = itemsWorkflow({
		id: 'certRs256Create1',
		items: [{ ...target(), ticket: 'CERT-RS256' }],
		parameters: createParameters,
	});
	const refused = itemsWorkflow({
		id: 'certRefused00001',
		items: [{ ...target(), ticket: 'CERT-REFUSED' }],
		parameters: createParameters,
	});
	const perCloud = Object.keys(CLOUDS).map((cloud) =>
		signInWithCertificate(
			itemsWorkflow({
				id: cloudWorkflow(cloud),
				items: [{}],
				parameters: {
					resource: 'groupPolicyConfiguration',
					operation: 'getAll',
					returnAll: false,
					limit: 2,
				},
			}) as unknown as Workflow,
			'Intune',
			cloudCredential(cloud),
		),
	);
	const trigger = exampleWorkflow('trigger-upload-failed-to-ticket.json');
	trigger.id = 'certTriggerFail1';
	trigger.nodes.find((n) => n.name === 'Open ticket')!.parameters.url =
		`${emulator.url}/ticketing/tickets/new/comments`;
	signInWithCertificate(trigger, 'ADMX upload failed', 'Intune certificate (trigger)');

	await n8n.createWorkflows([
		signInWithCertificate(create as unknown as Workflow, 'Intune', 'Intune certificate'),
		signInWithCertificate(upload as unknown as Workflow, 'Intune', 'Intune certificate'),
		signInWithCertificate(
			rs256 as unknown as Workflow,
			'Intune',
			'Intune certificate (PKCS#1, RS256)',
		),
		signInWithCertificate(
			refused as unknown as Workflow,
			'Intune',
			'Intune certificate not registered',
		),
		...perCloud,
		trigger,
	] as never);
	triggerCase = refusedUploadOpensOneTicket();
	// Awaited by its test, last in this file; until then a failure must not count as unhandled.
	triggerCase.catch(() => undefined);
});

afterAll(async () => {
	await n8n?.dispose();
	await proxy?.stop();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

function target() {
	return {
		configurationId: IDS.configuration,
		definitionValueId: IDS.definitionValue,
		presentationValueId: IDS.presentationValue,
	};
}

describe('the certificate credential in real n8n', () => {
	it("n8n's credential test signs in with the client assertion and passes", async () => {
		const before = assertionSignIns().length;
		const started = Date.now();
		const result = await n8n.testCredential(ids['Intune certificate']);
		const elapsed = Date.now() - started;
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		expect(assertionSignIns().length).toBe(before + 1);
		process.stdout.write(`[certificate e2e] credential test with a sign-in: ${elapsed} ms\n`);
	});

	it('the credential test warns, with the days left, when the certificate expires soon', async () => {
		const result = await n8n.testCredential(ids['Intune certificate expiring']);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Signed in, but the certificate expires in 10 days \(/);
		expect(result.message).toContain(soon.sha1Hex);
	});

	it('create: two operations made as the app, with one sign-in that the next run reuses', async () => {
		const signInsBefore = assertionSignIns().length;
		const first = await n8n.run('certCreate000001');
		expect(first.status).toBe('success');
		const output = nodeRun(first.run, 'Intune')!.data!.main[0];
		expect(output.map((o) => o.json.statusDetails)).toEqual(['CERT-1', 'CERT-2']);
		const creates = emulator.creates();
		expect(creates).toHaveLength(2);
		for (const create of creates) {
			expect(create).toMatchObject({
				clientId: emulator.tenant.apps[0].clientId,
				tokenKind: 'app',
			});
		}
		// The credential test's sign-in stored a token: the run used it, or signed in once.
		expect(assertionSignIns().length - signInsBefore).toBeLessThanOrEqual(1);
		const afterFirst = assertionSignIns().length;
		const second = await n8n.run('certCreate000001');
		expect(second.status).toBe('success');
		// n8n stored the token in the credential: the second run signs in no more.
		expect(assertionSignIns().length).toBe(afterFirst);
	});

	it('ADMX upload: the file is uploaded and Intune says available', async () => {
		const result = await n8n.run('certUpload000001');
		expect(result.status).toBe('success');
		const run = nodeRun(result.run, 'Intune')!;
		expect(run.data!.main[0][0].json).toMatchObject({
			fileName: 'contoso-base.admx',
			status: 'available',
		});
		const post = emulator.log.find((e) => e.method === 'POST' && e.path === UPLOADS);
		expect(post).toMatchObject({ status: 201, tokenKind: 'app' });
	});

	it('a PKCS#1 key signing RS256 signs in too', async () => {
		const result = await n8n.run('certRs256Create1');
		expect(result.status).toBe('success');
		const run = nodeRun(result.run, 'Intune')!;
		expect(run.data!.main[0][0].json).toMatchObject({ statusDetails: 'CERT-RS256' });
	});

	it('AADSTS700027: a certificate not registered on the app fails the node with the fix, no key shown', async () => {
		const graphBefore = emulator.log.filter((e) => e.path.startsWith('/beta/')).length;
		const result = await n8n.run('certRefused00001');
		expect(result.status).toBe('error');
		const run = nodeRun(result.run, 'Intune')!;
		expect(run.error?.message).toMatch(/not one registered on the app .*\(AADSTS700027\)/);
		expect(run.error?.description).toContain(stranger.sha1Hex);
		expect(emulator.log.filter((e) => e.path.startsWith('/beta/')).length).toBe(graphBefore);
		for (const line of secretLines(stranger.keyPem)) {
			expect(result.output).not.toContain(line);
			expect(n8n.output).not.toContain(line);
		}
	});

	it.each(Object.entries(CLOUDS))(
		"%s: signs in at the cloud's own token URL and reads its Graph",
		async (cloud, endpoints) => {
			const proxied = proxy.log.length;
			const result = await n8n.run(cloudWorkflow(cloud));
			expect(result.status).toBe('success');
			const run = nodeRun(result.run, 'Intune')!;
			expect(run.data!.main[0].length).toBeGreaterThan(0);
			const hosts = proxy.log.slice(proxied).map((e) => `${e.host} ${e.status}`);
			expect(hosts[0]).toBe(`${new URL(endpoints.loginHost).host} 200`);
			expect(hosts.slice(1).every((h) => h === `${new URL(endpoints.graphRoot).host} 200`)).toBe(
				true,
			);
			expect(hosts.length).toBeGreaterThan(1);
		},
	);
});

/*
 * The published trigger, signed in with the certificate: n8n polls at once, then every minute. It runs beside the
 * cases above; its test, last, waits for what is left. An upload that Intune refuses opens one ticket.
 */

const triggerPolls = () =>
	emulator.log.filter(
		(e) =>
			e.method === 'GET' &&
			e.path === UPLOADS &&
			e.clientId === emulator.tenant.apps[TRIGGER_APP].clientId,
	);
const polls = () => triggerPolls().length;

async function refusedUploadOpensOneTicket(): Promise<void> {
	await n8n.publish('certTriggerFail1');
	// The poll at activation, then the first scheduled one, record where the tenant is.
	await until(() => polls() >= 2, 150_000);
	expect(polls()).toBeGreaterThanOrEqual(2);
	uploadRefusedFile(emulator);
	await until(() => emulator.tickets.comments.length > 0, 150_000);
	expect(emulator.tickets.comments).toHaveLength(1);
	expect(emulator.tickets.comments[0].body).toMatchObject({
		short_description: `Intune refused ${REFUSED_UPLOAD.fileName}`,
		namespace: REFUSED_UPLOAD.namespace,
	});
}

describe('the trigger signed in with a certificate', () => {
	it('polls on its schedule and opens one ticket when Intune refuses an upload', async () => {
		await triggerCase;
		// Every poll was made with an app token that a client assertion got, and n8n kept that token.
		expect(triggerPolls().every((e) => e.tokenKind === 'app' && e.status === 200)).toBe(true);
		const triggerApp = emulator.tenant.apps[TRIGGER_APP].clientId;
		const signIns = assertionSignIns().filter((e) => e.clientId === triggerApp);
		expect(signIns.length).toBe(1);
		process.stdout.write(
			`[certificate e2e] trigger: ${polls()} polls, ${signIns.length} sign-in\n`,
		);
	}, 300_000);
});
