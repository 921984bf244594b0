import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/*
 * How a node signs in, shared by the action node and the trigger, as n8n's own nodes offer two
 * credentials: an Authentication parameter, and each credential shown for its value. OAuth2 is
 * the default, so saved workflows keep the credential they have.
 */

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Certificate (App Only)',
			value: 'certificate',
			description: 'The app signs in with a certificate uploaded to its registration',
		},
		{
			name: 'OAuth2',
			value: 'oAuth2',
			description: 'An admin signs in, or the app signs in with a client secret',
		},
	],
	default: 'oAuth2',
};

export const graphCredentials: INodeCredentialDescription[] = [
	{
		name: 'microsoftGraphIntuneOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: 'microsoftGraphIntuneCertificateApi',
		required: true,
		displayOptions: { show: { authentication: ['certificate'] } },
	},
];
