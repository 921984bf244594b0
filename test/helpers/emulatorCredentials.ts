import type { GraphEmulator } from '../emulator/emulator';
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
