import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { once } from '../../../helpers/runCache';
import type { GraphRead } from '../../../transport';
import { DEVICE_MANAGEMENT, graphPath, graphStatusOf, readSettled } from '../../../transport';
import type { RunContext } from '../../types';
import { fromGraphTarget } from '../assignments/targets';
import {
	ASSIGNMENT_FILTERS_PATH,
	configurationPath,
	definitionPath,
	DEFINITIONS_PATH,
	GROUPS_PATH,
} from '../paths';
import { DEFINITION_EXPAND, PAGE_SIZE } from '../settings/catalog';
import type { Catalog, SettingDefinition } from '../settings/definitions';
import { buildCatalog, CUSTOM, toDefinition } from '../settings/definitions';
import { existingSettings } from '../settings/diff';
import type { SettingInput } from '../settings/inputs';
import { dropdownDisplayName } from '../settings/inputs';
import { displayValue, readGraphValue } from '../settings/inputValues';
import { allOf, presentationValuesRead } from '../settings/profileState';
import { assignmentOrder, settingIdentity, settingOrder } from './compare';
import type {
	PortableAdmxFile,
	PortableAssignment,
	PortableProfile,
	PortableSetting,
	PortableValue,
} from './format';
import { PORTABLE_FORMAT, PORTABLE_FORMAT_VERSION } from './format';

/*
 * A profile in the tenant as a portable profile. The reads, for a profile of any size:
 *   1. one $batch: the profile, its settings (definition values, definitions expanded) and its
 *      assignments;
 *   2. once per run, when the profile holds custom settings: the tenant's custom settings with
 *      their inputs and files and, for Export, the custom categories with their parents and files
 *      (one $batch);
 *   3. $batch of 20: the input values of the enabled settings that have inputs, any definition the
 *      catalog lacks (built-in ones), and the groups and assignment filters by ID, for their names.
 * A profile of 100 settings costs 7 requests. Further pages of a collection are read as Graph
 * gives them.
 *
 * Usings: Graph does not give an uploaded file's <using> entries, nor its content. A file's usings
 * are derived from its categories: a category whose parent category belongs to another uploaded
 * file means that this file uses the other (how a vendor's application file hangs its policies
 * under the vendor's base file). Built-in namespaces (Microsoft.Policies.Windows) and usings that
 * only reference, say, supportedOn definitions cannot be seen and are not listed.
 *
 * Group names need Group.Read.All (or GroupMember.Read.All). Without it the export still succeeds,
 * with the group IDs only, and says so in `warnings`: a portable profile without group names can
 * be applied and compared in its own tenant, but another tenant cannot find the groups.
 */

/** Export's output: the portable profile, with what could not be exported when anything could not. */
export type ExportedProfile = PortableProfile & { warnings?: string[] };

/** An uploaded ADMX file as definitions and categories name it. */
export interface TenantFile {
	id: string;
	fileName?: string;
	targetNamespace?: string;
}

/** What the tenant's uploaded files say, read once per run. */
export interface TenantCatalog {
	catalog: Catalog;
	/** Uploaded files by folded ID. */
	files: Map<string, TenantFile>;
	/** For each file (folded ID), the files it uses (folded IDs), from the category tree. */
	usings: Map<string, string[]>;
	/** Whether Graph refused to list the categories, so that usings are not known. */
	usingsUnknown?: boolean;
}

/** Everything Graph gave for a profile: the input of buildPortableProfile. */
export interface ProfileReads {
	configuration: IDataObject;
	definitionValues: IDataObject[];
	/** Definitions with their inputs, by ID (the catalog's and those read on their own). */
	definitions: Map<string, SettingDefinition>;
	/** Input values by definition value ID. */
	presentationValues: Map<string, IDataObject[]>;
	assignments: IDataObject[];
	/** Group display names by folded ID. */
	groups: Map<string, string>;
	/** Folded IDs of groups Graph says do not exist. */
	missingGroups: Set<string>;
	/** Whether group names could not be read for want of permission. */
	groupsUnreadable: boolean;
	filters: Map<string, string>;
	missingFilters: Set<string>;
	files: Map<string, TenantFile>;
	usings: Map<string, string[]>;
	/** Whether the usings could not be read. */
	usingsUnknown?: boolean;
	/** Whether to list the uploaded files the settings need. */
	withAdmxFiles: boolean;
	exportedAt: string;
}

