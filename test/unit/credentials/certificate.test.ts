import { execFileSync } from 'child_process';
import { constants, createHash, verify, X509Certificate } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { inspect } from 'util';

import {
	buildClientAssertion,
	CertificateSignInError,
	daysUntil,
	expiryWarning,
	loadSigningMaterial,
	parseCertificates,
	parsePrivateKey,
	parseThumbprint,
	pemBlocks,
	readTokenAnswer,
} from '../../../credentials/certificate';
import {
	encryptedKey,
	flattened,
	makeCertificate,
	rsaKey,
	secretLines,
} from '../../fixtures/certificates';

const DAY = 86_400_000;
const cert = makeCertificate();
const other = makeCertificate();

function decode(segment: string) {
	return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function refusal(run: () => unknown): CertificateSignInError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(CertificateSignInError);
		return error as CertificateSignInError;
	}
	throw new Error('expected a refusal');
}

/** Nothing of a key (or passphrase) may show in an error, however it is printed. */
function expectNoSecret(error: unknown, ...secrets: string[]) {
	const printed = [
		String(error),
		JSON.stringify(error),
		inspect(error, { depth: 5 }),
		(error as { description?: string }).description ?? '',
	].join('\n');
	for (const secret of secrets) expect(printed).not.toContain(secret);
}

