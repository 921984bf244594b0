import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Catalog, SettingDefinition } from './definitions';
import { foldKey } from './definitions';
import { SettingProblem } from './errors';

/*
 * Right after an upload, Intune lists a file's settings only once it has indexed them, a little
 * after the file became available. A name path that matches nothing while an uploaded file is
 * still being processed, or is available without any setting listed yet, is waited for: the
 * catalog is read again every few seconds, one re-read shared by every waiting item of the run,
 * until the setting is there or the item's Wait Timeout is up.
 */

const FIRST_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 5_000;
const MIN_INTERVAL_MS = 200;
/**
 * A file is taken for one still being processed only this long after its upload: Intune takes
 * seconds to minutes; an upload shown in progress for longer is stuck, and an available file
 * without settings after that only defines categories (a vendor's base file has none, ever).
 */
export const INDEXING_WINDOW_MS = 15 * 60_000;

/** The catalog as read at one moment, and the tenant's files at that moment (read on demand). */
export interface Snapshot {
	version: number;
	catalog: Catalog;
	files?: Promise<IDataObject[]>;
}

export type Reader<T> = (itemIndex: number) => Promise<T>;

/** The run's view of the custom catalog: read once, re-read only while items wait. */
export class CatalogWatch {
	private latest?: Promise<Snapshot>;
	private refreshing?: Promise<Snapshot>;

	constructor(
		private readonly readCatalog: Reader<Catalog>,
		private readonly readFiles: Reader<IDataObject[]>,
	) {}

	/** The latest snapshot: the run's one read of the catalog, unless items have waited. */
	async current(itemIndex: number): Promise<Snapshot> {
		if (!this.latest) {
			const read = this.readCatalog(itemIndex).then((catalog) => ({ version: 0, catalog }));
			this.latest = read;
			read.catch(() => {
				if (this.latest === read) this.latest = undefined;
			});
		}
		return await this.latest;
	}

	/** The tenant's uploaded files at the time of a snapshot, read once for it. */
	async files(snapshot: Snapshot, itemIndex: number): Promise<IDataObject[]> {
		if (!snapshot.files) {
			const read = this.readFiles(itemIndex);
			snapshot.files = read;
			read.catch(() => {
				if (snapshot.files === read) snapshot.files = undefined;
			});
		}
		return await snapshot.files;
	}

	/**
	 * A snapshot newer than `version`: the one another item already asked for, or a re-read after
	 * a pause that grows with the number of re-reads, never past `deadline`.
	 */
	async newer(version: number, deadline: number, itemIndex: number): Promise<Snapshot> {
		const latest = await this.current(itemIndex);
		if (latest.version > version) return latest;
		if (!this.refreshing) {
			const pause = Math.max(
				MIN_INTERVAL_MS,
				Math.min(FIRST_INTERVAL_MS * (version + 1), MAX_INTERVAL_MS, deadline - Date.now()),
			);
			const refresh = (async () => {
				await sleep(pause);
				const catalog = await this.readCatalog(itemIndex);
				const snapshot: Snapshot = { version: latest.version + 1, catalog };
				this.latest = Promise.resolve(snapshot);
				return snapshot;
			})();
			this.refreshing = refresh;
			refresh.then(
				() => (this.refreshing = undefined),
				() => (this.refreshing = undefined),
			);
		}
		return await this.refreshing;
	}
}

function uploadedAt(file: IDataObject): number | undefined {
	const times = [file.uploadDateTime, file.lastModifiedDateTime]
		.map((t) => (typeof t === 'string' ? Date.parse(t) : NaN))
		.filter((t) => !Number.isNaN(t));
	return times.length ? Math.max(...times) : undefined;
}

/** The folded category path of a folded name path: what precedes its last backslash. */
function categoryOfKey(key: string): string {
	const at = key.lastIndexOf('\\');
	return at < 0 ? '' : key.slice(0, at);
}

/**
 * The uploaded files that may still bring the setting asked for, among those uploaded recently:
 * files Intune is processing, and available files without any setting listed yet, unless the
 * category asked for is already listed (then the name itself is off, and waiting would not help).
 */
export function processingFiles(
	files: IDataObject[],
	catalog: Catalog,
	key: string,
	now = Date.now(),
): IDataObject[] {
	const withSettings = new Set(catalog.definitions.map((d) => d.definitionFile?.id));
	const categoryListed = catalog.categories.has(categoryOfKey(foldKey(key)));
	return files.filter((file) => {
		const at = uploadedAt(file);
		if (at !== undefined && now - at > INDEXING_WINDOW_MS) return false;
		if (file.status === 'uploadInProgress' || file.status === 'none') return true;
		if (file.status !== 'available' && file.status !== 'assigned') return false;
		return !categoryListed && !withSettings.has(String(file.id));
	});
}

function fileText(file: IDataObject): string {
	const name = String(file.fileName ?? file.displayName ?? file.id);
	return file.status === 'uploadInProgress' || file.status === 'none'
		? `${name} (upload in progress)`
		: `${name} (available, settings not listed yet)`;
}

/**
 * The custom settings with this folded name path, waiting while uploaded files may still bring
 * it. Answers no match at once when nothing is being processed; fails when the time is up.
 */
export async function awaitCustomSetting(
	watch: CatalogWatch,
	key: string,
	timeoutMs: number,
	itemIndex: number,
	wait = true,
): Promise<{ matches: SettingDefinition[]; catalog: Catalog }> {
	const started = Date.now();
	const deadline = started + timeoutMs;
	let snapshot = await watch.current(itemIndex);
	for (;;) {
		const matches = snapshot.catalog.byKey.get(key) ?? [];
		if (matches.length || !wait) return { matches, catalog: snapshot.catalog };
		const busy = processingFiles(await watch.files(snapshot, itemIndex), snapshot.catalog, key);
		if (!busy.length) return { matches, catalog: snapshot.catalog };
		if (Date.now() >= deadline) {
			const waited = Math.round((Date.now() - started) / 1000);
			throw new SettingProblem(
				`no setting from an uploaded ADMX file has this name path yet; Intune is still ` +
					`processing ${busy.map(fileText).join(', ')} after ${waited} s of waiting`,
				'Run again once Intune lists the settings of the file (ADMX File > Get shows its ' +
					'status), or raise Wait Timeout in the options.',
			);
		}
		snapshot = await watch.newer(snapshot.version, deadline, itemIndex);
	}
}
