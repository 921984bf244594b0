import type { IExecuteFunctions } from 'n8n-workflow';

import type { ResolvedTarget } from '../../helpers/target';
import { resolveTarget } from '../../helpers/target';
import type { RunContext } from '../types';

export function readTarget(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): ResolvedTarget {
	return resolveTarget({ node: this.getNode(), itemIndex }, (name) =>
		run.param(name, itemIndex, undefined, { extractValue: true }),
	);
}
