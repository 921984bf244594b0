import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS, seedDataset } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { seededPresentationValueLocators } from '../helpers/seededTarget';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/* Create by uploaded definition file, Get and Get Many, against the emulator over loopback. */

let emulator: GraphEmulator;
beforeAll(async () => {
	// 23 operations on the uploaded file, in pages of at most 10.
	emulator = await new GraphEmulator({
		maxPageSize: 10,
		dataset: () => seedDataset({ extraOperations: 23 }),
	}).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const byFile = {
	target: 'uploadedDefinitionFile',
	groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'list', value: IDS.uploadedFile },
};
const byDeepPath = {
	target: 'presentationValue',
	...seededPresentationValueLocators,
};

async function run(parameters: IDataObject, items = 1) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters: { resource: 'groupPolicyOperation', ...parameters },
		items,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
}

const graphCalls = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));

describe('addressing by uploaded definition file', () => {
	it('creates at /groupPolicyUploadedDefinitionFiles/{id}/groupPolicyOperations, with no pre-flight read', async () => {
		const output = await run({
			operation: 'create',
			...byFile,
			operationType: 'addLanguageFiles',
			operationStatus: 'inProgress',
			statusDetails: '',
			additionalFields: {},
		});
		expect(graphCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
			`POST /beta/deviceManagement/groupPolicyUploadedDefinitionFiles/${IDS.uploadedFile}/groupPolicyOperations`,
		]);
		expect(output[0].json).toMatchObject({
			operationType: 'addLanguageFiles',
			id: emulator.creates()[0].createdId,
		});
	});

	it('takes the ID from a pasted Graph URL, in either key syntax', async () => {
		for (const url of [
			`https://graph.microsoft.com/beta/deviceManagement/groupPolicyUploadedDefinitionFiles/${IDS.uploadedFile}`,
			`https://graph.microsoft.us/beta/deviceManagement/groupPolicyUploadedDefinitionFiles('${IDS.uploadedFile}')/groupPolicyOperations`,
		]) {
			emulator.reset();
			await run({
				operation: 'getAll',
				target: 'uploadedDefinitionFile',
				groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'url', value: url },
				returnAll: false,
				limit: 1,
			});
			expect(graphCalls()[0].path).toBe(
				`/beta/deviceManagement/groupPolicyUploadedDefinitionFiles/${IDS.uploadedFile}/groupPolicyOperations`,
			);
		}
	});
});

describe('Get', () => {
	it('reads one operation through either path', async () => {
		const id = emulator.store.data.operations[4].id;
		for (const target of [byFile, byDeepPath]) {
			const output = await run({
				operation: 'get',
				...target,
				groupPolicyOperationId: { __rl: true, mode: 'id', value: id },
			});
			expect(output).toEqual([
				{
					json: expect.objectContaining({ id, operationStatus: 'success' }),
					pairedItem: { item: 0 },
				},
			]);
		}
	});

	it('fails with Graph’s 404 for an unknown operation', async () => {
		await expect(
			run({ operation: 'get', ...byFile, groupPolicyOperationId: 'nope' }),
		).rejects.toThrow(/Microsoft Graph returned 404/);
	});
});

describe('Get Many', () => {
	it('returns all operations across pages, following @odata.nextLink', async () => {
		const output = await run({ operation: 'getAll', ...byFile, returnAll: true });
		expect(output).toHaveLength(23);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(23);
		expect(graphCalls()).toHaveLength(3);
		expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('stops at the limit, reading only the pages it needs', async () => {
		const output = await run({ operation: 'getAll', ...byDeepPath, returnAll: false, limit: 12 });
		expect(output).toHaveLength(12);
		expect(graphCalls()).toHaveLength(2);
	});

	it('runs once per input item, pairing each result with its item', async () => {
		const output = await run({ operation: 'getAll', ...byFile, returnAll: false, limit: 2 }, 2);
		expect(output.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
	});
});
