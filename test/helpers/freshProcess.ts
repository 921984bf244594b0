import { forgetFacts } from '../../nodes/MicrosoftIntuneGroupPolicy/helpers/processCache';
import { forgetSharedThrottles } from '../../nodes/MicrosoftIntuneGroupPolicy/transport/throttles';
import type { GraphEmulator } from '../emulator/emulator';

/**
 * Begins each test like a fresh n8n process: the emulator reset to how it was started, and nothing
 * the node keeps per process (throttles, remembered facts) carried over from the test before.
 */
export function eachTestAsAFreshProcess(emulator: () => GraphEmulator): void {
	beforeEach(() => {
		emulator().reset();
		forgetSharedThrottles();
		forgetFacts();
	});
}
