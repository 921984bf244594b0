import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	accessTokenUrlExpression,
	authUrlExpression,
	DELEGATED_PERMISSION,
	GROUP_READ_PERMISSION,
	scopeExpression,
	TENANT_APP_FIELDS,
} from './clouds';

export class MicrosoftGraphIntuneOAuth2Api implements ICredentialType {
	name = 'microsoftGraphIntuneOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Microsoft Graph (Intune) OAuth2 API';

	icon: Icon = { light: 'file:../icons/intune.svg', dark: 'file:../icons/intune.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-intune-group-policy/n8n-nodes-intune-group-policy#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Sign In As',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Intune Admin (Delegated)',
					value: 'authorizationCode',
					description: 'An admin signs in once; the workflow acts as that admin',
				},
				{
					name: 'App Only (Client Credentials)',
					value: 'clientCredentials',
					description: 'For scheduled workflows with nobody at the keyboard',
				},
			],
			default: 'clientCredentials',
		},
		...TENANT_APP_FIELDS,
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A client secret value (not its ID) from Certificates & secrets',
		},
		{
			displayName: 'Read Group Names',
			name: 'readGroups',
			type: 'boolean',
			default: false,
			description:
				`Whether to also ask for ${GROUP_READ_PERMISSION} when the admin signs in, so that ` +
				'profile assignments can pick groups from a list (the app registration needs this ' +
				'delegated permission, consented). Groups can always be given by ID without it.',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: authUrlExpression,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accessTokenUrlExpression,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scopeExpression,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'prompt=select_account',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			// Graph's token endpoint needs nothing beyond the standard fields.
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'hidden',
			default: false,
		},
		{
			displayName:
				`The app registration needs the Microsoft Graph permission ${DELEGATED_PERMISSION} ` +
				`(delegated for admin sign-in, application for app only), with admin consent.`,
			name: 'permissionNotice',
			type: 'notice',
			default: '',
		},
	];
}
