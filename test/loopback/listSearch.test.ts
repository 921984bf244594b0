import type { INodeListSearchResult } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { IDS, seedDataset } from '../emulator/data';
import { GraphEmulator } from '../emulator/emulator';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import { createLoadOptionsContext } from '../helpers/loadOptionsContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/* The dropdowns' list searches against the Graph emulator: human labels, search, paging, cascading. */

const listSearch = new MicrosoftIntuneGroupPolicy().methods.listSearch;

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator().start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

const rl = (value: string) => ({ __rl: true, mode: 'list', value });
const names = (result: INodeListSearchResult) => result.results.map((r) => r.name);

describe('list searches', () => {
	it('lists configurations by display name, asking Graph only for id and displayName', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const all = await listSearch.searchGroupPolicyConfigurations.call(context);
		expect(all.results).toHaveLength(30);
		expect(all.results[0]).toEqual({ name: 'Contoso LOB baseline', value: IDS.configuration });
		expect(all.paginationToken).toBeUndefined();
		const call = emulator.log.find((e) => e.path.endsWith('/groupPolicyConfigurations'))!;
		expect(new URLSearchParams(call.query).get('$select')).toBe('id,displayName');
	});

	it('pages through @odata.nextLink: a screenful per call, then a token for the rest', async () => {
		const big = await new GraphEmulator({
			maxPageSize: 10,
			dataset: () => seedDataset({ extraConfigurations: 60 }),
		}).start();
		try {
			const { context } = createLoadOptionsContext(emulatorCredentials(big));
			const seen: string[] = [];
			let token: string | undefined;
			let calls = 0;
			do {
				const result = await listSearch.searchGroupPolicyConfigurations.call(
					context,
					undefined,
					token,
				);
				seen.push(...result.results.map((r) => String(r.value)));
				token = result.paginationToken as string | undefined;
				if (token)
					expect(
						token.startsWith(`${big.url}/beta/deviceManagement/groupPolicyConfigurations?`),
					).toBe(true);
				calls++;
			} while (token);
			expect(calls).toBe(3);
			expect(seen).toHaveLength(62);
			expect(new Set(seen).size).toBe(62);
		} finally {
			await big.stop();
		}
	});

	it('refuses a page token that points outside the credential’s Graph root, sending nothing', async () => {
		const { context, requests } = createLoadOptionsContext(emulatorCredentials(emulator));
		await expect(
			listSearch.searchGroupPolicyConfigurations.call(
				context,
				undefined,
				'https://attacker.example/beta/deviceManagement/groupPolicyConfigurations?$skiptoken=1',
			),
		).rejects.toThrow(/Refusing to send the credential to https:\/\/attacker\.example/);
		expect(requests).toHaveLength(0);
	});

	it('searches by label across pages', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const found = await listSearch.searchGroupPolicyConfigurations.call(context, 'branch office 2');
		expect(names(found)).toEqual([
			'Branch office 20',
			'Branch office 21',
			'Branch office 22',
			'Branch office 23',
			'Branch office 24',
			'Branch office 25',
			'Branch office 26',
			'Branch office 27',
			'Branch office 28',
		]);
	});

	it('lists the chosen configuration’s definition values by their definition’s name, with enabled state', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator), {
			groupPolicyConfigurationId: rl(IDS.configuration),
		});
		const result = await listSearch.searchGroupPolicyDefinitionValues.call(context);
		expect(result.results).toEqual([
			{ name: 'Contoso: Update channel (Enabled)', value: IDS.definitionValue },
			{ name: 'Contoso: Telemetry level (Disabled)', value: IDS.definitionValue2 },
		]);
		const call = emulator.log.find((e) => e.path.endsWith('/definitionValues'))!;
		expect(call.path).toContain(IDS.configuration);
		expect(new URLSearchParams(call.query).get('$expand')).toMatch(/^definition/);
		expect(
			names(await listSearch.searchGroupPolicyDefinitionValues.call(context, 'telemetry')),
		).toEqual(['Contoso: Telemetry level (Disabled)']);
	});

	it('lists presentation values by their presentation’s label, for the chosen definition value', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator), {
			groupPolicyConfigurationId: rl(IDS.configuration),
			groupPolicyDefinitionValueId: {
				__rl: true,
				mode: 'url',
				value: `https://graph.microsoft.com/beta/deviceManagement/groupPolicyConfigurations/${IDS.configuration}/definitionValues/${IDS.definitionValue}`,
			},
		});
		const result = await listSearch.searchGroupPolicyPresentationValues.call(context);
		expect(result.results).toEqual([
			{ name: 'Channel name', value: IDS.presentationValue },
			{ name: 'Allow preview builds', value: IDS.presentationValue2 },
		]);
	});

	it('asks for the configuration first when none is chosen', async () => {
		const { context, requests } = createLoadOptionsContext(emulatorCredentials(emulator), {
			groupPolicyConfigurationId: rl(''),
		});
		await expect(listSearch.searchGroupPolicyDefinitionValues.call(context)).rejects.toThrow(
			'Choose a group policy configuration first',
		);
		expect(requests).toHaveLength(0);
	});

	it('lists uploaded definition files with file name, display name and status', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator));
		const result = await listSearch.searchGroupPolicyUploadedDefinitionFiles.call(context);
		expect(result.results).toEqual([
			{
				name: 'contoso-lob.admx — Contoso Line-of-Business App (available)',
				value: IDS.uploadedFile,
			},
			{
				name: 'fabrikam-browser.admx — Fabrikam Browser Extensions (uploadInProgress)',
				value: IDS.uploadedFile2,
			},
		]);
	});

	it('lists the operations of the chosen target', async () => {
		const { context } = createLoadOptionsContext(emulatorCredentials(emulator), {
			target: 'uploadedDefinitionFile',
			groupPolicyUploadedDefinitionFileId: rl(IDS.uploadedFile),
		});
		const result = await listSearch.searchGroupPolicyOperations.call(context);
		expect(names(result)).toEqual([
			'upload · success · 2026-10-01T08:00:00Z',
			'addLanguageFiles · success · 2026-10-01T08:00:00Z',
			'addLanguageFiles · success · 2026-10-01T08:00:00Z',
		]);
	});
});
