import { constants, createHash, randomBytes, randomUUID, verify, X509Certificate } from 'crypto';

/*
 * A stand-in for the Microsoft identity platform's v2.0 endpoints: client credentials (with a client secret, or
 * with a client assertion signed by a registered certificate), authorization code with refresh tokens, expiring
 * access tokens, and Entra's error bodies (AADSTS codes).
 */

export const READ_WRITE = 'DeviceManagementConfiguration.ReadWrite.All';
export const READ = 'DeviceManagementConfiguration.Read.All';
/** Reading Entra groups (GET /groups) needs one of these besides the Intune permission. */
export const GROUP_READ = 'Group.Read.All';
export const GROUP_READ_PERMISSIONS = [
	GROUP_READ,
	'GroupMember.Read.All',
	'Group.ReadWrite.All',
	'Directory.Read.All',
	'Directory.ReadWrite.All',
];

export interface AppRegistration {
	clientId: string;
	clientSecret: string;
	/** Admin-consented application permissions (app-only tokens). */
	applicationPermissions: string[];
	/** Delegated permissions the signed-in admin may grant. */
	delegatedPermissions: string[];
	/** PEM certificates uploaded under Certificates & secrets: client assertions signed with their keys sign in. */
	certificates?: string[];
}

export interface Tenant {
	id: string;
	domains: string[];
	apps: AppRegistration[];
}

export interface AccessToken {
	tenantId: string;
	clientId: string;
	kind: 'app' | 'delegated';
	permissions: string[];
	expiresAt: number;
}

export interface IdentityError {
	status: number;
	body: Record<string, unknown>;
}

export const DEFAULT_TENANT: Tenant = {
	id: '11111111-2222-4333-8444-555555555555',
	domains: ['contoso.onmicrosoft.com'],
	apps: [
		{
			clientId: 'aaaaaaaa-0000-4000-8000-00000000a001',
			clientSecret: 'emulator-secret-value',
			applicationPermissions: [READ_WRITE, GROUP_READ],
			delegatedPermissions: [READ_WRITE, GROUP_READ],
		},
		{
			// An app registration that was only given read access: writes get 403.
			clientId: 'aaaaaaaa-0000-4000-8000-00000000a002',
			clientSecret: 'read-only-secret-value',
			applicationPermissions: [READ],
			delegatedPermissions: [READ],
		},
		{
			// A second app in the same tenant: shares the tenant's write limit, has its own per-app one.
			clientId: 'aaaaaaaa-0000-4000-8000-00000000a003',
			clientSecret: 'second-app-secret-value',
			applicationPermissions: [READ_WRITE, GROUP_READ],
			delegatedPermissions: [READ_WRITE, GROUP_READ],
		},
		{
			// Consented for Intune only: reading groups gets 403, assigning by group ID still works.
			clientId: 'aaaaaaaa-0000-4000-8000-00000000a004',
			clientSecret: 'intune-only-secret-value',
			applicationPermissions: [READ_WRITE],
			delegatedPermissions: [READ_WRITE],
		},
	],
};

/**
 * `count` tenants: the default tenant, then copies of it (the same app registrations and secrets) under IDs of their
 * own: tenant n's ID ends in n in four digits (11111111-2222-4333-8444-555555550001 for the second), its domain is
 * contoso{n}.onmicrosoft.com. The same tenants the end-to-end harness signs its workflows in to.
 */
export function tenantsLikeDefault(count: number): Tenant[] {
	return Array.from({ length: count }, (_, n) => {
		const tenant = structuredClone(DEFAULT_TENANT);
		if (n > 0) {
			tenant.id = `${DEFAULT_TENANT.id.slice(0, -4)}${String(n).padStart(4, '0')}`;
			tenant.domains = [`contoso${n}.onmicrosoft.com`];
		}
		return tenant;
	});
}

