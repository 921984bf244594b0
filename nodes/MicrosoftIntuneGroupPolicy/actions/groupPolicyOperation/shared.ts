import type { IExecuteFunctions } from 'n8n-workflow';

import type { DefinitionFileCache } from '../../helpers/preflight';
import type { ResolvedTarget } from '../../helpers/target';
import { resolveTarget } from '../../helpers/target';

/** What the operations of one node run share. */
export interface RunContext {
	graphRoot: string;
	definitionFiles: DefinitionFileCache;
}

export function readTarget(this: IExecuteFunctions, itemIndex: number): ResolvedTarget {
	return resolveTarget({ node: this.getNode(), itemIndex }, (name) =>
		this.getNodeParameter(name, itemIndex, undefined),
	);
}
