import { randomUUID } from 'crypto';

import type { Category, Dataset, Definition, DefinitionFile, Presentation } from './data';
import type { XmlElement } from './xml';
import { child, childrenNamed, parseXml } from './xml';

/*
 * What Intune derives from an uploaded ADMX and its ADML once the file is available: a groupPolicyCategory per
 * category, a groupPolicyDefinition per policy and class (class="Both" gives one for machine and one for user),
 * and the definition's presentations in the ADML's order, each taking its limits from the ADMX element it
 * presents. Texts come from the ADML's stringTable; a category's parent may be in another file, named through
 * a prefix of the file's <using> namespaces, so category paths run from the vendor's top category down.
 */

const PRESENTATION_TYPE = '#microsoft.graph.groupPolicyPresentation';

/** ADMX element defaults from Microsoft's schema. */
const DEFAULT_MAX_LENGTH = 1023;
const DEFAULT_MIN_VALUE = 0;
const DEFAULT_MAX_VALUE = 9999;

interface FileContext {
	file: DefinitionFile;
	strings: Map<string, string>;
	presentations: Map<string, XmlElement>;
	/** prefix -> namespace, the file's own target prefix included. */
	namespaces: Map<string, string>;
	supportedOn: Map<string, string>;
	categories: Category[];
	now: string;
}

export interface Derived {
	categories: Category[];
	definitions: Definition[];
	presentations: Presentation[];
}

const flag = (value: string | undefined, fallback = false) =>
	value === undefined ? fallback : value === 'true' || value === '1';

const numberOr = (value: string | undefined, fallback: number) => {
	const n = Number(value);
	return value === undefined || value.trim() === '' || Number.isNaN(n) ? fallback : n;
};

/** "$(string.Id)" -> the ADML string; a literal text stays as it is. */
function resolveString(context: FileContext, reference: string | undefined): string {
	if (!reference) return '';
	const id = /^\$\(string\.([^)]*)\)$/.exec(reference.trim())?.[1];
	return id === undefined ? reference : (context.strings.get(id) ?? '');
}

function splitRef(ref: string): { prefix?: string; name: string } {
	const colon = ref.indexOf(':');
	return colon < 0 ? { name: ref } : { prefix: ref.slice(0, colon), name: ref.slice(colon + 1) };
}

function findCategory(data: Dataset, context: FileContext, ref: string): Category | undefined {
	const { prefix, name } = splitRef(ref.trim());
	const namespace = prefix ? context.namespaces.get(prefix) : context.file.targetNamespace;
	if (namespace === context.file.targetNamespace) {
		return context.categories.find((c) => c.internal?.name === name);
	}
	return data.categories.find(
		(c) => c.internal?.namespace === namespace && c.internal?.name === name,
	);
}

/** "\Top\...\Category": Intune's path, walked up through parents in this file and the files it uses. */
function categoryPath(data: Dataset, context: FileContext, category: Category | undefined): string {
	const names: string[] = [];
	const seen = new Set<string>();
	let current = category;
	while (current && !seen.has(current.id)) {
		seen.add(current.id);
		names.unshift(current.displayName);
		const parentId = current.parentId;
		current =
			context.categories.find((c) => c.id === parentId) ??
			data.categories.find((c) => c.id === parentId);
	}
	return names.length ? `\\${names.join('\\')}` : '';
}

function readContext(file: DefinitionFile, admx: XmlElement, adml: XmlElement): FileContext {
	const resources = child(adml, 'resources');
	const strings = new Map(
		childrenNamed(child(resources, 'stringTable'), 'string').map((s) => [
			s.attributes.id,
			s.text.trim(),
		]),
	);
	const presentations = new Map(
		childrenNamed(child(resources, 'presentationTable'), 'presentation').map((p) => [
			p.attributes.id,
			p,
		]),
	);
	const policyNamespaces = child(admx, 'policyNamespaces');
	const namespaces = new Map<string, string>();
	for (const n of [
		...childrenNamed(policyNamespaces, 'using'),
		...childrenNamed(policyNamespaces, 'target'),
	]) {
		namespaces.set(n.attributes.prefix, n.attributes.namespace);
	}
	const context: FileContext = {
		file,
		strings,
		presentations,
		namespaces,
		supportedOn: new Map(),
		categories: [],
		now: new Date().toISOString(),
	};
	for (const d of childrenNamed(child(child(admx, 'supportedOn'), 'definitions'), 'definition')) {
		context.supportedOn.set(d.attributes.name, resolveString(context, d.attributes.displayName));
	}
	return context;
}