export interface Snapshot {
	profile: PortableProfile;
	/** What could not be exported as it is in the tenant, for people. */
	warnings: string[];
	/** The tenant's inputs of each setting of the profile, by setting identity. */
	inputs: Map<string, SettingInput[]>;
}

const fold = (text: unknown) => String(text ?? '').toLowerCase();

export const GROUP_NAMES_WARNING =
	'Group names could not be read: the credential lacks Group.Read.All (or GroupMember.Read.All). ' +
	'Assignments carry group IDs only: they apply and compare in this tenant, but another tenant ' +
	'cannot find the groups. Grant the permission and export again.';

export const USINGS_WARNING =
	"Graph did not list the uploaded files' categories, so admxFiles gives no usings: upload " +
	'the files a file uses before it.';

function fileOf(value: unknown): TenantFile | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const file = value as IDataObject;
	if (file.id === undefined || file.id === null) return undefined;
	const out: TenantFile = { id: String(file.id) };
	if (typeof file.fileName === 'string' && file.fileName !== '') out.fileName = file.fileName;
	if (typeof file.targetNamespace === 'string' && file.targetNamespace !== '')
		out.targetNamespace = file.targetNamespace;
	return out;
}

function addFile(files: Map<string, TenantFile>, file: TenantFile | undefined): void {
	if (file) files.set(fold(file.id), { ...files.get(fold(file.id)), ...file });
}

/** The tenant's catalog from its custom definitions and (when read) its custom categories. */
export function tenantCatalog(
	definitions: IDataObject[],
	categories: IDataObject[],
): TenantCatalog {
	const files = new Map<string, TenantFile>();
	for (const row of definitions) addFile(files, fileOf(row.definitionFile));
	const fileOfCategory = new Map<string, string>();
	for (const row of categories) {
		const file = fileOf(row.definitionFile);
		addFile(files, file);
		if (file) fileOfCategory.set(fold(row.id), fold(file.id));
	}
	const usings = new Map<string, string[]>();
	for (const row of categories) {
		const own = fileOfCategory.get(fold(row.id));
		const parent = row.parent as IDataObject | null | undefined;
		const used = parent ? fileOfCategory.get(fold(parent.id)) : undefined;
		if (!own || !used || used === own) continue;
		const list = usings.get(own) ?? [];
		if (!list.includes(used)) list.push(used);
		usings.set(own, list);
	}
	return { catalog: buildCatalog(definitions), files, usings };
}

