import type { INodeProperties } from 'n8n-workflow';

/**
 * Microsoft clouds: where each one signs in and where its Graph lives. Tokens are not
 * interchangeable across clouds, and an app registration belongs to exactly one of them.
 */
export type MicrosoftCloud = 'global' | 'usGov' | 'usGovDod' | 'china';

export interface CloudEndpoints {
	displayName: string;
	loginHost: string;
	graphRoot: string;
}

export const CLOUDS: Record<MicrosoftCloud, CloudEndpoints> = {
	global: {
		displayName: 'Global (Commercial, GCC)',
		loginHost: 'https://login.microsoftonline.com',
		graphRoot: 'https://graph.microsoft.com',
	},
	usGov: {
		displayName: 'US Government L4 (GCC High)',
		loginHost: 'https://login.microsoftonline.us',
		graphRoot: 'https://graph.microsoft.us',
	},
	usGovDod: {
		displayName: 'US Government L5 (DoD)',
		loginHost: 'https://login.microsoftonline.us',
		graphRoot: 'https://dod-graph.microsoft.us',
	},
	china: {
		displayName: 'China (21Vianet)',
		loginHost: 'https://login.partner.microsoftonline.cn',
		graphRoot: 'https://microsoftgraph.chinacloudapi.cn',
	},
};

export const DELEGATED_PERMISSION = 'DeviceManagementConfiguration.ReadWrite.All';

/** The credential fields the Graph root depends on. */
export interface CloudSettings {
	cloud?: string;
	customGraphEndpoint?: string;
	customLoginEndpoint?: string;
}

/** Trailing slashes removed by a scan: /\/+$/ backtracks quadratically on a long run of them. */
function trimSlashes(url: string): string {
	const text = url.trim();
	let end = text.length;
	while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
	return text.slice(0, end);
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A custom endpoint as a URL without a trailing slash. Plain http would carry the token (and, for
 * the login endpoint, the client secret) unencrypted, so it is allowed only on this machine's
 * loopback, for emulators.
 */
export function customEndpoint(field: string, value: unknown): string {
	const text = trimSlashes(String(value ?? ''));
	let url: URL | undefined;
	try {
		url = /^https?:\/\/[^/?#]+(\/[^?#]*)?$/i.test(text) ? new URL(text) : undefined;
	} catch {
		url = undefined;
	}
	if (!url) {
		throw new Error(`The credential has cloud "Custom" but its ${field} is not an http(s) URL`);
	}
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		throw new Error(
			`The credential's ${field} uses plain http on ${url.hostname}: tokens and secrets ` +
				`would travel unencrypted. Use https (http is accepted only for localhost).`,
		);
	}
	return text;
}

/** The Graph root (scheme and host, no trailing slash) that the credential's token is meant for. */
export function graphRootOf(settings: CloudSettings): string {
	if (settings.cloud === 'custom') {
		// The login endpoint is checked here too: this runs before n8n asks it for a token.
		customEndpoint('Custom Login Endpoint', settings.customLoginEndpoint);
		return customEndpoint('Custom Graph Endpoint', settings.customGraphEndpoint);
	}
	const cloud = CLOUDS[(settings.cloud ?? 'global') as MicrosoftCloud];
	if (!cloud) throw new Error(`The credential names an unknown cloud "${String(settings.cloud)}"`);
	return cloud.graphRoot;
}

/*
 * n8n resolves a credential's hidden fields as expressions over its visible ones, so the cloud
 * table is rendered into expression text here rather than looked up at run time.
 */
const loginHosts = JSON.stringify(
	Object.fromEntries(Object.entries(CLOUDS).map(([key, c]) => [key, c.loginHost])),
);
const graphRoots = JSON.stringify(
	Object.fromEntries(Object.entries(CLOUDS).map(([key, c]) => [key, c.graphRoot])),
);

const loginBase =
	`($self.cloud === "custom" ? String($self.customLoginEndpoint).trim().replace(/\\/+$/, "") : ` +
	`${loginHosts}[$self.cloud])`;
const graphBase =
	`($self.cloud === "custom" ? String($self.customGraphEndpoint).trim().replace(/\\/+$/, "") : ` +
	`${graphRoots}[$self.cloud])`;

const oauthBase = `${loginBase} + "/" + $self.tenantId + "/oauth2/v2.0`;

export const authUrlExpression = `={{ ${oauthBase}/authorize" }}`;
export const accessTokenUrlExpression = `={{ ${oauthBase}/token" }}`;
/*
 * App-only tokens ask for the cloud's Graph resource with /.default (the admin-consented
 * application permissions). Delegated tokens ask for the permission itself; outside the global
 * cloud it must carry that cloud's Graph domain, or Entra issues a token for the wrong audience.
 */
/** Asked for as well when the admin chooses to pick groups by name (profile assignments). */
export const GROUP_READ_PERMISSION = 'Group.Read.All';

const delegatedPrefix = `($self.cloud === "global" ? "" : ${graphBase} + "/")`;

export const scopeExpression =
	`={{ $self.grantType === "clientCredentials" ? ${graphBase} + "/.default" : ` +
	`"offline_access " + ${delegatedPrefix} + "${DELEGATED_PERMISSION}" + ` +
	`($self.readGroups === true ? " " + ${delegatedPrefix} + "${GROUP_READ_PERMISSION}" : "") }}`;

/** The cloud choice of a credential form: every cloud of the table, then custom endpoints. */
const CLOUD_OPTIONS = [
	...Object.entries(CLOUDS).map(([value, cloud]) => ({ name: cloud.displayName, value })),
	{
		name: 'Custom',
		value: 'custom',
		description: 'Your own login and Graph endpoints, e.g. a test emulator',
	},
];

/** The fields every credential of this package asks first: where the tenant lives and which app signs in. */
export const TENANT_APP_FIELDS: INodeProperties[] = [
	{
		displayName: 'Cloud',
		name: 'cloud',
		type: 'options',
		options: CLOUD_OPTIONS,
		default: 'global',
		description: 'The Microsoft cloud your tenant lives in; GCC tenants use Global',
	},
	{
		displayName: 'Custom Graph Endpoint',
		name: 'customGraphEndpoint',
		type: 'string',
		default: '',
		placeholder: 'e.g. http://127.0.0.1:4010',
		description: 'Base URL of Microsoft Graph, without /beta',
		displayOptions: { show: { cloud: ['custom'] } },
	},
	{
		displayName: 'Custom Login Endpoint',
		name: 'customLoginEndpoint',
		type: 'string',
		default: '',
		placeholder: 'e.g. http://127.0.0.1:4010',
		description:
			'Base URL of the identity platform; the tenant ID and /oauth2/v2.0/token are appended',
		displayOptions: { show: { cloud: ['custom'] } },
	},
	{
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. contoso.onmicrosoft.com',
		description: 'Directory (tenant) ID or primary domain, from the app registration overview page',
	},
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '',
		required: true,
		description: 'Application (client) ID of the app registration',
	},
];

