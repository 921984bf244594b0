import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chosen, graphListSearch, text } from '../../helpers/listSearch';
import { CONFIGURATION_ID } from '../groupPolicyConfiguration/paths';
import { DEFINITION_VALUE_ID, definitionValuesPath, presentationValuesPath } from './paths';
import { resolveTarget } from './target';

/*
 * The lists behind the Group Policy Operation locators: the steps of the deep path below the
 * profile (whose list, searchGroupPolicyConfigurations, is the profiles' own), each below the one
 * chosen before it, and the operations where Address By points.
 */

export const searchGroupPolicyDefinitionValues = graphListSearch(
	function () {
		return definitionValuesPath(chosen.call(this, CONFIGURATION_ID, 'group policy configuration'));
	},
	{ $expand: 'definition($select=id,displayName,categoryPath)' },
	(row) => {
		const definition = (row.definition ?? {}) as IDataObject;
		const state =
			row.enabled === true ? 'Enabled' : row.enabled === false ? 'Disabled' : 'Not configured';
		return {
			name: `${text(definition.displayName, String(row.id))} (${state})`,
			value: String(row.id),
		};
	},
);

export const searchGroupPolicyPresentationValues = graphListSearch(
	function () {
		const configurationId = chosen.call(this, CONFIGURATION_ID, 'group policy configuration');
		const valueId = chosen.call(this, DEFINITION_VALUE_ID, 'group policy definition value');
		return presentationValuesPath(configurationId, valueId);
	},
	{ $expand: 'presentation($select=id,label)' },
	(row) => {
		const presentation = (row.presentation ?? {}) as IDataObject;
		return { name: text(presentation.label, String(row.id)), value: String(row.id) };
	},
);

export const searchGroupPolicyOperations = graphListSearch(
	function () {
		try {
			return resolveTarget({ node: this.getNode(), itemIndex: 0 }, (name) =>
				this.getCurrentNodeParameter(name, { extractValue: true }),
			).operationsPath;
		} catch {
			throw new NodeOperationError(this.getNode(), 'Choose where the operations are first', {
				description: 'Pick the configuration setting or the uploaded definition file above.',
			});
		}
	},
	{},
	(row) => ({
		name:
			`${String(row.operationType ?? 'operation')} · ` +
			`${String(row.operationStatus ?? 'unknown')} · ` +
			`${String(row.lastModifiedDateTime ?? '')}`,
		value: String(row.id),
	}),
);
