import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { execute } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/engine';
import type {
	ItemWork,
	Operation,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/types';
import type { Answer } from '../../../../helpers/mockContext';
import { graphError, mockExecuteContext } from '../../../../helpers/mockContext';
import { forgetSharedThrottles } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/throttles';

/*
 * The engine with made-up operations and a Graph in memory: chunks and $batch, ordered plans,
 * stopping or continuing, and how each item's output is wrapped and paired.
 */

beforeEach(forgetSharedThrottles);

const option = { name: 'Test', description: 'A test operation', action: 'Test' };

/** Each item plans what `work` says; its parameters come from `parameters`. */
const operation = (
	work: (this: IExecuteFunctions, itemIndex: number) => ItemWork,
	ordered?: boolean,
): Operation => ({ option, ordered, plan: work });

/** Each item POSTs its index to /things and outputs Graph's answer. */
const create = operation((i) => ({
	request: { method: 'POST', path: '/things', body: { i } },
	output: (body) => body,
}));

const pathOf = (url: string) => new URL(url).pathname.replace(/^\/beta/, '');

/** Graph answers each request (and each part of a $batch) with `reply`. */
function graph(reply: (method: string, path: string, body: IDataObject) => [number, IDataObject]) {
	const answer: Answer = async (request: IHttpRequestOptions) => {
		if (pathOf(request.url) === '/$batch') {
			const parts = (request.body as { requests: IDataObject[] }).requests;
			const responses = parts.map((part) => {
				const [status, body] = reply(
					String(part.method),
					String(part.url),
					part.body as IDataObject,
				);
				return { id: part.id, status, body };
			});
			return { responses: responses.reverse() };
		}
		const [status, body] = reply(request.method!, pathOf(request.url), request.body as IDataObject);
		if (status >= 400) throw graphError(status);
		return body;
	};
	return answer;
}

const created = graph((_method, _path, body) => [201, { id: `t-${String(body?.i)}` }]);

function run(items: number, options: IDataObject = {}, answer = created, continueOnFail = false) {
	return mockExecuteContext({ items, answer, continueOnFail, parameters: () => ({ options }) });
}

describe('execute', () => {
	it('wraps each item of an array output on its own, paired with its input item', async () => {
		const list = operation(() => ({
			request: { method: 'GET', path: '/things' },
			output: (body) => body.value as IDataObject[],
		}));
		const answer = graph(() => [200, { value: [{ n: 1 }, { n: 2 }] }]);
		const { ctx } = run(2, {}, answer);
		const [output] = await execute.call(ctx, list);
		expect(output.map((o) => [o.json.n, o.pairedItem])).toEqual([
			[1, { item: 0 }],
			[2, { item: 0 }],
			[1, { item: 1 }],
			[2, { item: 1 }],
		]);
	});

	it('sends up to 20 items in one $batch and pairs each answer with its item by id', async () => {
		const { ctx, sent } = run(25, { batchRequests: true });
		const [output] = await execute.call(ctx, create);
		expect(sent.map((r) => pathOf(r.url))).toEqual(['/$batch', '/$batch']);
		const sizes = sent.map((r) => (r.body as { requests: unknown[] }).requests.length);
		expect(sizes.sort((a, b) => a - b)).toEqual([5, 20]);
		expect(output.map((o) => o.json.id)).toEqual(Array.from({ length: 25 }, (_, i) => `t-${i}`));
		expect(output.map((o) => o.pairedItem)).toEqual(
			Array.from({ length: 25 }, (_, item) => ({ item })),
		);
	});

	it('sends a lone request of a chunk on its own, and steps always on their own', async () => {
		const steps = operation((i) => ({
			steps: async (send) => await send({ method: 'POST', path: '/things', body: { i } }),
		}));
		const { ctx, sent } = run(1, { batchRequests: true });
		await execute.call(ctx, create);
		const second = run(3, { batchRequests: true });
		await execute.call(second.ctx, steps);
		expect([...sent, ...second.sent].map((r) => pathOf(r.url))).toEqual([
			'/things',
			'/things',
			'/things',
			'/things',
		]);
	});

	it('fails an item whose plan throws, sending nothing for it', async () => {
		const picky = operation(function (i) {
			if (i === 1)
				throw new NodeOperationError(this.getNode(), 'Bad item', { description: 'Fix it.' });
			return { request: { method: 'POST', path: '/things', body: { i } }, output: (body) => body };
		});
		const { ctx, sent } = run(3, {}, created, true);
		const [output] = await execute.call(ctx, picky);
		expect(output.map((o) => o.json)).toEqual([
			{ id: 't-0' },
			{ error: 'Bad item', details: 'Fix it.' },
			{ id: 't-2' },
		]);
		expect(sent).toHaveLength(2);
	});

	it('without continue-on-fail, names at most 25 items carried out before it stopped', async () => {
		const answer = graph((_method, _path, body) =>
			body.i === 29 ? [400, {}] : [201, { id: `t-${String(body.i)}` }],
		);
		const { ctx } = run(30, { maxConcurrentRequests: 1 }, answer);
		const error = await execute.call(ctx, create).catch((e: Error) => e);
		const shown = Array.from({ length: 25 }, (_, i) => `${i} (t-${i})`).join(', ');
		expect(error).toMatchObject({
			description: expect.stringContaining(`29 item(s): ${shown}, …. Check them`),
		});
	});

	it('reports no reads as carried out', async () => {
		const read = operation((i) => ({
			request: { method: 'GET', path: `/things/${i}` },
			output: (body) => body,
		}));
		const answer = graph((_method, path) =>
			path === '/things/1' ? [400, {}] : [200, { id: 'x' }],
		);
		const { ctx } = run(2, { maxConcurrentRequests: 1 }, answer);
		const error = (await execute.call(ctx, read).catch((e: Error) => e)) as NodeOperationError;
		expect(error.description ?? '').not.toMatch(/Already carried out/);
	});
});

describe('execute, ordered', () => {
	/** Items provide and need keys; each records what its needs came to, then POSTs. */
	function chain(keys: Array<{ provides?: string[]; needs?: string[] }>) {
		const order: number[] = [];
		const op = operation(
			(i) => ({
				...keys[i],
				steps: async (send, dependencies) => {
					const needs = await Promise.all((keys[i].needs ?? []).map((key) => dependencies(key)));
					order.push(i);
					await send({ method: 'POST', path: '/things', body: { i } });
					return { i, needs };
				},
			}),
			true,
		);
		return { op, order };
	}

	it('runs an item after the items that provide what it needs, and keeps output order', async () => {
		const { op, order } = chain([
			{ needs: ['b'] },
			{ provides: ['b'], needs: ['c'] },
			{ provides: ['c'] },
		]);
		const { ctx } = run(3);
		const [output] = await execute.call(ctx, op);
		expect(order).toEqual([2, 1, 0]);
		expect(output.map((o) => o.json)).toEqual([
			{ i: 0, needs: [true] },
			{ i: 1, needs: [true] },
			{ i: 2, needs: [] },
		]);
	});

	it('fails items that need each other in a circle, sending nothing for them', async () => {
		const { op, order } = chain([
			{ provides: ['a'], needs: ['b'] },
			{ provides: ['b'], needs: ['a'] },
			{},
		]);
		const { ctx } = run(3, {}, created, true);
		const [output] = await execute.call(ctx, op);
		expect(order).toEqual([2]);
		expect(output[0].json.error).toMatch(/Item 0 is part of a circular dependency/);
		expect(output[1].json.error).toMatch(/Item 1 is part of a circular dependency/);
	});

	it('tells a waiting item that its provider failed', async () => {
		const { op } = chain([{ needs: ['b'] }, { provides: ['b'] }]);
		const answer = graph((_method, _path, body) => (body.i === 1 ? [400, {}] : [201, {}]));
		const { ctx } = run(2, {}, answer, true);
		const [output] = await execute.call(ctx, op);
		expect(output[0].json).toEqual({ i: 0, needs: [false] });
		expect(output[1].json.error).toMatch(/400/);
	});

	it('fails an item whose plan throws, and runs the others', async () => {
		const op = operation(function (i) {
			if (i === 0) throw new Error('unreadable');
			return { steps: async () => ({ i }) };
		}, true);
		const { ctx } = run(2, {}, created, true);
		const [output] = await execute.call(ctx, op);
		expect(output.map((o) => o.json)).toEqual([{ error: 'unreadable' }, { i: 1 }]);
	});
});
