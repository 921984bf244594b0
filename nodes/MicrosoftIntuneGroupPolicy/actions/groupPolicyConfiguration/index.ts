import { operationProperty } from '../../descriptions/operation.description';
import type { Resource } from '../types';
import * as apply from './apply.operation';
import * as assign from './assign.operation';
import * as compare from './compare.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as exportProfile from './export.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getSettings from './getSettings.operation';
import * as listSearch from './listSearch';
import * as setSettings from './setSettings.operation';
import * as settingsListSearch from './settings/listSearch';
import * as resourceMapping from './settings/resourceMapping';
import * as update from './update.operation';

/*
 * Administrative Templates Profile: Intune's Imported Administrative Templates profiles
 * (groupPolicyConfiguration), the settings of uploaded ADMX files they set, and their assignments.
 */

const operations = {
	create,
	update,
	delete: del,
	get,
	getAll,
	setSettings,
	getSettings,
	assign,
	export: exportProfile,
	compare,
	apply,
};

export const groupPolicyConfiguration: Resource = {
	option: { name: 'Administrative Templates Profile', value: 'groupPolicyConfiguration' },
	properties: [
		operationProperty('groupPolicyConfiguration', operations, 'setSettings'),
		...create.description,
		...update.description,
		...del.description,
		...get.description,
		...getAll.description,
		...setSettings.description,
		...getSettings.description,
		...assign.description,
		...exportProfile.description,
		...compare.description,
		...apply.description,
	],
	operations,
	listSearch: { ...listSearch, ...settingsListSearch },
	resourceMapping: { ...resourceMapping },
};
