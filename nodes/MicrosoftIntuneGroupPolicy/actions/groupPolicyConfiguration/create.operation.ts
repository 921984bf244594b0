import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import {
	additionalFieldsCollection,
	optionsCollection,
} from '../../descriptions/options.description';
import type { ValidationContext } from '../../helpers/validation';
import { invalid, validateShortText } from '../../helpers/validation';
import type { Send } from '../../transport';
import { asNodeError, collectPages, isOutcomeUnknown } from '../../transport';
import type { PlanItem, RunContext } from '../types';
import { CONFIGURATIONS_PATH, odataString } from './paths';

export const option: OperationOption = {
	name: 'Create',
	description: 'Create an Imported Administrative Templates profile',
	action: 'Create an administrative templates profile',
};

/* A profile's writable fields, as Create and Update name them. */

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'What the profile is for, as Intune shows it',
};

export const roleScopeTagIdsField: INodeProperties = {
	displayName: 'Role Scope Tag IDs',
	name: 'roleScopeTagIds',
	type: 'string',
	default: '',
	placeholder: 'e.g. 0, 3',
	description:
		'Comma-separated IDs of the scope tags that control which Intune admins see the profile ' +
		'(0 is Default). Left out, Intune applies the Default tag.',
};

export const displayNameField: INodeProperties = {
	displayName: 'Display Name',
	name: 'displayName',
	type: 'string',
	default: '',
	description: 'The name of the profile, as Intune shows it',
};

const SCOPE_TAG_ID = /^\d{1,10}$/;

/** Scope tag IDs from a comma-separated text or a list: Intune's scope tag IDs are numbers. */
export function readRoleScopeTagIds(
	ctx: ValidationContext,
	parameter: string,
	value: unknown,
): string[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string' || typeof value === 'number'
			? String(value).split(',')
			: invalid(ctx, parameter, `must be text or a list, not ${typeof value}`, 'e.g. 0, 3');
	const ids = list.map((id) => (typeof id === 'number' ? String(id) : id));
	const tags = ids.map((id) => (typeof id === 'string' ? id.trim() : id)).filter((id) => id !== '');
	if (tags.length === 0) {
		invalid(
			ctx,
			parameter,
			'is empty',
			'Enter scope tag IDs such as 0 (Default), or remove the field.',
		);
	}
	for (const tag of tags) {
		if (typeof tag !== 'string' || !SCOPE_TAG_ID.test(tag)) {
			invalid(
				ctx,
				parameter,
				`holds ${JSON.stringify(tag)}, which is not a scope tag ID`,
				"Scope tag IDs are numbers, e.g. 0 for Default: see Intune's Tenant administration > " +
					'Roles > Scope tags.',
			);
		}
	}
	return [...new Set(tags as string[])];
}

/** A display name: text with something in it. */
export function readDisplayName(ctx: ValidationContext, parameter: string, value: unknown): string {
	const name = validateShortText(ctx, parameter, value ?? '');
	if (name.trim() === '')
		invalid(ctx, parameter, 'is empty', 'Give the profile the name Intune should show.');
	return name;
}

/**
 * The body fields an item sets among description and roleScopeTagIds: only those the user added,
 * so nothing the user did not set is sent.
 */
export function readOptionalFields(
	ctx: ValidationContext,
	collection: string,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	if (fields.description !== undefined) {
		body.description = validateShortText(ctx, `${collection}.description`, fields.description);
	}
	if (fields.roleScopeTagIds !== undefined) {
		body.roleScopeTagIds = readRoleScopeTagIds(
			ctx,
			`${collection}.roleScopeTagIds`,
			fields.roleScopeTagIds,
		);
	}
	return body;
}

const properties: INodeProperties[] = [
	{ ...displayNameField, required: true },
	additionalFieldsCollection([descriptionField, roleScopeTagIdsField]),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['create'] } },
	properties,
);

export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const ctx: ValidationContext = { node: this.getNode(), itemIndex };
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		displayName: readDisplayName(
			ctx,
			'displayName',
			this.getNodeParameter('displayName', itemIndex, ''),
		),
		...readOptionalFields(ctx, 'additionalFields', extra),
	};
	return { steps: async (send) => await create.call(this, send, run, body, itemIndex) };
};

/**
 * How far Graph's clock may be behind this machine's: a profile created up to this long before
 * the request was sent still counts as possibly this item's.
 */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** Reads of the profiles after an unknown outcome: Intune may list a new profile a moment late. */
export const RECONCILE_READS = 2;
export const RECONCILE_PAUSE_MS = 1_000;

/** Profiles adopted or created by the run's items: another item cannot claim them. */
const claimedThisRun = new WeakMap<RunContext, Set<string>>();

function claimed(run: RunContext): Set<string> {
	let set = claimedThisRun.get(run);
	if (!set) {
		set = new Set();
		claimedThisRun.set(run, set);
	}
	return set;
}

/**
 * POSTs the profile once. When the outcome is unknown (a 504, a timeout, a lost connection),
 * nothing is sent again: the profiles with this exact display name created since the request are
 * read, and the one found is this item's profile. None found, or several, fails the item with
 * what was seen, so that a second profile is never made.
 */
export async function create(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const sentAt = Date.now();
	try {
		const created = await send({
			method: 'POST',
			path: CONFIGURATIONS_PATH,
			body,
			expectEntity: true,
		});
		claimed(run).add(String(created.id));
		return created;
	} catch (error) {
		if (!isOutcomeUnknown(error)) throw asNodeError(this.getNode(), error, itemIndex);
		return await adopt.call(this, send, run, body, sentAt, itemIndex, error as Error);
	}
}

/** Whether a listed profile is the one this item's request would have made. */
function madeBy(profile: IDataObject, body: IDataObject, since: number): boolean {
	const created = Date.parse(String(profile.createdDateTime ?? ''));
	return (
		profile.displayName === body.displayName &&
		(body.description === undefined || profile.description === body.description) &&
		!Number.isNaN(created) &&
		created >= since - CLOCK_SKEW_MS
	);
}

async function adopt(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	body: IDataObject,
	sentAt: number,
	itemIndex: number,
	unknown: Error,
): Promise<IDataObject> {
	const name = String(body.displayName);
	const qs = { $filter: `displayName eq ${odataString(name)}` };
	let found: IDataObject[] = [];
	for (let read = 0; read < RECONCILE_READS && found.length === 0; read++) {
		if (read > 0) await sleep(RECONCILE_PAUSE_MS);
		const listed = await collectPages.call(
			this,
			send,
			CONFIGURATIONS_PATH,
			qs,
			undefined,
			itemIndex,
		);
		found = listed.filter((p) => madeBy(p, body, sentAt) && !claimed(run).has(String(p.id)));
	}
	const since = new Date(sentAt - CLOCK_SKEW_MS).toISOString();
	if (found.length === 1) {
		claimed(run).add(String(found[0].id));
		return found[0];
	}
	const ids = found.map((p) => String(p.id)).join(', ');
	throw new NodeOperationError(
		this.getNode(),
		found.length === 0
			? `Profile "${name}" was most likely not created: ${unknown.message}`
			: `Profile "${name}" may have been created more than once: ${unknown.message}`,
		{
			itemIndex,
			description:
				found.length === 0
					? `Graph did not confirm the create, and no profile named "${name}" created since ` +
						`${since} exists. Nothing was sent again, so that no second profile is made: run ` +
						`the item again.`
					: `Graph did not confirm the create, and ${found.length} profiles named "${name}" ` +
						`were created since ${since} (${ids}). Nothing was sent again: keep one, delete ` +
						`the others.`,
		},
	);
}
