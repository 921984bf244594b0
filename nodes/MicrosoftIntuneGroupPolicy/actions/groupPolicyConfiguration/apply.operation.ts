import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { ValidationContext } from '../../helpers/validation';
import { validateEnum } from '../../helpers/validation';
import type { Send } from '../../transport';
import { collectPages } from '../../transport';
import { UPLOADED_FILES_PATH } from '../groupPolicyUploadedDefinitionFile/paths';
import { timeoutOption } from '../groupPolicyUploadedDefinitionFile/wait';
import type { PlanItem, RunContext } from '../types';
import { carryOut } from './portable/apply/carryOut';
import type { Mapping } from './portable/apply/mapping';
import { mappingOptions, readMapping } from './portable/apply/mapping';
import type { PlanParts } from './portable/apply/plan';
import {
	assignmentsChange,
	planOutput,
	profileChange,
	settingsChange,
} from './portable/apply/plan';
import type { MissingPiece } from './portable/apply/resolve';
import {
	findProfile,
	missingNamespaces,
	portableNamePath,
	readProfileSettings,
	resolveSettings,
	resolveTargets,
} from './portable/apply/resolve';
import type { FileToUpload } from './portable/apply/upload';
import { orderUploads, readFilesToUpload, uploadAndWait } from './portable/apply/upload';
import type { PortableProfile, PortableSetting } from './portable/format';
import { portableProfileProperties, readPortableProfile } from './portable/parse';
import { configurationPath } from './paths';
import type { DesiredSetting } from './settings/desired';
import type { ExistingSetting } from './settings/diff';

/*
 * Apply: a portable profile (Export's JSON) into this tenant. The profile is found by its display
 * name or created; its settings, groups and filters are found by name in this tenant; Plan outputs
 * what would change and sends nothing, Apply carries it out in as few writes as Graph allows. The
 * same JSON applied twice changes nothing the second time.
 */

export const option: OperationOption = {
	name: 'Apply',
	description:
		'Create or update a profile from a portable profile (exported from any tenant): settings ' +
		'and groups by name',
	action: 'Apply a portable administrative templates profile',
};

const MODES = ['plan', 'apply'] as const;
type Mode = (typeof MODES)[number];

const DEFAULT_WAIT_TIMEOUT_SECONDS = Number(timeoutOption.default);

const properties: INodeProperties[] = [
	...portableProfileProperties(),
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Plan',
				value: 'plan',
				description: 'Output what would change and what is missing; send nothing',
			},
			{
				name: 'Apply',
				value: 'apply',
				description: 'Make the profile in this tenant hold exactly what the portable profile holds',
			},
		],
		default: 'plan',
	},
	optionsCollection([
		...mappingOptions('group'),
		...mappingOptions('filter'),
		{
			displayName: 'Upload Missing ADMX Files From Binaries',
			name: 'uploadMissingAdmxFiles',
			type: 'boolean',
			default: false,
			description:
				'Whether to upload the ADMX files the profile needs that the tenant lacks, from the ' +
				"item's binary properties named like the files (e.g. fabrikam.admx and fabrikam.adml), " +
				"in dependency order, waiting for Intune's verdict",
		},
		{
			...timeoutOption,
			description:
				'How long to wait for an uploaded ADMX file, and for the settings of a just uploaded ' +
				'file to be listed by Intune, before the item fails',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['apply'] } },
	properties,
);

interface ApplyInput {
	portable: PortableProfile;
	mode: Mode;
	mappings: { group: Mapping; filter: Mapping };
	uploadMissing: boolean;
	timeoutMs: number;
	itemIndex: number;
}

