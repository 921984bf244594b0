import {
	DEVICE_MANAGEMENT,
	graphPath,
} from '../../../../../nodes/MicrosoftIntuneGroupPolicy/transport/paths';

describe('graphPath', () => {
	it('joins the segments under the root', () => {
		expect(graphPath(DEVICE_MANAGEMENT, 'groupPolicyConfigurations', 'c-1')).toBe(
			'/deviceManagement/groupPolicyConfigurations/c-1',
		);
	});

	it('encodes each segment, so that none can add a segment or a query', () => {
		expect(graphPath('things', 'a/b', '?x=1', "it's")).toBe("/things/a%2Fb/%3Fx%3D1/it's");
	});

	it('keeps the dots of a cast', () => {
		expect(graphPath('microsoft.graph.groupPolicyUploadedDefinitionFile')).toBe(
			'/microsoft.graph.groupPolicyUploadedDefinitionFile',
		);
	});
});