function readCategories(data: Dataset, context: FileContext, admx: XmlElement): void {
	const elements = childrenNamed(child(admx, 'categories'), 'category');
	context.categories = elements.map((c) => ({
		id: randomUUID(),
		displayName: resolveString(context, c.attributes.displayName),
		isRoot: true,
		ingestionSource: 'custom',
		lastModifiedDateTime: context.now,
		parentId: null,
		definitionFileId: context.file.id,
		internal: { name: c.attributes.name, namespace: context.file.targetNamespace },
	}));
	elements.forEach((element, i) => {
		const ref = child(element, 'parentCategory')?.attributes.ref;
		const parent = ref ? findCategory(data, context, ref) : undefined;
		context.categories[i].parentId = parent?.id ?? null;
		context.categories[i].isRoot = !parent;
	});
}

type Fields = Record<string, unknown>;

function numericBox(element: XmlElement, input: XmlElement): Fields {
	return {
		defaultValue: numberOr(element.attributes.defaultValue, 1),
		minValue: numberOr(input.attributes.minValue, DEFAULT_MIN_VALUE),
		maxValue: numberOr(input.attributes.maxValue, DEFAULT_MAX_VALUE),
		required: flag(input.attributes.required),
		spin: flag(element.attributes.spin, true),
		spinStep: numberOr(element.attributes.spinStep, 1),
	};
}

function enumItems(context: FileContext, input: XmlElement) {
	return childrenNamed(input, 'item').map((item) => {
		const value = child(item, 'value')?.children[0];
		return {
			displayName: resolveString(context, item.attributes.displayName),
			value:
				value?.name === 'decimal' || value?.name === 'longDecimal'
					? String(value.attributes.value ?? '')
					: (value?.text ?? ''),
		};
	});
}

/** The kind-specific fields of one ADML presentation element, from it and the ADMX element it presents. */
function presentationFields(
	context: FileContext,
	element: XmlElement,
	input: XmlElement | undefined,
): { kind: string; label: string; fields: Fields } | undefined {
	const text = element.text.trim();
	const labelChild = child(element, 'label')?.text.trim() ?? '';
	const a = input?.attributes ?? {};
	switch (element.name) {
		case 'text':
			return { kind: 'Text', label: text, fields: {} };
		case 'checkBox':
			return {
				kind: 'CheckBox',
				label: text,
				fields: { defaultChecked: flag(element.attributes.defaultChecked) },
			};
		case 'textBox':
			return {
				kind: 'TextBox',
				label: labelChild,
				fields: {
					defaultValue: child(element, 'defaultValue')?.text ?? '',
					maxLength: numberOr(a.maxLength, DEFAULT_MAX_LENGTH),
					required: flag(a.required),
				},
			};
		case 'decimalTextBox':
			return input && { kind: 'DecimalTextBox', label: text, fields: numericBox(element, input) };
		case 'longDecimalTextBox':
			return (
				input && { kind: 'LongDecimalTextBox', label: text, fields: numericBox(element, input) }
			);
		case 'dropdownList': {
			if (!input) return undefined;
			const items = enumItems(context, input);
			const index = element.attributes.defaultItem;
			return {
				kind: 'DropdownList',
				label: text,
				fields: {
					defaultItem: index === undefined ? null : (items[Number(index)] ?? null),
					items,
					required: flag(a.required),
				},
			};
		}
		case 'comboBox':
			return {
				kind: 'ComboBox',
				label: labelChild,
				fields: {
					defaultValue: child(element, 'default')?.text ?? '',
					maxLength: numberOr(a.maxLength, DEFAULT_MAX_LENGTH),
					required: flag(a.required),
					suggestions: childrenNamed(element, 'suggestion').map((s) => s.text.trim()),
				},
			};
		case 'listBox':
			return {
				kind: 'ListBox',
				label: text,
				fields: { explicitValue: flag(a.explicitValue), valuePrefix: a.valuePrefix ?? null },
			};
		case 'multiTextBox':
			return {
				kind: 'MultiTextBox',
				label: text,
				fields: {
					maxLength: numberOr(a.maxLength, DEFAULT_MAX_LENGTH),
					maxStrings: numberOr(a.maxStrings, 0),
					required: flag(a.required),
				},
			};
		default:
			return undefined;
	}
}

