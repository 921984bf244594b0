import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * Every value that ends up in a Graph URL or body passes through here first, so that bad input
 * fails its own item with a message naming the parameter, before anything leaves the machine.
 */

export interface ValidationContext {
	node: INode;
	itemIndex: number;
}

export function invalid(
	ctx: ValidationContext,
	parameter: string,
	problem: string,
	hint: string,
): never {
	throw new NodeOperationError(
		ctx.node,
		`Parameter "${parameter}" ${problem} (item ${ctx.itemIndex})`,
		{
			itemIndex: ctx.itemIndex,
			description: hint,
		},
	);
}

const ID_HINT =
	'Use the ID exactly as Graph returns it (usually a GUID). IDs never contain spaces, "/", ' +
	'"?", "#", "%" or "..".';

/** Graph's keys are GUIDs or short names; anything longer is a mapping mistake, not an ID. */
const MAX_ID_LENGTH = 256;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A path segment ID: rejects anything that could change which URL the request (and its token) goes
 * to.
 */
export function validateId(ctx: ValidationContext, parameter: string, value: unknown): string {
	if (value === undefined || value === null || (typeof value === 'string' && value === '')) {
		invalid(ctx, parameter, 'is empty', ID_HINT);
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		invalid(
			ctx,
			parameter,
			`must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
			ID_HINT,
		);
	}
	if (typeof value === 'number' && !Number.isFinite(value)) {
		invalid(ctx, parameter, `is the number ${value}, not an ID`, ID_HINT);
	}
	const id = String(value);
	if (id.length > MAX_ID_LENGTH) {
		invalid(
			ctx,
			parameter,
			`is ${id.length} characters long; IDs have at most ${MAX_ID_LENGTH}`,
			ID_HINT,
		);
	}
	if (LONE_SURROGATE.test(id)) {
		invalid(ctx, parameter, 'contains a broken Unicode character (a lone surrogate)', ID_HINT);
	}
	if (CONTROL_CHARACTERS.test(id)) invalid(ctx, parameter, 'contains a control character', ID_HINT);
	if (/\s/.test(id)) invalid(ctx, parameter, `contains whitespace: "${id}"`, ID_HINT);
	const bad = /[/?#%\\]/.exec(id);
	if (bad) invalid(ctx, parameter, `contains the character "${bad[0]}": "${id}"`, ID_HINT);
	if (id.includes('..')) invalid(ctx, parameter, `contains "..": "${id}"`, ID_HINT);
	// A URL parser drops a "." segment, which would address the collection instead of one object.
	if (id === '.') invalid(ctx, parameter, 'is ".", which is not an ID', ID_HINT);
	return id;
}

/**
 * One of a fixed set of Graph enum values; expressions can produce anything, so the option list is
 * re-checked.
 */
export function validateEnum<T extends string>(
	ctx: ValidationContext,
	parameter: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	invalid(
		ctx,
		parameter,
		`has the value ${JSON.stringify(value)}, which Graph does not accept`,
		`Use one of: ${allowed.join(', ')} (case-sensitive).`,
	);
}

const ISO_8601_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * An ISO 8601 date-time for an Edm.DateTimeOffset. n8n's date picker yields no offset; such values
 * are taken as UTC, which is how Graph reports times.
 */
export function validateDateTime(
	ctx: ValidationContext,
	parameter: string,
	value: unknown,
): string {
	let text: string;
	if (value instanceof Date) {
		text = value.toISOString();
	} else if (typeof value === 'string') {
		text = value.trim();
	} else if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		text = String((value as { toISO: () => string }).toISO());
	} else {
		text = String(value);
	}
	const match = ISO_8601_DATE_TIME.exec(text);
	const hint =
		'Use an ISO 8601 date and time, e.g. 2026-11-28T09:30:00Z, 2026-11-28T10:30:00+01:00 or ' +
		'{{ $now.toISO() }}.';
	if (!match)
		invalid(ctx, parameter, `is not an ISO 8601 date-time: ${JSON.stringify(text)}`, hint);
	const [, year, month, day, hour, minute, second] = match;
	// The last day of the month (day 0 of the next): V8 would roll 2026-02-31 over into March.
	const daysInMonth = new Date(Date.UTC(+year, +month, 0)).getUTCDate();
	const withinRange =
		+month >= 1 &&
		+month <= 12 &&
		+day >= 1 &&
		+day <= daysInMonth &&
		+hour <= 23 &&
		+minute <= 59 &&
		+(second ?? 0) <= 59;
	const normalised = match[7] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`;
	if (!withinRange || Number.isNaN(Date.parse(normalised))) {
		invalid(ctx, parameter, `is not a valid date-time: ${JSON.stringify(text)}`, hint);
	}
	return normalised;
}

/**
 * Free text for the body: any string; numbers and booleans from expressions are kept as their text.
 */
export function validateText(ctx: ValidationContext, parameter: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	invalid(
		ctx,
		parameter,
		`must be text, not ${value === null ? 'null' : typeof value}`,
		'Map a text value into it.',
	);
}

/**
 * Long enough for any status text Intune writes (a few hundred characters) with room to spare; a
 * longer value is almost always a whole file or response mapped into the field by mistake.
 */
export const MAX_TEXT_LENGTH = 4000;

/** Free text with a length limit. */
export function validateShortText(
	ctx: ValidationContext,
	parameter: string,
	value: unknown,
): string {
	const text = validateText(ctx, parameter, value);
	if (text.length > MAX_TEXT_LENGTH) {
		invalid(
			ctx,
			parameter,
			`is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are accepted`,
			'Map a short summary into it, not a whole document.',
		);
	}
	return text;
}

/** A positive whole number of results (Get Many's Limit). */
export function validateLimit(ctx: ValidationContext, parameter: string, value: unknown): number {
	const limit = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		invalid(
			ctx,
			parameter,
			`must be a whole number of at least 1, not ${JSON.stringify(value)}`,
			'Set a Limit of 1 or more, or turn on Return All.',
		);
	}
	return limit;
}
