import type { IDataObject } from 'n8n-workflow';

import type { GraphContext, GraphRead, GraphSession, Send } from '../../../transport';
import { collectPages, readAll, sender } from '../../../transport';
import { configurationPath } from '../paths';
import { PAGE_SIZE } from './catalog';

/*
 * What a profile holds: its settings (definition values, with their definitions), then the input
 * values (presentation values) of the settings that matter, read in $batch of 20: a profile of 100
 * settings costs a handful of requests, not 101.
 */

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

/** The read of a setting's input values, with their presentations. */
export function presentationValuesRead(
	configurationId: string,
	definitionValueId: string,
): GraphRead {
	return {
		path: configurationPath(
			configurationId,
			'definitionValues',
			definitionValueId,
			'presentationValues',
		),
		qs: { $expand: 'presentation' },
	};
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
	const reads = definitionValueIds.map((id) => presentationValuesRead(configurationId, id));
	const answers = await readAll.call(this, session, itemIndex, reads);
	const values = await Promise.all(
		answers.map(async (answer) => await allOf.call(this, session, itemIndex, answer)),
	);
	return new Map(definitionValueIds.map((id, k) => [id, values[k]]));
}
