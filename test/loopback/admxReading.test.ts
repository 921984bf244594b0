import type { IDataObject } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { GraphEmulator } from '../emulator/emulator';
import { adml, admx, CHAIN, uploadParameters } from '../fixtures/admx';
import type { VendorShape } from '../fixtures/admxShapes';
import { fill, ONE_MB, vendorAdml, vendorAdmx } from '../fixtures/admxShapes';
import { emulatorCredentials } from '../helpers/emulatorCredentials';
import type { ContextOptions } from '../helpers/executeContext';
import { createExecuteContext } from '../helpers/executeContext';
import { eachTestAsAFreshProcess } from '../helpers/freshProcess';

/*
 * Reading the ADMX and ADML through the node, over loopback: a broken or crafted file fails its
 * item quickly, naming the field, the file and the line, and nothing reaches Intune; a large
 * vendor-shaped file goes through.
 */

jest.setTimeout(60_000);

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await new GraphEmulator({ admx: { processingMs: 200 } }).start();
});
afterAll(async () => await emulator.stop());
eachTestAsAFreshProcess(() => emulator);

async function run(parameters: () => IDataObject, extra: Partial<ContextOptions> = {}) {
	const test = createExecuteContext({
		credentials: emulatorCredentials(emulator),
		parameters,
		continueOnFail: true,
		...extra,
	});
	return (await new MicrosoftIntuneGroupPolicy().execute.call(test.context))[0];
}

const UPLOADS = '/beta/deviceManagement/groupPolicyUploadedDefinitionFiles';
const uploadPosts = () => emulator.log.filter((e) => e.method === 'POST' && e.path === UPLOADS);
const graphRequests = () => emulator.log.filter((e) => e.path.startsWith('/beta/'));

const half = (text: string) => text.slice(0, Math.floor(text.length / 2));

/** What the item error says of a file that is not well-formed: field, file, line, column. */
const notWellFormed = (field: string, file: string) =>
	new RegExp(
		`^Parameter "${field}" holds a file Intune would refuse: ${file.replace('.', '\\.')} is not ` +
			`well-formed XML at line \\d+, column \\d+: .+ \\(item 0\\)$`,
	);

describe('a file cut in half', () => {
	const base = () => uploadParameters('contoso-base', CHAIN.base);

	it.each([
		['ADMX', 'admxText', 'contoso-base.admx', { admxText: half(admx(CHAIN.base)) }],
		['ADML', 'admlText', 'contoso-base.adml', { admlText: half(adml(CHAIN.base)) }],
	])(
		'given as text (%s) fails the item, naming the field, the file and the line',
		async (_kind, field, file, extra) => {
			const [item] = await run(() => ({ ...base(), ...extra }));
			expect(item.json.error).toMatch(notWellFormed(field, file));
			expect(item.json.details).toBe(
				'The file looks cut off or edited by hand: use the file as the vendor ships it.',
			);
			expect(uploadPosts()).toHaveLength(0);
			expect(graphRequests()).toHaveLength(0);
		},
	);

	it('reports the line where the file ends and the element left open', async () => {
		const [item] = await run(() => ({ ...base(), admxText: half(admx(CHAIN.base)) }));
		expect(item.json.error).toMatch(
			/contoso-base\.admx is not well-formed XML at line 9, column 26: the start tag <category opened at line 9 is not closed \(the file ends\)/,
		);
	});

	it.each([
		['ADMX', 'admxBinaryProperty', 'vendor.admx', true],
		['ADML', 'admlBinaryProperty', 'vendor.adml', false],
	])(
		'read from a binary property (%s) fails the item, naming the property',
		async (_kind, field, file, cutAdmx) => {
			const [item] = await run(
				() => ({ resource: 'groupPolicyUploadedDefinitionFile', operation: 'upload' }),
				{
					binary: () => ({
						data: {
							data: Buffer.from(cutAdmx ? half(admx(CHAIN.base)) : admx(CHAIN.base)),
							fileName: 'vendor.admx',
						},
						adml: {
							data: Buffer.from(cutAdmx ? adml(CHAIN.base) : half(adml(CHAIN.base))),
							fileName: 'vendor.adml',
						},
					}),
				},
			);
			expect(item.json.error).toMatch(notWellFormed(field, file));
			expect(uploadPosts()).toHaveLength(0);
		},
	);
});

describe('a crafted 1 MB file', () => {
	const HEAD =
		'<?xml version="1.0" encoding="utf-8"?>\n<policyDefinitions revision="1.0" schemaVersion="1.0">' +
		'<policyNamespaces><target prefix="contoso" namespace="Contoso.Policies.Base"/>';

	it.each([
		[
			'"<using " repeated',
			fill('<using ', ONE_MB, HEAD),
			/the start tag <using opened at line 2 is not closed: '<' comes before its '>'/,
		],
		[
			'"$(string." repeated',
			fill('$(string.', ONE_MB, `${HEAD}</policyNamespaces><policies>`),
			/<policies> opened at line 2 is not closed \(the file ends\)/,
		],
		['"<!--" repeated', fill('<!--', ONE_MB, HEAD), /'--' inside the comment opened at line 2/],
	])(
		'of %s fails quickly with a clear error, sending nothing',
		async (_label, admxText, reason) => {
			expect(Buffer.byteLength(admxText)).toBeLessThanOrEqual(ONE_MB);
			const started = Date.now();
			const [item] = await run(() => ({
				...uploadParameters('contoso-base', CHAIN.base),
				admxText,
			}));
			expect(Date.now() - started).toBeLessThan(3_000);
			expect(item.json.error).toMatch(notWellFormed('admxText', 'contoso-base.admx'));
			expect(item.json.error).toMatch(reason);
			expect(uploadPosts()).toHaveLength(0);
			expect(graphRequests()).toHaveLength(0);
		},
	);
});

describe('a large vendor-shaped file', () => {
	// A namespace the emulator's tenant does not have yet (it has Fabrikam's, still processing).
	const shape: VendorShape = {
		prefix: 'northwind',
		namespace: 'Northwind.Policies.Browser',
		policies: 1500,
	};

	it('uploads with its ADML from binary properties and becomes available', async () => {
		const admxText = vendorAdmx(shape);
		const admlText = vendorAdml(shape);
		expect(Buffer.byteLength(admxText)).toBeGreaterThan(800 * 1024);
		const [item] = await run(
			() => ({ resource: 'groupPolicyUploadedDefinitionFile', operation: 'upload' }),
			{
				binary: () => ({
					data: { data: Buffer.from(admxText), fileName: 'northwind.admx' },
					adml: { data: Buffer.from(admlText), fileName: 'northwind.adml' },
				}),
			},
		);
		expect(item.json.error).toBeUndefined();
		expect(item.json).toMatchObject({
			fileName: 'northwind.admx',
			targetNamespace: 'Northwind.Policies.Browser',
			status: 'available',
		});
		const [post] = uploadPosts();
		const body = post.body as IDataObject;
		expect(Buffer.from(String(body.content), 'base64').toString()).toBe(admxText);
		const [language] = body.groupPolicyUploadedLanguageFiles as IDataObject[];
		expect(Buffer.from(String(language.content), 'base64').toString()).toBe(admlText);
	});
});
