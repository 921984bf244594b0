import type { SeedFile, SeedPolicies } from './admx';
import type { GraphEmulator } from './emulator';
import type { Fault } from './faults';
import type { NewAssignmentFilter, NewGroup } from './graph';
import type { Reply } from './replies';

/* /_emulator/...: the control API that the end-to-end suite, the benchmark and the demo use from outside. */

export function control(
	emulator: GraphEmulator,
	method: string,
	path: string,
	text: string,
): Reply {
	const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
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
					operations: emulator.store.data.operations,
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
			return { status: 201, body: emulator.store.lifecycle.seed(body as unknown as SeedFile) };
		case 'POST /_emulator/admx/policies':
			return created(body, (one) =>
				emulator.store.lifecycle.seedPolicies(one as unknown as SeedPolicies),
			);
		case 'POST /_emulator/groups':
			return created(body, (one) => emulator.store.addGroup(one as unknown as NewGroup));
		case 'POST /_emulator/assignmentFilters':
			return created(body, (one) =>
				emulator.store.addAssignmentFilter(one as unknown as NewAssignmentFilter),
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

/** 201 with what was made from one object, or with the list made from an array (in order); 400 if refused. */
function created(body: unknown, make: (one: Record<string, unknown>) => object): Reply {
	try {
		const made = Array.isArray(body)
			? (body as Array<Record<string, unknown>>).map(make)
			: make(body as Record<string, unknown>);
		return { status: 201, body: made };
	} catch (error) {
		return { status: 400, body: { error: (error as Error).message } };
	}
}
