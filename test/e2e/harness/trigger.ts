import type { GraphEmulator } from '../../emulator/emulator';
import { adml, admx } from '../../fixtures/admx';

/*
 * What the trigger's end-to-end cases share: waiting on n8n's own poll schedule, and an upload that Intune
 * refuses, made outside n8n (as an admin does in the portal), for the trigger to find.
 */

/** Waits until `check` holds or `timeoutMs` has passed; the caller then asserts what it waited for. */
export async function until(check: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

const REFUSED = {
	prefix: 'fab',
	namespace: 'Fabrikam.Tools',
	usings: [{ prefix: 'x', namespace: 'Fabrikam.Missing' }],
};

/** The refused upload: its file name, namespace and Intune's reason (a using that was never uploaded). */
export const REFUSED_UPLOAD = {
	fileName: 'fabrikam-tools.admx',
	namespace: REFUSED.namespace,
	reason:
		'ADMX file referenced not found NamespaceMissing:Fabrikam.Missing. Please upload it first.',
};

/** Uploads REFUSED_UPLOAD straight into the emulator's tenant; Intune ends it uploadFailed. */
export function uploadRefusedFile(emulator: GraphEmulator): void {
	emulator.store.lifecycle.upload(
		{
			fileName: REFUSED_UPLOAD.fileName,
			content: Buffer.from(admx(REFUSED)).toString('base64'),
			defaultLanguageCode: 'en-US',
			groupPolicyUploadedLanguageFiles: [
				{
					fileName: 'fabrikam-tools.adml',
					languageCode: 'en-US',
					content: Buffer.from(adml(REFUSED)).toString('base64'),
				},
			],
		},
		emulator.url,
	);
}
