import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { graphRootOf } from '../../../credentials/clouds';
import { credentialType } from './credential';
import { attempt } from './http';
import type { Outcome } from './pacer';
import { pacerFor } from './pacer';
import { checkedOptions } from './request';
import { DEFAULT_RETRY_POLICY, NotSentError, sendWithRetries, throttlePauseMs } from './retry';
import { sharedPacers, throttleKey } from './throttles';
import type {
	Attempt,
	GraphContext,
	GraphRequest,
	GraphSession,
	RetryLoop,
	RetryPolicy,
	Send,
} from './types';

/*
 * A run's way to Graph: the session it opens with the credential, and a Send for each item that
 * holds a place with the shared pacer, stops when the run has stopped, and retries by the policy.
 */

export async function getGraphRoot(
	this: GraphContext,
	credentials?: ICredentialDataDecryptedObject,
): Promise<string> {
	try {
		return graphRootOf(credentials ?? (await this.getCredentials(credentialType(this))));
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: 'Open the credential and fix its cloud settings.',
		});
	}
}

export async function openSession(
	this: GraphContext,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<GraphSession> {
	const credentials = await this.getCredentials(credentialType(this));
	const graphRoot = await getGraphRoot.call(this, credentials);
	const credentialKey = throttleKey(graphRoot, credentials);
	return { graphRoot, credentialKey, policy, pacers: sharedPacers(credentialKey) };
}

/** What a request sent on its own came to, for the pacer. */
export const single = (answer: Attempt): Outcome =>
	answer.ok
		? { accepted: 1, clean: true }
		: {
				accepted: 0,
				clean: false,
				pauseMs: throttlePauseMs(answer.failure.status, answer.failure.headers),
			};

/**
 * One HTTP exchange, holding a place with the pacer for its kind (a read, or a write). The stop is
 * checked once the place is held, right before the wire: a run may have stopped while this request
 * waited out a throttle. `judge` tells the pacer what the exchange came to; `held`: a $batch whose
 * place with the pacer is already held, for that many requests.
 */
export async function sendOnce(
	this: GraphContext,
	session: GraphSession,
	options: IHttpRequestOptions,
	itemIndex: number,
	judge: (attempt: Attempt) => Outcome = single,
	kind: IHttpRequestMethods | undefined = options.method,
	held?: number,
): Promise<Attempt> {
	const send = async () => {
		if (session.stopped?.()) throw new NotSentError();
		return await attempt.call(this, options, session.graphRoot, itemIndex);
	};
	return await pacerFor(session.pacers, kind).within(send, judge, held);
}

/** The retry loop for requests sent one by one. */
export function directLoop(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
): RetryLoop {
	return {
		policy: session.policy,
		pacers: session.pacers,
		stopped: session.stopped,
		send: async (options) => await sendOnce.call(this, session, options, itemIndex),
	};
}

/**
 * An item's Send: each request checked (nothing leaves for a URL outside the credential's Graph),
 * then sent with retries through `loop`, on its own unless a $batch's loop is given.
 */
export function sender(
	this: GraphContext,
	session: GraphSession,
	itemIndex: number,
	loop: RetryLoop = directLoop.call(this, session, itemIndex),
): Send {
	return async (request) => {
		const options = checkedOptions.call(this, session, request, itemIndex);
		return await sendWithRetries.call(this, loop, options, itemIndex, request.expectEntity);
	};
}

/** One Graph request with retries, sent on its own. */
export async function graphRequest(
	this: GraphContext,
	session: GraphSession,
	request: GraphRequest,
	itemIndex = 0,
): Promise<IDataObject> {
	return await sender.call(this, session, itemIndex)(request);
}
