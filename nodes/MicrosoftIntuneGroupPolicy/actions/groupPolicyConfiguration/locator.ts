import type { IExecuteFunctions } from 'n8n-workflow';

import { locatorProperty } from '../../descriptions/rlc.description';
import { readItemLocator } from '../../helpers/locators';
import { CONFIGURATION_ID } from './paths';

/* The profile an item addresses: every profile operation's but Create and Get Many. */

export const configurationLocator = locatorProperty(
	CONFIGURATION_ID,
	'Profile',
	'The Administrative Templates profile (groupPolicyConfiguration)',
	'searchGroupPolicyConfigurations',
	'2d8e3c6a-1f4b-4c1e-9a7d-5b0f1c2e3d4f',
);

export function readConfigurationId(this: IExecuteFunctions, itemIndex: number): string {
	return readItemLocator.call(this, itemIndex, CONFIGURATION_ID);
}
