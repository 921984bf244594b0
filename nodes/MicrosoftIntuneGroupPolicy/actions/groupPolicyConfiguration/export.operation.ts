import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import { runPool } from '../../helpers/pool';
import { invalid, validateEnum, validateShortText } from '../../helpers/validation';
import type { Send } from '../../transport';
import { collectPages } from '../../transport';
import type { PlanItem, RunContext } from '../types';
import { configurationLocator, readConfigurationId } from './locator';
import { CONFIGURATIONS_PATH, odataString } from './paths';
import type { ExportedProfile } from './portable/snapshot';
import { readSnapshot } from './portable/snapshot';

/*
 * Export: profiles as portable JSON (portable/format.ts), one output item per profile, that means
 * the same in every tenant: settings by class, category path and display name, values by input
 * key, assignments with their groups' and filters' display names, and the uploaded ADMX files the
 * settings need. Optionally also as a .json file in a binary field, for the Git or GitHub node.
 */

export const option: OperationOption = {
	name: 'Export',
	description: 'Export profiles as portable JSON, to keep in Git or apply in another tenant',
	action: 'Export administrative templates profiles',
};

const WHICH = ['one', 'byName', 'all'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Profiles',
		name: 'profiles',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One', value: 'one', description: 'The profile chosen below' },
			{
				name: 'By Name',
				value: 'byName',
				description: 'Every profile whose display name contains a text',
			},
			{ name: 'All', value: 'all', description: 'Every Administrative Templates profile' },
		],
		default: 'one',
		description: 'Which profiles to export; each one becomes an output item',
	},
	{ ...configurationLocator, displayOptions: { show: { profiles: ['one'] } } },
	{
		displayName: 'Name Contains',
		name: 'nameContains',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Fabrikam',
		description: 'Export the profiles whose display name contains this text',
		displayOptions: { show: { profiles: ['byName'] } },
	},
	optionsCollection([
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description:
				'The name of the binary field to put the portable profile in, as a .json file named ' +
				'after the profile (ready for the Git or GitHub node). Leave empty for JSON only.',
		},
		{
			displayName: 'Leave Out Export Time',
			name: 'omitExportedAt',
			type: 'boolean',
			default: false,
			description:
				'Whether to leave exportedAt out of the portable profile, so that a file kept in Git ' +
				'changes only when the profile does',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['export'] } },
	properties,
);

/** Characters no file name in Git, Windows or a URL should hold. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/** `<profile display name>.json`, with characters a file name cannot hold replaced by "_". */
export function exportFileName(profile: ExportedProfile): string {
	const name = profile.profile.displayName
		.replace(UNSAFE_IN_FILE_NAMES, '_')
		.trim()
		.replace(/[. ]+$/, '');
	return `${name || profile.source.profileId || 'profile'}.json`;
}

/** The profiles to export, by name then ID; none is no error (a scheduled export of a name). */
async function profileIds(
	this: IExecuteFunctions,
	send: Send,
	itemIndex: number,
	nameContains: string | undefined,
): Promise<string[]> {
	const qs: IDataObject = { $select: 'id,displayName' };
	if (nameContains !== undefined) qs.$filter = `contains(displayName,${odataString(nameContains)})`;
	const rows = await collectPages.call(this, send, CONFIGURATIONS_PATH, qs, undefined, itemIndex);
	const key = (row: IDataObject) =>
		`${String(row.displayName ?? '').toLowerCase()}\u0000${String(row.id)}`;
	return rows
		.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
		.map((row) => String(row.id));
}

/** What an export item asked for besides the profiles. */
interface ExportOutput {
	/** The binary field for the .json file, if any. */
	binaryProperty?: string;
	omitExportedAt: boolean;
}

async function exportProfile(
	this: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	configurationId: string,
	output: ExportOutput,
): Promise<IDataObject> {
	const snapshot = await readSnapshot.call(this, run, itemIndex, {
		configurationId,
		withAdmxFiles: true,
	});
	const profile = { ...snapshot.profile };
	if (output.omitExportedAt) delete profile.exportedAt;
	const json: ExportedProfile = snapshot.warnings.length
		? { ...profile, warnings: snapshot.warnings }
		: profile;
	const binaryProperty = output.binaryProperty;
	if (binaryProperty === undefined) return json as unknown as IDataObject;
	const file = await this.helpers.prepareBinaryData(
		Buffer.from(`${JSON.stringify(json, null, 2)}\n`, 'utf8'),
		exportFileName(json),
		'application/json',
	);
	// n8n keeps `binary` beside `json` when an item is given with its `json` key.
	return { json, binary: { [binaryProperty]: file } } as unknown as IDataObject;
}

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const ctx = { node: this.getNode(), itemIndex };
	const which = validateEnum(
		ctx,
		'profiles',
		this.getNodeParameter('profiles', itemIndex, 'one'),
		WHICH,
	);
	const configurationId = which === 'one' ? readConfigurationId.call(this, itemIndex) : undefined;
	let nameContains: string | undefined;
	if (which === 'byName') {
		nameContains = validateShortText(
			ctx,
			'nameContains',
			this.getNodeParameter('nameContains', itemIndex, ''),
		).trim();
		if (nameContains === '')
			invalid(
				ctx,
				'nameContains',
				'is empty',
				"Give a part of the profiles' display name, or choose All.",
			);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const field = validateShortText(
		ctx,
		'options.binaryPropertyName',
		options.binaryPropertyName ?? '',
	).trim();
	const output: ExportOutput = {
		binaryProperty: field === '' ? undefined : field,
		omitExportedAt: options.omitExportedAt === true,
	};
	return {
		steps: async (send) => {
			const ids = configurationId
				? [configurationId]
				: await profileIds.call(this, send, itemIndex, nameContains);
			const exported: IDataObject[] = new Array(ids.length);
			await runPool(ids.length, run.concurrency, async (k) => {
				exported[k] = await exportProfile.call(this, run, itemIndex, ids[k], output);
			});
			return exported;
		},
	};
};
