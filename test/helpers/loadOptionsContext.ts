import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import type { TestCredentials } from './executeContext';
import { createExecuteContext } from './executeContext';
import { extractValue } from './extractValue';

/** An ILoadOptionsFunctions for list searches, sending real HTTP like the execute context does. */
export function createLoadOptionsContext(credentials: TestCredentials, current: IDataObject = {}) {
	const execute = createExecuteContext({ credentials, parameters: current });
	const context = {
		getNode: () => execute.context.getNode(),
		getCredentials: execute.context.getCredentials,
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) =>
			options?.extractValue ? extractValue(name, current[name]) : current[name],
		getNodeParameter: (name: string, fallback?: unknown) => current[name] ?? fallback,
		helpers: execute.context.helpers,
	} as unknown as ILoadOptionsFunctions;
	return { context, requests: execute.requests };
}
