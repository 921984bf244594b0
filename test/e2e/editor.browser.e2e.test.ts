import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { IDS, seedDataset } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { adml, admx, CHAIN } from '../fixtures/admx';
import { FABRIKAM_PATHS, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import { encryptedKey, makeCertificate, secretLines } from '../fixtures/certificates';
import { launchChromium } from './harness/browser';
import type { N8nInstance } from './harness/n8n';
import { emulatorCredential } from './harness/workflows';
import {
	ensureN8n,
	N8nInstance as Instance,
	NODE_TYPE,
	OWNER,
	packPackage,
	REPO_ROOT,
} from './harness/n8n';

/*
 * n8n's own editor in headless Chromium: an admin connects a delegated credential through the emulator's sign-in
 * page (the authorization-code flow end to end), picks the three IDs from the dropdowns, runs the node and sees the
 * created operation; an app-only credential uploads an ADMX file; and a Set Settings node shows a chosen setting's
 * inputs as fields, which are filled in and written to a profile. The screenshots are the README's pictures.
 */

jest.setTimeout(300_000);

// The editor's pages and test ids are those of n8n 2.x, which CI runs; the CLI and webhook suite covers n8n 1.x.
const onN8n1 = (process.env.N8N_VERSION ?? '').startsWith('1.');
const describeEditor = onN8n1 ? describe.skip : describe;

const SCREENSHOTS = join(REPO_ROOT, 'examples/images');
const WORKFLOW_ID = 'browserWorkflow1';
const NODE_ID = 'b2';
const ADMX_WORKFLOW_ID = 'browserAdmx00001';
const ADMX_NODE_ID = 'u2';
const PROFILE_WORKFLOW_ID = 'browserProfile01';
const PROFILE_NODE_ID = 's2';
const CERT_WORKFLOW_ID = 'browserCert00001';
const CERT_NODE_ID = 'c2';
const cert = makeCertificate({ commonName: 'n8n-intune' });
const CERT_PASSPHRASE = 'browser passphrase';

let emulator: GraphEmulator;
let n8n: N8nInstance;
let browser: Browser;
/** One browser context for both cases: the second loads the editor's scripts from its cache. */
let context: BrowserContext;
let url: string;
let packDir: string;

/** The ADMX upload workflow, signing in with the credential of that ID. */
const admxWorkflow = (credentialId: string) => ({
	id: ADMX_WORKFLOW_ID,
	name: 'Upload an ADMX file from the editor',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'u1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: ADMX_NODE_ID,
			name: 'Upload ADMX File',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [300, 0],
			parameters: {
				resource: 'groupPolicyUploadedDefinitionFile',
				operation: 'upload',
				admxSource: 'text',
				admxText: admx(CHAIN.base),
				admxFileName: 'contoso-base.admx',
				admlSource: 'text',
				admlText: adml(CHAIN.base),
				admlFileName: 'contoso-base.adml',
			},
			credentials: {
				microsoftGraphIntuneOAuth2Api: { id: credentialId, name: 'Intune app-only' },
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Upload ADMX File', type: 'main', index: 0 }]] },
	},
});

/** A Set Settings node on the profile of that ID, signing in with the credential of that ID. */
const profileWorkflow = (credentialId: string, profileId: string, profileName: string) => ({
	id: PROFILE_WORKFLOW_ID,
	name: 'Set a setting of a profile from the editor',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 's1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: PROFILE_NODE_ID,
			name: 'Set Settings',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [300, 0],
			parameters: {
				resource: 'groupPolicyConfiguration',
				operation: 'setSettings',
				groupPolicyConfigurationId: {
					__rl: true,
					mode: 'list',
					value: profileId,
					cachedResultName: profileName,
				},
			},
			credentials: {
				microsoftGraphIntuneOAuth2Api: { id: credentialId, name: 'Intune app-only (profiles)' },
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Set Settings', type: 'main', index: 0 }]] },
	},
});

/** The ADMX upload signing in with a certificate, its credential not made yet: the editor offers to make it. */
const certificateWorkflow = () => {
	const workflow = admxWorkflow('');
	const node = workflow.nodes[1] as Record<string, unknown> & {
		parameters: Record<string, unknown>;
	};
	delete node.credentials;
	node.id = CERT_NODE_ID;
	const spec = { prefix: 'contosocert', namespace: 'Contoso.Policies.Certificate' };
	node.parameters = {
		authentication: 'certificate',
		...node.parameters,
		admxText: admx(spec),
		admxFileName: 'contoso-cert.admx',
		admlText: adml(spec),
		admlFileName: 'contoso-cert.adml',
	};
	return {
		...workflow,
		id: CERT_WORKFLOW_ID,
		name: 'Upload an ADMX file signed in with a certificate',
	};
};

/** The workflow whose node the first case fills in from the dropdowns. */
const EDITOR_WORKFLOW = {
	id: WORKFLOW_ID,
	name: 'Intune from the editor',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'b1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: NODE_ID,
			name: 'Create Group Policy Operation',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [300, 0],
			parameters: { resource: 'groupPolicyOperation', operation: 'create' },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Create Group Policy Operation', type: 'main', index: 0 }]] },
	},
};

