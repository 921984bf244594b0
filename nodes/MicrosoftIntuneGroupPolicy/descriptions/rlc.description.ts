import type { INodeProperties } from 'n8n-workflow';

import type { IdLocator } from '../helpers/locators';
import { urlPattern } from '../helpers/locators';

/*
 * Resource locators: pick from a searchable list (default), type an ID, or paste a Graph URL of the
 * object.
 */

export function locatorProperty(
	id: IdLocator,
	displayName: string,
	description: string,
	searchListMethod: string,
	example: string,
	dependsOn: string[] = [],
): INodeProperties {
	const pattern = urlPattern(id);
	return {
		displayName,
		name: id.name,
		type: 'resourceLocator',
		// The list reloads when a choice it depends on changes.
		...(dependsOn.length ? { typeOptions: { loadOptionsDependsOn: dependsOn } } : {}),
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: `e.g. ${example}` },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder:
					`e.g. ` +
					`https://graph.microsoft.com/beta/deviceManagement/.../${id.segment}/${example}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: pattern,
							errorMessage: `Not a Graph URL with /${id.segment}/{id}`,
						},
					},
				],
				extractValue: { type: 'regex', regex: pattern },
			},
		],
	};
}
