import type { KeyObject } from 'crypto';
import { constants, createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'crypto';

/*
 * App-only sign-in with a certificate, as the Microsoft identity platform documents it: the app proves itself
 * with a client assertion, a JWT signed with the certificate's private key (RFC 7523, "private_key_jwt").
 * Pure functions over the credential's text fields, built on Node's own crypto. Every error says what to fix
 * and never carries the key, its passphrase or Node's own parser messages (which could quote input).
 */

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Seconds an assertion is valid for: one sign-in needs one, so it is short. */
export const ASSERTION_LIFETIME_SECONDS = 300;

/** The credential test fails, saying how many days remain, once the certificate is this close to expiry. */
export const EXPIRY_WARNING_DAYS = 30;

/** Entra ID allows about this much difference between its clock and the client's. */
export const CLOCK_SKEW_SECONDS = 300;

const DAY_MS = 86_400_000;

export type AssertionAlgorithm = 'PS256' | 'RS256';

/** An error that says what happened (message) and how to fix it (description). */
export class CertificateSignInError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'CertificateSignInError';
	}
}

/** The value, or undefined if computing it throws (a parser's own error says nothing a user can act on). */
function tryOrUndefined<T>(compute: () => T): T | undefined {
	try {
		return compute();
	} catch {
		return undefined;
	}
}

// ----------------------------------------------------------------------------------------------------------
// PEM

