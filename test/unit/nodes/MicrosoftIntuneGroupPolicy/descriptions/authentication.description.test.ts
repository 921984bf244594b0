import { existsSync } from 'fs';
import { join } from 'path';

import { MicrosoftGraphIntuneCertificateApi } from '../../../../../credentials/MicrosoftGraphIntuneCertificateApi.credentials';
import { MicrosoftGraphIntuneOAuth2Api } from '../../../../../credentials/MicrosoftGraphIntuneOAuth2Api.credentials';
import { MicrosoftIntuneGroupPolicy } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { MicrosoftIntuneGroupPolicyTrigger } from '../../../../../nodes/MicrosoftIntuneGroupPolicyTrigger/MicrosoftIntuneGroupPolicyTrigger.node';

const root = join(__dirname, '../../../../..');
const oAuth2 = new MicrosoftGraphIntuneOAuth2Api().name;
const certificate = new MicrosoftGraphIntuneCertificateApi().name;

describe('Authentication: the credential a node signs in with', () => {
	it.each([
		['the action node', new MicrosoftIntuneGroupPolicy().description],
		['the trigger', new MicrosoftIntuneGroupPolicyTrigger().description],
	])(
		'%s offers OAuth2 (the default) and Certificate, each with its credential',
		(_, description) => {
			const [first] = description.properties;
			expect(first).toMatchObject({
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				default: 'oAuth2',
			});
			expect(first.options!.map((o) => (o as { value: string }).value).sort()).toEqual([
				'certificate',
				'oAuth2',
			]);
			expect(description.credentials).toEqual([
				{ name: oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
				{
					name: certificate,
					required: true,
					displayOptions: { show: { authentication: ['certificate'] } },
				},
			]);
		},
	);

	it('package.json registers both credentials, from files the build makes', () => {
		const pkg = require(join(root, 'package.json')) as { n8n: { credentials: string[] } };
		const sources = pkg.n8n.credentials.map((path) =>
			path.replace(/^dist\//, '').replace(/\.js$/, '.ts'),
		);
		expect(sources.sort()).toEqual([
			'credentials/MicrosoftGraphIntuneCertificateApi.credentials.ts',
			'credentials/MicrosoftGraphIntuneOAuth2Api.credentials.ts',
		]);
		for (const source of sources) expect(existsSync(join(root, source))).toBe(true);
	});
});
