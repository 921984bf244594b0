import { idLocator } from '../../helpers/locators';
import { DEVICE_MANAGEMENT, graphPath } from '../../transport';

/*
 * Where Administrative Templates profiles (groupPolicyConfigurations), the definitions their
 * settings point at, and the groups and filters they are assigned to live. The profile's ID and
 * collection are declared here only; Group Policy Operation's deep path starts from them.
 */

/** A profile's ID, and the collection it is the key in. */
export const CONFIGURATION_ID = idLocator(
	'groupPolicyConfigurationId',
	'groupPolicyConfigurations',
);

/** A definition's ID (a setting), and the collection it is the key in. */
export const DEFINITION_ID = idLocator('groupPolicyDefinitionId', 'groupPolicyDefinitions');

/** A group an assignment targets (Microsoft Entra ID), and the collection it is the key in. */
export const GROUP_ID = idLocator('groupId', 'groups');

/** An assignment filter, and the collection it is the key in. */
export const ASSIGNMENT_FILTER_ID = idLocator(
	'deviceAndAppManagementAssignmentFilterId',
	'assignmentFilters',
);

const CONFIGURATIONS = [DEVICE_MANAGEMENT, CONFIGURATION_ID.segment];

export const CONFIGURATIONS_PATH = graphPath(...CONFIGURATIONS);

export const DEFINITIONS_PATH = graphPath(DEVICE_MANAGEMENT, DEFINITION_ID.segment);

export const ASSIGNMENT_FILTERS_PATH = graphPath(DEVICE_MANAGEMENT, ASSIGNMENT_FILTER_ID.segment);

export const GROUPS_PATH = graphPath(GROUP_ID.segment);

/** A profile, or what lies below it: an action (assign, updateDefinitionValues) or a list. */
export function configurationPath(groupPolicyConfigurationId: string, ...below: string[]) {
	return graphPath(...CONFIGURATIONS, groupPolicyConfigurationId, ...below);
}

/** A definition, or what lies below it (its presentations). */
export function definitionPath(groupPolicyDefinitionId: string, ...below: string[]) {
	return graphPath(DEVICE_MANAGEMENT, DEFINITION_ID.segment, groupPolicyDefinitionId, ...below);
}

/** A text as an OData string literal in a $filter: quoted, its single quotes doubled. */
export function odataString(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}
