import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	readDisplayName,
	readOptionalFields,
	readRoleScopeTagIds,
} from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyConfiguration/create.operation';
import { router } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/router';
import { forgetSharedThrottles } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/throttles';
import { TEST_NODE } from '../../../../../helpers/executeContext';
import { graphError, mockExecuteContext } from '../../../../../helpers/mockContext';

/*
 * The profile operations with Graph in memory: what each sends, and how each settles a write whose
 * outcome is unknown without making a second profile.
 */

beforeEach(forgetSharedThrottles);

const ctx = { node: TEST_NODE, itemIndex: 1 };
const ID = '2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f';
const PROFILES = '/deviceManagement/groupPolicyConfigurations';

const pathOf = (request: IHttpRequestOptions) =>
	new URL(request.url).pathname.replace(/^\/beta/, '');
/** What Graph answers when a gateway gave up: the write may or may not have happened. */
const gatewayTimeout = () => graphError(504);

type Reply = (request: IHttpRequestOptions, n: number) => unknown;

function run(parameters: IDataObject | ((i: number) => IDataObject), reply: Reply, items = 1) {
	let n = 0;
	const { ctx: context, sent } = mockExecuteContext({
		items,
		continueOnFail: true,
		parameters: (i) => ({
			resource: 'groupPolicyConfiguration',
			...(typeof parameters === 'function' ? parameters(i) : parameters),
		}),
		answer: async (request) => {
			const answer = reply(request, n++);
			if (answer instanceof Error) throw answer;
			return answer;
		},
	});
	return { output: async () => (await router.call(context))[0].map((o) => o.json), sent };
}

const calls = (sent: IHttpRequestOptions[]) => sent.map((r) => `${r.method} ${pathOf(r)}`);

describe('profile fields', () => {
	it('reads scope tag IDs from text or a list, trimmed and without repeats', () => {
		expect(readRoleScopeTagIds(ctx, 'p', '0, 3 ,3')).toEqual(['0', '3']);
		expect(readRoleScopeTagIds(ctx, 'p', ['0', 12])).toEqual(['0', '12']);
		expect(readRoleScopeTagIds(ctx, 'p', 5)).toEqual(['5']);
	});

	it('refuses scope tags that are empty, named instead of numbered, or of another kind', () => {
		expect(() => readRoleScopeTagIds(ctx, 'additionalFields.roleScopeTagIds', ' , ')).toThrow(
			'Parameter "additionalFields.roleScopeTagIds" is empty (item 1)',
		);
		expect(() => readRoleScopeTagIds(ctx, 'p', 'Default')).toThrow(
			'Parameter "p" holds "Default", which is not a scope tag ID (item 1)',
		);
		expect(() => readRoleScopeTagIds(ctx, 'p', [{}])).toThrow('holds {}, which is not');
		expect(() => readRoleScopeTagIds(ctx, 'p', { id: 0 })).toThrow(
			'Parameter "p" must be text or a list, not object',
		);
	});

	it('refuses an empty display name', () => {
		expect(readDisplayName(ctx, 'displayName', 'Edge baseline')).toBe('Edge baseline');
		expect(() => readDisplayName(ctx, 'displayName', '  ')).toThrow(
			'Parameter "displayName" is empty (item 1)',
		);
		expect(() => readDisplayName(ctx, 'displayName', undefined)).toThrow('is empty');
	});

	it('sends only the optional fields the user added, an empty description too', () => {
		expect(readOptionalFields(ctx, 'additionalFields', {})).toEqual({});
		expect(readOptionalFields(ctx, 'updateFields', { description: '' })).toEqual({
			description: '',
		});
		expect(
			readOptionalFields(ctx, 'updateFields', { description: 'x', roleScopeTagIds: '0' }),
		).toEqual({ description: 'x', roleScopeTagIds: ['0'] });
	});
});

