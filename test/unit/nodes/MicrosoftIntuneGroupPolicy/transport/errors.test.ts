import { NodeApiError } from 'n8n-workflow';

import {
	graphApiError,
	readGraphError,
	unwrapIntuneMessage,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/errors';
import { TEST_NODE } from '../../../../helpers/executeContext';

const intune = JSON.stringify({
	_version: 3,
	Message: 'Resource not found - Operation ID (for customer support): 1234',
	CustomApiErrorPhrase: '',
	RetryAfter: null,
});

describe('Graph error translation', () => {
	it('unwraps the Intune JSON string inside error.message', () => {
		expect(unwrapIntuneMessage(intune)).toBe(
			'Resource not found - Operation ID (for customer support): 1234',
		);
		expect(unwrapIntuneMessage(JSON.stringify({ Message: 'A', CustomApiErrorPhrase: 'B' }))).toBe(
			'A — B',
		);
		expect(unwrapIntuneMessage('plain text')).toBe('plain text');
		expect(unwrapIntuneMessage('{not json')).toBe('{not json');
	});

	it('reads code, message and request-id from header or innerError, and from a string body', () => {
		const body = {
			error: {
				code: 'ResourceNotFound',
				message: intune,
				innerError: { 'request-id': 'inner-id' },
			},
		};
		expect(readGraphError({ status: 404, body, headers: {} })).toEqual({
			code: 'ResourceNotFound',
			message: 'Resource not found - Operation ID (for customer support): 1234',
			requestId: 'inner-id',
		});
		expect(
			readGraphError({ status: 404, body: JSON.stringify(body), headers: { 'Request-Id': 'hdr' } })
				.requestId,
		).toBe('hdr');
		expect(readGraphError({ status: 502, body: '<html>bad gateway</html>', headers: {} })).toEqual({
			code: undefined,
			message: undefined,
			requestId: undefined,
		});
	});

	it.each([
		[403, /DeviceManagementConfiguration\.ReadWrite\.All.*admin consent|admin.*consent/],
		[404, /IDs does not exist/],
		[400, /uploaded \(custom\) ADMX/],
		[401, /Reconnect the credential/],
		[429, /throttling/],
		[503, /temporary problem/],
	])('explains how to fix a %i', (status, fix) => {
		const error = graphApiError(
			TEST_NODE,
			{
				status,
				body: { error: { code: 'Code', message: 'What happened' } },
				headers: { 'request-id': 'rid-1' },
			},
			2,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Microsoft Graph returned ${status}: Code: What happened`);
		expect(error.description).toMatch(fix);
		expect(error.description).toContain('Request ID for Microsoft support: rid-1');
		expect(error.httpCode).toBe(String(status));
		expect(error.context.itemIndex).toBe(2);
	});
});
