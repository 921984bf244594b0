import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import type { SeedFile } from '../emulator/admx';
import { REMOVAL_FAILED_DETAILS } from '../emulator/admx';
import { GraphEmulator } from '../emulator/emulator';
import { uploadParameters } from '../fixtures/admx';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/*
 * The ADMX lifecycle's edges against the emulator over loopback: a removal Intune reports as
 * failed is a verdict, and a file already in the tenant counts as uploaded only when it is.
 */

jest.setTimeout(60_000);

const PROCESSING_MS = 300;
// Far beyond any verdict here: a test that waits for the timeout fails by its own time limit.
const NO_TIMEOUT = { waitTimeoutSeconds: 300 };
let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: PROCESSING_MS } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

async function run(parameters: IDataObject) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters: () => parameters,
		continueOnFail: true,
	});
	const started = Date.now();
	const [item] = (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
	return { json: item.json, elapsed: Date.now() - started };
}

const UPLOADS = '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles';
const posts = (suffix = '') =>
	emulator.log.filter((e) => e.method === 'POST' && e.path === `${UPLOADS}${suffix}`);
const removals = () =>
	emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith('/remove'));
const writes = () => emulator.log.filter((e) => e.method === 'POST' && e.path.startsWith('/beta/'));
const filesOf = (namespace: string) =>
	emulator.store.data.definitionFiles.filter((f) => f.targetNamespace === namespace);

const FABRIKAM = { prefix: 'fabrikam', namespace: 'Fabrikam.Policies' };
const seed = (status: string, extra: Partial<SeedFile> = {}) =>
	emulator.store.lifecycle.seed({
		fileName: 'fabrikam.admx',
		targetNamespace: FABRIKAM.namespace,
		status,
		...extra,
	});
const removeParameters = (id: unknown): IDataObject => ({
	resource: 'groupPolicyUploadedDefinitionFile',
	operation: 'remove',
	groupPolicyUploadedDefinitionFileId: { __rl: true, mode: 'id', value: id },
	options: NO_TIMEOUT,
});
const upload = (ifAlreadyUploaded: string, options: IDataObject = {}) =>
	uploadParameters('fabrikam', FABRIKAM, {
		ifAlreadyUploaded,
		options: { ...NO_TIMEOUT, ...options },
	});

describe('a failed removal is a verdict', () => {
	it("Remove fails the item as soon as Intune reports removalFailed, with Intune's reason and the fix", async () => {
		const file = seed('assigned');
		const { json, elapsed } = await run(removeParameters(file.id));
		expect(json.error).toBe(`Intune could not remove fabrikam.admx: ${REMOVAL_FAILED_DETAILS}`);
		expect(json.details).toMatch(/A profile still uses settings of this file/);
		expect(json.details).toMatch(/still in the tenant .*status removalFailed/);
		expect(elapsed).toBeLessThan(PROCESSING_MS + 3_000);
		expect(filesOf(FABRIKAM.namespace)[0].status).toBe('removalFailed');
	});

	it('the clean-up of a refused upload says both: why Intune refused it and why removing it failed', async () => {
		emulator.configure({ admx: { removalsFail: true } });
		const needsMissing = {
			...FABRIKAM,
			usings: [{ prefix: 'missing', namespace: 'Missing.Policies' }],
		};
		const { json, elapsed } = await run(
			uploadParameters('fabrikam', needsMissing, {
				checkDependencies: false,
				options: NO_TIMEOUT,
			}),
		);
		expect(json.error).toMatch(
			/^Intune refused fabrikam\.admx: .*NamespaceMissing:Missing\.Policies/,
		);
		expect(json.details).toContain(`Removing the failed file failed too`);
		expect(json.details).toContain(REMOVAL_FAILED_DETAILS);
		expect(json.details).toMatch(/The failed file is still in the tenant/);
		expect(elapsed).toBeLessThan(2 * PROCESSING_MS + 4_000);
	});

	it("Replace's remove-and-upload stops at a failed removal, uploading nothing", async () => {
		emulator.configure({ admx: { uploadNewVersionSupported: false, removalsFail: true } });
		seed('available');
		const { json, elapsed } = await run(upload('replace', { allowRemoveAndUpload: true }));
		expect(json.error).toBe(`Intune could not remove fabrikam.admx: ${REMOVAL_FAILED_DETAILS}`);
		expect(posts()).toHaveLength(0);
		expect(elapsed).toBeLessThan(PROCESSING_MS + 3_000);
	});
});

describe('Remove outputs what Graph said', () => {
	it('the file as last read with its remove operation, and removed: true once Graph answers 404', async () => {
		const file = seed('available');
		const { json } = await run(removeParameters(file.id));
		expect(json).toMatchObject({
			id: file.id,
			fileName: 'fabrikam.admx',
			status: 'removalInProgress',
			removed: true,
			removeOperation: { operationType: 'remove', operationStatus: 'inProgress' },
		});
		expect(filesOf(FABRIKAM.namespace)).toHaveLength(0);
	});

	it('without waiting: the file after the request, with its remove operation, and removed: false', async () => {
		const file = seed('available');
		const { json } = await run({ ...removeParameters(file.id), waitForCompletion: false });
		expect(json).toMatchObject({
			status: 'removalInProgress',
			removed: false,
			removeOperation: { operationType: 'remove' },
		});
	});

	it("never outputs a status that is not Graph's", async () => {
		const file = seed('available');
		const { json } = await run(removeParameters(file.id));
		expect([
			'none',
			'uploadInProgress',
			'available',
			'assigned',
			'removalInProgress',
			'uploadFailed',
			'removalFailed',
		]).toContain(json.status);
	});
});