describe('PEM reading', () => {
	it('reads blocks however the line breaks were mangled', () => {
		const body = cert.certificatePem;
		for (const text of [
			body,
			body.replace(/\n/g, '\r\n'),
			flattened(body),
			body.replace(/\n/g, '\\n'),
			`  leading text\n${body}\ntrailing`,
		]) {
			const blocks = pemBlocks(text);
			expect(blocks).toHaveLength(1);
			expect(blocks[0].label).toBe('CERTIFICATE');
			expect(new X509Certificate(body).raw.toString('base64')).toBe(blocks[0].body);
		}
	});

	it('keeps the headers of a legacy encrypted key, even flattened', () => {
		const pem = encryptedKey(cert.privateKey, 'pw', 'pkcs1');
		const [block] = pemBlocks(flattened(pem));
		expect(block.label).toBe('RSA PRIVATE KEY');
		expect(block.headers[0]).toBe('Proc-Type: 4,ENCRYPTED');
		expect(block.headers[1]).toMatch(/^DEK-Info: AES-256-CBC,[0-9A-F]{32}$/);
	});

	it('is linear on hostile input (no END line, many BEGINs)', () => {
		const hostile = '-----BEGIN X-----'.repeat(20_000) + 'A'.repeat(200_000);
		const started = Date.now();
		expect(pemBlocks(hostile)).toEqual([]);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

describe('private key', () => {
	it.each([
		['PKCS#8', () => cert.keyPem, ''],
		['PKCS#1', () => cert.pkcs1Pem, ''],
		[
			'encrypted PKCS#8',
			() => encryptedKey(cert.privateKey, 'correct horse', 'pkcs8'),
			'correct horse',
		],
		[
			'encrypted PKCS#1',
			() => encryptedKey(cert.privateKey, 'correct horse', 'pkcs1'),
			'correct horse',
		],
		['flattened PKCS#8', () => flattened(cert.keyPem), ''],
		[
			'flattened encrypted PKCS#1',
			() => flattened(encryptedKey(cert.privateKey, 'pw', 'pkcs1')),
			'pw',
		],
		['key and certificate in one file', () => cert.certificatePem + cert.keyPem, ''],
	])('reads %s', (_, pem, passphrase) => {
		const key = parsePrivateKey(pem(), passphrase);
		expect(key.asymmetricKeyType).toBe('rsa');
		expect(new X509Certificate(cert.certificatePem).checkPrivateKey(key)).toBe(true);
	});

	it('refuses, saying what to do, and never quoting the key', () => {
		const encrypted = encryptedKey(cert.privateKey, 'correct horse', 'pkcs8');
		const cases: Array<[string, string, RegExp]> = [
			['', '', /does not hold a PEM private key/],
			['just some text', '', /does not hold a PEM private key/],
			[cert.certificatePem, '', /holds a certificate, not a private key/],
			[encrypted, '', /encrypted and no passphrase/],
			[encrypted, 'wrong horse', /passphrase is wrong/],
			[
				cert.keyPem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n' + 'A'.repeat(64) + '\n'),
				'',
				/does not parse/,
			],
			[cert.keyPem.replace('MII', 'M*I'), '', /damaged: its body is not base64/],
			['-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----', '', /elliptic-curve/],
			[
				'-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
				'',
				/OpenSSH/,
			],
		];
		for (const [pem, passphrase, message] of cases) {
			const error = refusal(() => parsePrivateKey(pem, passphrase));
			expect(error.message).toMatch(message);
			expect(error.description.length).toBeGreaterThan(20);
			expectNoSecret(error, ...secretLines(cert.keyPem), ...secretLines(encrypted), 'horse');
		}
	});

	it('refuses keys shorter than 2048 bits', () => {
		const small = rsaKey(1024).export({ type: 'pkcs8', format: 'pem' }) as string;
		expect(refusal(() => parsePrivateKey(small)).message).toMatch(/1024 bits.*at least 2048/);
	});
});

describe('certificate and thumbprint', () => {
	it('gives both thumbprints, in hex as the admin center shows them and base64url for the header', () => {
		const [info] = parseCertificates(cert.certificatePem);
		const raw = new X509Certificate(cert.certificatePem).raw;
		expect(info.sha1.hex).toBe(cert.sha1Hex);
		expect(info.sha256.hex).toBe(cert.sha256Hex);
		expect(info.sha256.value).toBe(createHash('sha256').update(raw).digest('base64url'));
		expect(info.sha256.header).toBe('x5t#S256');
		expect(info.sha1.header).toBe('x5t');
		expect(info.notAfter.getTime()).toBe(cert.notAfter.getTime());
	});

	it('agrees with openssl on the thumbprint of the README recipe', () => {
		const dir = mkdtempSync(join(tmpdir(), 'intune-cert-'));
		try {
			execFileSync(
				'openssl',
				[
					'req',
					'-x509',
					'-newkey',
					'rsa:2048',
					'-sha256',
					'-keyout',
					'key.pem',
					'-out',
					'cert.pem',
				].concat(['-days', '365', '-nodes', '-subj', '/CN=n8n-intune']),
				{ cwd: dir, stdio: 'pipe' },
			);
			const fingerprint = execFileSync(
				'openssl',
				['x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha256'],
				{ cwd: dir },
			).toString();
			const material = loadSigningMaterial({
				privateKey: readFileSync(join(dir, 'key.pem'), 'utf8'),
				publicCertificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
			});
			expect(material.thumbprint.hex).toBe(fingerprint.split('=')[1].trim().replace(/:/g, ''));
			expect(daysUntil(material.certificate!.notAfter)).toBeGreaterThanOrEqual(364);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('reads typed thumbprints: SHA-1 or SHA-256, hex with colons or spaces, or base64url', () => {
		const [info] = parseCertificates(cert.certificatePem);
		const colons = cert.sha1Hex.match(/../g)!.join(':');
		expect(parseThumbprint(colons)).toEqual(info.sha1);
		expect(parseThumbprint(cert.sha1Hex.toLowerCase())).toEqual(info.sha1);
		expect(parseThumbprint(` ${cert.sha256Hex.match(/.{4}/g)!.join(' ')} `)).toEqual(info.sha256);
		expect(parseThumbprint(info.sha256.value)).toEqual(info.sha256);
		expect(parseThumbprint(info.sha1.value)).toEqual(info.sha1);
		expect(refusal(() => parseThumbprint('abc')).message).toMatch(/neither a SHA-1 nor a SHA-256/);
	});

	it('refuses a key in the certificate field, and a damaged certificate', () => {
		expect(refusal(() => parseCertificates(cert.keyPem)).message).toMatch(/holds a private key/);
		expectNoSecret(
			refusal(() => parseCertificates(cert.keyPem)),
			...secretLines(cert.keyPem),
		);
		expect(refusal(() => parseCertificates('nothing')).message).toMatch(/does not hold a PEM/);
		const damaged = cert.certificatePem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n');
		expect(refusal(() => parseCertificates(damaged)).message).toMatch(/does not parse/);
	});
});

describe('signing material: checked before anything is sent', () => {
	it('takes the certificate that matches the key, from a chain', () => {
		const material = loadSigningMaterial({
			privateKey: cert.keyPem,
			publicCertificate: other.certificatePem + cert.certificatePem,
		});
		expect(material.thumbprint.hex).toBe(cert.sha256Hex);
		expect(material.certificate?.sha1.hex).toBe(cert.sha1Hex);
	});

	it('refuses a key that does not match the certificate, naming the certificate by thumbprint', () => {
		const error = refusal(() =>
			loadSigningMaterial({ privateKey: cert.keyPem, publicCertificate: other.certificatePem }),
		);
		expect(error.message).toBe(
			`The private key does not match the certificate (thumbprint ${other.sha1Hex})`,
		);
		expect(error.description).toMatch(/same openssl command/);
		expectNoSecret(error, ...secretLines(cert.keyPem));
	});

	it('refuses an expired certificate and one not valid yet', () => {
		const key = rsaKey();
		const expired = makeCertificate({
			key,
			notBefore: new Date(Date.now() - 400 * DAY),
			notAfter: new Date(Date.now() - 2 * DAY),
		});
		const keyPem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
		expect(
			refusal(() =>
				loadSigningMaterial({ privateKey: keyPem, publicCertificate: expired.certificatePem }),
			).message,
		).toMatch(/^The certificate expired on \d{4}-\d\d-\d\d/);
		const future = makeCertificate({ key, notBefore: new Date(Date.now() + 2 * DAY) });
		expect(
			refusal(() =>
				loadSigningMaterial({ privateKey: keyPem, publicCertificate: future.certificatePem }),
			).description,
		).toMatch(/clock/);
	});

	it('uses a thumbprint as given, without a certificate', () => {
		const material = loadSigningMaterial({
			privateKey: cert.keyPem,
			identifyBy: 'thumbprint',
			thumbprint: cert.sha1Hex,
		});
		expect(material.thumbprint.header).toBe('x5t');
		expect(material.certificate).toBeUndefined();
	});

	it('warns when the certificate expires within 30 days, saying how many days remain', () => {
		const key = rsaKey();
		const soon = makeCertificate({ key, notAfter: new Date(Date.now() + 12 * DAY + 3600_000) });
		const [info] = parseCertificates(soon.certificatePem);
		expect(expiryWarning(info)).toMatch(
			/^Signed in, but the certificate expires in 12 days \(\d{4}-/,
		);
		expect(expiryWarning(info, soon.notAfter.getTime() - 3600_000)).toMatch(/expires today/);
		const [later] = parseCertificates(cert.certificatePem);
		expect(expiryWarning(later)).toBeUndefined();
	});
});

describe('client assertion', () => {
	const material = loadSigningMaterial({
		privateKey: cert.keyPem,
		publicCertificate: cert.certificatePem,
	});
	const tokenUrl = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';
	const publicKey = new X509Certificate(cert.certificatePem).publicKey;

	it.each(['PS256', 'RS256'] as const)(
		'is a JWT signed %s as Microsoft documents it',
		(algorithm) => {
			const now = Date.UTC(2026, 10, 30, 12, 0, 0);
			const jwt = buildClientAssertion({
				clientId: 'client-1',
				tokenUrl,
				key: material.key,
				thumbprint: material.thumbprint,
				algorithm,
				now,
			});
			const [h, c, s] = jwt.split('.');
			expect(decode(h)).toEqual({
				alg: algorithm,
				typ: 'JWT',
				'x5t#S256': createHash('sha256')
					.update(new X509Certificate(cert.certificatePem).raw)
					.digest('base64url'),
			});
			const claims = decode(c);
			expect(claims).toMatchObject({
				aud: tokenUrl,
				iss: 'client-1',
				sub: 'client-1',
				nbf: now / 1000,
				iat: now / 1000,
				exp: now / 1000 + 300,
			});
			expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
			const options =
				algorithm === 'PS256'
					? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
					: { key: publicKey, padding: constants.RSA_PKCS1_PADDING };
			expect(verify('sha256', Buffer.from(`${h}.${c}`), options, Buffer.from(s, 'base64url'))).toBe(
				true,
			);
		},
	);

	it('has a fresh jti each time, and x5t for a SHA-1 thumbprint', () => {
		const build = () =>
			buildClientAssertion({
				clientId: 'c',
				tokenUrl,
				key: material.key,
				thumbprint: parseThumbprint(cert.sha1Hex),
			});
		const [a, b] = [build(), build()];
		expect(decode(a.split('.')[1]).jti).not.toBe(decode(b.split('.')[1]).jti);
		expect(decode(a.split('.')[0])).toMatchObject({ x5t: parseThumbprint(cert.sha1Hex).value });
	});

	it('refuses an algorithm other than PS256 and RS256', () => {
		const build = () =>
			buildClientAssertion({
				clientId: 'c',
				tokenUrl,
				key: material.key,
				thumbprint: material.thumbprint,
				algorithm: 'HS256' as never,
			});
		expect(refusal(build).message).toMatch(/"HS256" is not supported/);
	});

	it('never carries the key', () => {
		const jwt = buildClientAssertion({
			clientId: 'c',
			tokenUrl,
			key: material.key,
			thumbprint: material.thumbprint,
		});
		for (const line of secretLines(cert.keyPem)) expect(jwt).not.toContain(line);
	});
});

describe('token endpoint answers', () => {
	const context = {
		tokenUrl: 'https://login.example/t/oauth2/v2.0/token',
		clientId: 'app-1',
		thumbprintHex: 'ABCD',
	};
	const aad = (code: number, text: string) => ({
		error: 'invalid_client',
		error_description: `AADSTS${code}: ${text}\r\nTrace ID: 1\r\nCorrelation ID: 2`,
		error_codes: [code],
	});

	it('reads the token, as an object or as JSON text', () => {
		expect(readTokenAnswer(200, { access_token: 'tok', expires_in: 3599 }, context)).toEqual({
			accessToken: 'tok',
			expiresInSeconds: 3599,
		});
		expect(readTokenAnswer(200, '{"access_token":"t","expires_in":"60"}', context)).toEqual({
			accessToken: 't',
			expiresInSeconds: 60,
		});
		expect(() => readTokenAnswer(200, {}, context)).toThrow(/without an access token/);
	});

	it('700027: the certificate is not the one registered, with how to upload it', () => {
		const error = refusal(() =>
			readTokenAnswer(
				401,
				aad(
					700027,
					'Client assertion contains an invalid signature. [Reason - The key was not found.]',
				),
				context,
			),
		);
		expect(error.message).toBe(
			'Microsoft Entra ID refused the certificate: it is not one registered on the app app-1 (AADSTS700027)',
		);
		expect(error.description).toMatch(
			/Certificates & secrets.*upload the certificate \(thumbprint ABCD\)/,
		);
		const expired = refusal(() =>
			readTokenAnswer(
				401,
				aad(
					700027,
					'Client assertion contains an invalid signature. [Reason - The key used is expired.]',
				),
				context,
			),
		);
		expect(expired.message).toMatch(/has expired \(AADSTS700027\)/);
	});

	it('700024: the clock, with the time this machine read', () => {
		const error = refusal(() =>
			readTokenAnswer(401, aad(700024, 'Client assertion is not within its valid time range.'), {
				...context,
				now: Date.UTC(2030, 0, 1),
			}),
		);
		expect(error.message).toMatch(/clock is probably wrong \(AADSTS700024\)/);
		expect(error.description).toMatch(/NTP.*2030-01-01T00:00:00\.000Z/);
		expect(error.description).not.toMatch(/Trace ID/);
	});

	it.each([
		[1000502, /outside its validity period/, /Make a new certificate/],
		[7000214, /has been revoked/, /Make a new certificate/],
		[7000112, /is disabled/, /enable the app registration/],
		[1002012, /refused the scope/, /Check Cloud/],
		[900023, /does not know the tenant/, /Tenant ID/],
	])('AADSTS%s: says what to fix', (code, message, fix) => {
		const error = refusal(() => readTokenAnswer(400, aad(code, 'Something.'), context));
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(fix);
	});

	it("throttled or unavailable: try again later, with Entra's words when it gave any", () => {
		const busy = refusal(() => readTokenAnswer(429, aad(50196, 'Loop detected.'), context));
		expect(busy.message).toMatch(/unavailable \(HTTP 429\)/);
		expect(busy.description).toMatch(/^Try again in a few minutes\. Entra said: AADSTS50196/);
		expect(refusal(() => readTokenAnswer(400, {}, context)).message).toMatch(
			/\(HTTP 400\): HTTP 400$/,
		);
	});

	it("other refusals keep Entra's first sentence, and unavailability says to try again", () => {
		expect(
			refusal(() => readTokenAnswer(400, aad(700016, 'Application not found'), context)).message,
		).toMatch(/does not know the app app-1/);
		expect(
			refusal(() => readTokenAnswer(400, aad(90002, 'Tenant not found'), context)).message,
		).toMatch(/does not know the tenant/);
		expect(
			refusal(() => readTokenAnswer(400, aad(50013, 'Assertion is invalid.'), context)).message,
		).toBe(
			'Microsoft Entra ID refused the sign-in (AADSTS50013): AADSTS50013: Assertion is invalid.',
		);
		expect(refusal(() => readTokenAnswer(503, 'busy', context)).description).toMatch(/Try again/);
	});
});
