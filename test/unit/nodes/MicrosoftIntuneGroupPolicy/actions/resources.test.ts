import type { INodeProperties } from 'n8n-workflow';

import { MicrosoftIntuneGroupPolicy } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node';
import { resources } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/resources';
import { operationOf } from '../../../../../nodes/MicrosoftIntuneGroupPolicy/actions/router';
import { MicrosoftIntuneGroupPolicyTrigger } from '../../../../../nodes/MicrosoftIntuneGroupPolicyTrigger/MicrosoftIntuneGroupPolicyTrigger.node';

/*
 * The resources list feeds both the node's description and the router: every menu entry has an
 * implementation and every implementation a menu entry, and the names saved workflows hold stay.
 */

const node = new MicrosoftIntuneGroupPolicy();
const properties = node.description.properties;
const resourceMenu = properties.find((p) => p.name === 'resource')!;
const valuesOf = (property: INodeProperties) =>
	(property.options ?? []).map((option) => (option as { value: string }).value);
const shownFor = (property: INodeProperties) => property.displayOptions?.show?.resource ?? [];

describe('resources', () => {
	it('each have an entry in the Resource menu, with Group Policy Operation by default', () => {
		expect(valuesOf(resourceMenu).sort()).toEqual(resources.map((r) => r.option.value).sort());
		expect(resourceMenu.default).toBe('groupPolicyOperation');
	});

	it.each(resources.map((r) => [r.option.value, r] as const))(
		'%s: its Operation menu offers exactly the operations it implements',
		(value, resource) => {
			const menus = properties.filter((p) => p.name === 'operation' && shownFor(p).includes(value));
			expect(menus).toHaveLength(1);
			expect(valuesOf(menus[0]).sort()).toEqual(Object.keys(resource.operations).sort());
			for (const operation of valuesOf(menus[0]))
				expect(operationOf(value, operation)).toBeDefined();
			expect(Object.keys(resource.operations)).toContain(menus[0].default);
		},
	);

	it('shows every parameter of a resource only for that resource', () => {
		for (const resource of resources) {
			for (const property of resource.properties) {
				expect(shownFor(property)).toEqual([resource.option.value]);
			}
		}
	});

	it('keep the list search names that saved workflows reference', () => {
		expect(Object.keys(node.methods.listSearch).sort()).toEqual([
			'searchAssignmentFilters',
			'searchGroupPolicyConfigurations',
			'searchGroupPolicyDefinitionValues',
			'searchGroupPolicyDefinitions',
			'searchGroupPolicyOperations',
			'searchGroupPolicyPresentationValues',
			'searchGroupPolicyUploadedDefinitionFiles',
			'searchGroups',
		]);
		expect(Object.keys(node.methods.resourceMapping)).toEqual(['getSettingInputs']);
		const declared = resources.flatMap((r) => Object.keys(r.listSearch));
		expect(new Set(declared).size).toBe(declared.length);
	});

	it('declare a list search for every list a locator names, in both nodes', () => {
		const trigger = new MicrosoftIntuneGroupPolicyTrigger();
		for (const [described, methods] of [
			[properties, node.methods.listSearch],
			[trigger.description.properties, trigger.methods.listSearch],
		] as const) {
			const named = described.flatMap((p) =>
				(p.modes ?? []).flatMap((mode) => mode.typeOptions?.searchListMethod ?? []),
			);
			for (const method of named) expect(Object.keys(methods)).toContain(method);
		}
	});
});
