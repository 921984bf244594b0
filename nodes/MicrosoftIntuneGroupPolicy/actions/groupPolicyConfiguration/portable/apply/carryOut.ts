import type { IExecuteFunctions } from 'n8n-workflow';

import type { Send } from '../../../../transport';
import { asNodeError, isOutcomeUnknown, NotSentError } from '../../../../transport';
import type { RunContext } from '../../../types';
import { create } from '../../create.operation';
import { configurationPath } from '../../paths';
import type { DesiredSetting } from '../../settings/desired';
import { resendOnceIfUnknown } from '../../update.operation';
import type { PlanParts } from './plan';
import { settingsChange } from './plan';
import { readProfileSettings } from './resolve';

/*
 * Carrying out a plan in as few writes as Graph allows: the create (when the profile is new), a
 * PATCH of the fields that differ, one updateDefinitionValues, one assign. Each write whose
 * outcome is unknown is settled by reading before anything is resent: the create adopts the profile
 * it made, the settings are read again and what is left worked out anew (nothing added twice), and
 * the assign, which leaves the same set however often it is sent, is sent once more.
 */

/** Reconciling reads and resends of updateDefinitionValues after unknown outcomes, at most. */
const MAX_RESENDS = 2;

async function writeSettings(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	profileId: string,
	desired: DesiredSetting[],
	first: PlanParts['settings'],
	itemIndex: number,
): Promise<void> {
	let next = first;
	for (let resends = 0; next.writes; resends++) {
		try {
			await send({
				method: 'POST',
				path: configurationPath(profileId, 'updateDefinitionValues'),
				body: next.body,
			});
			return;
		} catch (error) {
			if (!isOutcomeUnknown(error) || resends >= MAX_RESENDS) {
				throw error instanceof NotSentError ? error : asNodeError(this.getNode(), error, itemIndex);
			}
			// Graph may have carried it out: what the profile holds now decides what is left to send.
			const existing = await readProfileSettings.call(
				this,
				send,
				run,
				profileId,
				desired,
				itemIndex,
			);
			next = settingsChange(desired, existing, run.session.graphRoot);
		}
	}
}

/** Carries out the plan; answers the profile's ID. */
export async function carryOut(
	this: IExecuteFunctions,
	send: Send,
	run: RunContext,
	plan: PlanParts,
	desired: DesiredSetting[],
	itemIndex: number,
): Promise<string> {
	let id = plan.existing?.id;
	const done: string[] = [];
	try {
		if (!id) {
			const created = await create.call(this, send, run, plan.profile.body, itemIndex);
			id = String(created.id);
			done.push(`created profile ${id}`);
		} else if (plan.profile.action === 'update') {
			await resendOnceIfUnknown(this.getNode(), send, {
				method: 'PATCH',
				path: configurationPath(id),
				body: plan.profile.body,
			});
			done.push('updated its description or scope tags');
		}
		if (plan.settings.writes) {
			await writeSettings.call(this, send, run, id, desired, plan.settings, itemIndex);
			done.push('wrote its settings');
		}
		if (plan.assignments.action === 'replace') {
			await resendOnceIfUnknown(this.getNode(), send, {
				method: 'POST',
				path: configurationPath(id, 'assign'),
				body: plan.assignments.body,
			});
		}
		return id;
	} catch (error) {
		if (error instanceof NotSentError || done.length === 0) {
			throw error instanceof NotSentError ? error : asNodeError(this.getNode(), error, itemIndex);
		}
		// Part of the plan is carried out: say which, so that a run again finishes it.
		const failed = asNodeError(this.getNode(), error, itemIndex);
		const already = `Already done for "${plan.displayName}": ${done.join(', ')}. Run the item again: Apply finds the profile by its name and sends only what is left.`;
		failed.description = `${failed.description ?? ''} ${already}`.trim();
		throw failed;
	}
}