export interface PemBlock {
	label: string;
	/** Header lines of a legacy encrypted key (Proc-Type, DEK-Info), in order. */
	headers: string[];
	/** The base64 body without whitespace. */
	body: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** "Proc-Type: 4,ENCRYPTED DEK-Info: AES-256-CBC,0123..." at the start of a block's body, even flattened. */
function splitHeaders(text: string): { headers: string[]; rest: string } {
	const headers: string[] = [];
	let rest = text.trim();
	for (const name of ['Proc-Type:', 'DEK-Info:']) {
		if (!rest.startsWith(name)) break;
		let end = name.length;
		while (end < rest.length && (rest[end] === ' ' || rest[end] === '\t')) end++;
		while (end < rest.length && !/\s/.test(rest[end])) end++;
		headers.push(`${name} ${rest.slice(name.length, end).trim()}`);
		rest = rest.slice(end).trim();
	}
	return { headers, rest };
}

/**
 * The PEM blocks of a text, in order. Tolerates what pasting does to a PEM: line breaks flattened into
 * spaces (single-line fields), literal "\n" sequences (copied from JSON or an environment file), CRLF.
 * A linear scan: no regular expression runs over the whole input.
 */
export function pemBlocks(input: string): PemBlock[] {
	const text = String(input ?? '')
		.split('\\n')
		.join('\n');
	const blocks: PemBlock[] = [];
	let position = 0;
	for (;;) {
		const begin = text.indexOf('-----BEGIN ', position);
		if (begin < 0) break;
		const labelEnd = text.indexOf('-----', begin + 11);
		if (labelEnd < 0) break;
		const label = text.slice(begin + 11, labelEnd).trim();
		const endMarker = `-----END ${label}-----`;
		const end = text.indexOf(endMarker, labelEnd + 5);
		if (end < 0) break;
		const { headers, rest } = splitHeaders(text.slice(labelEnd + 5, end));
		blocks.push({ label, headers, body: rest.replace(/\s+/g, '') });
		position = end + endMarker.length;
	}
	return blocks;
}

/** A block as a well-formed PEM: 64-character lines, headers then a blank line. */
export function formatPem(block: PemBlock): string {
	const lines = [`-----BEGIN ${block.label}-----`];
	if (block.headers.length) lines.push(...block.headers, '');
	for (let i = 0; i < block.body.length; i += 64) lines.push(block.body.slice(i, i + 64));
	lines.push(`-----END ${block.label}-----`, '');
	return lines.join('\n');
}

// ----------------------------------------------------------------------------------------------------------
// Private key

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'];
const MINIMUM_KEY_BITS = 2048;

/**
 * The RSA private key of the Private Key field: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY),
 * either encrypted (BEGIN ENCRYPTED PRIVATE KEY, or PKCS#1 with Proc-Type/DEK-Info) with its passphrase.
 * A file holding the key and its certificate together is fine: only the key block is read.
 */
export function parsePrivateKey(input: string, passphrase = ''): KeyObject {
	const blocks = pemBlocks(input);
	const block = blocks.find((b) => KEY_LABELS.includes(b.label));
	if (!block) {
		const labels = blocks.map((b) => b.label);
		if (labels.includes('CERTIFICATE') && !labels.some((l) => l.includes('PRIVATE KEY'))) {
			throw new CertificateSignInError(
				'The Private Key field holds a certificate, not a private key',
				'Paste the private key (the file that starts with -----BEGIN PRIVATE KEY-----, key.pem in the README recipe) into Private Key, and the certificate into Certificate.',
			);
		}
		if (labels.includes('EC PRIVATE KEY')) {
			throw new CertificateSignInError(
				'The private key is an elliptic-curve key; this sign-in needs an RSA key',
				'Make an RSA key and certificate (openssl req -x509 -newkey rsa:2048 ..., as in the README) and upload the certificate to the app registration.',
			);
		}
		if (labels.includes('OPENSSH PRIVATE KEY')) {
			throw new CertificateSignInError(
				'The private key is in OpenSSH format; this sign-in needs a PEM key',
				'Make the key and certificate with openssl as the README shows (key.pem starts with -----BEGIN PRIVATE KEY-----).',
			);
		}
		throw new CertificateSignInError(
			'The Private Key field does not hold a PEM private key',
			'Paste the whole key file, from -----BEGIN PRIVATE KEY----- (or BEGIN RSA PRIVATE KEY, or BEGIN ENCRYPTED PRIVATE KEY) to the matching END line.',
		);
	}
	const encrypted =
		block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => h.includes('ENCRYPTED'));
	if (encrypted && !passphrase) {
		throw new CertificateSignInError(
			'The private key is encrypted and no passphrase is given',
			"Enter the key's passphrase in Passphrase, or paste an unencrypted key (openssl pkcs8 -in key.pem -out plain.pem, which asks for the passphrase).",
		);
	}
	if (!BASE64.test(block.body) || block.body.length === 0) {
		throw new CertificateSignInError(
			'The private key is damaged: its body is not base64',
			'Paste the key file again, unchanged, from its BEGIN line to its END line.',
		);
	}
	// Node's message is not passed on: it is about the input and is of no help to a user.
	const key = tryOrUndefined(() =>
		createPrivateKey({
			key: formatPem(block),
			format: 'pem',
			...(encrypted ? { passphrase } : {}),
		}),
	);
	if (!key) {
		throw encrypted
			? new CertificateSignInError(
					'The private key could not be decrypted: the passphrase is wrong, or the key is damaged',
					'Enter the passphrase the key was encrypted with, or paste the key file again, unchanged.',
				)
			: new CertificateSignInError(
					'The private key does not parse: it is damaged or incomplete',
					'Paste the key file again, unchanged, from its BEGIN line to its END line.',
				);
	}
	if (key.asymmetricKeyType !== 'rsa') {
		throw new CertificateSignInError(
			`The private key is a ${String(key.asymmetricKeyType)} key; this sign-in needs an RSA key`,
			'Make an RSA key and certificate (openssl req -x509 -newkey rsa:2048 ..., as in the README) and upload the certificate to the app registration.',
		);
	}
	const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
	if (bits < MINIMUM_KEY_BITS) {
		throw new CertificateSignInError(
			`The private key has ${bits} bits; Microsoft Entra ID needs at least ${MINIMUM_KEY_BITS}`,
			'Make a new key and certificate with rsa:2048 or more (see the README) and upload the certificate to the app registration.',
		);
	}
	return key;
}

// ----------------------------------------------------------------------------------------------------------
// Certificate and thumbprint

/** How the assertion names the certificate: x5t#S256 (SHA-256, what Microsoft documents now) or x5t (SHA-1). */
export interface Thumbprint {
	header: 'x5t#S256' | 'x5t';
	/** base64url of the digest of the certificate's DER encoding. */
	value: string;
	/** The same digest in upper-case hex, as the Entra admin center shows thumbprints. */
	hex: string;
}

export interface CertificateInfo {
	sha256: Thumbprint;
	/** The SHA-1 thumbprint: the one the Entra admin center lists under Certificates & secrets. */
	sha1: Thumbprint;
	notBefore: Date;
	notAfter: Date;
	subject: string;
	x509: X509Certificate;
}

function thumbprintOf(header: Thumbprint['header'], digest: Buffer): Thumbprint {
	return { header, value: digest.toString('base64url'), hex: digest.toString('hex').toUpperCase() };
}

