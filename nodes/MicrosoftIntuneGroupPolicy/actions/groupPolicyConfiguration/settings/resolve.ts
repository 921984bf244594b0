import type { IExecuteFunctions } from 'n8n-workflow';

import { once } from '../../../helpers/runCache';
import { sender } from '../../../transport';
import type { RunContext } from '../../types';
import { queryByName, readCustomCatalog, readDefinitionById, readUploadedFiles } from './catalog';
import type { DefinitionSource, SettingDefinition, SettingRef } from './definitions';
import {
	BUILT_IN,
	describeDefinition,
	isCustom,
	nearCandidates,
	queryParts,
	refKey,
	refText,
} from './definitions';
import { SettingProblem } from './errors';
import { awaitCustomSetting, CatalogWatch } from './waitForDefinitions';

/*
 * Which setting an item means, by Definition Source: Custom (uploaded ADMX files only: a custom
 * setting wins over a built-in twin because built-ins are not searched), Built-in, or Any (both;
 * a name path matching one of each is an error listing both, never a silent pick). Per run, the
 * custom catalog is read once, built-ins once per distinct name path, and IDs once per ID.
 */

const SOURCE_WORDS: Record<DefinitionSource, string> = {
	custom: 'no setting from an uploaded ADMX file',
	builtIn: 'no built-in setting',
	any: 'no setting, custom or built-in,',
};

const NAME_PATH_HINT =
	'A name path is {category path}\\{display name} ({class}), as the From List mode shows it, ' +
	'e.g. \\Fabrikam\\Fabrikam Browser\\Disable Telemetry (machine); it is matched whole, ignoring ' +
	'case.';

/** The display name and category path to ask Graph for. */
function partsOf(ref: SettingRef): { displayName: string; categoryPath: string } | undefined {
	if ('id' in ref) return undefined;
	return 'namePath' in ref ? queryParts(ref.namePath) : ref;
}

export class SettingResolver {
	private readonly watch: CatalogWatch;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly run: RunContext,
	) {
		this.watch = new CatalogWatch(
			async (itemIndex) => await readCustomCatalog.call(ctx, this.send(itemIndex), itemIndex),
			async (itemIndex) => await readUploadedFiles.call(ctx, this.send(itemIndex), itemIndex),
		);
	}

	private send(itemIndex: number) {
		return sender.call(this.ctx, this.run.session, itemIndex);
	}

	/** The setting a reference names; throws a SettingProblem when it names none or several. */
	async resolve(
		ref: SettingRef,
		source: DefinitionSource,
		itemIndex: number,
		timeoutMs: number,
	): Promise<SettingDefinition> {
		if ('id' in ref) return await this.byId(ref.id, source, itemIndex);
		const key = refKey(ref)!;
		const asked = refText(ref);
		const builtIn = source === 'custom' ? [] : await this.builtIns(ref, key, itemIndex);
		let custom: SettingDefinition[] = [];
		let near: SettingDefinition[] = [];
		if (source !== 'builtIn') {
			// With Any, a built-in match is not held up waiting for files that may bring a twin.
			const found = await awaitCustomSetting(
				this.watch,
				key,
				timeoutMs,
				itemIndex,
				builtIn.length === 0,
			);
			custom = found.matches;
			near = found.catalog.definitions;
		}
		const matches = [...custom, ...builtIn];
		if (matches.length === 1) return matches[0];
		if (matches.length > 1) {
			throw new SettingProblem(
				`this name path matches ${matches.length} settings: ` +
					matches.map(describeDefinition).join('; '),
				source === 'any' && custom.length && builtIn.length
					? 'Set Definition Source to Custom or Built-In to say which one, or choose the ' +
						'setting By ID.'
					: 'Choose the setting By ID, or remove the duplicate ADMX file.',
			);
		}
		if (source !== 'custom') near = [...near, ...(await this.builtInsNamed(ref, itemIndex))];
		const candidates = nearCandidates(asked, near);
		const listed = candidates.length
			? `Near: ${candidates.map(describeDefinition).join('; ')}.`
			: 'No setting has similar words.';
		const other =
			source === 'custom'
				? ' If it is a built-in setting, set Definition Source to Built-In or Any.'
				: '';
		throw new SettingProblem(
			`${SOURCE_WORDS[source]} has this name path`,
			`${listed} ${NAME_PATH_HINT}${other}`,
		);
	}

	/** Built-in settings with this name path: one query per distinct name path in the run. */
	private async builtIns(
		ref: SettingRef,
		key: string,
		itemIndex: number,
	): Promise<SettingDefinition[]> {
		const parts = partsOf(ref);
		if (!parts) return [];
		const found = await once(
			this.run.shared,
			`settings builtIn ${key}`,
			async () =>
				await queryByName.call(
					this.ctx,
					this.send(itemIndex),
					{ displayName: parts.displayName.trim(), categoryPath: parts.categoryPath.trim() },
					BUILT_IN,
					itemIndex,
				),
		);
		return found.filter((d) => d.key === key);
	}

	/** Built-in settings with the display name asked for, in any category: near candidates. */
	private async builtInsNamed(ref: SettingRef, itemIndex: number): Promise<SettingDefinition[]> {
		const parts = partsOf(ref);
		if (!parts) return [];
		const displayName = parts.displayName.trim();
		return await once(
			this.run.shared,
			`settings builtIn named ${displayName.toLowerCase()}`,
			async () =>
				await queryByName.call(
					this.ctx,
					this.send(itemIndex),
					{ displayName },
					BUILT_IN,
					itemIndex,
				),
		);
	}

	private async byId(
		id: string,
		source: DefinitionSource,
		itemIndex: number,
	): Promise<SettingDefinition> {
		const definition = await once(
			this.run.shared,
			`settings id ${id}`,
			async () => await readDefinitionById.call(this.ctx, this.send(itemIndex), id),
		);
		if (!definition) {
			throw new SettingProblem(
				'no setting has this ID',
				'IDs of settings from uploaded ADMX files change with every upload and differ ' +
					'between tenants: choose the setting By Name Path or From List instead.',
			);
		}
		if (source === 'custom' && !isCustom(definition)) {
			throw new SettingProblem(
				`is a built-in setting (${definition.namePath}), not one from an uploaded ADMX file`,
				'Set Definition Source to Built-In or Any to set built-in settings.',
			);
		}
		if (source === 'builtIn' && isCustom(definition)) {
			throw new SettingProblem(
				`is a setting from an uploaded ADMX file (${definition.namePath}), not a built-in one`,
				'Set Definition Source to Custom or Any.',
			);
		}
		return definition;
	}
}

const resolvers = new WeakMap<RunContext, SettingResolver>();

/** The run's resolver: its reads are shared by the run's items. */
export function resolverFor(ctx: IExecuteFunctions, run: RunContext): SettingResolver {
	let resolver = resolvers.get(run);
	if (!resolver) {
		resolver = new SettingResolver(ctx, run);
		resolvers.set(run, resolver);
	}
	return resolver;
}