function aadError(status: number, error: string, code: number, description: string): IdentityError {
	return {
		status,
		body: {
			error,
			error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
			error_codes: [code],
			timestamp: new Date().toISOString(),
			trace_id: randomUUID(),
			correlation_id: randomUUID(),
		},
	};
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The Microsoft login hosts and the Graph roots whose tokens each issues (the emulator may play any of them). */
export const MICROSOFT_LOGIN_HOSTS: Record<string, string[]> = {
	'https://login.microsoftonline.com': ['https://graph.microsoft.com'],
	'https://login.microsoftonline.us': [
		'https://graph.microsoft.us',
		'https://dod-graph.microsoft.us',
	],
	'https://login.partner.microsoftonline.cn': ['https://microsoftgraph.chinacloudapi.cn'],
};

interface RegisteredKey {
	x509: X509Certificate;
	sha1: string;
	sha256: string;
	/** The SHA-1 thumbprint in hex, as Entra's messages and the admin center show it. */
	hex: string;
}

interface AssertionHeader {
	alg?: unknown;
	typ?: unknown;
	x5t?: unknown;
	'x5t#S256'?: unknown;
}

interface AssertionClaims {
	aud?: unknown;
	iss?: unknown;
	sub?: unknown;
	jti?: unknown;
	nbf?: unknown;
	iat?: unknown;
	exp?: unknown;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
	try {
		const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

interface PendingCode {
	tenantId: string;
	clientId: string;
	redirectUri: string;
	scopes: string[];
	expiresAt: number;
}

interface RefreshGrant {
	tenantId: string;
	clientId: string;
	scopes: string[];
}

export class Identity {
	readonly tokens = new Map<string, AccessToken>();
	private readonly codes = new Map<string, PendingCode>();
	private readonly refreshTokens = new Map<string, RefreshGrant>();
	tokenLifetimeSeconds = 3600;
	tokenRequests = 0;
	/** Client assertions seen, by jti, until they expire: a second use is refused. */
	readonly assertionIds = new Map<string, number>();
	/** How far a client's clock may be off, as Entra ID allows. */
	clockSkewSeconds = 300;
	/** The longest client assertion accepted (MSAL's are 10 minutes). */
	maxAssertionLifetimeSeconds = 600;
	/** The clock, in milliseconds (tests move it). */
	now: () => number = () => Date.now();
	private readonly keys = new Map<string, RegisteredKey>();

	constructor(
		public tenants: Tenant[],
		private readonly graphRoot: () => string,
	) {}

	findTenant(idOrDomain: string): Tenant | undefined {
		const key = idOrDomain.toLowerCase();
		return this.tenants.find((t) => t.id === key || t.domains.includes(key));
	}

	/** Uploads a certificate (PEM) to an app registration of a tenant (the first tenant by default). */
	registerCertificate(clientId: string, pem: string, tenantKey?: string): void {
		const tenant = tenantKey ? this.findTenant(tenantKey) : this.tenants[0];
		const app = tenant?.apps.find((a) => a.clientId === clientId);
		if (!app) throw new Error(`No app registration ${clientId}`);
		this.keyOf(pem);
		app.certificates = [...(app.certificates ?? []), pem];
	}

	private keyOf(pem: string): RegisteredKey {
		let key = this.keys.get(pem);
		if (!key) {
			const x509 = new X509Certificate(pem);
			const sha1 = createHash('sha1').update(x509.raw).digest();
			key = {
				x509,
				sha1: sha1.toString('base64url'),
				sha256: createHash('sha256').update(x509.raw).digest('base64url'),
				hex: sha1.toString('hex').toUpperCase(),
			};
			this.keys.set(pem, key);
		}
		return key;
	}

	private findApp(tenant: Tenant, clientId: string | undefined): AppRegistration | IdentityError {
		const app = tenant.apps.find((a) => a.clientId === clientId);
		return (
			app ??
			aadError(
				400,
				'unauthorized_client',
				700016,
				`Application with identifier '${clientId}' was not found in the directory '${tenant.domains[0]}'.`,
			)
		);
	}

	/** Scopes such as "offline_access DeviceManagementConfiguration.ReadWrite.All" or "{graphRoot}/<permission>". */
	private delegatedPermissions(scopes: string[]): string[] {
		const root = `${this.graphRoot()}/`;
		return scopes
			.map((s) => (s.startsWith(root) ? s.slice(root.length) : s))
			.filter((s) => !['offline_access', 'openid', 'profile', 'email'].includes(s));
	}

	private issue(
		tenant: Tenant,
		app: AppRegistration,
		kind: AccessToken['kind'],
		permissions: string[],
		scopes: string[],
	) {
		const accessToken = `emu.${kind}.${randomBytes(24).toString('base64url')}`;
		this.tokens.set(accessToken, {
			tenantId: tenant.id,
			clientId: app.clientId,
			kind,
			permissions,
			expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000,
		});
		const body: Record<string, unknown> = {
			token_type: 'Bearer',
			expires_in: this.tokenLifetimeSeconds,
			ext_expires_in: this.tokenLifetimeSeconds,
			access_token: accessToken,
		};
		if (kind === 'delegated') {
			body.scope = scopes.join(' ');
			if (scopes.includes('offline_access')) {
				const refreshToken = `emu.refresh.${randomBytes(24).toString('base64url')}`;
				this.refreshTokens.set(refreshToken, {
					tenantId: tenant.id,
					clientId: app.clientId,
					scopes,
				});
				body.refresh_token = refreshToken;
			}
		}
		return { status: 200, body };
	}

	/**
	 * POST /{tenant}/oauth2/v2.0/token with a form body. `publicOrigin` is the login host the client addressed
	 * when a proxy or test forwards a Microsoft cloud's host to the emulator (X-Forwarded-Host).
	 */
	token(
		tenantKey: string,
		form: URLSearchParams,
		basicAuth?: { id: string; secret: string },
		publicOrigin?: string,
	): IdentityError | { status: number; body: Record<string, unknown> } {
		this.tokenRequests++;
		const tenant = this.findTenant(tenantKey);
		if (!tenant) {
			return aadError(
				400,
				'invalid_request',
				90002,
				`Tenant '${tenantKey}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
			);
		}
		if (form.has('client_assertion') || form.has('client_assertion_type')) {
			return this.assertionToken(tenant, tenantKey, form, publicOrigin ?? this.graphRoot());
		}
		const clientId = form.get('client_id') ?? basicAuth?.id;
		const secret = form.get('client_secret') ?? basicAuth?.secret;
		const app = this.findApp(tenant, clientId ?? undefined);
		if ('status' in app) return app;
		if (secret !== app.clientSecret) {
			return aadError(
				401,
				'invalid_client',
				7000215,
				`Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
			);
		}
		const grantType = form.get('grant_type');
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		if (grantType === 'client_credentials') {
			const expected = `${this.graphRoot()}/.default`;
			if (scopes.length !== 1 || scopes[0] !== expected) {
				return aadError(
					400,
					'invalid_scope',
					1002012,
					`The provided value for scope ${scopes.join(' ') || '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI), here ${expected}.`,
				);
			}
			return this.issue(tenant, app, 'app', app.applicationPermissions, scopes);
		}
		if (grantType === 'authorization_code') {
			const code = this.codes.get(form.get('code') ?? '');
			this.codes.delete(form.get('code') ?? '');
			if (
				!code ||
				code.expiresAt < Date.now() ||
				code.clientId !== app.clientId ||
				code.tenantId !== tenant.id
			) {
				return aadError(
					400,
					'invalid_grant',
					70008,
					'The provided authorization code or refresh token has expired due to inactivity.',
				);
			}
			if (code.redirectUri !== form.get('redirect_uri')) {
				return aadError(
					400,
					'invalid_grant',
					50148,
					'The redirect_uri does not match the one used in the authorization request.',
				);
			}
			const granted = this.delegatedPermissions(code.scopes).filter((p) =>
				app.delegatedPermissions.includes(p),
			);
			return this.issue(tenant, app, 'delegated', granted, code.scopes);
		}
		if (grantType === 'refresh_token') {
			const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
			if (!grant || grant.clientId !== app.clientId || grant.tenantId !== tenant.id) {
				return aadError(
					400,
					'invalid_grant',
					9002313,
					'Invalid request. Request is malformed or invalid: the refresh token is not valid.',
				);
			}
			this.refreshTokens.delete(form.get('refresh_token') ?? '');
			const granted = this.delegatedPermissions(grant.scopes).filter((p) =>
				app.delegatedPermissions.includes(p),
			);
			return this.issue(tenant, app, 'delegated', granted, grant.scopes);
		}
		return aadError(
			400,
			'unsupported_grant_type',
			70003,
			`The app requested an unsupported grant type '${grantType}'.`,
		);
	}

	/**
	 * Client credentials with a client assertion, checked as Entra ID does: a JWT signed RS256 or PS256 with
	 * the key of a certificate registered on the app (named by x5t#S256 or x5t), iss = sub = the client ID,
	 * aud = this token endpoint, valid now within the allowed clock skew, short-lived, its jti never seen before.
	 */
	private assertionToken(
		tenant: Tenant,
		tenantKey: string,
		form: URLSearchParams,
		origin: string,
	): IdentityError | { status: number; body: Record<string, unknown> } {
		if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
			return aadError(
				400,
				'invalid_request',
				50027,
				`Invalid client_assertion_type '${form.get('client_assertion_type')}'; expected '${CLIENT_ASSERTION_TYPE}'.`,
			);
		}
		const parts = (form.get('client_assertion') ?? '').split('.');
		const header = parts.length === 3 ? (decodeSegment(parts[0]) as AssertionHeader) : undefined;
		const claims = parts.length === 3 ? (decodeSegment(parts[1]) as AssertionClaims) : undefined;
		if (!header || !claims) {
			return aadError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
		}
		if (header.alg !== 'RS256' && header.alg !== 'PS256') {
			return aadError(
				400,
				'invalid_request',
				5002738,
				`Invalid JWT token. '${String(header.alg)}' is not a supported signature algorithm.`,
			);
		}
		const clientId = form.get('client_id') ?? (typeof claims.iss === 'string' ? claims.iss : '');
		if (claims.iss !== clientId || claims.sub !== clientId) {
			return aadError(
				401,
				'invalid_client',
				700021,
				`Client assertion application identifier doesn't match 'client_id' parameter: iss '${String(claims.iss)}', sub '${String(claims.sub)}', client_id '${clientId}'.`,
			);
		}
		const app = this.findApp(tenant, clientId);
		if ('status' in app) return app;
		const sha256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
		const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
		if (!sha256 && !sha1) {
			return aadError(
				400,
				'invalid_request',
				50027,
				'JWT token is invalid: no x5t#S256 or x5t header.',
			);
		}
		const named = sha256 ?? sha1!;
		const shown = /^[A-Za-z0-9_-]+$/.test(named)
			? Buffer.from(named, 'base64url').toString('hex').toUpperCase()
			: named;
		const key = (app.certificates ?? [])
			.map((pem) => this.keyOf(pem))
			.find((k) => (sha256 ? k.sha256 === sha256 : k.sha1 === sha1));
		const now = this.now();
		if (!key) {
			return aadError(
				401,
				'invalid_client',
				700027,
				`Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${shown}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using the global cloud.]`,
			);
		}
		const validTo = new Date(key.x509.validTo).getTime();
		const validFrom = new Date(key.x509.validFrom).getTime();
		if (validTo < now || validFrom > now) {
			return aadError(
				401,
				'invalid_client',
				700027,
				`Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${key.hex}', Found key 'Start=${new Date(validFrom).toISOString()}, End=${new Date(validTo).toISOString()}']`,
			);
		}
		const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
		const signature = Buffer.from(parts[2], 'base64url');
		const valid = verify(
			'sha256',
			signed,
			header.alg === 'PS256'
				? {
						key: key.x509.publicKey,
						padding: constants.RSA_PKCS1_PSS_PADDING,
						saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
					}
				: { key: key.x509.publicKey, padding: constants.RSA_PKCS1_PADDING },
			signature,
		);
		if (!valid) {
			return aadError(
				401,
				'invalid_client',
				700027,
				`Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${key.hex}', Found key 'Start=${new Date(validFrom).toISOString()}, End=${new Date(validTo).toISOString()}']`,
			);
		}
		const audiences = [tenantKey, tenant.id, ...tenant.domains].map(
			(t) => `${origin}/${t}/oauth2/v2.0/token`,
		);
		if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
			return aadError(
				401,
				'invalid_client',
				700212,
				`The audience claim '${String(claims.aud)}' of the client assertion is not this token endpoint '${audiences[0]}'.`,
			);
		}
		const seconds = Math.floor(now / 1000);
		const exp = Number(claims.exp);
		const from = Number(claims.nbf ?? claims.iat ?? seconds);
		const skew = this.clockSkewSeconds;
		if (
			!Number.isFinite(exp) ||
			!Number.isFinite(from) ||
			seconds > exp + skew ||
			from > seconds + skew
		) {
			return aadError(
				401,
				'invalid_client',
				700024,
				`Client assertion is not within its valid time range. Current time: ${isoSeconds(seconds)}, assertion valid from ${Number.isFinite(from) ? isoSeconds(from) : 'unknown'}, expiry time of assertion ${Number.isFinite(exp) ? isoSeconds(exp) : 'unknown'}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
			);
		}
		if (exp - from > this.maxAssertionLifetimeSeconds) {
			return aadError(
				401,
				'invalid_client',
				700024,
				`Client assertion is not within its valid time range: it is valid for ${exp - from} seconds, more than ${this.maxAssertionLifetimeSeconds}.`,
			);
		}
		for (const [id, expiresAt] of this.assertionIds) {
			if (expiresAt < now - skew * 1000) this.assertionIds.delete(id);
		}
		if (typeof claims.jti !== 'string' || !claims.jti) {
			return aadError(400, 'invalid_request', 50027, 'JWT token is invalid: it has no jti claim.');
		}
		if (this.assertionIds.has(claims.jti)) {
			return aadError(
				400,
				'invalid_grant',
				50013,
				`Assertion is invalid: the client assertion with jti '${claims.jti}' was already used (replay).`,
			);
		}
		this.assertionIds.set(claims.jti, exp * 1000);
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		const roots = MICROSOFT_LOGIN_HOSTS[origin] ?? [this.graphRoot()];
		if (scopes.length !== 1 || !roots.map((r) => `${r}/.default`).includes(scopes[0])) {
			return aadError(
				400,
				'invalid_scope',
				1002012,
				`The provided value for scope ${scopes.join(' ') || '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI), here ${roots[0]}/.default.`,
			);
		}
		return this.issue(tenant, app, 'app', app.applicationPermissions, scopes);
	}

	/** Validates an authorize request; returns an error or the parameters for the sign-in page. */
	checkAuthorize(
		tenantKey: string,
		query: URLSearchParams,
	): IdentityError | { tenant: Tenant; app: AppRegistration } {
		const tenant = this.findTenant(tenantKey);
		if (!tenant) return aadError(400, 'invalid_request', 90002, `Tenant '${tenantKey}' not found.`);
		const app = this.findApp(tenant, query.get('client_id') ?? undefined);
		if ('status' in app) return app;
		if (query.get('response_type') !== 'code') {
			return aadError(400, 'unsupported_response_type', 700054, 'response_type must be code.');
		}
		if (!/^https?:\/\//.test(query.get('redirect_uri') ?? '')) {
			return aadError(400, 'invalid_request', 900971, 'No reply address provided.');
		}
		return { tenant, app };
	}

	/** The admin approved the sign-in: returns the URL to send the browser back to. */
	approve(tenant: Tenant, app: AppRegistration, query: URLSearchParams): string {
		const code = randomBytes(18).toString('base64url');
		this.codes.set(code, {
			tenantId: tenant.id,
			clientId: app.clientId,
			redirectUri: query.get('redirect_uri') ?? '',
			scopes: (query.get('scope') ?? '').split(/\s+/).filter(Boolean),
			expiresAt: Date.now() + 10 * 60_000,
		});
		const target = new URL(query.get('redirect_uri') ?? '');
		target.searchParams.set('code', code);
		if (query.get('state') !== null) target.searchParams.set('state', query.get('state') ?? '');
		return target.toString();
	}

	/** Validates a bearer token for Graph. */
	authenticate(header: string | undefined): AccessToken | { status: 401; message: string } {
		const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
		if (!match) return { status: 401, message: 'Access token is empty.' };
		const token = this.tokens.get(match[1].trim());
		if (!token)
			return { status: 401, message: 'Invalid token: the access token could not be validated.' };
		if (token.expiresAt <= Date.now()) {
			return { status: 401, message: 'Lifetime validation failed, the token is expired.' };
		}
		return token;
	}

	/** The tenant a bearer token was issued in, expired or not; for the request log, before any check. */
	tenantOf(header: string | undefined): string | undefined {
		const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
		return match ? this.tokens.get(match[1].trim())?.tenantId : undefined;
	}

	expireAllTokens(): void {
		for (const token of this.tokens.values()) token.expiresAt = 0;
	}
}
