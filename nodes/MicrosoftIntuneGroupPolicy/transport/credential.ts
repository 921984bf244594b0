import type { GraphContext } from './types';

/*
 * Which credential the node signs in with: the one its Authentication parameter names. The
 * OAuth2 credential (an admin, or an app with a client secret) is the default, so workflows saved
 * before the parameter existed keep theirs; the certificate credential signs in as the app with a
 * certificate. Both have the same cloud fields, so everything past the sign-in is the same.
 */

/** How a node signs in: the values of its Authentication parameter. */
export type Authentication = 'oAuth2' | 'certificate';

/**
 * The credential type for this node. Read from the node's own parameters, which every context
 * (a run, a dropdown, a poll) has alike; the parameter takes no expressions.
 */
export function credentialType(context: GraphContext): string {
	return context.getNode().parameters?.authentication === 'certificate'
		? 'microsoftGraphIntuneCertificateApi'
		: 'microsoftGraphIntuneOAuth2Api';
}
