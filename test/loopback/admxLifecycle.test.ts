import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import type { DefinitionFile } from '../emulator/data';
import { IDS, seedDataset } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { adml, admx, CHAIN, uploadParameters } from '../fixtures/admx';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { ContextOptions } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/* The ADMX file lifecycle against the emulator over loopback: upload, verdict, dependencies, replace, remove. */

jest.setTimeout(60_000);

const PROCESSING_MS = 400;
let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: PROCESSING_MS } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

type Parameters = (i: number) => IDataObject;

async function run(parameters: Parameters, items = 1, extra: Partial<ContextOptions> = {}) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters,
		items,
		continueOnFail: true,
		...extra,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
}

const UPLOADS = '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles';
const uploadPosts = () => emulator.log.filter((e) => e.method === 'POST' && e.path === UPLOADS);
const uploadedFile = (namespace: string) =>
	emulator.store.data.definitionFiles.find((f) => f.targetNamespace === namespace);
const fileActions = (action: string) =>
	emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith(`/${action}`));

describe('Upload', () => {
	it("uploads an ADMX with its ADML, waits for Intune's verdict and outputs the file with its operations", async () => {
		const started = Date.now();
		const [item] = await run(() => uploadParameters('contoso-base', CHAIN.base));
		const elapsed = Date.now() - started;
		expect(item.json).toMatchObject({
			fileName: 'contoso-base.admx',
			targetNamespace: 'Contoso.Policies.Base',
			status: 'available',
			groupPolicyOperations: [
				expect.objectContaining({ operationType: 'upload', operationStatus: 'success' }),
			],
		});
		const [post] = uploadPosts();
		const body = post.body as IDataObject;
		expect(body).toMatchObject({
			'@odata.type': '#microsoft.graph.groupPolicyUploadedDefinitionFile',
			fileName: 'contoso-base.admx',
			defaultLanguageCode: 'en-US',
			languageCodes: ['en-US'],
		});
		expect(Buffer.from(String(body.content), 'base64').toString()).toBe(admx(CHAIN.base));
		expect(body.groupPolicyUploadedLanguageFiles).toEqual([
			{
				fileName: 'contoso-base.adml',
				languageCode: 'en-US',
				content: Buffer.from(adml(CHAIN.base)).toString('base64'),
			},
		]);
		// The verdict arrives within one poll interval of Intune finishing.
		expect(elapsed).toBeGreaterThanOrEqual(PROCESSING_MS);
		expect(elapsed).toBeLessThan(PROCESSING_MS + 2_500);
	});

	it('reads the files from binary properties, taking their file names', async () => {
		const [item] = await run(
			() => ({ resource: 'groupPolicyUploadedDefinitionFile', operation: 'upload' }),
			1,
			{
				binary: () => ({
					data: { data: Buffer.from(admx(CHAIN.base)), fileName: 'base.admx' },
					adml: { data: Buffer.from(adml(CHAIN.base)), fileName: 'base.adml' },
				}),
			},
		);
		expect(item.json).toMatchObject({ fileName: 'base.admx', status: 'available' });
	});

	it("shows Intune's reason for a failed upload and removes the failed file", async () => {
		const needsMissing = { ...CHAIN.app };
		const [item] = await run(() =>
			uploadParameters('contoso-app', needsMissing, { checkDependencies: false }),
		);
		expect(item.json.error).toBe(
			'Intune refused contoso-app.admx: ADMX file referenced not found NamespaceMissing:Contoso.Policies.Base. Please upload it first.',
		);
		expect(item.json.details).toMatch(/Upload the ADMX file that defines it first/);
		expect(item.json.details).toMatch(/The failed upload was removed/);
		expect(fileActions('remove')).toHaveLength(1);
		expect(uploadedFile('Contoso.Policies.App')).toBeUndefined();
	});

	it('refuses a file whose used namespace is missing, sending nothing', async () => {
		const [item] = await run(() => uploadParameters('contoso-app', CHAIN.app));
		expect(item.json.error).toBe(
			'contoso-app.admx uses namespace Contoso.Policies.Base, which is not in the tenant',
		);
		expect(uploadPosts()).toHaveLength(0);
	});

	it('uploads a three-file chain given out of order in dependency order, output in input order', async () => {
		const given = [
			['contoso-addon', CHAIN.addon],
			['contoso-base', CHAIN.base],
			['contoso-app', CHAIN.app],
		] as const;
		const output = await run((i) => uploadParameters(given[i][0], given[i][1]), 3);
		expect(output.map((o) => o.json.fileName)).toEqual([
			'contoso-addon.admx',
			'contoso-base.admx',
			'contoso-app.admx',
		]);
		expect(output.map((o) => o.json.status)).toEqual(['available', 'available', 'available']);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(uploadPosts().map((p) => (p.body as IDataObject).fileName)).toEqual([
			'contoso-base.admx',
			'contoso-app.admx',
			'contoso-addon.admx',
		]);
	});

	it('fails the files that depend on a file Intune refused, sending nothing for them', async () => {
		const brokenBase = { ...CHAIN.base, usings: [{ prefix: 'x', namespace: 'Nowhere.Policies' }] };
		const output = await run(
			(i) =>
				i === 0
					? uploadParameters('contoso-base', brokenBase, { checkDependencies: false })
					: uploadParameters('contoso-app', CHAIN.app),
			2,
		);
		expect(output[0].json.error).toMatch(/NamespaceMissing:Nowhere\.Policies/);
		expect(output[1].json.error).toMatch(
			/uses namespace Contoso\.Policies\.Base, whose file failed in this run/,
		);
		expect(uploadPosts()).toHaveLength(1);
	});

	it('reconciles an upload whose outcome is unknown by reading the tenant, without a duplicate', async () => {
		emulator.arm({
			kind: 'dropAfterHandling',
			method: 'POST',
			pathContains: 'groupPolicyUploadedDefinitionFiles',
		});
		const [item] = await run(() => uploadParameters('contoso-base', CHAIN.base));
		expect(item.json).toMatchObject({ fileName: 'contoso-base.admx', status: 'available' });
		expect(uploadPosts()).toHaveLength(1);
		expect(
			emulator.store.data.definitionFiles.filter((f) => f.targetNamespace === CHAIN.base.namespace),
		).toHaveLength(1);
	});

	it('resends once when the unknown outcome was a connection lost before Intune acted', async () => {
		emulator.arm({
			kind: 'drop',
			method: 'POST',
			pathContains: 'groupPolicyUploadedDefinitionFiles',
		});
		const [item] = await run(() => uploadParameters('contoso-base', CHAIN.base));
		expect(item.json.status).toBe('available');
		expect(uploadPosts()).toHaveLength(2);
		expect(
			emulator.store.data.definitionFiles.filter((f) => f.targetNamespace === CHAIN.base.namespace),
		).toHaveLength(1);
	});
});

