import { IDS } from './data';
import { GraphEmulator } from './emulator';

/* `npm run emulator`: starts the emulator on loopback and prints what a credential needs to point at it. */

async function main() {
	const port = Number(process.argv.find((a) => a.startsWith('--port='))?.split('=')[1] ?? 4010);
	const emulator = await new GraphEmulator({ port }).start();
	const app = emulator.tenant.apps[0];
	const lines = [
		`Microsoft Graph emulator listening on ${emulator.url}`,
		`  Graph root (Custom Graph Endpoint):   ${emulator.url}`,
		`  Login base (Custom Login Endpoint):    ${emulator.url}`,
		`  Token URL:                             ${emulator.url}/${emulator.tenant.id}/oauth2/v2.0/token`,
		`  Tenant ID:                             ${emulator.tenant.id}`,
		`  Client ID / secret:                    ${app.clientId} / ${app.clientSecret}`,
		`  Control API (log, faults, config):     ${emulator.url}/_emulator/log`,
		`  Seeded configuration / definition value / presentation value:`,
		`    ${IDS.configuration} / ${IDS.definitionValue} / ${IDS.presentationValue}`,
		'Press Ctrl-C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = async () => {
		await emulator.stop();
		process.stdout.write('Emulator stopped.\n');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main();
