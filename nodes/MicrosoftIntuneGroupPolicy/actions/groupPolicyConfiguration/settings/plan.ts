import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../../transport';
import { asNodeError, isOutcomeUnknown, NotSentError } from '../../../transport';
import type { RunContext } from '../../types';
import { configurationPath } from '../paths';
import { settingSummary } from './definitions';
import type { DesiredSetting } from './desired';
import { outputValues } from './desired';
import type { Change, Diff, ExistingSetting } from './diff';
import { diffSettings, existingSettings, needingValues } from './diff';
import { readDefinitionValues, readPresentationValues } from './profileState';

/*
 * One write per profile per run. Every item aimed at a profile joins its group while planning;
 * the first of them to run reads the profile once, works out the changes against what Graph
 * holds, and sends one updateDefinitionValues (none when nothing changes). Every item of the
 * profile awaits that same write and outputs its own settings. When the write's outcome is unknown,
 * the profile is read again and the changes worked out anew before anything is resent, so that no
 * setting is ever added twice.
 */

/** Reconciling reads and resends after an unknown outcome, at most. */
const MAX_RESENDS = 2;

interface Written {
	changes: Map<string, Change>;
}

export class ProfileGroup {
	private readonly wanted = new Map<string, DesiredSetting>();
	private written?: Promise<Written>;
	private writer?: number;

	constructor(
		readonly configurationId: string,
		private readonly run: RunContext,
	) {}

	/**
	 * Joins an item's settings; fails (adding none of them) when another item, or another entry of
	 * the same item, wants a different value for the same setting of this profile.
	 */
	join(ctx: IExecuteFunctions, desired: DesiredSetting[]): void {
		const mine = new Map<string, DesiredSetting>();
		for (const wish of desired) {
			const id = wish.definition.id;
			const other = mine.get(id) ?? this.wanted.get(id);
			if (other && other.signature !== wish.signature) {
				const by =
					other.itemIndex === wish.itemIndex
						? `${other.where} of the same item`
						: `item ${other.itemIndex}`;
				throw new NodeOperationError(
					ctx.getNode(),
					`${wish.where}: set differently by ${by} for profile ${this.configurationId} ` +
						`(item ${wish.itemIndex})`,
					{
						itemIndex: wish.itemIndex,
						description:
							'One run sets a setting of a profile once. Give the same state and values in ' +
							'both places, or leave one out. Nothing was sent for this item.',
					},
				);
			}
			mine.set(id, wish);
		}
		for (const [id, wish] of mine) if (!this.wanted.has(id)) this.wanted.set(id, wish);
	}

	/** An item's output: one item per setting, once the profile's one write is done. */
	async output(
		ctx: IExecuteFunctions,
		send: Send,
		itemIndex: number,
		desired: DesiredSetting[],
	): Promise<IDataObject[]> {
		if (!this.written) {
			this.writer = itemIndex;
			this.written = this.write(ctx, send, itemIndex);
		}
		const written = await this.written.catch((error: unknown) => error as Error);
		if (written instanceof Error) {
			// Not sent because the run stopped at another item: so for every item of the profile.
			if (written instanceof NotSentError) throw written;
			if (this.writer === itemIndex) throw asNodeError(ctx.getNode(), written, itemIndex);
			throw new NodeOperationError(
				ctx.getNode(),
				`The settings of profile ${this.configurationId} were not written: ${written.message}`,
				{
					itemIndex,
					description:
						`Item ${this.writer} wrote the settings of this profile for every item of the ` +
						`run and failed; see its error.`,
				},
			);
		}
		const seen = new Set<string>();
		return desired
			.filter((wish) => !seen.has(wish.definition.id) && seen.add(wish.definition.id))
			.map((wish) => ({
				groupPolicyConfigurationId: this.configurationId,
				change: written.changes.get(wish.definition.id) ?? 'unchanged',
				state: wish.state,
				setting: settingSummary(wish.definition),
				values: outputValues(wish.values),
			}));
	}

	/** The profile's settings now, with the input values the comparison needs. */
	private async readState(
		ctx: IExecuteFunctions,
		send: Send,
		itemIndex: number,
	): Promise<ExistingSetting[]> {
		const rows = await readDefinitionValues.call(ctx, send, this.configurationId, itemIndex);
		const existing = existingSettings(rows);
		const toRead = needingValues([...this.wanted.values()], existing);
		const values = await readPresentationValues.call(
			ctx,
			this.run.session,
			itemIndex,
			this.configurationId,
			toRead.map((e) => e.id),
		);
		for (const e of toRead) e.presentationValues = values.get(e.id);
		return existing;
	}

	private diff(existing: ExistingSetting[]): Diff {
		return diffSettings([...this.wanted.values()], existing, this.run.session.graphRoot);
	}

	private async write(ctx: IExecuteFunctions, send: Send, itemIndex: number): Promise<Written> {
		const first = this.diff(await this.readState(ctx, send, itemIndex));
		let next = first;
		for (let resends = 0; next.writes; resends++) {
			try {
				await send({
					method: 'POST',
					path: configurationPath(this.configurationId, 'updateDefinitionValues'),
					body: next.body,
				});
				break;
			} catch (error) {
				if (!isOutcomeUnknown(error) || resends >= MAX_RESENDS) {
					throw error instanceof NotSentError
						? error
						: asNodeError(ctx.getNode(), error, itemIndex);
				}
				// Graph may have carried it out: what it holds now decides what is left to send.
				next = this.diff(await this.readState(ctx, send, itemIndex));
			}
		}
		return { changes: first.changes };
	}
}

const groups = new WeakMap<RunContext, Map<string, ProfileGroup>>();

/** The run's group of items aimed at this profile. */
export function profileGroup(run: RunContext, configurationId: string): ProfileGroup {
	let byProfile = groups.get(run);
	if (!byProfile) {
		byProfile = new Map();
		groups.set(run, byProfile);
	}
	// IDs are GUIDs: one profile however its ID is cased.
	const key = configurationId.toLowerCase();
	let group = byProfile.get(key);
	if (!group) {
		group = new ProfileGroup(configurationId, run);
		byProfile.set(key, group);
	}
	return group;
}
