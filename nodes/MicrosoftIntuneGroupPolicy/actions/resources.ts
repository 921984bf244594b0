import { groupPolicyConfiguration } from './groupPolicyConfiguration';
import { groupPolicyOperation } from './groupPolicyOperation';
import { groupPolicyUploadedDefinitionFile } from './groupPolicyUploadedDefinitionFile';
import type { Resource } from './types';

/*
 * The node's resources: their menu entries, parameters, operations and list searches reach the node
 * description and the router from here alone. A new resource is its folder and a line here.
 */
export const resources: Resource[] = [
	groupPolicyOperation,
	groupPolicyUploadedDefinitionFile,
	groupPolicyConfiguration,
];
