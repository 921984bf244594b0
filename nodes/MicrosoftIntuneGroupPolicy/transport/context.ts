import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/** The n8n contexts that may talk to Graph: a node run, a dropdown, and a polling trigger. */
export type GraphContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'microsoftGraphIntuneOAuth2Api';

export const GRAPH_VERSION = 'beta';