describe('Create', () => {
	const parameters = {
		operation: 'create',
		displayName: 'Fabrikam Browser',
		additionalFields: { description: 'Browser settings', roleScopeTagIds: '0' },
	};
	const profile = (id: string, extra: IDataObject = {}) => ({
		id,
		displayName: 'Fabrikam Browser',
		description: 'Browser settings',
		createdDateTime: new Date().toISOString(),
		...extra,
	});

	it('POSTs only the fields set and outputs the created profile', async () => {
		const test = run({ operation: 'create', displayName: 'Bare' }, () => ({ id: 'new' }));
		expect(await test.output()).toEqual([{ id: 'new' }]);
		expect(test.sent[0].body).toEqual({ displayName: 'Bare' });
		expect(calls(test.sent)).toEqual([`POST ${PROFILES}`]);
	});

	it('adopts the one profile a create of unknown outcome made, sending nothing again', async () => {
		const test = run(parameters, (request, n) => {
			if (n === 0) return gatewayTimeout();
			expect(new URL(request.url).searchParams.get('$filter') ?? request.qs?.$filter).toBe(
				"displayName eq 'Fabrikam Browser'",
			);
			return {
				value: [
					profile('older', { createdDateTime: '2020-01-01T00:00:00Z' }),
					profile('other description', { description: 'Something else' }),
					profile('made', {}),
					profile('renamed', { displayName: 'fabrikam browser' }),
				],
			};
		});
		expect(await test.output()).toEqual([expect.objectContaining({ id: 'made' })]);
		expect(calls(test.sent)).toEqual([`POST ${PROFILES}`, `GET ${PROFILES}`]);
	});

	it('reports a create of unknown outcome that made nothing, after reading twice', async () => {
		const test = run(parameters, (_request, n) => (n === 0 ? gatewayTimeout() : { value: [] }));
		const [item] = await test.output();
		expect(item.error).toBe(
			'Profile "Fabrikam Browser" was most likely not created: The outcome of the request is ' +
				'unknown: Microsoft Graph answered 504',
		);
		expect(item.details).toMatch(/Nothing was sent again, so that no second profile is made/);
		expect(calls(test.sent)).toEqual([`POST ${PROFILES}`, `GET ${PROFILES}`, `GET ${PROFILES}`]);
	});

	it('reports, and never picks, when several profiles could be the one made', async () => {
		const test = run(parameters, (_request, n) =>
			n === 0 ? gatewayTimeout() : { value: [profile('a'), profile('b')] },
		);
		const [item] = await test.output();
		expect(item.error).toMatch(/may have been created more than once/);
		expect(item.details).toMatch(
			/2 profiles named "Fabrikam Browser" were created since .* \(a, b\)/,
		);
	});

	it('does not adopt a profile another item of the run created', async () => {
		let posts = 0;
		const test = run(
			{ ...parameters, options: { maxConcurrentRequests: 1 } },
			(request) => {
				if (request.method === 'GET') return { value: [profile('first')] };
				return posts++ === 0 ? profile('first') : gatewayTimeout();
			},
			2,
		);
		const output = await test.output();
		expect(output[0]).toEqual(expect.objectContaining({ id: 'first' }));
		expect(output[1].error).toMatch(/was most likely not created/);
	});

	it('fails at once on a refusal, reading nothing', async () => {
		const test = run(parameters, () => graphError(400));
		const [item] = await test.output();
		expect(item.error).toMatch(/^Microsoft Graph returned 400/);
		expect(test.sent).toHaveLength(1);
	});
});