function waitTimeoutMs(options: IDataObject): number {
	const seconds = Number(options.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
}

/** Reads and checks the item's parameters; every Graph read and write happens in its steps. */
export const plan: PlanItem = async function (this: IExecuteFunctions, itemIndex, run) {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const portable = await readPortableProfile.call(this, itemIndex);
	const mode = validateEnum(ctx, 'mode', this.getNodeParameter('mode', itemIndex, 'plan'), MODES);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const input: ApplyInput = {
		portable,
		mode,
		mappings: {
			group: readMapping(ctx, 'group', options),
			filter: readMapping(ctx, 'filter', options),
		},
		uploadMissing: options.uploadMissingAdmxFiles === true,
		timeoutMs: waitTimeoutMs(options),
		itemIndex,
	};
	const key = portable.profile.displayName.toLowerCase();
	return {
		steps: async (send) =>
			await inTurn(run, key, async () => await applyProfile.call(this, send, run, input)),
	};
};

const turns = new WeakMap<RunContext, Map<string, Promise<unknown>>>();

/**
 * Items of a run that apply profiles of the same name take turns: the second finds what the first
 * created, and never creates it again.
 */
async function inTurn<T>(run: RunContext, key: string, work: () => Promise<T>): Promise<T> {
	let queue = turns.get(run);
	if (!queue) {
		queue = new Map();
		turns.set(run, queue);
	}
	const mine = (queue.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
	queue.set(key, mine);
	return await mine;
}

/** What an item's plan leaves to do once files are uploaded. */
interface Resolution {
	parts: PlanParts;
	/** Settings resolved before any upload. */
	desired: DesiredSetting[];
	/** Settings of the files to upload: resolved once they are uploaded. */
	later: PortableSetting[];
	uploads: FileToUpload[];
	/** The profile's settings as read (none for a new profile). */
	held: ExistingSetting[];
}

async function resolve(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	input: ApplyInput,
): Promise<Resolution> {
	const { portable, itemIndex } = input;
	const missing: MissingPiece[] = [];
	const existing = await findProfile.call(this, send, portable.profile.displayName, itemIndex);

	// The uploaded files the settings come from: those the tenant lacks are uploaded, or missing.
	let uploads: FileToUpload[] = [];
	const pending = new Set<string>();
	if (portable.admxFiles.length) {
		const uploaded = await collectPages.call(
			this,
			send,
			UPLOADED_FILES_PATH,
			{ $select: 'id,fileName,targetNamespace,status' },
			undefined,
			itemIndex,
		);
		const lacking = missingNamespaces(portable.admxFiles, uploaded);
		for (const { file } of lacking) pending.add(file.targetNamespace);
		if (lacking.length && input.uploadMissing) {
			const read = await readFilesToUpload.call(
				this,
				itemIndex,
				lacking.map((l) => l.file),
			);
			missing.push(...read.missing);
			if (read.uploads.length) {
				const ordered = await orderUploads.call(
					this,
					send,
					run,
					read.uploads,
					uploaded.length,
					itemIndex,
				);
				uploads = ordered.ordered;
				missing.push(...ordered.missing);
			}
		} else {
			for (const { file, found } of lacking) {
				const needing = portable.settings.filter(
					(s) => s.targetNamespace === file.targetNamespace,
				).length;
				missing.push({
					kind: 'admxFile',
					name: `${file.fileName} (${file.targetNamespace})`,
					problem:
						(found
							? `is in this tenant only as ${String(found.fileName)}, whose status is ${String(found.status)}`
							: 'is not uploaded in this tenant') +
						`; ${needing} setting(s) of the profile need it`,
					hint:
						'Upload them first (ADMX File > Upload, in dependency order), or give the item ' +
						'the files as binaries and turn on Upload Missing ADMX Files From Binaries.',
				});
			}
		}
	}
	const uploading = new Set(uploads.map((u) => u.file.targetNamespace));
	const fromPending = (s: PortableSetting) =>
		s.source === 'custom' && s.targetNamespace !== undefined && pending.has(s.targetNamespace);
	const now = portable.settings.filter((s) => !fromPending(s));
	const later = portable.settings.filter(
		(s) => fromPending(s) && uploading.has(s.targetNamespace!),
	);

	const settings = await resolveSettings.call(this, run, now, itemIndex, input.timeoutMs);
	missing.push(...settings.missing);
	const targets = await resolveTargets.call(
		this,
		send,
		run,
		portable.assignments,
		input.mappings,
		itemIndex,
	);
	missing.push(...targets.missing);

	// What the profile holds now; not read when Apply stops anyway.
	const readState = existing && (input.mode === 'plan' || missing.length === 0);
	const [held, assignments] = readState
		? await Promise.all([
				readProfileSettings.call(this, send, run, existing.id, settings.desired, itemIndex),
				collectPages.call(
					this,
					send,
					configurationPath(existing.id, 'assignments'),
					{},
					undefined,
					itemIndex,
				),
			])
		: [[] as ExistingSetting[], [] as IDataObject[]];
	const parts: PlanParts = {
		displayName: portable.profile.displayName,
		existing,
		profile: profileChange(portable.profile, existing),
		settings: settingsChange(settings.desired, held, run.session.graphRoot),
		afterUpload: later.map(portableNamePath),
		assignments: assignmentsChange(
			assignments,
			targets.targets.map((t) => t.target),
		),
		targets: targets.targets,
		missing,
	};
	if (input.uploadMissing) parts.uploads = uploads.map((u) => u.file.fileName);
	return { parts, desired: settings.desired, later, uploads, held };
}

const KIND_WORDS: Record<MissingPiece['kind'], string> = {
	admxFile: 'ADMX file',
	setting: 'Setting',
	value: 'Value of setting',
	group: 'Group',
	filter: 'Assignment filter',
};

const describeMissing = (m: MissingPiece) =>
	`${KIND_WORDS[m.kind]} ${m.name}: ${m.problem}${m.hint ? ` (${m.hint})` : ''}`;

/** The item's error when pieces are missing: every one of them, nothing sent. */
function missingError(
	this: IExecuteFunctions,
	displayName: string,
	missing: MissingPiece[],
	itemIndex: number,
	after = 'Nothing was sent.',
): NodeOperationError {
	const names = missing.map((m) => `${KIND_WORDS[m.kind]} ${m.name}`);
	const shown =
		names.slice(0, 5).join('; ') + (names.length > 5 ? `; and ${names.length - 5} more` : '');
	return new NodeOperationError(
		this.getNode(),
		`Profile "${displayName}" cannot be applied: ${missing.length} missing in this tenant: ${shown} (item ${itemIndex})`,
		{
			itemIndex,
			description: `${missing.map((m) => `- ${describeMissing(m)}`).join('\n')}\n${after}`,
		},
	);
}

async function applyProfile(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	input: ApplyInput,
): Promise<IDataObject> {
	const { portable, itemIndex } = input;
	const displayName = portable.profile.displayName;
	const resolved = await resolve.call(this, send, run, input);
	const { parts } = resolved;
	if (input.mode === 'plan') return planOutput(parts);
	if (parts.missing.length) throw missingError.call(this, displayName, parts.missing, itemIndex);

	let desired = resolved.desired;
	if (resolved.uploads.length) {
		for (const upload of resolved.uploads)
			await uploadAndWait.call(this, send, upload, input.timeoutMs, itemIndex);
		const later = await resolveSettings.call(this, run, resolved.later, itemIndex, input.timeoutMs);
		if (later.missing.length) {
			throw missingError.call(
				this,
				displayName,
				later.missing,
				itemIndex,
				`The ADMX files ${resolved.uploads.map((u) => u.file.fileName).join(', ')} were ` +
					'uploaded; nothing else was sent.',
			);
		}
		desired = [...desired, ...later.desired];
		parts.settings = settingsChange(desired, resolved.held, run.session.graphRoot);
		parts.afterUpload = [];
	}
	const id = await carryOut.call(this, send, run, parts, desired, itemIndex);
	const output = planOutput(parts);
	(output.profile as IDataObject).id = id;
	return { ...output, done: true, id };
}
