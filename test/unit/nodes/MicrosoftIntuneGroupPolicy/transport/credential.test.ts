import type { INode } from 'n8n-workflow';

import { MicrosoftGraphIntuneCertificateApi } from '../../../../../credentials/MicrosoftGraphIntuneCertificateApi.credentials';
import { MicrosoftGraphIntuneOAuth2Api } from '../../../../../credentials/MicrosoftGraphIntuneOAuth2Api.credentials';
import type { GraphContext } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport';
import { credentialType } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport';

const contextWith = (parameters: INode['parameters']) =>
	({ getNode: () => ({ parameters }) }) as unknown as GraphContext;

describe('credentialType', () => {
	it('names the credential the Authentication parameter chooses; none (a saved workflow) is OAuth2', () => {
		const oAuth2 = new MicrosoftGraphIntuneOAuth2Api().name;
		const certificate = new MicrosoftGraphIntuneCertificateApi().name;
		expect(credentialType(contextWith({}))).toBe(oAuth2);
		expect(credentialType(contextWith({ authentication: 'oAuth2' }))).toBe(oAuth2);
		expect(credentialType(contextWith({ authentication: 'certificate' }))).toBe(certificate);
	});
});
