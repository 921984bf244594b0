import type { GraphEmulator } from '../emulator/emulator';
import type { TestCertificate } from '../fixtures/certificates';
import type { TestCredentials } from './executeContext';

/** A credential of cloud "custom" pointed at the emulator, signing in as one of its app registrations. */
export function emulatorCredentials(emulator: GraphEmulator, appIndex = 0): TestCredentials {
	const app = emulator.tenant.apps[appIndex];
	return {
		cloud: 'custom',
		customGraphEndpoint: emulator.url,
		customLoginEndpoint: emulator.url,
		tenantId: emulator.tenant.id,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
	};
}

/**
 * The certificate credential pointed at the emulator, signing in as one of its app registrations with a test
 * certificate, which is uploaded to that app first (as an admin does under Certificates & secrets).
 */
export function emulatorCertificateCredentials(
	emulator: GraphEmulator,
	certificate: TestCertificate,
	appIndex = 0,
	overrides: Partial<TestCredentials> = {},
): TestCredentials {
	const app = emulator.tenant.apps[appIndex];
	if (!app.certificates?.includes(certificate.certificatePem)) {
		emulator.identity.registerCertificate(app.clientId, certificate.certificatePem);
	}
	return {
		cloud: 'custom',
		customGraphEndpoint: emulator.url,
		customLoginEndpoint: emulator.url,
		tenantId: emulator.tenant.id,
		clientId: app.clientId,
		privateKey: certificate.keyPem,
		identifyBy: 'certificate',
		publicCertificate: certificate.certificatePem,
		algorithm: 'PS256',
		...overrides,
	};
}
