import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { Pacer } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/pacer';
import {
	readAll,
	readSettled,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/reads';
import { DEFAULT_RETRY_POLICY } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/retry';
import type { GraphSession } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/types';
import { TEST_NODE } from '../../../../helpers/executeContext';

/*
 * Reads of one item: a single GET goes alone, several share a $batch, and every answer comes back in
 * the order asked, whatever order Graph answers the parts in.
 */

const ROOT = 'https://graph.microsoft.com';

interface Part {
	id: string;
	url: string;
}

/** Graph answers `/missing` with 404 and anything else with its own URL, parts in reverse order. */
function setup() {
	const sent: IHttpRequestOptions[] = [];
	const answer = (url: string) =>
		url.startsWith('/missing')
			? { status: 404, body: { error: { code: 'ResourceNotFound', message: 'Not found' } } }
			: { status: 200, body: { url } };
	const context = {
		getNode: () => TEST_NODE,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				sent.push(request);
				if (!request.url.endsWith('/$batch')) return { url: request.url, qs: request.qs };
				const parts = (request.body as { requests: Part[] }).requests;
				return {
					responses: parts.map((part) => ({ id: part.id, ...answer(part.url) })).reverse(),
				};
			},
		},
	} as unknown as IExecuteFunctions;
	const session: GraphSession = {
		graphRoot: ROOT,
		credentialKey: 'test',
		policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
		pacers: { read: new Pacer(), write: new Pacer() },
	};
	return { context, session, sent };
}

describe('readSettled', () => {
	it('sends a single read on its own, with its query options', async () => {
		const { context, session, sent } = setup();
		const answers = await readSettled.call(context, session, 0, [
			{ path: '/things', qs: { $top: 5 } },
		]);
		expect(sent).toHaveLength(1);
		expect(answers).toEqual([{ url: `${ROOT}/beta/things`, qs: { $top: 5 } }]);
	});

	it('sends several in one $batch and answers them in order, a failure in its place', async () => {
		const { context, session, sent } = setup();
		const answers = await readSettled.call(context, session, 3, [
			{ path: '/a', qs: { $expand: 'presentation' } },
			{ path: '/missing/b' },
			{ path: '/c' },
		]);
		expect(sent).toHaveLength(1);
		expect((sent[0].body as { requests: Part[] }).requests.map((part) => part.id)).toEqual([
			'0',
			'1',
			'2',
		]);
		expect(answers[0]).toEqual({ url: '/a?$expand=presentation' });
		expect(answers[1]).toBeInstanceOf(Error);
		expect(answers[2]).toEqual({ url: '/c' });
	});

	it('answers nothing for no reads, without a request', async () => {
		const { context, session, sent } = setup();
		await expect(readSettled.call(context, session, 0, [])).resolves.toEqual([]);
		expect(sent).toHaveLength(0);
	});
});

describe('readAll', () => {
	it('answers the bodies in order', async () => {
		const { context, session } = setup();
		const answers: IDataObject[] = await readAll.call(context, session, 0, [
			{ path: '/a' },
			{ path: '/b' },
		]);
		expect(answers).toEqual([{ url: '/a' }, { url: '/b' }]);
	});

	it('throws the error of the first read that failed', async () => {
		const { context, session } = setup();
		await expect(
			readAll.call(context, session, 2, [{ path: '/a' }, { path: '/missing/b' }]),
		).rejects.toMatchObject({ message: expect.stringMatching(/not found/i) });
	});
});