/** The certificates of the Certificate field, in order (a chain or a key-and-certificate file is fine). */
export function parseCertificates(input: string): CertificateInfo[] {
	const blocks = pemBlocks(input);
	const certificates = blocks.filter((b) => b.label === 'CERTIFICATE');
	if (certificates.length === 0) {
		if (blocks.some((b) => b.label.includes('PRIVATE KEY'))) {
			throw new CertificateSignInError(
				'The Certificate field holds a private key, not a certificate',
				'Paste the certificate (the file that starts with -----BEGIN CERTIFICATE-----, cert.pem in the README recipe) into Certificate, and the key into Private Key.',
			);
		}
		throw new CertificateSignInError(
			'The Certificate field does not hold a PEM certificate',
			'Paste the whole certificate file, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or choose Thumbprint and enter its thumbprint.',
		);
	}
	return certificates.map((block) => {
		const x509 = BASE64.test(block.body)
			? tryOrUndefined(() => new X509Certificate(formatPem(block)))
			: undefined;
		if (!x509) {
			throw new CertificateSignInError(
				'The certificate does not parse: it is damaged or incomplete',
				'Paste the certificate file again, unchanged, from its BEGIN line to its END line.',
			);
		}
		return {
			sha256: thumbprintOf('x5t#S256', createHash('sha256').update(x509.raw).digest()),
			sha1: thumbprintOf('x5t', createHash('sha1').update(x509.raw).digest()),
			notBefore: new Date(x509.validFrom),
			notAfter: new Date(x509.validTo),
			subject: x509.subject.replace(/\n/g, ', '),
			x509,
		};
	});
}

/**
 * A thumbprint typed by hand: SHA-1 (40 hex digits, as the Entra admin center shows it) or SHA-256 (64 hex
 * digits, as `openssl x509 -noout -fingerprint -sha256` prints it), with or without colons and spaces, or
 * either digest in base64url.
 */
export function parseThumbprint(input: string): Thumbprint {
	const text = String(input ?? '').trim();
	const hex = text.replace(/[\s:]/g, '');
	if (/^[0-9a-f]{40}$/i.test(hex)) return thumbprintOf('x5t', Buffer.from(hex, 'hex'));
	if (/^[0-9a-f]{64}$/i.test(hex)) return thumbprintOf('x5t#S256', Buffer.from(hex, 'hex'));
	if (/^[A-Za-z0-9_-]{27}$/.test(text)) return thumbprintOf('x5t', Buffer.from(text, 'base64url'));
	if (/^[A-Za-z0-9_-]{43}$/.test(text)) {
		return thumbprintOf('x5t#S256', Buffer.from(text, 'base64url'));
	}
	throw new CertificateSignInError(
		'The thumbprint is neither a SHA-1 nor a SHA-256 thumbprint',
		'Copy the Thumbprint column of the certificate under Certificates & secrets in the app registration (40 hex digits), or paste the certificate itself instead.',
	);
}

// ----------------------------------------------------------------------------------------------------------
// What signs

export interface CertificateFields {
	privateKey?: unknown;
	passphrase?: unknown;
	/** 'certificate' (the PEM, default) or 'thumbprint'. */
	identifyBy?: unknown;
	publicCertificate?: unknown;
	thumbprint?: unknown;
}

