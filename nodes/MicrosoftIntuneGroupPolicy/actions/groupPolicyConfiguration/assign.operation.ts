import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '../../descriptions/operation.description';
import { optionsCollection } from '../../descriptions/options.description';
import type { Send } from '../../transport';
import { collectPages } from '../../transport';
import type { PlanItem, RunContext } from '../types';
import { allowRemovingAllOption, modeProperty, targetProperties } from './assignments/parameters';
import type { AssignParameters } from './assignments/readTargets';
import { readAssignParameters } from './assignments/readTargets';
import { assignBody, currentEntry, resultingSet, sameSet } from './assignments/targets';
import { configurationLocator, readConfigurationId } from './locator';
import { configurationPath } from './paths';
import { resendOnceIfUnknown } from './update.operation';

export const option: OperationOption = {
	name: 'Assign',
	description: 'Assign a profile to groups, all devices or all users',
	action: 'Assign an administrative templates profile',
};

const properties: INodeProperties[] = [
	configurationLocator,
	modeProperty,
	...targetProperties,
	optionsCollection([allowRemovingAllOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['groupPolicyConfiguration'], operation: ['assign'] } },
	properties,
);

/**
 * Reads the current assignments, works out the resulting set and sends it whole (Graph's assign
 * replaces every assignment), unless it is the current set: then nothing is sent and `changed` is
 * false. Sending the same set twice is harmless, so an unknown outcome is resent once. Items of a run that address the same profile take turns, so that one item's Add is never
 * lost to another's.
 */
export const plan: PlanItem = function (this: IExecuteFunctions, itemIndex, run) {
	const id = readConfigurationId.call(this, itemIndex);
	const parameters = readAssignParameters.call(this, itemIndex);
	return {
		steps: async (send) =>
			await inTurn(run, id, async () => await assign.call(this, send, id, parameters, itemIndex)),
	};
};

async function assign(
	this: IExecuteFunctions,
	send: Send,
	id: string,
	parameters: AssignParameters,
	itemIndex: number,
): Promise<IDataObject> {
	const path = configurationPath(id, 'assignments');
	const current = await collectPages.call(this, send, path, {}, undefined, itemIndex);
	const currentSet = current.map(currentEntry);
	const result = resultingSet(parameters.mode, currentSet, parameters.targets);
	if (sameSet(result, currentSet)) {
		return { groupPolicyConfigurationId: id, changed: false, assignments: current };
	}
	const answer = await resendOnceIfUnknown(this.getNode(), send, {
		method: 'POST',
		path: configurationPath(id, 'assign'),
		body: assignBody(result),
	});
	const assignments = Array.isArray(answer.value)
		? (answer.value as IDataObject[])
		: await collectPages.call(this, send, path, {}, undefined, itemIndex);
	return { groupPolicyConfigurationId: id, changed: true, assignments };
}

const turns = new WeakMap<RunContext, Map<string, Promise<unknown>>>();

/** Runs `work` after the run's earlier work on the same profile has ended, however it ended. */
async function inTurn<T>(run: RunContext, id: string, work: () => Promise<T>): Promise<T> {
	let queue = turns.get(run);
	if (!queue) {
		queue = new Map();
		turns.set(run, queue);
	}
	const key = id.toLowerCase();
	const mine = (queue.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
	queue.set(key, mine);
	return await mine;
}
