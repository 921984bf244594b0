import type { IDataObject } from 'n8n-workflow';

/* Presentations and definitions shaped as Graph answers them, for the settings tests. */

const P = '#microsoft.graph.groupPolicyPresentation';

let next = 0;
const id = () => `pres-${++next}`;

export const text = (label: string): IDataObject => ({
	'@odata.type': `${P}Text`,
	id: id(),
	label,
});
export const checkBox = (label: string, extra: IDataObject = {}): IDataObject => ({
	'@odata.type': `${P}CheckBox`,
	id: id(),
	label,
	defaultChecked: false,
	...extra,
});
export const textBox = (label: string, extra: IDataObject = {}): IDataObject => ({
	'@odata.type': `${P}TextBox`,
	id: id(),
	label,
	defaultValue: '',
	maxLength: 1023,
	required: false,
	...extra,
});
export const decimal = (label: string, extra: IDataObject = {}): IDataObject => ({
	'@odata.type': `${P}DecimalTextBox`,
	id: id(),
	label,
	defaultValue: 1,
	minValue: 0,
	maxValue: 9999,
	required: false,
	spin: true,
	spinStep: 1,
	...extra,
});
export const longDecimal = (label: string, extra: IDataObject = {}): IDataObject => ({
	...decimal(label, extra),
	'@odata.type': `${P}LongDecimalTextBox`,
});
export const dropdown = (label: string, extra: IDataObject = {}): IDataObject => ({
	'@odata.type': `${P}DropdownList`,
	id: id(),
	label,
	items: [
		{ displayName: 'Stable', value: 'stable' },
		{ displayName: 'Beta', value: 'beta' },
		{ displayName: 'Nightly', value: 'nightly' },
	],
	defaultItem: { displayName: 'Stable', value: 'stable' },
	required: false,
	...extra,
});
export const comboBox = (label: string, extra: IDataObject = {}): IDataObject => ({
	'@odata.type': `${P}ComboBox`,
	id: id(),
	label,
	defaultValue: '',
	maxLength: 20,
	required: false,
	suggestions: ['a', 'b'],
	...extra,
});
export const listBox = (label: string, explicitValue: boolean): IDataObject => ({
	'@odata.type': `${P}ListBox`,
	id: id(),
	label,
	explicitValue,
	valuePrefix: '',
});
export const multiText = (label: string, extra: IDataObject = {}): IDataObject => ({
	'@odata.type': `${P}MultiTextBox`,
	id: id(),
	label,
	maxLength: 1023,
	maxStrings: 0,
	required: false,
	...extra,
});

export function definitionRow(
	displayName: string,
	presentations: IDataObject[] = [],
	extra: IDataObject = {},
): IDataObject {
	return {
		id: `def-${displayName.replace(/\W/g, '').toLowerCase()}-${String(extra.classType ?? 'machine')}`,
		displayName,
		categoryPath: '\\Fabrikam\\Fabrikam Browser',
		classType: 'machine',
		policyType: 'admxIngested',
		presentations,
		definitionFile: { id: 'file-app', fileName: 'fabrikambrowser.admx' },
		...extra,
	};
}
