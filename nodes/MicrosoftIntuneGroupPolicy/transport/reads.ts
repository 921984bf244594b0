import type { IDataObject } from 'n8n-workflow';

import { BatchSender } from './batch';
import { sender } from './session';
import type { GraphContext, GraphSession, Send } from './types';

/** A GET that a reading step needs: a path below {graphRoot}/beta and its query options. */
export interface GraphRead {
	path: string;
	qs?: IDataObject;
}

async function settle(send: Send, read: GraphRead): Promise<IDataObject | Error> {
	try {
		return await send({ method: 'GET', ...read });
	} catch (error) {
		return error as Error;
	}
}

/**
 * GETs for one item, answered in order, each with Graph's body or the error it ended with: one on
 * its own, more in $batch of up to 20, each part with its own retries. A step that can do without
 * some answers (an optional lookup Graph refuses) reads with this.
 */
export async function readSettled(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
	reads: GraphRead[],
): Promise<Array<IDataObject | Error>> {
	if (reads.length <= 1) {
		const send = sender.call(this, session, itemIndex);
		return await Promise.all(reads.map(async (read) => await settle(send, read)));
	}
	const batch = new BatchSender(this, session, reads.length, itemIndex);
	return await Promise.all(
		reads.map(async (read, k) => {
			try {
				return await settle(batch.sendFor(itemIndex, String(k)), read);
			} finally {
				batch.leave();
			}
		}),
	);
}

/** The same GETs' bodies in order; the first that failed (in order) throws its error. */
export async function readAll(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
	reads: GraphRead[],
): Promise<IDataObject[]> {
	const answers = await readSettled.call(this, session, itemIndex, reads);
	const failed = answers.find((answer) => answer instanceof Error);
	if (failed) throw failed;
	return answers as IDataObject[];
}
