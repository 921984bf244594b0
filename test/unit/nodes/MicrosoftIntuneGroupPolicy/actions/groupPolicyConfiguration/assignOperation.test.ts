import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { router } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/router';
import { forgetSharedThrottles } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/throttles';
import { graphError, mockExecuteContext } from '../../../../../helpers/mockContext';

/*
 * Assign with Graph in memory: one read, then one write of the whole set or none; an unknown outcome
 * sent once more; items on the same profile taking turns.
 */

beforeEach(forgetSharedThrottles);

const ID = '2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f';
const G1 = '11111111-1111-4111-8111-111111111111';
const G2 = '22222222-2222-4222-8222-222222222222';
const BASE = `/deviceManagement/groupPolicyConfigurations/${ID}`;
const GROUP = '#microsoft.graph.groupAssignmentTarget';

const pathOf = (request: IHttpRequestOptions) =>
	new URL(request.url).pathname.replace(/^\/beta/, '');

/** A profile's assignments in memory, assigned as Graph does: the whole set replaced. */
function tenant(initial: IDataObject[] = []) {
	let assignments = initial.map((target, i) => ({ id: `${ID}_${i}`, target }));
	const faults: Array<() => Error | undefined> = [];
	const answer = async (request: IHttpRequestOptions): Promise<unknown> => {
		const fault = faults.shift()?.();
		if (fault) throw fault;
		const path = pathOf(request);
		if (request.method === 'GET' && path === `${BASE}/assignments`) return { value: assignments };
		if (request.method === 'POST' && path === `${BASE}/assign`) {
			const body = request.body as { assignments: Array<{ target: IDataObject }> };
			assignments = body.assignments.map((a, i) => ({ id: `${ID}_${i}`, target: a.target }));
			return { value: assignments };
		}
		throw graphError(400);
	};
	return { answer, faults, now: () => assignments };
}

function run(
	graph: ReturnType<typeof tenant>,
	parameters: (i: number) => IDataObject,
	items = 1,
	wrap?: (answer: (r: IHttpRequestOptions) => Promise<unknown>) => typeof graph.answer,
) {
	const { ctx, sent } = mockExecuteContext({
		items,
		continueOnFail: true,
		parameters: (i) => ({
			resource: 'groupPolicyConfiguration',
			operation: 'assign',
			groupPolicyConfigurationId: ID,
			defineTargets: 'json',
			...parameters(i),
		}),
		answer: wrap ? wrap(graph.answer) : graph.answer,
	});
	return {
		output: async () => (await router.call(ctx))[0].map((o) => o.json),
		calls: () => sent.map((r) => `${r.method} ${pathOf(r).replace(BASE, '')}`),
	};
}

const include = (groupId: string) => ({ type: 'includeGroup', groupId });

describe('Assign', () => {
	it('reads, then sends the whole resulting set and outputs what Graph returns', async () => {
		const graph = tenant([{ '@odata.type': GROUP, groupId: G1 }]);
		const test = run(graph, () => ({
			assignmentMode: 'add',
			assignmentTargetsJson: [include(G2)],
		}));
		const [item] = await test.output();
		expect(item).toEqual({
			groupPolicyConfigurationId: ID,
			changed: true,
			assignments: graph.now(),
		});
		expect(graph.now().map((a) => a.target.groupId)).toEqual([G1, G2]);
		expect(test.calls()).toEqual(['GET /assignments', 'POST /assign']);
	});

	it('sends nothing when the set would not change, and says so', async () => {
		const graph = tenant([{ '@odata.type': GROUP, groupId: G1 }]);
		const test = run(graph, () => ({
			assignmentMode: 'replace',
			assignmentTargetsJson: [include(G1)],
		}));
		expect(await test.output()).toEqual([
			{ groupPolicyConfigurationId: ID, changed: false, assignments: graph.now() },
		]);
		expect(test.calls()).toEqual(['GET /assignments']);
	});

	it('sends the set once more when the outcome of the write is unknown', async () => {
		const graph = tenant();
		graph.faults.push(
			() => undefined,
			() => graphError(504),
		);
		const test = run(graph, () => ({ assignmentTargetsJson: [include(G1)] }));
		const [item] = await test.output();
		expect(item.changed).toBe(true);
		expect(test.calls()).toEqual(['GET /assignments', 'POST /assign', 'POST /assign']);
	});

	it('fails on a refused write without resending', async () => {
		const graph = tenant();
		graph.faults.push(
			() => undefined,
			() => graphError(400),
		);
		const test = run(graph, () => ({ assignmentTargetsJson: [include(G1)] }));
		expect((await test.output())[0].error).toMatch(/^Microsoft Graph returned 400/);
		expect(test.calls()).toEqual(['GET /assignments', 'POST /assign']);
	});

	it('reads the assignments again when Graph answers the assign without them', async () => {
		const graph = tenant();
		const test = run(
			graph,
			() => ({ assignmentTargetsJson: [include(G1)] }),
			1,
			(answer) => async (request) => {
				const body = await answer(request);
				return request.method === 'POST' ? {} : body;
			},
		);
		const [item] = await test.output();
		expect(item.assignments).toEqual(graph.now());
		expect(test.calls()).toEqual(['GET /assignments', 'POST /assign', 'GET /assignments']);
	});

	it('lets items on the same profile take turns, so that no Add is lost', async () => {
		const graph = tenant();
		const groups = [G1, G2, '33333333-3333-4333-8333-333333333333'];
		const test = run(
			graph,
			(i) => ({ assignmentMode: 'add', assignmentTargetsJson: [include(groups[i])] }),
			3,
		);
		const output = await test.output();
		expect(output.map((o) => o.changed)).toEqual([true, true, true]);
		expect(
			graph
				.now()
				.map((a) => a.target.groupId)
				.sort(),
		).toEqual([...groups].sort());
		expect(test.calls()).toEqual([
			'GET /assignments',
			'POST /assign',
			'GET /assignments',
			'POST /assign',
			'GET /assignments',
			'POST /assign',
		]);
	});

	it('goes on with the next item on a profile after one failed', async () => {
		const graph = tenant();
		graph.faults.push(() => graphError(403));
		const test = run(
			graph,
			(i) => ({ assignmentMode: 'add', assignmentTargetsJson: [include([G1, G2][i])] }),
			2,
		);
		const output = await test.output();
		expect(output[0].error).toMatch(/returned 403/);
		expect(output[1].changed).toBe(true);
	});

	it('refuses an item before anything is sent', async () => {
		const graph = tenant();
		const test = run(graph, () => ({ assignmentMode: 'replace', assignmentTargetsJson: '[]' }));
		expect((await test.output())[0].error).toBe(
			'Parameter "assignmentTargetsJson" names no target, so Replace All would remove every ' +
				'assignment of the profile (item 0)',
		);
		expect(test.calls()).toEqual([]);
	});
});
