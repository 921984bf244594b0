import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	collectPages,
	graphGetPage,
	MAX_PAGES,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/pages';
import { Pacer } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/pacer';
import { DEFAULT_RETRY_POLICY } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/retry';
import type {
	GraphRequest,
	GraphSession,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/types';
import { TEST_NODE } from '../../../../helpers/executeContext';

/* Paging with @odata.nextLink, and the loops that stop it. */

const context = { getNode: () => TEST_NODE } as unknown as IExecuteFunctions;

/** A collection of `pages` pages of two items; each page links to the next by `link(n)`. */
function collection(pages: number, link = (n: number) => `next-${n}`) {
	const asked: GraphRequest[] = [];
	const send = async (request: GraphRequest): Promise<IDataObject> => {
		asked.push(request);
		const n = request.path.startsWith('next-') ? Number(request.path.slice(5)) : 0;
		return {
			value: [
				{ n, k: 0 },
				{ n, k: 1 },
			],
			...(n + 1 < pages ? { '@odata.nextLink': link(n + 1) } : {}),
		};
	};
	return { send, asked };
}

describe('collectPages', () => {
	it('follows the next links to the end', async () => {
		const { send, asked } = collection(3);
		const items = await collectPages.call(context, send, '/things', { $top: 2 });
		expect(items).toHaveLength(6);
		expect(asked.map((r) => r.path)).toEqual(['/things', 'next-1', 'next-2']);
		expect(asked.every((r) => r.method === 'GET')).toBe(true);
	});

	it('stops reading once it has the limit', async () => {
		const { send, asked } = collection(10);
		const items = await collectPages.call(context, send, '/things', {}, 3);
		expect(items).toEqual([
			{ n: 0, k: 0 },
			{ n: 0, k: 1 },
			{ n: 1, k: 0 },
		]);
		expect(asked).toHaveLength(2);
	});

	it('stops with an error when Graph sends the same link twice', async () => {
		const { send } = collection(5, () => 'next-1');
		await expect(
			collectPages.call(context, send, '/things', {}, undefined, 4),
		).rejects.toMatchObject({
			message: 'Stopped reading: Microsoft Graph sent the same next page link twice',
			description: expect.stringMatching(/^4 items were read before it/),
			context: { itemIndex: 4 },
		});
	});

	it(`stops with an error after ${MAX_PAGES} pages`, async () => {
		const { send } = collection(MAX_PAGES + 5);
		await expect(collectPages.call(context, send, '/things')).rejects.toThrow(
			`Stopped reading: Microsoft Graph had over ${MAX_PAGES} pages`,
		);
	});
});

describe('graphGetPage', () => {
	it('reads one page with its next link; a body without a list is an empty page', async () => {
		const answers: unknown[] = [
			{ value: [{ id: 'a' }], '@odata.nextLink': 'https://graph.microsoft.com/beta/x?$skip=1' },
			{ value: 'not a list' },
		];
		const sent: unknown[] = [];
		const ctx = {
			getNode: () => TEST_NODE,
			helpers: {
				httpRequestWithAuthentication: async (_type: string, request: unknown) => {
					sent.push(request);
					return answers.shift();
				},
			},
		} as unknown as IExecuteFunctions;
		const session: GraphSession = {
			graphRoot: 'https://graph.microsoft.com',
			credentialKey: 'test',
			policy: DEFAULT_RETRY_POLICY,
			pacers: { read: new Pacer(), write: new Pacer() },
		};
		await expect(graphGetPage.call(ctx, session, '/x', { $top: 1 })).resolves.toEqual({
			value: [{ id: 'a' }],
			nextLink: 'https://graph.microsoft.com/beta/x?$skip=1',
		});
		await expect(graphGetPage.call(ctx, session, '/x')).resolves.toEqual({
			value: [],
			nextLink: undefined,
		});
		expect(sent[0]).toMatchObject({ method: 'GET', qs: { $top: 1 } });
	});
});