function readPresentations(
	context: FileContext,
	policy: XmlElement,
	definitionId: string,
): Presentation[] {
	const reference = /^\$\(presentation\.([^)]*)\)$/.exec(policy.attributes.presentation ?? '')?.[1];
	const table = reference === undefined ? undefined : context.presentations.get(reference);
	const inputs = new Map(
		(child(policy, 'elements')?.children ?? []).map((e) => [e.attributes.id, e]),
	);
	const out: Presentation[] = [];
	(table?.children ?? []).forEach((element, position) => {
		const refId = element.attributes.refId;
		const derived = presentationFields(context, element, refId ? inputs.get(refId) : undefined);
		if (!derived) return;
		out.push({
			id: randomUUID(),
			'@odata.type': `${PRESENTATION_TYPE}${derived.kind}`,
			label: derived.label,
			...derived.fields,
			lastModifiedDateTime: context.now,
			definitionId,
			internal: { key: refId ?? `#${position}` },
		});
	});
	return out;
}

function readPolicies(data: Dataset, context: FileContext, admx: XmlElement): Derived {
	const derived: Derived = { categories: context.categories, definitions: [], presentations: [] };
	for (const policy of childrenNamed(child(admx, 'policies'), 'policy')) {
		const a = policy.attributes;
		const classes: Array<'machine' | 'user'> =
			a.class === 'Both' ? ['machine', 'user'] : a.class === 'User' ? ['user'] : ['machine'];
		const categoryRef = child(policy, 'parentCategory')?.attributes.ref;
		const category = categoryRef ? findCategory(data, context, categoryRef) : undefined;
		const supportedRef = splitRef(child(policy, 'supportedOn')?.attributes.ref ?? '').name;
		for (const classType of classes) {
			const definition: Definition = {
				id: randomUUID(),
				displayName: resolveString(context, a.displayName),
				classType,
				categoryPath: categoryPath(data, context, category),
				explainText: resolveString(context, a.explainText),
				policyType: 'admxIngested',
				supportedOn: context.supportedOn.get(supportedRef) ?? supportedRef,
				version: context.file.revision,
				hasRelatedDefinitions: classes.length > 1,
				groupPolicyCategoryId: category?.id ?? null,
				lastModifiedDateTime: context.now,
				definitionFileId: context.file.id,
				internal: { policyName: a.name },
			};
			derived.definitions.push(definition);
			derived.presentations.push(...readPresentations(context, policy, definition.id));
		}
	}
	return derived;
}

/** Categories, definitions and presentations of one file; nothing when either file cannot be read. */
export function deriveDefinitions(
	data: Dataset,
	file: DefinitionFile,
	admxText: string,
	admlText: string,
): Derived {
	let admx: XmlElement;
	let adml: XmlElement;
	try {
		admx = parseXml(admxText);
		adml = parseXml(admlText);
	} catch {
		return { categories: [], definitions: [], presentations: [] };
	}
	const context = readContext(file, admx, adml);
	readCategories(data, context, admx);
	return readPolicies(data, context, admx);
}

