import { existsSync } from 'fs';
import type { Browser } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

/* Debian's Chromium driven by playwright-core: no browser download, flags for a machine without internet. */

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`No Chromium at ${CHROMIUM}. Run \`npm run setup:e2e\` (it installs Debian's chromium when allowed), ` +
				'or `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.',
		);
	}
	// n8n marks its elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
}