beforeAll(async () => {
	if (onN8n1) return;
	const runtime = ensureN8n();
	packDir = mkdtempSync(join(tmpdir(), 'intune-pack-'));
	const tarball = packPackage(packDir);
	// 62 configurations, at most 10 per Graph page: the list has to page.
	emulator = await new GraphEmulator({
		maxPageSize: 10,
		dataset: () => seedDataset({ extraConfigurations: 60 }),
	}).start();
	n8n = Instance.create(runtime, tarball);
	// Chromium starts while n8n boots: neither needs the other yet.
	[url, browser] = await Promise.all([n8n.start(), launchChromium()]);
	context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await n8n.setUpOwner(url);
	await n8n.createWorkflows([EDITOR_WORKFLOW]);
	mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
	await emulator?.stop();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

/**
 * Opens a page of the editor signed out, as from a link: n8n asks to sign in, then opens the page. (Each load of
 * the editor is seconds of script work for Chromium on a small machine; this way there is one per case.)
 */
async function signInTo(page: Page, path: string) {
	await page.goto(`${url}${path}`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((address) => address.pathname === path);
}

async function connectDelegatedCredential(page: Page) {
	await page.getByText('Connect to Microsoft Graph (Intune)').click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.getByTestId('grantType').click();
	await page.getByRole('option', { name: 'Intune Admin (Delegated)' }).click();
	await modal.getByTestId('cloud').click();
	await page.getByRole('option', { name: 'Custom' }).click();
	const app = emulator.tenant.apps[0];
	const fields: Array<[string, string]> = [
		['customGraphEndpoint', emulator.url],
		['customLoginEndpoint', emulator.url],
		['tenantId', emulator.tenant.id],
		['clientId', app.clientId],
		['clientSecret', app.clientSecret],
	];
	for (const [name, value] of fields) await modal.getByTestId(name).locator('input').fill(value);
	await modal.getByTestId('grantType').scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SCREENSHOTS, 'credential.png') });
	// "Connect" opens the identity platform's sign-in page in a popup; the admin accepts there.
	const popupOpened = page.waitForEvent('popup');
	await modal.getByTestId('oauth-not-connected-banner').getByRole('button').first().click();
	const popup = await popupOpened;
	await popup.locator('#accept').click();
	await page
		.getByTestId('node-credentials-select')
		.waitFor({ state: 'visible' })
		.catch(() => undefined);
	await page.getByText('Credential successfully created').waitFor();
}

async function openList(page: Page, parameter: string) {
	await page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-input').click();
	await page.getByTestId('rlc-item').first().waitFor();
}

/** Waits until `read` returns something `accept`s, then returns it (or the last value after the timeout). */
async function eventually<T>(
	read: () => Promise<T>,
	accept: (value: T) => boolean,
	timeoutMs = 15_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!accept(value) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 250));
		value = await read();
	}
	return value;
}

async function itemNames(page: Page): Promise<string[]> {
	return (await page.getByTestId('rlc-item').allInnerTexts()).map((t) => t.trim());
}

/** The names the open list shows once it shows `expected`: a list just closed may linger a moment. */
async function listedNames(page: Page, expected: string[]): Promise<string[]> {
	return await eventually(
		async () => await itemNames(page),
		(names) => JSON.stringify(names) === JSON.stringify(expected),
	);
}