const definitionKey = (d: Definition) => `${d.internal?.policyName ?? d.id}/${d.classType}`;
const presentationKey = (p: Presentation) =>
	`${String((p.internal as { key?: string } | undefined)?.key ?? p.id)}/${p['@odata.type']}`;

/**
 * A new version of a file keeps the IDs of the policies and inputs it still has, so that profiles holding
 * them keep working; what it no longer has goes, with the profiles' values for it.
 */
function keepIds(data: Dataset, fileId: string, derived: Derived): void {
	const categories = new Map(
		data.categories
			.filter((c) => c.definitionFileId === fileId)
			.map((c) => [c.internal?.name, c.id]),
	);
	const renamed = new Map<string, string>();
	for (const category of derived.categories) {
		const previous = categories.get(category.internal?.name);
		if (previous) renamed.set(category.id, previous);
		category.id = previous ?? category.id;
	}
	for (const row of [...derived.categories, ...derived.definitions]) {
		const parent = 'parentId' in row ? row.parentId : row.groupPolicyCategoryId;
		if (parent && renamed.has(parent)) {
			if ('parentId' in row) row.parentId = renamed.get(parent)!;
			else row.groupPolicyCategoryId = renamed.get(parent)!;
		}
	}
	const old = new Map(
		data.definitions.filter((d) => d.definitionFileId === fileId).map((d) => [definitionKey(d), d]),
	);
	for (const definition of derived.definitions) {
		const previous = old.get(definitionKey(definition));
		if (!previous) continue;
		const before = new Map(
			data.presentations
				.filter((p) => p.definitionId === previous.id)
				.map((p) => [presentationKey(p), p.id]),
		);
		for (const presentation of derived.presentations) {
			if (presentation.definitionId !== definition.id) continue;
			presentation.definitionId = previous.id;
			presentation.id = before.get(presentationKey(presentation)) ?? presentation.id;
		}
		definition.id = previous.id;
	}
}

/** Replaces a file's categories, definitions and presentations; `visibleAt` delays their listing. */
export function storeDefinitions(
	data: Dataset,
	file: DefinitionFile,
	derived: Derived,
	visibleAt?: number,
): void {
	keepIds(data, file.id, derived);
	removeDefinitions(data, file.id, derived);
	for (const category of derived.categories) category.internal!.visibleAt = visibleAt;
	for (const definition of derived.definitions) {
		definition.internal = { ...definition.internal, visibleAt };
	}
	data.categories.push(...derived.categories);
	data.definitions.push(...derived.definitions);
	data.presentations.push(...derived.presentations);
}

/** Drops what a file defined, and the profiles' values for what is gone (`keep`: what stays). */
export function removeDefinitions(data: Dataset, fileId: string, keep?: Derived): void {
	const kept = new Set([
		...(keep?.definitions ?? []).map((d) => d.id),
		...(keep?.presentations ?? []).map((p) => p.id),
	]);
	const gone = new Set(
		data.definitions.filter((d) => d.definitionFileId === fileId).map((d) => d.id),
	);
	const gonePresentations = new Set(
		data.presentations.filter((p) => gone.has(p.definitionId)).map((p) => p.id),
	);
	data.categories = data.categories.filter((c) => c.definitionFileId !== fileId);
	data.definitions = data.definitions.filter((d) => !gone.has(d.id));
	data.presentations = data.presentations.filter((p) => !gonePresentations.has(p.id));
	const droppedValues = new Set(
		data.definitionValues
			.filter((v) => gone.has(v.definitionId) && !kept.has(v.definitionId))
			.map((v) => v.id),
	);
	data.definitionValues = data.definitionValues.filter((v) => !droppedValues.has(v.id));
	data.presentationValues = data.presentationValues.filter(
		(v) =>
			!droppedValues.has(v.definitionValueId) &&
			(!gonePresentations.has(v.presentationId) || kept.has(v.presentationId)),
	);
}