/** An input's value as the portable profile holds it; undefined when it has none to carry. */
export function portableValue(input: SettingInput, held: IDataObject): PortableValue | undefined {
	const read = readGraphValue(input, held);
	const value = read !== undefined ? displayValue(input, read) : (held.value ?? held.values);
	if (input.kind === 'dropdownList' && typeof value === 'string') {
		const displayName = dropdownDisplayName(input, value);
		return displayName === undefined ? { value } : { value, displayName };
	}
	if (typeof value === 'boolean' || typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (Array.isArray(value)) {
		if (value.every((v) => typeof v === 'string')) return value as string[];
		if (
			value.every(
				(v) =>
					v !== null &&
					typeof v === 'object' &&
					typeof (v as IDataObject).name === 'string' &&
					((v as IDataObject).value === null || typeof (v as IDataObject).value === 'string'),
			)
		)
			return value as Array<{ name: string; value: string | null }>;
	}
	return undefined;
}

function settingValues(
	definition: SettingDefinition,
	held: IDataObject[],
	warnings: string[],
): Record<string, PortableValue> {
	const values: Record<string, PortableValue> = {};
	for (const input of definition.inputs) {
		const pv = held.find(
			(v) => String((v.presentation as IDataObject | undefined)?.id ?? '') === input.presentationId,
		);
		if (!pv) continue;
		const value = portableValue(input, pv);
		if (value === undefined) {
			warnings.push(
				`${definition.namePath}, input "${input.key}": its value (${String(
					pv['@odata.type'],
				)}) is of a kind this node cannot carry; left out.`,
			);
			continue;
		}
		values[input.key] = value;
	}
	return values;
}

function portableAssignments(reads: ProfileReads, warnings: string[]): PortableAssignment[] {
	const assignments: PortableAssignment[] = [];
	for (const row of reads.assignments) {
		const target = (row.target ?? {}) as IDataObject;
		const known = fromGraphTarget(target);
		if (!known) {
			warnings.push(
				`An assignment to a target this node does not manage (${String(
					target['@odata.type'],
				)}) is left out.`,
			);
			continue;
		}
		const out: PortableAssignment = { type: known.type };
		if (known.groupId !== undefined) {
			out.groupId = known.groupId;
			const name = reads.groups.get(fold(known.groupId));
			if (name !== undefined) out.groupDisplayName = name;
			else if (reads.missingGroups.has(fold(known.groupId)))
				warnings.push(
					`Group ${known.groupId} is assigned but no longer exists in Microsoft Entra ID.`,
				);
		}
		if (known.filterId !== undefined) {
			out.filterId = known.filterId;
			const name = reads.filters.get(fold(known.filterId));
			if (name !== undefined) out.filterDisplayName = name;
			else if (reads.missingFilters.has(fold(known.filterId)))
				warnings.push(`Assignment filter ${known.filterId} is used but no longer exists.`);
			out.filterType = known.filterType ?? 'include';
		}
		assignments.push(out);
	}
	if (reads.groupsUnreadable && assignments.some((a) => a.groupId !== undefined))
		warnings.push(GROUP_NAMES_WARNING);
	return assignments.sort(assignmentOrder);
}

/** The files the settings come from with the files they use, each after those it uses. */
export function admxFilesOf(
	needed: string[],
	files: Map<string, TenantFile>,
	usings: Map<string, string[]>,
): PortableAdmxFile[] {
	const ordered: TenantFile[] = [];
	const seen = new Set<string>();
	const byNamespace = (a: string, b: string) => {
		const x = fold(files.get(a)?.targetNamespace ?? a);
		const y = fold(files.get(b)?.targetNamespace ?? b);
		return x < y ? -1 : x > y ? 1 : 0;
	};
	const visit = (id: string) => {
		if (seen.has(id)) return;
		seen.add(id);
		for (const used of [...(usings.get(id) ?? [])].sort(byNamespace)) visit(used);
		const file = files.get(id);
		if (file?.targetNamespace) ordered.push(file);
	};
	for (const id of [...new Set(needed)].sort(byNamespace)) visit(id);
	return ordered.map((file) => ({
		targetNamespace: file.targetNamespace!,
		fileName: file.fileName ?? `${file.targetNamespace!}.admx`,
		usings: (usings.get(fold(file.id)) ?? [])
			.map((id) => files.get(id)?.targetNamespace)
			.filter((ns): ns is string => ns !== undefined)
			.sort(),
	}));
}

/** The portable profile of what Graph gave; pure. */
export function buildPortableProfile(reads: ProfileReads): Snapshot {
	const warnings: string[] = [];
	const inputs = new Map<string, SettingInput[]>();
	const settings: PortableSetting[] = [];
	const neededFiles: string[] = [];
	for (const e of existingSettings(reads.definitionValues)) {
		const definition = reads.definitions.get(e.definitionId) ?? e.definition;
		if (!definition) {
			warnings.push(
				`A setting of the profile (definition value ${e.id}) has no definition in Graph any ` +
					'more (its ADMX file was removed or replaced); left out.',
			);
			continue;
		}
		const custom = definition.policyType === CUSTOM;
		const setting: PortableSetting = {
			classType: definition.classType === 'user' ? 'user' : 'machine',
			categoryPath: definition.categoryPath,
			displayName: definition.displayName,
			state: e.enabled ? 'enabled' : 'disabled',
			values: e.enabled
				? settingValues(definition, reads.presentationValues.get(e.id) ?? [], warnings)
				: {},
			source: custom ? 'custom' : 'builtIn',
		};
		if (custom) {
			const fileId = fold(definition.definitionFile?.id);
			const namespace = reads.files.get(fileId)?.targetNamespace;
			if (!namespace)
				throw new Error(
					`Graph did not say which uploaded ADMX file the setting ${definition.namePath} ` +
						'comes from (its definition file has no target namespace)',
				);
			setting.targetNamespace = namespace;
			neededFiles.push(fileId);
		}
		settings.push(setting);
		inputs.set(settingIdentity(setting), definition.inputs);
	}
	settings.sort(settingOrder);
	const c = reads.configuration;
	const profile: PortableProfile = {
		format: PORTABLE_FORMAT,
		formatVersion: PORTABLE_FORMAT_VERSION,
		exportedAt: reads.exportedAt,
		source: { profileId: String(c.id ?? '') },
		profile: {
			displayName: typeof c.displayName === 'string' ? c.displayName : '',
			description: typeof c.description === 'string' ? c.description : '',
			roleScopeTagIds: Array.isArray(c.roleScopeTagIds)
				? (c.roleScopeTagIds as unknown[]).map(String)
				: [],
		},
		settings,
		assignments: portableAssignments(reads, warnings),
		admxFiles: reads.withAdmxFiles ? admxFilesOf(neededFiles, reads.files, reads.usings) : [],
	};
	if (reads.withAdmxFiles && reads.usingsUnknown && neededFiles.length > 0)
		warnings.push(USINGS_WARNING);
	return { profile, warnings, inputs };
}

/* Reading. */

function required(answer: IDataObject | Error): IDataObject {
	if (answer instanceof Error) throw answer;
	return answer;
}

const CATEGORIES_PATH = graphPath(DEVICE_MANAGEMENT, 'groupPolicyCategories');

/** The tenant's custom settings (and, with `withCategories`, its custom categories): one read. */
async function readTenantCatalog(
	this: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	withCategories: boolean,
): Promise<TenantCatalog> {
	const reads: GraphRead[] = [
		{
			path: DEFINITIONS_PATH,
			qs: {
				$filter: `policyType eq '${CUSTOM}'`,
				$expand: DEFINITION_EXPAND,
				$top: PAGE_SIZE,
			},
		},
		...(withCategories
			? [
					{
						path: CATEGORIES_PATH,
						qs: {
							$filter: "ingestionSource eq 'custom'",
							$expand: 'parent,definitionFile',
						},
					},
				]
			: []),
	];
	const [definitions, categories] = await readSettled.call(this, run.session, itemIndex, reads);
	const rows = async (answer: IDataObject | Error) =>
		await allOf.call(this, run.session, itemIndex, required(answer));
	// The categories only serve to find usings: Graph refusing the query costs the usings, not the export.
	const refused =
		categories instanceof Error && [400, 403, 404, 501].includes(graphStatusOf(categories) ?? 0);
	const [definitionRows, categoryRows] = await Promise.all([
		rows(definitions),
		categories === undefined || refused ? [] : rows(categories),
	]);
	return { ...tenantCatalog(definitionRows, categoryRows), usingsUnknown: refused };
}

export interface SnapshotRequest {
	configurationId: string;
	/** Whether to list the uploaded ADMX files the settings need (Export). */
	withAdmxFiles: boolean;
	/** Groups and filters to look up besides the profile's own (Compare: the JSON's). */
	groupIds?: string[];
	filterIds?: string[];
	exportedAt?: string;
}

/** What the lookups of groups and filters came to. */
interface Names {
	found: Map<string, string>;
	missing: Set<string>;
	unreadable: boolean;
}

function names(ids: string[], answers: Array<IDataObject | Error>): Names {
	const result: Names = { found: new Map(), missing: new Set(), unreadable: false };
	ids.forEach((id, k) => {
		const answer = answers[k];
		if (!(answer instanceof Error)) {
			result.found.set(id, typeof answer.displayName === 'string' ? answer.displayName : '');
			return;
		}
		const status = graphStatusOf(answer);
		if (status === 404) result.missing.add(id);
		else if (status === 403) result.unreadable = true;
		else throw answer;
	});
	return result;
}

export interface SnapshotResult extends Snapshot {
	/** Folded IDs of the groups asked for that exist in the tenant (undefined: not allowed to tell). */
	groupsHere?: Set<string>;
	filtersHere: Set<string>;
}

/** Reads a profile in the tenant and answers it as a portable profile. */
export async function readSnapshot(
	this: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	request: SnapshotRequest,
): Promise<SnapshotResult> {
	const id = request.configurationId;
	const first = await readSettled.call(this, run.session, itemIndex, [
		{ path: configurationPath(id) },
		{
			path: configurationPath(id, 'definitionValues'),
			qs: {
				$expand: 'definition',
				$top: PAGE_SIZE,
			},
		},
		{ path: configurationPath(id, 'assignments') },
	]);
	const configuration = required(first[0]);
	const [definitionValues, assignments] = await Promise.all(
		[first[1], first[2]].map(
			async (answer) => await allOf.call(this, run.session, itemIndex, required(answer)),
		),
	);
	const existing = existingSettings(definitionValues);

	const definitions = new Map<string, SettingDefinition>();
	let files = new Map<string, TenantFile>();
	let usings = new Map<string, string[]>();
	let usingsUnknown = false;
	if (existing.some((e) => e.definition?.policyType === CUSTOM)) {
		const tenant = await once(
			run.shared,
			`portable catalog${request.withAdmxFiles ? ' with categories' : ''}`,
			async () => await readTenantCatalog.call(this, run, itemIndex, request.withAdmxFiles),
		);
		for (const e of existing) {
			const known = tenant.catalog.byId.get(e.definitionId);
			if (known) definitions.set(e.definitionId, known);
		}
		files = new Map(tenant.files);
		usings = tenant.usings;
		usingsUnknown = tenant.usingsUnknown === true;
	}

	const missing = [
		...new Set(existing.map((e) => e.definitionId).filter((d) => d && !definitions.has(d))),
	];
	const enabled = existing.filter(
		(e) => e.enabled && e.definitionId && definitions.get(e.definitionId)?.inputs.length !== 0,
	);
	const targets = assignments.map((a) => fromGraphTarget((a.target ?? {}) as IDataObject));
	const groupIds = [
		...new Set(
			[...targets.map((t) => t?.groupId), ...(request.groupIds ?? [])]
				.filter((g): g is string => typeof g === 'string' && g !== '')
				.map(fold),
		),
	];
	const filterIds = [
		...new Set(
			[...targets.map((t) => t?.filterId), ...(request.filterIds ?? [])]
				.filter((f): f is string => typeof f === 'string' && f !== '')
				.map(fold),
		),
	];
	const answers = await readSettled.call(this, run.session, itemIndex, [
		...enabled.map((e) => presentationValuesRead(id, e.id)),
		...missing.map((d) => ({ path: definitionPath(d), qs: { $expand: DEFINITION_EXPAND } })),
		...groupIds.map((g) => ({
			path: `${GROUPS_PATH}/${encodeURIComponent(g)}`,
			qs: { $select: 'id,displayName' },
		})),
		...filterIds.map((f) => ({
			path: `${ASSIGNMENT_FILTERS_PATH}/${encodeURIComponent(f)}`,
			qs: {
				$select: 'id,displayName',
			},
		})),
	]);
	let at = 0;
	const take = (count: number) => answers.slice(at, (at += count));
	const presentationValues = new Map<string, IDataObject[]>();
	const valueAnswers = take(enabled.length);
	await Promise.all(
		enabled.map(async (e, k) =>
			presentationValues.set(
				e.id,
				await allOf.call(this, run.session, itemIndex, required(valueAnswers[k])),
			),
		),
	);
	take(missing.length).forEach((answer, k) => {
		const row = required(answer);
		definitions.set(missing[k], toDefinition(row));
		addFile(files, fileOf(row.definitionFile));
	});
	const groups = names(groupIds, take(groupIds.length));
	const filters = names(filterIds, take(filterIds.length));

	const snapshot = buildPortableProfile({
		configuration,
		definitionValues,
		definitions,
		presentationValues,
		assignments,
		groups: groups.found,
		missingGroups: groups.missing,
		groupsUnreadable: groups.unreadable,
		filters: filters.found,
		missingFilters: filters.missing,
		files,
		usings,
		usingsUnknown,
		withAdmxFiles: request.withAdmxFiles,
		exportedAt: request.exportedAt ?? new Date().toISOString(),
	});
	return {
		...snapshot,
		groupsHere: groups.unreadable ? undefined : new Set(groups.found.keys()),
		filtersHere: new Set(filters.found.keys()),
	};
}
