import { IDS } from '../emulator/data';

/** The three resource locators (By ID) of the emulator's seeded setting on an uploaded ADMX file. */
export const seededPresentationValueLocators = {
	groupPolicyConfigurationId: { __rl: true, mode: 'id', value: IDS.configuration },
	groupPolicyDefinitionValueId: { __rl: true, mode: 'id', value: IDS.definitionValue },
	groupPolicyPresentationValueId: { __rl: true, mode: 'id', value: IDS.presentationValue },
};

/** Create Group Policy Operation on the seeded uploaded ADMX file, addressed by its ID. */
export const createOnSeededFile = {
	resource: 'groupPolicyOperation',
	operation: 'create',
	target: 'uploadedDefinitionFile',
	groupPolicyUploadedDefinitionFileId: IDS.uploadedFile,
	operationType: 'upload',
	operationStatus: 'inProgress',
	additionalFields: {},
};
