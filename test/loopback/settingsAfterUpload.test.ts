import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { GraphEmulator } from '../emulator/emulator';
import type { PolicyFile } from '../fixtures/admxPolicies';
import { FABRIKAM_PATHS, POLICIES_CHAIN } from '../fixtures/admxPolicies';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/*
 * Set Settings right after an upload: Intune lists a file's settings a little after the file is
 * available, so a name path matching nothing while a file is being indexed is waited for, with
 * one catalog re-read shared by every waiting item, up to Wait Timeout.
 */

jest.setTimeout(60_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: 40 } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const B = FABRIKAM_PATHS.browser;
const node = new MicrosoftIntuneGroupPolicy();

async function run(parameters: (i: number) => IDataObject, items = 1) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters,
		items,
		continueOnFail: true,
	});
	return (await node.execute.call(test.context))[0].map((o) => o.json);
}

const upload = (file: PolicyFile) => ({
	resource: 'groupPolicyUploadedDefinitionFile',
	operation: 'upload',
	admxSource: 'text',
	admxText: file.admx,
	admxFileName: file.fileName,
	admlSource: 'text',
	admlText: file.adml,
	admlFileName: file.admlFileName,
});

async function uploadChain() {
	const files = [POLICIES_CHAIN.base, POLICIES_CHAIN.app];
	const uploaded = await run((i) => upload(files[i]), 2);
	expect(uploaded.map((f) => f.status)).toEqual(['available', 'available']);
}

const setSettings = (profileId: string, settings: unknown[], options: IDataObject = {}) => ({
	resource: 'groupPolicyConfiguration',
	operation: 'setSettings',
	groupPolicyConfigurationId: { __rl: true, mode: 'id', value: profileId },
	defineSettings: 'json',
	settingsJson: settings as IDataObject[],
	options,
});

const catalogReads = () =>
	emulator.log.filter(
		(e) =>
			e.method === 'GET' &&
			e.path.endsWith('/groupPolicyDefinitions') &&
			e.query.includes('admxIngested'),
	);
const writes = () =>
	emulator.log.filter((e) => e.method === 'POST' && e.path.endsWith('/updateDefinitionValues'));

describe('Set Settings right after an upload', () => {
	it("waits until Intune lists the file's settings, one re-read shared by every item", async () => {
		const LAG_MS = 1500;
		emulator.configure({ admx: { definitionsLagMs: LAG_MS } });
		await uploadChain();
		const profile = String(
			emulator.store.profiles.create({ displayName: 'Fresh' }, emulator.url).createdId,
		);
		emulator.log.length = 0;
		const out = await run(
			(i) =>
				setSettings(
					profile,
					[
						[{ setting: `${B}\\Disable Telemetry (machine)`, state: 'enabled' }],
						[
							{
								setting: `${B}\\Update Channel (machine)`,
								state: 'enabled',
								values: { Channel: 'beta' },
							},
						],
						[{ setting: `${B}\\Home Page (user)`, state: 'disabled' }],
					][i],
				),
			3,
		);
		expect(out.map((o) => o.error ?? o.change)).toEqual(['added', 'added', 'added']);
		// It waited: the first read found nothing, a re-read found the settings; one re-read serves
		// every item, not one per item.
		expect(catalogReads().length).toBeGreaterThanOrEqual(2);
		expect(catalogReads().length).toBeLessThanOrEqual(3);
		expect(writes()).toHaveLength(1);
	});

	it('fails after Wait Timeout, naming the files still processed and how long it waited', async () => {
		emulator.configure({ admx: { definitionsLagMs: 30_000 } });
		await uploadChain();
		const profile = String(
			emulator.store.profiles.create({ displayName: 'Fresh' }, emulator.url).createdId,
		);
		const [item] = await run(() =>
			setSettings(profile, [{ setting: `${B}\\Disable Telemetry (machine)`, state: 'enabled' }], {
				waitTimeoutSeconds: 2,
			}),
		);
		expect(item.error).toMatch(
			new RegExp(
				'^Settings JSON entry 0, setting ".*Disable Telemetry \\(machine\\)": no setting from an ' +
					'uploaded ADMX file has this name path yet; Intune is still processing ' +
					'fabrikam.admx \\(available, settings not listed yet\\), fabrikambrowser.admx ' +
					'\\(available, settings not listed yet\\) after [23] s of waiting \\(item 0\\)$',
			),
		);
		expect(String(item.details)).toMatch(/raise Wait Timeout in the options/);
		expect(writes()).toHaveLength(0);
	});

	it('does not wait for a misspelt name once the category is listed', async () => {
		await uploadChain();
		const profile = String(
			emulator.store.profiles.create({ displayName: 'Fresh' }, emulator.url).createdId,
		);
		emulator.log.length = 0;
		const [item] = await run(() =>
			setSettings(profile, [{ setting: `${B}\\Disable Telemetri (machine)`, state: 'enabled' }]),
		);
		// One read of the catalog, no waiting re-read.
		expect(catalogReads()).toHaveLength(1);
		expect(item.error).toMatch(
			/no setting from an uploaded ADMX file has this name path \(item 0\)$/,
		);
	});
});
