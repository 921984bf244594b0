/*
 * Graph paths, relative to {graphRoot}/beta. Each resource names its own segments; they are joined
 * here, each URL-encoded, so that a value (IDs are validated before they get here) can never add a
 * path segment or a query string.
 */

/** Where Intune's objects live in Graph. */
export const DEVICE_MANAGEMENT = 'deviceManagement';

/** The path of these segments, each encoded: graphPath('a', 'b/c') is "/a/b%2Fc". */
export function graphPath(...segments: string[]): string {
	return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}
