/*
 * The transport's front door: what the node's other layers, and the trigger, may use. Everything
 * that reaches Microsoft Graph goes through here; the files behind it are the transport's own.
 */

export { BatchSender, MAX_BATCH_SIZE } from './batch';
export type { Authentication } from './credential';
export { credentialType } from './credential';
export { asNodeError, graphStatusOf, isOutcomeUnknown } from './errors';
export type { GraphPage } from './pages';
export { collectPages, graphGetPage } from './pages';
export { DEVICE_MANAGEMENT, graphPath } from './paths';
export {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_RETRY_POLICY,
	NotSentError,
} from './retry';
export type { GraphRead } from './reads';
export { readAll, readSettled } from './reads';
export { graphRequest, openSession, sender } from './session';
export type { GraphContext, GraphRequest, GraphSession, RetryPolicy, Send } from './types';
