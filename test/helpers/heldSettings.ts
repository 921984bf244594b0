import type { IDataObject } from 'n8n-workflow';

import type { Dataset } from '../emulator/data';

/**
 * A profile's settings as the emulator's tenant holds them: name path -> enabled and input values by label (or
 * presentation ID). `withOrigin` adds " custom" or " builtIn" to the key, where a built-in twin may share the path.
 */
export function heldSettings(
	data: Dataset,
	profileId: string,
	withOrigin = false,
): Record<string, IDataObject> {
	const out: Record<string, IDataObject> = {};
	for (const dv of data.definitionValues.filter((v) => v.configurationId === profileId)) {
		const def = data.definitions.find((x) => x.id === dv.definitionId)!;
		const values = data.presentationValues
			.filter((pv) => pv.definitionValueId === dv.id)
			.map((pv) => {
				const presentation = data.presentations.find((p) => p.id === pv.presentationId)!;
				return [presentation.label || presentation.id, pv.value ?? pv.values];
			});
		const origin = def.policyType === 'admxIngested' ? 'custom' : 'builtIn';
		const key = `${def.categoryPath}\\${def.displayName} (${def.classType})`;
		out[withOrigin ? `${key} ${origin}` : key] = {
			enabled: dv.enabled,
			values: Object.fromEntries(values),
		};
	}
	return out;
}