describe('If Already Uploaded', () => {
	const contoso = { prefix: 'contoso', namespace: 'Contoso.Policies.Lob' };

	it('fails by default, naming the file already there, sending nothing', async () => {
		const [item] = await run(() => uploadParameters('contoso-lob', contoso));
		expect(item.json.error).toMatch(
			/already uploaded: contoso-lob\.admx \(6f1b2f4e-0a51-4b2c-9c1e-2b8e0c4d5a01, available\)/,
		);
		expect(uploadPosts()).toHaveLength(0);
	});

	it('skips, outputting the file already there', async () => {
		const [item] = await run(() =>
			uploadParameters('contoso-lob', contoso, { ifAlreadyUploaded: 'skip' }),
		);
		expect(item.json).toMatchObject({ id: IDS.uploadedFile, status: 'available' });
		expect(
			emulator.log.filter((e) => e.method === 'POST' && e.path.startsWith('/beta/')),
		).toHaveLength(0);
	});

	it('replaces with uploadNewVersion where the tenant supports it', async () => {
		const [item] = await run(() =>
			uploadParameters('contoso-lob', contoso, { ifAlreadyUploaded: 'replace' }),
		);
		expect(item.json).toMatchObject({ id: IDS.uploadedFile, status: 'available' });
		expect(fileActions('uploadNewVersion')).toHaveLength(1);
		expect(item.json.groupPolicyOperations).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ operationType: 'uploadNewVersion', operationStatus: 'success' }),
			]),
		);
	});

	it('without uploadNewVersion, removes, waits until gone and uploads again when allowed', async () => {
		emulator.configure({ admx: { uploadNewVersionSupported: false } });
		const parameters = uploadParameters('contoso-lob', contoso, {
			ifAlreadyUploaded: 'replace',
			options: { allowRemoveAndUpload: true },
		});
		const [item] = await run(() => parameters);
		expect(item.json).toMatchObject({ fileName: 'contoso-lob.admx', status: 'available' });
		expect(item.json.id).not.toBe(IDS.uploadedFile);
		expect(fileActions('remove')).toHaveLength(1);
		expect(uploadPosts()).toHaveLength(1);
	});

	it('without uploadNewVersion and without permission to remove, fails saying what to turn on', async () => {
		emulator.configure({ admx: { uploadNewVersionSupported: false } });
		const [item] = await run(() =>
			uploadParameters('contoso-lob', contoso, { ifAlreadyUploaded: 'replace' }),
		);
		expect(item.json.error).toMatch(/does not support uploading a new version/);
		expect(item.json.details).toMatch(/Allow Remove and Upload/);
		expect(fileActions('remove')).toHaveLength(0);
	});
});

