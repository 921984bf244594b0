import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { TestCredentials } from './executeContext';
import { createExecuteContext } from './executeContext';
import { extractValue } from './extractValue';

/*
 * An IPollFunctions like n8n's for a polling trigger, sending real HTTP like the execute context does. The static
 * data object is the caller's, so a test can hand the same one to a new context, as n8n does after a restart.
 */
export function createPollContext(
	credentials: TestCredentials,
	parameters: IDataObject,
	staticData: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
) {
	const execute = createExecuteContext({ credentials, parameters });
	const context = {
		getNode: () => execute.context.getNode(),
		getMode: () => mode,
		getActivationMode: () => 'activate',
		getCredentials: execute.context.getCredentials,
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = parameters[name] ?? fallback;
			return options?.extractValue ? extractValue(name, value) : value;
		},
		helpers: execute.context.helpers,
	} as unknown as IPollFunctions;
	return { context, requests: execute.requests };
}
