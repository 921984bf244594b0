import type { IDataObject } from 'n8n-workflow';

import type { Catalog } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import {
	buildCatalog,
	foldKey,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/definitions';
import { SettingProblem } from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/errors';
import {
	awaitCustomSetting,
	CatalogWatch,
	INDEXING_WINDOW_MS,
	processingFiles,
} from '../../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/settings/waitForDefinitions';
import { definitionRow } from './presentations';

const NOW = Date.now();
const recent = new Date(NOW - 60_000).toISOString();
const old = new Date(NOW - INDEXING_WINDOW_MS - 1).toISOString();
const TELEMETRY = '\\Fabrikam\\Fabrikam Browser\\Disable Telemetry (machine)';
const key = foldKey(TELEMETRY);

const file = (id: string, status: string, lastModifiedDateTime = recent): IDataObject => ({
	id,
	fileName: `${id}.admx`,
	status,
	lastModifiedDateTime,
});

describe('files that may still bring a setting', () => {
	const empty = buildCatalog([]);
	const indexed = buildCatalog([definitionRow('Home Page')]);

	it('are recent uploads in progress, and recent available files without settings listed', () => {
		expect(
			processingFiles(
				[
					file('a', 'uploadInProgress', old),
					file('b', 'available'),
					file('c', 'assigned'),
					file('d', 'available', old),
					file('e', 'uploadFailed'),
					file('f', 'none'),
					{ id: 'g', status: 'available' },
				],
				empty,
				key,
				NOW,
			).map((f) => f.id),
		).toEqual(['b', 'c', 'f', 'g']);
	});

	it('are not files whose settings are listed, nor any when the category asked for is listed', () => {
		expect(
			processingFiles(
				[file('file-app', 'available')],
				buildCatalog([definitionRow('X', [], { categoryPath: '\\Other' })]),
				key,
				NOW,
			),
		).toEqual([]);
		expect(processingFiles([file('new', 'available')], indexed, key, NOW)).toEqual([]);
		expect(processingFiles([file('new', 'available')], indexed, 'no backslash', NOW)).toHaveLength(
			1,
		);
	});
});

function watchOf(catalogs: Catalog[], files: IDataObject[][]) {
	const reads = { catalog: 0, files: 0 };
	const watch = new CatalogWatch(
		async () => catalogs[Math.min(reads.catalog++, catalogs.length - 1)],
		async () => files[Math.min(reads.files++, files.length - 1)],
	);
	return { watch, reads };
}

describe('waiting for the settings of a just uploaded file', () => {
	const listed = buildCatalog([definitionRow('Disable Telemetry')]);

	it('answers at once when the setting is listed, or when nothing is being processed', async () => {
		const { watch, reads } = watchOf([listed], [[]]);
		expect((await awaitCustomSetting(watch, key, 5000, 0)).matches).toHaveLength(1);
		expect((await awaitCustomSetting(watch, 'other', 5000, 0)).matches).toHaveLength(0);
		expect(reads).toEqual({ catalog: 1, files: 1 });
	});

	it('re-reads the catalog until the setting is listed, one re-read shared by every waiting item', async () => {
		const { watch, reads } = watchOf(
			[buildCatalog([]), buildCatalog([]), listed],
			[[file('app', 'uploadInProgress')]],
		);
		const found = await Promise.all([
			awaitCustomSetting(watch, key, 10_000, 0),
			awaitCustomSetting(watch, key, 10_000, 1),
			awaitCustomSetting(watch, key, 10_000, 2),
		]);
		expect(found.map((f) => f.matches.length)).toEqual([1, 1, 1]);
		expect(reads.catalog).toBe(3);
		expect(reads.files).toBe(2);
	});

	it('does not wait when asked not to (a built-in twin already matches)', async () => {
		const { watch, reads } = watchOf([buildCatalog([])], [[file('app', 'uploadInProgress')]]);
		expect((await awaitCustomSetting(watch, key, 10_000, 0, false)).matches).toEqual([]);
		expect(reads).toEqual({ catalog: 1, files: 0 });
	});

	it('fails when the time is up, naming the files still processed and how long it waited', async () => {
		const { watch } = watchOf(
			[buildCatalog([])],
			[[file('app', 'uploadInProgress'), { id: 'x', displayName: 'X', status: 'available' }]],
		);
		const failure = await awaitCustomSetting(watch, key, 1_000, 0).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(SettingProblem);
		expect((failure as Error).message).toBe(
			'no setting from an uploaded ADMX file has this name path yet; Intune is still processing ' +
				'app.admx (upload in progress), X (available, settings not listed yet) after 1 s of waiting',
		);
	});

	it('reads again after a failed read', async () => {
		let calls = 0;
		const watch = new CatalogWatch(
			async () => {
				if (calls++ === 0) throw new Error('down');
				return listed;
			},
			async () => {
				throw new Error('files down');
			},
		);
		await expect(watch.current(0)).rejects.toThrow('down');
		const snapshot = await watch.current(0);
		expect(snapshot.catalog).toBe(listed);
		await expect(watch.files(snapshot, 0)).rejects.toThrow('files down');
		await expect(watch.files(snapshot, 0)).rejects.toThrow('files down');
		expect(snapshot.files).toBeUndefined();
	});

	it('a failed re-read fails the waiting items, and the next one tries again', async () => {
		let calls = 0;
		const watch = new CatalogWatch(
			async () => {
				calls++;
				if (calls === 2) throw new Error('down');
				return calls === 1 ? buildCatalog([]) : listed;
			},
			async () => [file('app', 'uploadInProgress')],
		);
		await expect(awaitCustomSetting(watch, key, 10_000, 0)).rejects.toThrow('down');
		expect((await awaitCustomSetting(watch, key, 10_000, 0)).matches).toHaveLength(1);
	});
});
