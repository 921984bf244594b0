import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchGroupPolicyUploadedDefinitionFiles } from '../MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/listSearch';
import { uploadedFileLocator } from '../MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/locator';
import {
	UPLOADED_FILE_ID,
	UPLOADED_FILES_PATH,
} from '../MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/paths';
import {
	authenticationProperty,
	graphCredentials,
} from '../MicrosoftIntuneGroupPolicy/descriptions/authentication.description';
import { readLocator } from '../MicrosoftIntuneGroupPolicy/helpers/locators';
import { collectPages, openSession, sender } from '../MicrosoftIntuneGroupPolicy/transport';
import type { IntuneEvent, Position } from './events';
import { EVENTS, eventsSince, latestEvent, positionOf } from './events';

/*
 * Starts a workflow when Intune finishes (or fails) an action on an uploaded ADMX file, whoever
 * started it: the portal, a script or this package's action node. Each poll reads the uploaded
 * files with their operations through the action node's transport and compares them with the
 * position kept in the workflow's static data.
 */

export class MicrosoftIntuneGroupPolicyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Intune Group Policy Trigger',
		name: 'microsoftIntuneGroupPolicyTrigger',
		icon: { light: 'file:../../icons/intune.svg', dark: 'file:../../icons/intune.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when Intune accepts, refuses or removes an uploaded ADMX file',
		defaults: { name: 'Microsoft Intune Group Policy Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: graphCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'ADMX File Removed',
						value: 'fileRemoved',
						description: 'An uploaded file was removed from Intune',
					},
					{
						name: 'ADMX Upload Failed',
						value: 'uploadFailed',
						description: 'Intune refused an uploaded file or new version',
					},
					{
						name: 'ADMX Upload Succeeded',
						value: 'uploadSucceeded',
						description: 'Intune made an uploaded file or new version available',
					},
					{
						name: 'Any New Operation',
						value: 'anyOperation',
						description: 'Intune recorded any new operation on an uploaded file',
					},
				],
				default: ['uploadSucceeded', 'uploadFailed'],
			},
			{
				displayName: 'Only One File',
				name: 'filterByFile',
				type: 'boolean',
				default: false,
				description: 'Whether to watch a single uploaded ADMX file instead of all of them',
			},
			{ ...uploadedFileLocator, displayOptions: { show: { filterByFile: [true] } } },
		],
	};

	methods = {
		listSearch: { searchGroupPolicyUploadedDefinitionFiles },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const wanted = (this.getNodeParameter('events', []) as string[]).filter((e): e is IntuneEvent =>
			(EVENTS as readonly string[]).includes(e),
		);
		const session = await openSession.call(this);
		const only =
			this.getNodeParameter('filterByFile', false) === true
				? readLocator({ node: this.getNode(), itemIndex: 0 }, UPLOADED_FILE_ID, (name) =>
						this.getNodeParameter(name, undefined, { extractValue: true }),
					)
				: undefined;
		const all = await collectPages.call(this, sender.call(this, session, 0), UPLOADED_FILES_PATH, {
			$expand: 'groupPolicyOperations',
		});
		const files = only === undefined ? all : all.filter((f) => String(f.id) === only);

		if (this.getMode() === 'manual') {
			const event = latestEvent(files, wanted);
			return event ? [this.helpers.returnJsonArray([event])] : null;
		}
		const state = this.getWorkflowStaticData('node') as { position?: Position };
		const before = state.position;
		state.position = positionOf(files);
		// The first poll after activation records where the tenant is: history is not replayed.
		if (!before) return null;
		const events = eventsSince(before, files, wanted);
		return events.length ? [this.helpers.returnJsonArray(events)] : null;
	}
}
