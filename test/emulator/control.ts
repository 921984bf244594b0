import type { SeedFile, SeedPolicies } from './admx';
import type { GraphEmulator } from './emulator';
import type { Fault } from './faults';
import type { GraphStore, NewAssignmentFilter, NewGroup } from './graph';
import type { Reply } from './replies';

/*
 * /_emulator/...: the control API that the end-to-end suite, the benchmark and the demo use from outside. Calls that
 * add data add it to the first tenant unless a `tenant` is named (emulator.ts lists the endpoints).
 */

type Body = Record<string, unknown>;

export function control(
	emulator: GraphEmulator,
	method: string,
	path: string,
	text: string,
	query: URLSearchParams = new URLSearchParams(),
): Reply {
	const body = text ? (JSON.parse(text) as Body) : {};
	/** Runs `make` on each object of the body in the store of the tenant it (or the query) names. */
	const created = (make: (store: GraphStore, one: Body) => object) =>
		createdIn(body, (one) => make(storeNamed(emulator, one, query), withoutTenant(one)));
	switch (`${method} ${path}`) {
		case 'GET /_emulator/log':
			return { status: 200, body: { entries: emulator.log } };
		case 'DELETE /_emulator/log':
			emulator.log.length = 0;
			return { status: 204 };
		case 'GET /_emulator/state':
			return {
				status: 200,
				body: {
					operations: emulator.storeOf(query.get('tenant') ?? 0).data.operations,
					tokenRequests: emulator.identity.tokenRequests,
					faults: emulator.faults.armed,
				},
			};
		case 'POST /_emulator/faults':
			emulator.arm(...((Array.isArray(body) ? body : [body]) as unknown as Fault[]));
			return { status: 204 };
		case 'DELETE /_emulator/faults':
			emulator.faults.clear();
			return { status: 204 };
		case 'POST /_emulator/admx/files':
			return created((store, one) => store.lifecycle.seed(one as unknown as SeedFile));
		case 'POST /_emulator/admx/policies':
			return created((store, one) => store.lifecycle.seedPolicies(one as unknown as SeedPolicies));
		case 'POST /_emulator/groups':
			return created((store, one) => store.addGroup(one as unknown as NewGroup));
		case 'POST /_emulator/assignmentFilters':
			return created((store, one) =>
				store.addAssignmentFilter(one as unknown as NewAssignmentFilter),
			);
		case 'POST /_emulator/config':
			emulator.configure(body);
			return { status: 204 };
		case 'POST /_emulator/tokens/expire':
			emulator.identity.expireAllTokens();
			return { status: 204 };
		case 'POST /_emulator/reset':
			emulator.reset();
			return { status: 204 };
		default:
			return { status: 404, body: { error: `No control endpoint ${method} ${path}` } };
	}
}

/** The store of the tenant the object names, else the query, else the first tenant's (throws for an unknown one). */
function storeNamed(emulator: GraphEmulator, one: Body, query: URLSearchParams): GraphStore {
	const tenant = one.tenant ?? query.get('tenant') ?? 0;
	return emulator.storeOf(tenant as string | number);
}

/** The object without `tenant`, which says where it goes and is no field of what is made. */
function withoutTenant(one: Body): Body {
	const rest = { ...one };
	delete rest.tenant;
	return rest;
}

/** 201 with what was made from one object, or with the list made from an array (in order); 400 if refused. */
function createdIn(body: unknown, make: (one: Body) => object): Reply {
	try {
		const made = Array.isArray(body) ? (body as Body[]).map(make) : make(body as Body);
		return { status: 201, body: made };
	} catch (error) {
		return { status: 400, body: { error: (error as Error).message } };
	}
}