/*
 * An upload of a namespace that is already in the tenant, for each status that file may have. `then`:
 * what Intune does with a file that is in progress when the item starts.
 */
describe('a file already in the tenant counts as uploaded only when it is', () => {
	const UPLOAD_FAILED = 'Content Parsing exception: the file ends unexpectedly (line 40)';
	const cases: Array<{
		status: string;
		fails?: string;
		ifAlreadyUploaded: string;
		removeFailedUpload: boolean;
		expect: 'skipped' | 'replaced' | 'uploaded anew' | 'fails';
		error?: RegExp;
	}> = [
		{ status: 'available', ifAlreadyUploaded: 'skip', removeFailedUpload: true, expect: 'skipped' },
		{ status: 'assigned', ifAlreadyUploaded: 'skip', removeFailedUpload: true, expect: 'skipped' },
		{
			status: 'available',
			ifAlreadyUploaded: 'fail',
			removeFailedUpload: true,
			expect: 'fails',
			error: /already uploaded: fabrikam\.admx \(.*, available\)/,
		},
		{
			status: 'available',
			ifAlreadyUploaded: 'replace',
			removeFailedUpload: true,
			expect: 'replaced',
		},
		...['skip', 'fail', 'replace'].map((ifAlreadyUploaded) => ({
			status: 'uploadFailed',
			ifAlreadyUploaded,
			removeFailedUpload: true,
			expect: 'uploaded anew' as const,
		})),
		...['skip', 'fail', 'replace'].map((ifAlreadyUploaded) => ({
			status: 'uploadFailed',
			ifAlreadyUploaded,
			removeFailedUpload: false,
			expect: 'fails' as const,
			error: /^Intune refused fabrikam\.admx: Content Parsing exception/,
		})),
		{
			status: 'uploadInProgress',
			ifAlreadyUploaded: 'skip',
			removeFailedUpload: true,
			expect: 'skipped',
		},
		{
			status: 'uploadInProgress',
			fails: UPLOAD_FAILED,
			ifAlreadyUploaded: 'skip',
			removeFailedUpload: true,
			expect: 'uploaded anew',
		},
		{
			status: 'uploadInProgress',
			fails: UPLOAD_FAILED,
			ifAlreadyUploaded: 'skip',
			removeFailedUpload: false,
			expect: 'fails',
			error: /^Intune refused fabrikam\.admx: Content Parsing exception/,
		},
		{
			status: 'removalInProgress',
			ifAlreadyUploaded: 'skip',
			removeFailedUpload: true,
			expect: 'uploaded anew',
		},
		{
			status: 'removalInProgress',
			fails: REMOVAL_FAILED_DETAILS,
			ifAlreadyUploaded: 'skip',
			removeFailedUpload: true,
			expect: 'fails',
			error: /^Intune could not remove fabrikam\.admx: Removal failed/,
		},
		...['skip', 'fail', 'replace'].map((ifAlreadyUploaded) => ({
			status: 'removalFailed',
			ifAlreadyUploaded,
			removeFailedUpload: true,
			expect: 'fails' as const,
			error: /^Intune could not remove fabrikam\.admx: Removal failed/,
		})),
	];

	it.each(cases.map((c) => ({ ...c, then: c.fails ? 'that then fails' : '' })))(
		'$status $then, If Already Uploaded $ifAlreadyUploaded, Remove Failed Upload $removeFailedUpload: $expect',
		async (c) => {
			const existing = seed(c.status, {
				fails: c.fails,
				statusDetails: c.status === 'uploadFailed' ? UPLOAD_FAILED : undefined,
			});
			const { json } = await run(
				upload(c.ifAlreadyUploaded, { removeFailedUpload: c.removeFailedUpload }),
			);
			const now = filesOf(FABRIKAM.namespace);
			switch (c.expect) {
				case 'skipped':
					expect(json.id).toBe(existing.id);
					expect(['available', 'assigned']).toContain(json.status);
					expect(writes()).toHaveLength(0);
					break;
				case 'replaced':
					expect(json).toMatchObject({ id: existing.id, status: 'available' });
					expect(posts(`/${String(existing.id)}/uploadNewVersion`)).toHaveLength(1);
					break;
				case 'uploaded anew':
					expect(json.error).toBeUndefined();
					expect(json).toMatchObject({ fileName: 'fabrikam.admx', status: 'available' });
					expect(json.id).not.toBe(existing.id);
					expect(posts()).toHaveLength(1);
					expect(now.map((f) => f.id)).toEqual([json.id]);
					break;
				case 'fails':
					expect(json.error).toMatch(c.error!);
					expect(posts()).toHaveLength(0);
					expect(removals()).toHaveLength(0);
					expect(now.map((f) => f.id)).toEqual([existing.id]);
					break;
			}
		},
	);

	it('a failed upload kept in the tenant is named with its status and reason, and nothing is sent', async () => {
		const existing = seed('uploadFailed', { statusDetails: UPLOAD_FAILED });
		const { json } = await run(upload('skip', { removeFailedUpload: false }));
		expect(json.error).toBe(`Intune refused fabrikam.admx: ${UPLOAD_FAILED}`);
		expect(json.details).toContain(`ID ${String(existing.id)}, status uploadFailed`);
		expect(json.details).toMatch(/turn on Remove Failed Upload/);
		expect(writes()).toHaveLength(0);
	});
});
