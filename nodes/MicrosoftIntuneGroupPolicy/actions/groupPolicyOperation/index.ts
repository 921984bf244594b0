import { operationProperty } from '../../descriptions/operation.description';
import type { Resource } from '../types';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as listSearch from './listSearch';

/* Group Policy Operation: Intune's status records of what was done to an uploaded ADMX file. */

const operations = { create, get, getAll };

export const groupPolicyOperation: Resource = {
	option: { name: 'Group Policy Operation', value: 'groupPolicyOperation' },
	properties: [
		operationProperty('groupPolicyOperation', operations, 'create'),
		...create.description,
		...get.description,
		...getAll.description,
	],
	operations,
	listSearch: { ...listSearch },
};