/** The credential fields the token endpoint depends on. */
export interface SignInSettings extends CloudSettings {
	tenantId?: string;
}

const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9][a-z0-9.-]*$/i;

/**
 * The tenant as a path segment of the token URL: a directory ID or a domain. Anything else (a
 * slash, a question mark, whitespace) could reshape the URL, so it is refused.
 */
export function tenantSegment(value: unknown): string {
	const text = String(value ?? '').trim();
	if (!text) throw new Error("The credential's Tenant ID is empty");
	if (text.length > 253 || !(TENANT_GUID.test(text) || TENANT_DOMAIN.test(text))) {
		throw new Error(
			"The credential's Tenant ID is neither a directory ID (a GUID) nor a domain such as contoso.onmicrosoft.com",
		);
	}
	return text;
}

/** The base URL of the identity platform (scheme and host, no trailing slash) for the credential's cloud. */
export function loginBaseOf(settings: CloudSettings): string {
	if (settings.cloud === 'custom') {
		return customEndpoint('Custom Login Endpoint', settings.customLoginEndpoint);
	}
	const cloud = CLOUDS[(settings.cloud ?? 'global') as MicrosoftCloud];
	if (!cloud) throw new Error(`The credential names an unknown cloud "${String(settings.cloud)}"`);
	return cloud.loginHost;
}

/**
 * The v2.0 token endpoint of the credential's tenant, the same URL accessTokenUrlExpression gives
 * the OAuth2 credential. A client assertion names it as its audience.
 */
export function tokenUrlOf(settings: SignInSettings): string {
	return `${loginBaseOf(settings)}/${tenantSegment(settings.tenantId)}/oauth2/v2.0/token`;
}

/** The app-only scope: the cloud's Graph resource with /.default. */
export function appOnlyScopeOf(settings: CloudSettings): string {
	return `${graphRootOf(settings)}/.default`;
}

/**
 * The Graph root as an expression over a request's $credentials (a credential test's base URL), from the
 * same cloud table.
 */
export const credentialsGraphRootExpression =
	`={{ $credentials.cloud === "custom" ? String($credentials.customGraphEndpoint).trim().replace(/\\/+$/, "") : ` +
	`${graphRoots}[$credentials.cloud || "global"] }}`;