describe('bad files never leave the machine', () => {
	const base = (extra: IDataObject) => () => ({
		...uploadParameters('contoso-base', CHAIN.base),
		...extra,
	});
	it.each([
		[
			'not an ADMX',
			{ admxText: adml(CHAIN.base) },
			/"admxText" holds a file Intune would refuse: contoso-base\.admx is not an ADMX file/,
		],
		[
			'an ADML that does not match',
			{ admlText: adml(CHAIN.base, { omitString: true }) },
			/"admlText" .*lacks string "ServerUrl_Explain"/,
		],
		[
			'over 1 MB',
			{ admxText: admx(CHAIN.base) + ' '.repeat(1024 * 1024) },
			/"admxText" .*Intune accepts at most 1 MB/,
		],
		[
			'UTF-16',
			{ admxText: admx(CHAIN.base).replace('encoding="utf-8"', 'encoding="utf-16"') },
			/"admxText" .*encoded as utf-16; Intune reads only UTF-8/,
		],
		['a comboBox', { admlText: adml({ ...CHAIN.base, comboBox: true }) }, /"admlText" .*comboBox/],
		[
			'maxLength over 32767',
			{ admxText: admx({ ...CHAIN.base, maxLength: 40000 }) },
			/"admxText" .*maxLength 40000/,
		],
		[
			'a file name without .admx',
			{ admxFileName: 'contoso.xml' },
			/"admxFileName" is "contoso\.xml"/,
		],
		['a language code that is not one', { languageCode: 'english' }, /"languageCode" is "english"/],
	])('refuses %s, naming the field and the item', async (_label, extra, message) => {
		const [item] = await run(base(extra));
		expect(item.json.error).toMatch(message);
		expect(item.json.error).toMatch(/\(item 0\)/);
		expect(emulator.log.filter((e) => e.path.startsWith('/beta/'))).toHaveLength(0);
	});

	it('removes a UTF-8 byte-order mark, which Intune cannot read, and uploads the rest', async () => {
		const [item] = await run(base({ admxText: `\ufeff${admx(CHAIN.base)}` }));
		expect(item.json.status).toBe('available');
		const content = Buffer.from(String((uploadPosts()[0].body as IDataObject).content), 'base64');
		expect(content.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
	});

	it('refuses a 21st file before sending it', async () => {
		const full = new GraphEmulator({
			dataset: () => {
				const data = seedDataset();
				const template = data.definitionFiles.find((f) => f.id === IDS.uploadedFile)!;
				for (let n = 0; n < 18; n++) {
					data.definitionFiles.push({
						...template,
						id: `extra-${n}`,
						targetNamespace: `Extra.${n}`,
					} as DefinitionFile);
				}
				return data;
			},
		});
		await full.start();
		try {
			const test = createExecuteContext({
				credentials: emulatorCredentials(full),
				parameters: () => uploadParameters('contoso-base', CHAIN.base),
				continueOnFail: true,
			});
			const [item] = (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
			expect(item.json.error).toMatch(/already has 20 uploaded ADMX files; Intune allows 20/);
			expect(
				full.log.filter((e) => e.method === 'POST' && e.path.startsWith('/beta/')),
			).toHaveLength(0);
		} finally {
			await full.stop();
		}
	});
});

describe('the other actions', () => {
	const file = (extra: IDataObject = {}) => ({
		resource: 'groupPolicyUploadedDefinitionFile',
		groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'id', value: IDS.uploadedFile },
		...extra,
	});

	it('removes a file and waits until it is gone', async () => {
		const [item] = await run(() => file({ operation: 'remove' }));
		expect(item.json).toMatchObject({
			id: IDS.uploadedFile,
			fileName: 'contoso-lob.admx',
			status: 'removalInProgress',
			removed: true,
		});
		expect(
			emulator.store.data.definitionFiles.find((f) => f.id === IDS.uploadedFile),
		).toBeUndefined();
	});

	it('gets a file with its operations', async () => {
		const [item] = await run(() => file({ operation: 'get' }));
		expect(item.json.id).toBe(IDS.uploadedFile);
		expect((item.json.groupPolicyOperations as IDataObject[]).length).toBeGreaterThan(0);
		expect(emulator.log[emulator.log.length - 1].query).toContain('expand=groupPolicyOperations');
	});

	it('gets many files, filtered by status', async () => {
		const output = await run(() =>
			file({ operation: 'getAll', status: 'uploadInProgress', returnAll: true }),
		);
		expect(output.map((o) => o.json.id)).toEqual([IDS.uploadedFile2]);
	});

	it('uploads a new version of a file by its ID and waits for the verdict', async () => {
		const [item] = await run(() => ({
			...uploadParameters('contoso-lob', { prefix: 'contoso', namespace: 'Contoso.Policies.Lob' }),
			...file({ operation: 'uploadNewVersion' }),
		}));
		expect(item.json.status).toBe('available');
		expect(fileActions('uploadNewVersion')).toHaveLength(1);
	});

	it.each(['addLanguageFiles', 'updateLanguageFiles', 'removeLanguageFiles'])(
		'%s sends the ADML and waits for its operation',
		async (operation) => {
			const spec = { prefix: 'contoso', namespace: 'Contoso.Policies.Lob' };
			const [item] = await run(() => ({
				...uploadParameters('contoso-lob', spec),
				...file({ operation, languageCode: 'de-DE' }),
			}));
			expect(item.json.error).toBeUndefined();
			const [post] = fileActions(operation);
			const [entry] = (post.body as { groupPolicyUploadedLanguageFiles: IDataObject[] })
				.groupPolicyUploadedLanguageFiles;
			expect(entry.languageCode).toBe('de-DE');
			expect(entry.content !== undefined).toBe(operation !== 'removeLanguageFiles');
			expect(item.json.groupPolicyOperations).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ operationType: operation, operationStatus: 'success' }),
				]),
			);
		},
	);
});
