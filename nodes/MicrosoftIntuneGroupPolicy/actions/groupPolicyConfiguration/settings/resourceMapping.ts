import type { IDataObject, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../../transport';
import { openSession, sender } from '../../../transport';
import { queryByName, readCustomCatalog, readDefinitionById } from './catalog';
import type { DefinitionSource, SettingDefinition, SettingRef } from './definitions';
import {
	BUILT_IN,
	CUSTOM,
	DEFINITION_SOURCES,
	describeDefinition,
	isCustom,
	queryParts,
	refKey,
	refText,
} from './definitions';
import { readSettingLocator, SETTING_PARAMETER } from './entries';
import { mapperField } from './inputs';

/*
 * The Values mapper's fields: the inputs of the setting chosen above, read with a targeted query
 * (the whole catalog only when a display name holds a backslash), honouring Definition Source.
 */

const CHOOSE_FIRST = 'Choose a setting above to see its inputs.';

const POLICY_TYPES: Record<DefinitionSource, string | undefined> = {
	custom: CUSTOM,
	builtIn: BUILT_IN,
	any: undefined,
};

function fits(definition: SettingDefinition, source: DefinitionSource): boolean {
	return source === 'any' || isCustom(definition) === (source === 'custom');
}

async function byName(
	this: ILoadOptionsFunctions,
	send: Send,
	ref: Exclude<SettingRef, { id: string }>,
	source: DefinitionSource,
): Promise<SettingDefinition[]> {
	const key = refKey(ref)!;
	const parts = 'namePath' in ref ? queryParts(ref.namePath) : ref;
	const found = parts
		? await queryByName.call(
				this,
				send,
				{ displayName: parts.displayName.trim(), categoryPath: parts.categoryPath.trim() },
				POLICY_TYPES[source],
				0,
			)
		: [];
	const matches = found.filter((d) => d.key === key && fits(d, source));
	if (matches.length || source === 'builtIn') return matches;
	// A display name with a backslash is not found by the query: the catalog has it.
	return (await readCustomCatalog.call(this, send, 0)).byKey.get(key) ?? [];
}

async function chosenDefinition(
	this: ILoadOptionsFunctions,
	send: Send,
	ref: SettingRef,
	source: DefinitionSource,
): Promise<SettingDefinition> {
	const node = this.getNode();
	if ('id' in ref) {
		const definition = await readDefinitionById.call(this, send, ref.id);
		if (!definition) throw new NodeOperationError(node, `No setting has the ID ${ref.id}`);
		return definition;
	}
	const matches = await byName.call(this, send, ref, source);
	if (matches.length === 1) return matches[0];
	if (!matches.length) {
		throw new NodeOperationError(node, `No setting has the name path ${refText(ref)}`, {
			description:
				'Pick the setting From List, or check the name path and the option Definition Source.',
		});
	}
	throw new NodeOperationError(
		node,
		`The name path ${refText(ref)} matches ${matches.length} settings`,
		{ description: `${matches.map(describeDefinition).join('; ')}. Choose one By ID.` },
	);
}

export async function getSettingInputs(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const raw = this.getCurrentNodeParameter(SETTING_PARAMETER);
	const locator = raw as { value?: unknown } | undefined;
	const value = locator && typeof locator === 'object' ? locator.value : raw;
	if (typeof value === 'string' && value.startsWith('=')) {
		return {
			fields: [],
			emptyFieldsNotice:
				'The setting is an expression, so its inputs are known only when the node runs. ' +
				'Use Define Settings: Using JSON, or choose the setting From List.',
		};
	}
	let ref: SettingRef;
	try {
		ref = readSettingLocator({ node: this.getNode(), itemIndex: 0 }, raw);
	} catch {
		return { fields: [], emptyFieldsNotice: CHOOSE_FIRST };
	}
	const options = (this.getCurrentNodeParameter('options') ?? {}) as IDataObject;
	const source = DEFINITION_SOURCES.find((s) => s === options.definitionSource) ?? 'custom';
	const session = await openSession.call(this);
	const definition = await chosenDefinition.call(this, sender.call(this, session, 0), ref, source);
	const inputs = definition.inputs.filter((input) => input.kind !== 'unsupported');
	if (!inputs.length) {
		return {
			fields: [],
			emptyFieldsNotice: `${definition.namePath} has no inputs: Enabled is all there is to set.`,
		};
	}
	return { fields: inputs.map(mapperField) };
}