describeEditor('in the n8n editor (headless Chromium)', () => {
	it('connects a delegated credential, picks the IDs from the dropdowns and creates the operation', async () => {
		// Signed out, as a new browser would be; only the cached scripts carry over.
		await context.clearCookies();
		const page = await context.newPage();
		await signInTo(page, `/workflow/${WORKFLOW_ID}/${NODE_ID}`);
		await connectDelegatedCredential(page);

		const grants = emulator.log
			.filter((e) => e.path.endsWith('/oauth2/v2.0/token'))
			.map((e) => (e.body as { grant_type: string }).grant_type);
		expect(grants).toEqual(['authorization_code']);

		// Configurations: human names, and more pages when the list is scrolled to its end.
		await openList(page, 'groupPolicyConfigurationId');
		await page.screenshot({ path: join(SCREENSHOTS, 'dropdown-configurations.png') });
		expect((await itemNames(page)).slice(0, 3)).toEqual([
			'Contoso LOB baseline',
			'Windows hardening',
			'Branch office 01',
		]);
		const items = async () => await page.getByTestId('rlc-item').count();
		for (let i = 0, shown = await items(); i < 10 && shown < 62; i++) {
			await page.getByTestId('rlc-item').last().scrollIntoViewIfNeeded();
			// Scrolled to its end, the list asks Graph for its next page: wait for the rows to grow.
			shown = await eventually(items, (count) => count > shown, 5_000);
		}
		expect(await page.getByTestId('rlc-item').count()).toBe(62);
		expect(
			emulator.log.some(
				(e) => e.path.endsWith('/groupPolicyConfigurations') && e.query.includes('skiptoken=30'),
			),
		).toBe(true);

		// Searching narrows the list to matching names.
		await page.getByTestId('rlc-search').fill('contoso');
		expect(
			await eventually(
				async () => await itemNames(page),
				(names) => names.length === 1,
			),
		).toEqual(['Contoso LOB baseline']);
		await page.screenshot({ path: join(SCREENSHOTS, 'dropdown-search.png') });
		await page.getByTestId('rlc-item').filter({ hasText: 'Contoso LOB baseline' }).click();

		// Definition values of that configuration, named after their definitions, with their state.
		await openList(page, 'groupPolicyDefinitionValueId');
		const values = ['Contoso: Update channel (Enabled)', 'Contoso: Telemetry level (Disabled)'];
		expect(await listedNames(page, values)).toEqual(values);
		await page.screenshot({ path: join(SCREENSHOTS, 'dropdown-definition-values.png') });
		await page.getByTestId('rlc-item').filter({ hasText: 'Contoso: Update channel' }).click();

		// Presentation values of that setting, named by their labels.
		await openList(page, 'groupPolicyPresentationValueId');
		const presentations = ['Channel name', 'Allow preview builds'];
		expect(await listedNames(page, presentations)).toEqual(presentations);
		await page.getByTestId('rlc-item').filter({ hasText: 'Channel name' }).click();

		await page.getByTestId('node-execute-button').click();
		await page
			.getByTestId('output-panel')
			.getByText('operationStatus')
			.first()
			.waitFor({ timeout: 60_000 });
		await page.screenshot({ path: join(SCREENSHOTS, 'output.png') });

		const creates = emulator.creates();
		expect(creates).toHaveLength(1);
		expect(creates[0].tokenKind).toBe('delegated');
		expect(creates[0].path).toBe(
			`/beta/deviceManagement/groupPolicyConfigurations/${IDS.configuration}/definitionValues/${IDS.definitionValue}/presentationValues/${IDS.presentationValue}/presentation/definition/definitionFile/microsoft.graph.groupPolicyUploadedDefinitionFile/groupPolicyOperations`,
		);
		const output = await eventually(
			async () =>
				await page.getByTestId('output-panel').getByTestId('ndv-data-container').innerText(),
			(text) => text.includes(creates[0].createdId!),
		);
		expect(output).toContain(creates[0].createdId!);
	});

	it("uploads an ADMX file from the editor and shows Intune's verdict", async () => {
		// An app-only credential, added (through the REST API the credential dialog uses) after the first test
		// connected a delegated one through the editor: with one already there, the editor would not offer to
		// connect a new one. Then the workflow that uses it.
		const { type, data } = emulatorCredential(emulator);
		const credentialId = await n8n.createCredential({ name: 'Intune app-only', type, data });
		await n8n.createWorkflows([admxWorkflow(credentialId)]);
		// Signed out, as a new browser would be; only the cached scripts carry over.
		await context.clearCookies();
		const page = await context.newPage();
		await signInTo(page, `/workflow/${ADMX_WORKFLOW_ID}/${ADMX_NODE_ID}`);
		await page.getByTestId('node-execute-button').click();
		await page
			.getByTestId('output-panel')
			.getByText('available')
			.first()
			.waitFor({ timeout: 60_000 });
		await page.getByTestId('output-panel').getByText('JSON', { exact: true }).click();
		await page.getByTestId('output-panel').getByText('"available"').first().waitFor();
		await page.screenshot({ path: join(SCREENSHOTS, 'admx-upload.png') });
		const uploads = emulator.log.filter(
			(e) =>
				e.method === 'POST' &&
				e.path === '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles',
		);
		expect(uploads).toHaveLength(1);
		expect(
			emulator.store.data.definitionFiles.find((f) => f.targetNamespace === CHAIN.base.namespace)
				?.status,
		).toBe('available');
	});

	it('sets a setting of a profile through the fields of its inputs', async () => {
		// A vendor's ADMX pair in the tenant, its settings listed, and an empty profile.
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.base);
		emulator.store.lifecycle.seedPolicies(POLICIES_CHAIN.app);
		const profileName = 'Fabrikam Browser baseline';
		const profileId = emulator.store.profiles.create(
			{ displayName: profileName },
			emulator.url,
		).createdId!;
		const { type, data } = emulatorCredential(emulator);
		const credentialId = await n8n.createCredential({
			name: 'Intune app-only (profiles)',
			type,
			data,
		});
		await n8n.createWorkflows([profileWorkflow(credentialId, profileId, profileName)]);
		// Signed out, as a new browser would be; only the cached scripts carry over.
		await context.clearCookies();
		const page = await context.newPage();
		await signInTo(page, `/workflow/${PROFILE_WORKFLOW_ID}/${PROFILE_NODE_ID}`);

		// The settings of uploaded files, searched by name, each shown with its category, class and file.
		await openList(page, 'setting');
		await page.getByTestId('rlc-search').fill('Cache');
		expect(
			await eventually(
				async () => await itemNames(page),
				(names) => names.length === 1,
			),
		).toEqual([
			`Cache Size — ${FABRIKAM_PATHS.browser} (machine) · ${POLICIES_CHAIN.app.fileName}`,
		]);
		await page.getByTestId('rlc-item').filter({ hasText: 'Cache Size' }).click();

		// The Values mapper shows the setting's inputs, named by their labels, each as a field of its kind.
		const fields = page.getByTestId('mapping-fields-container');
		const cacheSize = page.getByTestId('parameter-input-Cache size (MB)');
		const clearOnExit = page.getByTestId('parameter-input-Clear cache on exit');
		await cacheSize.waitFor({ timeout: 30_000 });
		await clearOnExit.waitFor();
		expect(await fields.getByTestId('input-label').allInnerTexts()).toEqual(
			expect.arrayContaining([
				expect.stringContaining('Cache size (MB) (number, 10 to 5000)'),
				expect.stringContaining('Clear cache on exit (check box)'),
			]),
		);
		const cacheSizeInput = cacheSize.getByTestId('input-number').getByRole('spinbutton');
		// The ADMX file's default, until changed.
		expect(
			await eventually(
				async () => await cacheSizeInput.inputValue(),
				(value) => value === '250',
			),
		).toBe('250');
		const clearOnExitSwitch = clearOnExit.getByRole('switch');
		expect(await clearOnExitSwitch.getAttribute('aria-checked')).toBe('false');

		await cacheSizeInput.fill('500');
		await cacheSizeInput.press('Tab');
		await clearOnExit.locator('.el-switch').click();
		expect(
			await eventually(
				async () => await clearOnExitSwitch.getAttribute('aria-checked'),
				(checked) => checked === 'true',
			),
		).toBe('true');
		expect(await cacheSizeInput.inputValue()).toBe('500');
		await page.getByTestId('resource-mapper-container').scrollIntoViewIfNeeded();
		// Focus and pointer off the fields for the picture (n8n still shows the controls of the field last changed).
		await page.evaluate('document.activeElement && document.activeElement.blur()');
		await page.getByTestId('output-panel').hover();
		await page.screenshot({ path: join(SCREENSHOTS, 'profile-settings.png') });

		await page.getByTestId('node-execute-button').click();
		// The output item says what was done: read as text, whichever view (table, JSON) the panel was left in.
		const output = page.getByTestId('output-panel').getByTestId('ndv-data-container');
		await output.waitFor({ timeout: 60_000 });
		const shown = await eventually(
			async () => await output.innerText(),
			(text) => /\badded\b/.test(text),
			60_000,
		);
		expect(shown).toMatch(/\badded\b/);
		expect(shown).toContain(profileId);

		// One write, holding both values.
		const writes = emulator.log.filter(
			(e) =>
				e.method === 'POST' &&
				e.path ===
					`/beta/deviceManagement/groupPolicyConfigurations/${profileId}/updateDefinitionValues`,
		);
		expect(writes).toHaveLength(1);
		expect(writes[0].status).toBe(204);
		const store = emulator.store.data;
		const definition = store.definitions.find(
			(d) => d.displayName === 'Cache Size' && d.categoryPath === FABRIKAM_PATHS.browser,
		)!;
		const values = store.definitionValues.filter((v) => v.configurationId === profileId);
		expect(values).toEqual([
			expect.objectContaining({ definitionId: definition.id, enabled: true }),
		]);
		const label = (presentationId: string) =>
			store.presentations.find((p) => p.id === presentationId)?.label;
		const held = Object.fromEntries(
			store.presentationValues
				.filter((v) => v.definitionValueId === values[0].id)
				.map((v) => [label(v.presentationId), v.value]),
		);
		expect(held).toEqual({ 'Cache size (MB)': 500, 'Clear cache on exit': true });
	});

	it('fills the certificate credential form, which signs in, and uploads signed in with it', async () => {
		emulator.identity.registerCertificate(emulator.tenant.apps[0].clientId, cert.certificatePem);
		const { type, data } = emulatorCredential(emulator);
		await n8n.createCredential({ name: 'Intune with a secret', type, data });
		await n8n.createWorkflows([certificateWorkflow()]);
		await context.clearCookies();
		const page = await context.newPage();
		await signInTo(page, `/workflow/${CERT_WORKFLOW_ID}/${CERT_NODE_ID}`);
		// n8n shows the Authentication parameter as the credential list of every type the node accepts; with an
		// OAuth2 credential there already (as an admin moving to certificates has), a new one is made from that list.
		await page.getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').click();
		const modal = page.getByTestId('editCredential-modal');
		// The new credential's dialog offers the node's ways to sign in: the certificate one is chosen.
		await modal.getByTestId('credential-mode-dropdown-trigger').click();
		await page.getByText('Certificate (App Only)', { exact: true }).click();
		await modal.getByTestId('cloud').click();
		await page.getByRole('option', { name: 'Custom' }).click();
		const app = emulator.tenant.apps[0];
		const privateKey = encryptedKey(cert.privateKey, CERT_PASSPHRASE, 'pkcs8');
		const fields: Array<[string, string]> = [
			['customGraphEndpoint', emulator.url],
			['customLoginEndpoint', emulator.url],
			['tenantId', emulator.tenant.id],
			['clientId', app.clientId],
			// A single-line field: the browser drops the PEM's line breaks, as a paste does.
			['privateKey', privateKey],
			['passphrase', CERT_PASSPHRASE],
		];
		for (const [name, value] of fields) await modal.getByTestId(name).locator('input').fill(value);
		await modal.getByTestId('publicCertificate').locator('textarea').fill(cert.certificatePem);
		await modal.getByTestId('algorithm').scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(SCREENSHOTS, 'credential-certificate.png') });
		await modal.getByTestId('credential-save-button').click();
		await page.getByText('Credential successfully created').waitFor({ timeout: 60_000 });
		// Saving ran n8n's credential test, which signed in with a client assertion.
		const signIns = async () =>
			emulator.log.filter(
				(e) =>
					e.path.endsWith('/oauth2/v2.0/token') &&
					(e.body as { client_assertion_type?: string }).client_assertion_type !== undefined,
			);
		expect(await eventually(signIns, (found) => found.length > 0)).toEqual([
			expect.objectContaining({ status: 200, clientId: app.clientId }),
		]);
		// Not a line of the key in the page once saved: while the dialog is open, n8n's password input holds what
		// was typed in its value attribute; once it has closed, the key is nowhere in the page.
		await modal.waitFor({ state: 'hidden', timeout: 30_000 });
		const html = await page.content();
		for (const line of secretLines(privateKey)) expect(html).not.toContain(line);

		await page.getByTestId('node-execute-button').click();
		await page
			.getByTestId('output-panel')
			.getByText('available')
			.first()
			.waitFor({ timeout: 60_000 });
		const uploads = emulator.log.filter(
			(e) =>
				e.method === 'POST' &&
				e.path === '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles' &&
				(e.body as { fileName?: string }).fileName === 'contoso-cert.admx',
		);
		expect(uploads).toEqual([expect.objectContaining({ status: 201, tokenKind: 'app' })]);
	});
});
