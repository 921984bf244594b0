import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicyTrigger } from '../../nodes/MicrosoftIntuneGroupPolicyTrigger/MicrosoftIntuneGroupPolicyTrigger.node';
import { IDS, seedDataset } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { adml, admx, CHAIN } from '../fixtures/admx';
import type { AdmxSpec } from '../fixtures/admx';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createPollContext } from '../helpers/pollContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/* The polling trigger against the emulator over loopback: events found once, across pages and restarts. */

jest.setTimeout(60_000);

// Long enough that a poll made right after the uploads still sees them in progress on a loaded machine.
const PROCESSING_MS = 1_000;
let emulator: GraphEmulator;
beforeAll(async () => {
	// Pages of two files, so that a poll has to follow nextLinks.
	emulator = await new GraphEmulator({
		maxPageSize: 2,
		admx: { processingMs: PROCESSING_MS },
	}).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const trigger = new MicrosoftIntuneGroupPolicyTrigger();
const allEvents = { events: ['uploadSucceeded', 'uploadFailed', 'fileRemoved'] };

async function poll(
	staticData: IDataObject,
	parameters: IDataObject = allEvents,
	mode: 'trigger' | 'manual' = 'trigger',
) {
	const { context } = createPollContext(
		emulatorCredentials(emulator),
		parameters,
		staticData,
		mode,
	);
	const result = await trigger.poll.call(context);
	return (result?.[0] ?? []).map((item) => item.json);
}

function upload(name: string, spec: AdmxSpec): string {
	const body = {
		fileName: `${name}.admx`,
		content: Buffer.from(admx(spec)).toString('base64'),
		defaultLanguageCode: 'en-US',
		groupPolicyUploadedLanguageFiles: [
			{
				fileName: `${name}.adml`,
				languageCode: 'en-US',
				content: Buffer.from(adml(spec)).toString('base64'),
			},
		],
	};
	return String((emulator.store.lifecycle.upload(body, emulator.url).body as IDataObject).id);
}

const settle = async () => await new Promise((r) => setTimeout(r, PROCESSING_MS + 50));

describe('Microsoft Intune Group Policy Trigger', () => {
	it('does not replay history on its first poll, then fires once for each upload verdict', async () => {
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual([]);
		const ok = upload('contoso-base', CHAIN.base);
		const failed = upload('contoso-app-broken', {
			...CHAIN.app,
			usings: [{ prefix: 'x', namespace: 'Nowhere.Policies' }],
		});
		// While Intune is still processing, nothing has finished.
		expect(await poll(staticData)).toEqual([]);
		await settle();
		const events = await poll(staticData);
		expect(events.map((e) => [e.event, (e.file as IDataObject).id])).toEqual([
			['uploadSucceeded', ok],
			['uploadFailed', failed],
		]);
		expect(events[1]).toMatchObject({
			operation: {
				operationType: 'upload',
				operationStatus: 'failed',
				statusDetails:
					'ADMX file referenced not found NamespaceMissing:Nowhere.Policies. Please upload it first.',
			},
			file: {
				fileName: 'contoso-app-broken.admx',
				targetNamespace: 'Contoso.Policies.App',
				status: 'uploadFailed',
			},
		});
		// The next poll finds nothing new: each event fires once.
		expect(await poll(staticData)).toEqual([]);
	});

	it('reads every page of files, so a file on a later page fires too', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		for (const n of [1, 2, 3])
			upload(`extra-${n}`, { prefix: `e${n}`, namespace: `Extra.Policies.${n}` });
		await settle();
		const events = await poll(staticData);
		expect(events.map((e) => (e.file as IDataObject).fileName)).toEqual([
			'extra-1.admx',
			'extra-2.admx',
			'extra-3.admx',
		]);
		const pages = emulator.log.filter(
			(e) => e.path.endsWith('/groupPolicyUploadedDefinitionFiles') && e.method === 'GET',
		);
		expect(pages.some((p) => p.query.includes('skip'))).toBe(true);
	});

	it('keeps its position across a restart: a new context with the same static data fires nothing old', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		upload('contoso-base', CHAIN.base);
		await settle();
		expect(await poll(staticData)).toHaveLength(1);
		const restarted = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect(await poll(restarted)).toEqual([]);
		upload('contoso-app', CHAIN.app);
		await settle();
		expect((await poll(restarted)).map((e) => (e.file as IDataObject).fileName)).toEqual([
			'contoso-app.admx',
		]);
	});

	it('fires when a file is removed', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		emulator.store.lifecycle.action(IDS.uploadedFile, 'remove', undefined);
		await settle();
		const events = await poll(staticData);
		expect(events).toEqual([
			expect.objectContaining({
				event: 'fileRemoved',
				file: expect.objectContaining({ id: IDS.uploadedFile, status: 'removed' }),
			}),
		]);
	});

	it('watches only the chosen file when asked', async () => {
		const staticData: IDataObject = {};
		const only = {
			...allEvents,
			filterByFile: true,
			groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'id', value: IDS.uploadedFile2 },
		};
		await poll(staticData, only);
		upload('contoso-base', CHAIN.base);
		await settle();
		expect(await poll(staticData, only)).toEqual([]);
	});

	it('returns the most recent event when fetching a test event, without moving the position', async () => {
		const staticData: IDataObject = {};
		upload('contoso-base', CHAIN.base);
		await settle();
		const [event] = await poll(staticData, allEvents, 'manual');
		expect(event).toMatchObject({
			event: 'uploadSucceeded',
			file: { fileName: 'contoso-base.admx' },
		});
		expect(staticData).toEqual({});
	});

	it('keeps no state for what no longer exists', async () => {
		const staticData = {} as { position?: { files: IDataObject } };
		await poll(staticData as IDataObject);
		emulator.store.lifecycle.action(IDS.uploadedFile, 'remove', undefined);
		await settle();
		await poll(staticData as IDataObject);
		expect(Object.keys(staticData.position!.files)).not.toContain(IDS.uploadedFile);
		expect(seedDataset().definitionFiles.length).toBeGreaterThan(0);
	});
});
