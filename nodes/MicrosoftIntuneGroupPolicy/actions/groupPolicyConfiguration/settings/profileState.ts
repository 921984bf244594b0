import type { IDataObject } from 'n8n-workflow';

import type { GraphContext, GraphSession, Send } from '../../../transport';
import { BatchSender, collectPages, sender } from '../../../transport';
import { configurationPath } from '../paths';
import { PAGE_SIZE } from './catalog';

/*
 * What a profile holds: its settings (definition values, with their definitions), then the input
 * values (presentation values) of the settings that matter, read in $batch of 20: a profile of 100
 * settings costs a handful of requests, not 101.
 */

type RetryLoop = NonNullable<Parameters<typeof sender>[2]>;

/** The profile's settings, each with its definition expanded. */
export async function readDefinitionValues(
	this: GraphContext,
	send: Send,
	configurationId: string,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await collectPages.call(
		this,
		send,
		configurationPath(configurationId, 'definitionValues'),
		{ $expand: 'definition', $top: PAGE_SIZE },
		undefined,
		itemIndex,
	);
}

/** Where a setting's input values are, with their presentations (query in the path: $batch). */
export function presentationValuesPath(configurationId: string, definitionValueId: string): string {
	return `${configurationPath(
		configurationId,
		'definitionValues',
		definitionValueId,
		'presentationValues',
	)}?$expand=presentation`;
}

/**
 * GETs of several paths (each with its query in the path), answered in order: one on its own, more
 * in $batch of up to 20, each part with its own retries.
 */
export async function readMany(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
	paths: string[],
): Promise<IDataObject[]> {
	if (paths.length <= 1) {
		const send = sender.call(this, session, itemIndex);
		return await Promise.all(paths.map(async (path) => await send({ method: 'GET', path })));
	}
	const batch = new BatchSender(this, session, paths.length, itemIndex);
	return await Promise.all(
		paths.map(async (path, k) => {
			const loop: RetryLoop = {
				policy: session.policy,
				pacers: session.pacers,
				stopped: session.stopped,
				send: async (options) => await batch.send(String(k), options),
			};
			try {
				return await sender.call(this, session, itemIndex, loop)({ method: 'GET', path });
			} finally {
				batch.leave();
			}
		}),
	);
}

/** A collection's items from its first page, reading any further pages. */
export async function allOf(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
	first: IDataObject,
): Promise<IDataObject[]> {
	const value = Array.isArray(first.value) ? (first.value as IDataObject[]) : [];
	const next = first['@odata.nextLink'];
	if (typeof next !== 'string') return value;
	const send = sender.call(this, session, itemIndex);
	return [...value, ...(await collectPages.call(this, send, next, {}, undefined, itemIndex))];
}

/** The input values of these settings of the profile, by definition value ID. */
export async function readPresentationValues(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
	configurationId: string,
	definitionValueIds: string[],
): Promise<Map<string, IDataObject[]>> {
	const paths = definitionValueIds.map((id) => presentationValuesPath(configurationId, id));
	const answers = await readMany.call(this, session, itemIndex, paths);
	const values = await Promise.all(
		answers.map(async (answer) => await allOf.call(this, session, itemIndex, answer)),
	);
	return new Map(definitionValueIds.map((id, k) => [id, values[k]]));
}