export interface SigningMaterial {
	key: KeyObject;
	thumbprint: Thumbprint;
	/** Known when the certificate itself was given. */
	certificate?: CertificateInfo;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Whole days from now until a date, rounded down (negative once it has passed). */
export function daysUntil(date: Date, now = Date.now()): number {
	return Math.floor((date.getTime() - now) / DAY_MS);
}

/**
 * The key and how to name its certificate, checked before anything is sent: the key parses, is RSA of
 * 2048 bits or more, matches the certificate (when the certificate is given), and the certificate is valid
 * now (allowing the clock skew Entra ID allows).
 */
export function loadSigningMaterial(fields: CertificateFields, now = Date.now()): SigningMaterial {
	const key = parsePrivateKey(String(fields.privateKey ?? ''), String(fields.passphrase ?? ''));
	if (fields.identifyBy === 'thumbprint') {
		return { key, thumbprint: parseThumbprint(String(fields.thumbprint ?? '')) };
	}
	const certificates = parseCertificates(String(fields.publicCertificate ?? ''));
	const certificate = certificates.find((c) => c.x509.checkPrivateKey(key));
	if (!certificate) {
		const named = certificates.map((c) => c.sha1.hex).join(', ');
		throw new CertificateSignInError(
			`The private key does not match the certificate (thumbprint ${named})`,
			'The key and the certificate must come from the same openssl command. Paste the key that was made with this certificate, or the certificate made with this key, and make sure that certificate is the one uploaded to the app registration.',
		);
	}
	if (certificate.notAfter.getTime() <= now) {
		throw new CertificateSignInError(
			`The certificate expired on ${isoDay(certificate.notAfter)} (thumbprint ${certificate.sha1.hex})`,
			'Make a new certificate (see the README), upload it under Certificates & secrets in the app registration, and put it and its key into this credential.',
		);
	}
	if (certificate.notBefore.getTime() > now + CLOCK_SKEW_SECONDS * 1000) {
		throw new CertificateSignInError(
			`The certificate is not valid before ${certificate.notBefore.toISOString()}`,
			`Check the clock of the machine running n8n: it reads ${new Date(now).toISOString()}. Or use a certificate that is already valid.`,
		);
	}
	return { key, thumbprint: certificate.sha256, certificate };
}

/** The credential test's words when the certificate expires within EXPIRY_WARNING_DAYS, else undefined. */
export function expiryWarning(certificate: CertificateInfo, now = Date.now()): string | undefined {
	const days = daysUntil(certificate.notAfter, now);
	if (days > EXPIRY_WARNING_DAYS) return undefined;
	const when = days === 0 ? 'today' : days === 1 ? 'in 1 day' : `in ${days} days`;
	return (
		`Signed in, but the certificate expires ${when} (${isoDay(certificate.notAfter)}, thumbprint ` +
		`${certificate.sha1.hex}). Before then, make a new certificate, upload it under Certificates & ` +
		'secrets in the app registration, and put it and its key into this credential.'
	);
}

// ----------------------------------------------------------------------------------------------------------
// The client assertion

export interface AssertionOptions {
	clientId: string;
	/** The token endpoint the assertion is sent to: its audience. */
	tokenUrl: string;
	key: KeyObject;
	thumbprint: Thumbprint;
	algorithm?: AssertionAlgorithm;
	/** Milliseconds since the epoch (tests). */
	now?: number;
	lifetimeSeconds?: number;
	/** A fresh UUID unless given (tests). */
	jti?: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A client assertion: header alg (PS256 by default, or RS256), typ JWT and the certificate's thumbprint
 * (x5t#S256, or x5t for a SHA-1 thumbprint); claims aud = the token endpoint, iss = sub = the client ID,
 * a fresh jti, nbf = iat = now and exp a few minutes later.
 */
export function buildClientAssertion(options: AssertionOptions): string {
	const algorithm = options.algorithm ?? 'PS256';
	if (algorithm !== 'PS256' && algorithm !== 'RS256') {
		throw new CertificateSignInError(
			`The signature algorithm "${String(algorithm)}" is not supported`,
			'Choose PS256 or RS256.',
		);
	}
	const now = Math.floor((options.now ?? Date.now()) / 1000);
	const header = {
		alg: algorithm,
		typ: 'JWT',
		[options.thumbprint.header]: options.thumbprint.value,
	};
	const claims = {
		aud: options.tokenUrl,
		iss: options.clientId,
		sub: options.clientId,
		jti: options.jti ?? randomUUID(),
		nbf: now,
		iat: now,
		exp: now + (options.lifetimeSeconds ?? ASSERTION_LIFETIME_SECONDS),
	};
	const signingInput = `${base64url(header)}.${base64url(claims)}`;
	const signature = sign('sha256', Buffer.from(signingInput), {
		key: options.key,
		...(algorithm === 'PS256'
			? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
			: { padding: constants.RSA_PKCS1_PADDING }),
	});
	return `${signingInput}.${signature.toString('base64url')}`;
}

// ----------------------------------------------------------------------------------------------------------
// The token endpoint's answer

export interface TokenAnswer {
	accessToken: string;
	expiresInSeconds: number;
}

export interface SignInContext {
	tokenUrl: string;
	clientId: string;
	/** The certificate's SHA-1 thumbprint (hex), to compare with the admin center's list. */
	thumbprintHex?: string;
	now?: number;
}

function parseBody(body: unknown): Record<string, unknown> {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		return body as Record<string, unknown>;
	}
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** The first sentence of an AADSTS description, without its trace and correlation IDs. */
function aadstsText(description: string): string {
	let text = description;
	for (const marker of ['\r', '\n', ' Trace ID:']) {
		const at = text.indexOf(marker);
		if (at >= 0) text = text.slice(0, at);
	}
	return text.trim().slice(0, 400);
}

function aadstsCode(body: Record<string, unknown>, description: string): number | undefined {
	const codes = body.error_codes;
	if (Array.isArray(codes) && typeof codes[0] === 'number') return codes[0];
	const match = /AADSTS(\d+)/.exec(description);
	return match ? Number(match[1]) : undefined;
}

/** The access token of a 2xx answer, or the refusal as an error that says what to fix. */
export function readTokenAnswer(
	status: number,
	rawBody: unknown,
	context: SignInContext,
): TokenAnswer {
	const body = parseBody(rawBody);
	if (status >= 200 && status < 300) {
		const accessToken = body.access_token;
		if (typeof accessToken !== 'string' || accessToken.length === 0) {
			throw new CertificateSignInError(
				`The token endpoint ${context.tokenUrl} answered without an access token`,
				'Check that the cloud (or the Custom Login Endpoint) is the Microsoft identity platform.',
			);
		}
		const expiresIn = Number(body.expires_in);
		return {
			accessToken,
			expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
		};
	}
	throw signInRefusal(status, body, context);
}

function signInRefusal(
	status: number,
	body: Record<string, unknown>,
	context: SignInContext,
): CertificateSignInError {
	const description = typeof body.error_description === 'string' ? body.error_description : '';
	const code = aadstsCode(body, description);
	const said = description ? aadstsText(description) : `HTTP ${status}`;
	const app = `app ${context.clientId}`;
	const thumbprint = context.thumbprintHex ? ` (thumbprint ${context.thumbprintHex})` : '';
	const upload =
		`In the Entra admin center, open App registrations, the ${app}, Certificates & secrets, ` +
		`Certificates, and upload the certificate${thumbprint}; or put the key and certificate of one ` +
		"listed there into this credential. Check that Client ID, Tenant ID and Cloud are the app's.";
	switch (code) {
		case 700027:
		case 7000274:
			if (/expired/i.test(description)) {
				return new CertificateSignInError(
					`Microsoft Entra ID refused the certificate: the one registered on the ${app} has expired (AADSTS${code})`,
					'Make a new certificate (see the README), upload it under Certificates & secrets in the app registration, and put it and its key into this credential.',
				);
			}
			return new CertificateSignInError(
				`Microsoft Entra ID refused the certificate: it is not one registered on the ${app} (AADSTS${code})`,
				upload,
			);
		case 700024: {
			const clock = new Date(context.now ?? Date.now()).toISOString();
			return new CertificateSignInError(
				`Microsoft Entra ID refused the sign-in: the client assertion is outside its valid time, so this machine's clock is probably wrong (AADSTS700024)`,
				`Entra ID allows about ${CLOCK_SKEW_SECONDS / 60} minutes of difference. Set the clock of the machine running n8n right (turn on NTP time sync); it read ${clock}. Entra said: ${said}`,
			);
		}
		case 1000502:
			return new CertificateSignInError(
				`Microsoft Entra ID refused the certificate: it is outside its validity period (AADSTS1000502)`,
				'Make a new certificate (see the README), upload it to the app registration and put it and its key into this credential.',
			);
		case 7000214:
		case 7000277:
			return new CertificateSignInError(
				`Microsoft Entra ID refused the certificate: it has been revoked (AADSTS${code})`,
				'Make a new certificate (see the README), upload it to the app registration and put it and its key into this credential.',
			);
		case 700016:
			return new CertificateSignInError(
				`Microsoft Entra ID does not know the ${app} in this tenant (AADSTS700016)`,
				'Check Client ID (the Application (client) ID of the app registration), Tenant ID and Cloud.',
			);
		case 90002:
		case 900023:
			return new CertificateSignInError(
				`Microsoft Entra ID does not know the tenant (AADSTS${code})`,
				'Check Tenant ID (the Directory (tenant) ID, or a domain of the tenant) and Cloud.',
			);
		case 7000112:
			return new CertificateSignInError(
				`The ${app} is disabled (AADSTS7000112)`,
				'An administrator must enable the app registration (Enterprise applications, Properties, Enabled for users to sign in).',
			);
		case 1002012:
		case 70011:
			return new CertificateSignInError(
				`Microsoft Entra ID refused the scope (AADSTS${code})`,
				'Check Cloud: the app registration and its tenant must be in the cloud chosen here.',
			);
		default:
			if (status >= 500 || status === 429) {
				return new CertificateSignInError(
					`The token endpoint ${context.tokenUrl} is unavailable (HTTP ${status})`,
					`Try again in a few minutes. ${code ? `Entra said: ${said}` : ''}`.trim(),
				);
			}
			return new CertificateSignInError(
				`Microsoft Entra ID refused the sign-in${code ? ` (AADSTS${code})` : ` (HTTP ${status})`}: ${said}`,
				upload,
			);
	}
}
