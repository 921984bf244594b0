import { presentationOperationsPath } from '../../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyOperation/paths';

describe('presentationOperationsPath', () => {
	it('builds the documented deep path', () => {
		expect(
			presentationOperationsPath({
				groupPolicyConfigurationId: 'cfg',
				groupPolicyDefinitionValueId: 'def',
				groupPolicyPresentationValueId: 'pres',
			}),
		).toBe(
			'/deviceManagement/groupPolicyConfigurations/cfg/definitionValues/def/presentationValues/pres' +
				'/presentation/definition/definitionFile/microsoft.graph.groupPolicyUploadedDefinitionFile/groupPolicyOperations',
		);
	});

	it('URL-encodes every ID so that none can add a segment or a query', () => {
		const path = presentationOperationsPath({
			groupPolicyConfigurationId: "a'b",
			groupPolicyDefinitionValueId: 'c:d',
			groupPolicyPresentationValueId: 'e@f',
		});
		expect(path).toContain("/groupPolicyConfigurations/a'b/");
		expect(path).toContain('/definitionValues/c%3Ad/');
		expect(path).toContain('/presentationValues/e%40f/');
	});
});
