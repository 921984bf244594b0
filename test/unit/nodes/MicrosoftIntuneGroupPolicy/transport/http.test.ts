import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { attempt } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/http';
import { TEST_NODE } from '../../../../helpers/executeContext';

/*
 * One exchange through n8n's helper, read into an outcome: Graph's answer, a lost connection, or a
 * refused sign-in, which fails at once.
 */

const ROOT = 'https://graph.microsoft.com';
const OPTIONS: IHttpRequestOptions = { method: 'GET', url: `${ROOT}/beta/things` };

/** How an exchange that throws fails. */
const thrownBy = async (outcome: { error: unknown }) =>
	(await exchange(outcome).then(
		() => undefined,
		(error: Error) => error,
	)) as Error;

/** What n8n's helper does: answers `body`, or throws `error`. */
function exchange(outcome: { body?: unknown; error?: unknown }) {
	const context = {
		getNode: () => TEST_NODE,
		helpers: {
			httpRequestWithAuthentication: async () => {
				if (outcome.error) throw outcome.error;
				return outcome.body;
			},
		},
	} as unknown as IExecuteFunctions;
	return attempt.call(context, OPTIONS, ROOT, 3);
}

const axiosError = (status: number, extra: object = {}) =>
	Object.assign(new Error(`Request failed with status code ${status}`), {
		config: { url: `${ROOT}/beta/things` },
		response: { status, data: { error: { code: 'x' } }, headers: { 'retry-after': '2' } },
		...extra,
	});

describe('attempt', () => {
	it("answers Graph's JSON object, and an empty answer as an empty object", async () => {
		await expect(exchange({ body: { id: 'a' } })).resolves.toEqual({ ok: true, body: { id: 'a' } });
		await expect(exchange({ body: '' })).resolves.toEqual({ ok: true, body: {} });
		await expect(exchange({ body: undefined })).resolves.toEqual({ ok: true, body: {} });
	});

	it('calls an answer that is not a JSON object unreadable', async () => {
		for (const body of ['<html>', [1, 2], 42]) {
			const answer = await exchange({ body });
			expect(answer).toMatchObject({ ok: false, failure: { unreadable: true, body } });
		}
	});

	it("reads Graph's status, body and headers from the HTTP client's error", async () => {
		const answer = await exchange({ error: new Error('wrapped', { cause: axiosError(429) }) });
		expect(answer).toEqual({
			ok: false,
			failure: {
				status: 429,
				body: { error: { code: 'x' } },
				headers: { 'retry-after': '2' },
				message: 'Request failed with status code 429',
			},
		});
	});

	it('tells a lost connection by its code', async () => {
		const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		await expect(exchange({ error })).resolves.toEqual({
			ok: false,
			failure: { headers: {}, networkCode: 'ECONNRESET', message: 'socket hang up' },
		});
	});

	it("reads n8n's own summary when the client's error is not in the chain", async () => {
		const error = Object.assign(new Error('Not found'), {
			httpCode: '404',
			context: { data: 'gone' },
		});
		await expect(exchange({ error })).resolves.toEqual({
			ok: false,
			failure: { status: 404, body: 'gone', headers: {}, message: '' },
		});
	});

	it("fails at once when the identity platform refuses, with the platform's reason", async () => {
		const refusal = Object.assign(new Error('Unauthorized'), {
			code: 'EAUTH',
			status: 401,
			body: JSON.stringify({ error_description: 'AADSTS7000215: Invalid client secret' }),
		});
		const error = new Error('Failed to acquire OAuth2 access token', { cause: refusal });
		const thrown = await thrownBy({ error });
		expect(thrown).toBeInstanceOf(NodeApiError);
		expect(thrown.message).toBe(
			'Sign-in to Microsoft failed: AADSTS7000215: Invalid client secret',
		);
	});

	it('takes an HTTP error from outside /beta for the token request failing', async () => {
		const error = axiosError(503, { config: { url: 'https://login.microsoftonline.com/t/token' } });
		const thrown = await thrownBy({ error });
		expect(thrown.message).toBe('Sign-in to Microsoft failed: the sign-in endpoint returned 503');
		const unreachable = Object.assign(new Error('getaddrinfo ENOTFOUND login'), {
			code: 'ENOTFOUND',
			config: { url: 'https://login.microsoftonline.com/t/token' },
		});
		const offline = await thrownBy({ error: unreachable });
		expect(offline.message).toBe('Sign-in to Microsoft failed: getaddrinfo ENOTFOUND login');
	});

	it("passes n8n's own errors on for the item", async () => {
		const thrown = await thrownBy({ error: new Error('Credentials not connected') });
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect(thrown).toMatchObject({
			message: 'Credentials not connected',
			context: { itemIndex: 3 },
		});
	});
});
