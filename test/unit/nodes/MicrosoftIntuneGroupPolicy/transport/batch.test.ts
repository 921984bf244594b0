import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	BatchSender,
	queryOf,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/batch';
import { Pacer } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/pacer';
import { DEFAULT_RETRY_POLICY } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/retry';
import type { GraphSession } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/types';
import { TEST_NODE } from '../../../../helpers/executeContext';
import { graphError } from '../../../../helpers/mockContext';

/*
 * JSON batching on its own: members hand in their requests, one $batch carries them, and each
 * answer goes back to its member by id, which retries it alone by the same rules as a single
 * request.
 */

const ROOT = 'https://graph.microsoft.com';

interface Part {
	id: string;
	method: string;
	url: string;
	body?: IDataObject;
}

/** Graph answers each part of a $batch with `reply`, in reverse order, as it may. */
function setup(reply: (part: Part, round: number) => IDataObject, members: number) {
	const batches: Part[][] = [];
	const context = {
		getNode: () => TEST_NODE,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const parts = (request.body as { requests: Part[] }).requests;
				batches.push(parts);
				const round = batches.length;
				return {
					responses: parts.map((part) => ({ id: part.id, ...reply(part, round) })).reverse(),
				};
			},
		},
	} as unknown as IExecuteFunctions;
	const session: GraphSession = {
		graphRoot: ROOT,
		credentialKey: 'test',
		policy: DEFAULT_RETRY_POLICY,
		pacers: { read: new Pacer(), write: new Pacer() },
	};
	const batch = new BatchSender(context, session, members, 0);
	return { batch, batches, session };
}

describe('BatchSender', () => {
	it('sends the members in one $batch once all are in, each answer to its member', async () => {
		const { batch, batches } = setup((part) => ({ status: 200, body: { url: part.url } }), 3);
		const answers = await Promise.all(
			[0, 1, 2].map(async (i) => {
				const body = await batch.sendFor(i)({ method: 'GET', path: `/things/${i}` });
				batch.leave();
				return body;
			}),
		);
		expect(batches).toHaveLength(1);
		expect(batches[0].map((part) => [part.id, part.url])).toEqual([
			['0', '/things/0'],
			['1', '/things/1'],
			['2', '/things/2'],
		]);
		expect(answers).toEqual([0, 1, 2].map((i) => ({ url: `/things/${i}` })));
	});

	it("carries each part's query options in its relative URL", async () => {
		const { batch, batches } = setup(() => ({ status: 200, body: {} }), 2);
		await Promise.all([
			batch.sendFor(0)({ method: 'GET', path: '/a', qs: { $expand: 'presentation', $top: 5 } }),
			batch.sendFor(1)({ method: 'GET', path: '/b' }),
		]);
		expect(batches[0].map((part) => part.url).sort()).toEqual([
			'/a?$expand=presentation&$top=5',
			'/b',
		]);
		expect(queryOf({ $filter: "displayName eq 'A&B'", skip: undefined })).toBe(
			"?$filter=displayName%20eq%20'A%26B'",
		);
	});

	it('retries a throttled part on its own in the next $batch', async () => {
		const { batch, batches } = setup(
			(part, round) =>
				part.id === '1' && round === 1
					? { status: 429, headers: { 'Retry-After': '0' }, body: {} }
					: { status: 201, body: { id: `t-${part.id}` } },
			2,
		);
		const answers = await Promise.all(
			[0, 1].map(async (i) => {
				try {
					return await batch.sendFor(i)({ method: 'POST', path: '/things', body: { i } });
				} finally {
					batch.leave();
				}
			}),
		);
		expect(batches.map((parts) => parts.map((part) => part.id))).toEqual([['0', '1'], ['1']]);
		expect(answers).toEqual([{ id: 't-0' }, { id: 't-1' }]);
	});

	it('does not wait for a member that has left', async () => {
		const { batch, batches } = setup(() => ({ status: 204 }), 2);
		batch.leave();
		await expect(batch.sendFor(1)({ method: 'DELETE', path: '/things/1' })).resolves.toEqual({});
		expect(batches).toHaveLength(1);
	});

	it('paces a $batch of reads as a read, and one with a write as a write', async () => {
		const { batch, session } = setup(() => ({ status: 200, body: {} }), 2);
		const reads = jest.spyOn(session.pacers.read, 'acquireUpTo');
		const writes = jest.spyOn(session.pacers.write, 'acquireUpTo');
		await Promise.all([
			batch.sendFor(0)({ method: 'GET', path: '/a' }),
			batch.sendFor(1)({ method: 'GET', path: '/b' }),
		]);
		expect([reads.mock.calls.length, writes.mock.calls.length]).toEqual([1, 0]);
		await Promise.all([
			batch.sendFor(0)({ method: 'GET', path: '/a' }),
			batch.sendFor(1)({ method: 'PATCH', path: '/b', body: {} }),
		]);
		expect([reads.mock.calls.length, writes.mock.calls.length]).toEqual([1, 1]);
	});

	it('fails a write whose part came back without a readable answer as of unknown outcome', async () => {
		const { batch } = setup(() => ({ status: 200, body: 'not json' }), 1);
		await expect(batch.sendFor(0)({ method: 'POST', path: '/things', body: {} })).rejects.toThrow(
			/outcome of the request is unknown/,
		);
	});

	it("gives every member the $batch's own failure", async () => {
		const { batch, session } = setup(() => ({}), 2);
		const context = (batch as unknown as { context: IExecuteFunctions }).context;
		context.helpers.httpRequestWithAuthentication = async () => {
			throw graphError(400);
		};
		const results = await Promise.allSettled(
			[0, 1].map(async (i) => await batch.sendFor(i)({ method: 'GET', path: `/things/${i}` })),
		);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(session.pacers.read.idle()).toBe(true);
	});

	it('rejects its members, giving the pacer back, when the $batch cannot be addressed', async () => {
		const { batch, session } = setup(() => ({}), 1);
		session.graphRoot = 'not a url';
		await expect(batch.send('0', { method: 'GET', url: 'x' })).rejects.toThrow(/Refusing/);
		expect(session.pacers.read.idle()).toBe(true);
	});
});