describe('Update', () => {
	it('refuses an update that sets nothing, sending nothing', async () => {
		const test = run(
			{ operation: 'update', groupPolicyConfigurationId: ID, updateFields: {} },
			() => ({}),
		);
		const [item] = await test.output();
		expect(item.error).toBe('Parameter "updateFields" sets nothing to update (item 0)');
		expect(test.sent).toHaveLength(0);
	});

	it('PATCHes only the fields set, then outputs the profile as Graph has it', async () => {
		const test = run(
			{
				operation: 'update',
				groupPolicyConfigurationId: ID,
				updateFields: { displayName: 'Renamed', roleScopeTagIds: ['0', '2'] },
			},
			(request) => (request.method === 'PATCH' ? {} : { id: ID, displayName: 'Renamed' }),
		);
		expect(await test.output()).toEqual([{ id: ID, displayName: 'Renamed' }]);
		expect(test.sent[0].body).toEqual({ displayName: 'Renamed', roleScopeTagIds: ['0', '2'] });
		expect(calls(test.sent)).toEqual([`PATCH ${PROFILES}/${ID}`, `GET ${PROFILES}/${ID}`]);
	});

	it('sends an update of unknown outcome once more: the same fields twice are harmless', async () => {
		const test = run(
			{ operation: 'update', groupPolicyConfigurationId: ID, updateFields: { description: '' } },
			(request, n) => (n === 0 ? gatewayTimeout() : request.method === 'PATCH' ? {} : { id: ID }),
		);
		expect(await test.output()).toEqual([{ id: ID }]);
		expect(calls(test.sent)).toEqual([
			`PATCH ${PROFILES}/${ID}`,
			`PATCH ${PROFILES}/${ID}`,
			`GET ${PROFILES}/${ID}`,
		]);
	});

	it('fails on a refused update without resending', async () => {
		const test = run(
			{ operation: 'update', groupPolicyConfigurationId: ID, updateFields: { displayName: 'x' } },
			() => graphError(404),
		);
		expect((await test.output())[0].error).toMatch(/^Microsoft Graph returned 404/);
		expect(test.sent).toHaveLength(1);
	});
});

describe('Delete', () => {
	const parameters = { operation: 'delete', groupPolicyConfigurationId: ID };

	it('outputs deleted and the ID', async () => {
		const test = run(parameters, () => ({}));
		expect(await test.output()).toEqual([{ deleted: true, id: ID }]);
		expect(calls(test.sent)).toEqual([`DELETE ${PROFILES}/${ID}`]);
	});

	it('after an unknown outcome, a profile that is gone counts as deleted', async () => {
		const test = run(parameters, (_r, n) => (n === 0 ? gatewayTimeout() : graphError(404)));
		expect(await test.output()).toEqual([{ deleted: true, id: ID }]);
		expect(calls(test.sent)).toEqual([`DELETE ${PROFILES}/${ID}`, `GET ${PROFILES}/${ID}`]);
	});

	it('after an unknown outcome, a profile still there is deleted again', async () => {
		const test = run(parameters, (_r, n) => (n === 0 ? gatewayTimeout() : {}));
		expect(await test.output()).toEqual([{ deleted: true, id: ID }]);
		expect(calls(test.sent)).toEqual([
			`DELETE ${PROFILES}/${ID}`,
			`GET ${PROFILES}/${ID}`,
			`DELETE ${PROFILES}/${ID}`,
		]);
	});

	it('reports a failed check after an unknown outcome, and a refused delete', async () => {
		const check = run(parameters, (_r, n) => (n === 0 ? gatewayTimeout() : graphError(403)));
		expect((await check.output())[0].error).toMatch(/^Microsoft Graph returned 403/);
		const refused = run(parameters, () => graphError(404));
		expect((await refused.output())[0].error).toMatch(/^Microsoft Graph returned 404/);
		expect(refused.sent).toHaveLength(1);
	});
});

describe('Get and Get Many', () => {
	it('Get reads the profile by its ID', async () => {
		const test = run({ operation: 'get', groupPolicyConfigurationId: ID }, () => ({ id: ID }));
		expect(await test.output()).toEqual([{ id: ID }]);
		expect(calls(test.sent)).toEqual([`GET ${PROFILES}/${ID}`]);
	});

	it('Get Many filters by name on Graph, quotes doubled, up to the limit', async () => {
		const test = run(
			{ operation: 'getAll', limit: 2, filters: { displayNameContains: "O'Brien" } },
			() => ({ value: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }),
		);
		expect(await test.output()).toEqual([{ id: 'a' }, { id: 'b' }]);
		expect(test.sent[0].qs).toEqual({ $filter: "contains(displayName,'O''Brien')" });
	});

	it('Get Many without a filter asks for everything', async () => {
		const test = run(
			{ operation: 'getAll', returnAll: true, filters: { displayNameContains: '' } },
			() => ({
				value: [{ id: 'a' }],
			}),
		);
		expect(await test.output()).toEqual([{ id: 'a' }]);
		expect(test.sent[0].qs).toEqual({});
	});
});
