import { randomUUID } from 'crypto';

import { refreshAssigned } from './admx';
import type {
	Assignment,
	Configuration,
	Dataset,
	Definition,
	DefinitionValue,
	Presentation,
	PresentationValue,
} from './data';
import type { GraphResult } from './graph';
import { GraphError, intuneMessage } from './graph';

/*
 * Administrative Templates profiles (groupPolicyConfiguration) as Graph beta and Intune answer them: create,
 * update and delete with OData's model-binding refusals, the updateDefinitionValues action that adds, updates
 * and deletes a profile's settings in one call (all or nothing), and the assign action that replaces the
 * profile's assignments. The checks are the ones admins and tools report hitting (see the contract in the
 * package's tests): wrong value types, values out of an input's limits, unknown binds, missing required inputs.
 */

type Body = Record<string, unknown>;

const CONFIGURATION = 'microsoft.graph.groupPolicyConfiguration';
const PRESENTATION = '#microsoft.graph.groupPolicyPresentation';
const VALUE = '#microsoft.graph.groupPolicyPresentationValue';
const INGESTION_TYPES = ['unknown', 'custom', 'builtIn', 'mixed', 'unknownFutureValue'];

/** The presentation value type each input kind takes; a Text presentation is a label and takes none. */
const VALUE_KIND: Record<string, string> = {
	CheckBox: 'Boolean',
	TextBox: 'Text',
	ComboBox: 'Text',
	DropdownList: 'Text',
	DecimalTextBox: 'Decimal',
	LongDecimalTextBox: 'LongDecimal',
	MultiTextBox: 'MultiText',
	ListBox: 'List',
};

const VALUE_KINDS = ['Boolean', 'Text', 'Decimal', 'LongDecimal', 'MultiText', 'List'];

const badRequest = (message: string): never => {
	throw new GraphError(400, 'BadRequest', message);
};
const intuneBad = (message: string, url: string): never => {
	throw new GraphError(400, 'BadRequest', intuneMessage(message, url));
};
const notFound = (what: string, id: string, url: string): never => {
	throw new GraphError(
		404,
		'ResourceNotFound',
		intuneMessage(`Resource not found: ${what} with key '${id}' does not exist`, url),
	);
};

function objectBody(body: unknown): Body {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		badRequest('Empty Payload. JSON content expected.');
	}
	return body as Body;
}

function unknownProperty(key: string, type: string): never {
	return badRequest(
		`The property '${key}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`,
	);
}

function expectString(value: unknown, name: string, nullable = true): void {
	if (value === null && nullable) return;
	if (typeof value !== 'string') {
		badRequest(
			`Cannot convert a primitive value to the expected type 'Edm.String' for property '${name}'.`,
		);
	}
}

const kindOf = (typeName: unknown, prefix: string) =>
	typeof typeName === 'string' && typeName.startsWith(prefix) ? typeName.slice(prefix.length) : '';

/** The key in a bind such as {root}/beta/deviceManagement/groupPolicyDefinitions('id') or .../groupPolicyDefinitions/id. */
function keyAfter(url: string, segment: string): string | undefined {
	const at = url.lastIndexOf(`/${segment}`);
	if (at < 0) return undefined;
	const rest = url.slice(at + segment.length + 1);
	if (rest.startsWith("('")) {
		const end = rest.indexOf("')");
		return end < 0 ? undefined : rest.slice(2, end);
	}
	if (rest.startsWith('/')) return rest.slice(1).split('/')[0].split('(')[0];
	return undefined;
}

/** The working copy of one profile's settings that an updateDefinitionValues call changes; stored only if valid. */
interface Draft {
	values: DefinitionValue[];
	presentationValues: PresentationValue[];
	/** Definition values this call touched: their required inputs are checked at the end. */
	touched: Set<string>;
}

export class Profiles {
	constructor(private readonly data: () => Dataset) {}

	private get d(): Dataset {
		return this.data();
	}

	/** Graph's model binding for a groupPolicyConfiguration body. */
	private readConfiguration(body: unknown, creating: boolean): Partial<Configuration> {
		const input = objectBody(body);
		const readOnly = ['id', 'createdDateTime', 'lastModifiedDateTime'];
		const writable = [
			'displayName',
			'description',
			'roleScopeTagIds',
			'policyConfigurationIngestionType',
		];
		for (const key of Object.keys(input)) {
			if (key === '@odata.type') {
				if (input[key] !== `#${CONFIGURATION}`) {
					badRequest(`A type named '${String(input[key])}' could not be resolved by the model.`);
				}
			} else if (readOnly.includes(key)) {
				badRequest(`The property '${key}' is read-only and cannot be set on '${CONFIGURATION}'.`);
			} else if (!writable.includes(key)) unknownProperty(key, CONFIGURATION);
		}
		const out: Partial<Configuration> = {};
		if (input.displayName !== undefined || creating) {
			expectString(input.displayName, 'displayName', false);
			if (!(input.displayName as string).trim()) {
				intuneBad('displayName is required and cannot be empty', 'groupPolicyConfigurations');
			}
			out.displayName = input.displayName as string;
		}
		if (input.description !== undefined) {
			expectString(input.description, 'description');
			out.description = (input.description as string | null) ?? '';
		}
		if (input.roleScopeTagIds !== undefined) {
			const tags = input.roleScopeTagIds;
			if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
				badRequest(
					"Cannot convert the value to the expected type 'Collection(Edm.String)' for property 'roleScopeTagIds'.",
				);
			}
			out.roleScopeTagIds = tags as string[];
		}
		const ingestion = input.policyConfigurationIngestionType;
		if (ingestion !== undefined) {
			if (typeof ingestion !== 'string' || !INGESTION_TYPES.includes(ingestion)) {
				badRequest(
					`Cannot convert the literal '${String(ingestion)}' to the expected type 'microsoft.graph.policyConfigurationIngestionType'.`,
				);
			}
			out.policyConfigurationIngestionType =
				ingestion as Configuration['policyConfigurationIngestionType'];
		}
		return out;
	}

	/** POST /deviceManagement/groupPolicyConfigurations */
	create(body: unknown, graphRoot: string): GraphResult {
		const fields = this.readConfiguration(body, true);
		const now = new Date().toISOString();
		const configuration: Configuration = {
			id: randomUUID(),
			displayName: fields.displayName!,
			description: fields.description ?? '',
			createdDateTime: now,
			lastModifiedDateTime: now,
			roleScopeTagIds: fields.roleScopeTagIds ?? ['0'],
			policyConfigurationIngestionType: fields.policyConfigurationIngestionType ?? 'unknown',
		};
		this.d.configurations.push(configuration);
		return {
			status: 201,
			headers: {
				Location: `${graphRoot}/beta/deviceManagement/groupPolicyConfigurations('${configuration.id}')`,
			},
			body: {
				'@odata.context': `${graphRoot}/beta/$metadata#deviceManagement/groupPolicyConfigurations/$entity`,
				'@odata.type': `#${CONFIGURATION}`,
				...configuration,
			},
			createdId: configuration.id,
		};
	}

	/** PATCH /deviceManagement/groupPolicyConfigurations/{id} */
	update(configuration: Configuration, body: unknown): GraphResult {
		Object.assign(configuration, this.readConfiguration(body, false), {
			lastModifiedDateTime: new Date().toISOString(),
		});
		return { status: 204 };
	}

	/** DELETE /deviceManagement/groupPolicyConfigurations/{id}: its settings and assignments go with it. */
	remove(configuration: Configuration): GraphResult {
		const d = this.d;
		const values = new Set(
			d.definitionValues.filter((v) => v.configurationId === configuration.id).map((v) => v.id),
		);
		const files = this.filesOf(d.definitionValues.filter((v) => values.has(v.id)));
		d.configurations = d.configurations.filter((c) => c.id !== configuration.id);
		d.definitionValues = d.definitionValues.filter((v) => !values.has(v.id));
		d.presentationValues = d.presentationValues.filter((v) => !values.has(v.definitionValueId));
		d.assignments = d.assignments.filter((a) => a.configurationId !== configuration.id);
		refreshAssigned(d, files);
		return { status: 204 };
	}

	private filesOf(values: DefinitionValue[]): string[] {
		return values
			.map((v) => this.d.definitions.find((x) => x.id === v.definitionId)?.definitionFileId)
			.filter((id): id is string => !!id);
	}

	private definition(id: string): Definition | undefined {
		const now = Date.now();
		return this.d.definitions.find((x) => x.id === id && (x.internal?.visibleAt ?? 0) <= now);
	}

	/** POST .../groupPolicyConfigurations/{id}/updateDefinitionValues: all of it applies, or none. */
	updateDefinitionValues(
		configuration: Configuration,
		body: unknown,
		graphRoot: string,
	): GraphResult {
		const input = objectBody(body);
		for (const key of Object.keys(input)) {
			if (!['added', 'updated', 'deletedIds'].includes(key)) {
				badRequest(
					`The parameter '${key}' in the request payload is not a valid parameter for the operation 'updateDefinitionValues'.`,
				);
			}
		}
		const list = (name: string): unknown[] => {
			const value = input[name] ?? [];
			if (!Array.isArray(value)) {
				badRequest(`The parameter '${name}' is expected to be a collection.`);
			}
			return value as unknown[];
		};
		const d = this.d;
		const before = d.definitionValues.filter((v) => v.configurationId === configuration.id);
		const ids = new Set(before.map((v) => v.id));
		const draft: Draft = {
			values: structuredClone(before),
			presentationValues: structuredClone(
				d.presentationValues.filter((v) => ids.has(v.definitionValueId)),
			),
			touched: new Set(),
		};
		const root = `${graphRoot}/beta/`;
		for (const id of list('deletedIds')) this.deleteValue(draft, id);
		for (const item of list('updated')) this.updateValue(draft, item, root);
		for (const item of list('added')) this.addValue(draft, configuration, item, root);
		for (const id of draft.touched) this.checkRequired(draft, id);

		d.definitionValues = [
			...d.definitionValues.filter((v) => v.configurationId !== configuration.id),
			...draft.values,
		];
		d.presentationValues = [
			...d.presentationValues.filter((v) => !ids.has(v.definitionValueId)),
			...draft.presentationValues,
		];
		configuration.lastModifiedDateTime = new Date().toISOString();
		this.refreshIngestionType(configuration, draft.values);
		refreshAssigned(d, this.filesOf([...before, ...draft.values]));
		return { status: 204 };
	}

	private refreshIngestionType(configuration: Configuration, values: DefinitionValue[]): void {
		const types = new Set(
			values.map((v) => this.d.definitions.find((x) => x.id === v.definitionId)?.policyType),
		);
		const custom = types.has('admxIngested');
		const builtIn = types.has('admxBacked');
		if (custom || builtIn) {
			configuration.policyConfigurationIngestionType =
				custom && builtIn ? 'mixed' : custom ? 'custom' : 'builtIn';
		}
	}

	private deleteValue(draft: Draft, id: unknown): void {
		if (typeof id !== 'string') badRequest("Cannot convert a primitive value to 'Edm.String'.");
		if (!draft.values.some((v) => v.id === id)) {
			notFound('groupPolicyDefinitionValue', String(id), 'updateDefinitionValues');
		}
		draft.values = draft.values.filter((v) => v.id !== id);
		draft.presentationValues = draft.presentationValues.filter((v) => v.definitionValueId !== id);
		draft.touched.delete(String(id));
	}

	private readDefinitionValue(item: unknown, allowed: string[]): Body {
		const input = objectBody(item);
		for (const key of Object.keys(input)) {
			if (!allowed.includes(key))
				unknownProperty(key, 'microsoft.graph.groupPolicyDefinitionValue');
		}
		if (
			input['@odata.type'] !== undefined &&
			input['@odata.type'] !== '#microsoft.graph.groupPolicyDefinitionValue'
		) {
			badRequest(
				`A type named '${String(input['@odata.type'])}' could not be resolved by the model.`,
			);
		}
		if (input.enabled !== undefined && typeof input.enabled !== 'boolean') {
			badRequest(
				`Cannot convert the literal '${String(input.enabled)}' to the expected type 'Edm.Boolean'.`,
			);
		}
		const type = input.configurationType;
		if (type !== undefined && type !== 'policy' && type !== 'preference') {
			badRequest(
				`Cannot convert the literal '${String(type)}' to the expected type 'microsoft.graph.groupPolicyConfigurationType'.`,
			);
		}
		if (input.presentationValues !== undefined && !Array.isArray(input.presentationValues)) {
			badRequest("The property 'presentationValues' is expected to be a collection.");
		}
		return input;
	}

	private updateValue(draft: Draft, item: unknown, root: string): void {
		const input = this.readDefinitionValue(item, [
			'@odata.type',
			'id',
			'enabled',
			'configurationType',
			'presentationValues',
		]);
		const value = draft.values.find((v) => v.id === input.id);
		if (!value) {
			return notFound('groupPolicyDefinitionValue', String(input.id), 'updateDefinitionValues');
		}
		if (typeof input.enabled === 'boolean') value.enabled = input.enabled;
		if (input.configurationType) {
			value.configurationType = input.configurationType as DefinitionValue['configurationType'];
		}
		value.lastModifiedDateTime = new Date().toISOString();
		this.applyPresentationValues(draft, value, (input.presentationValues ?? []) as unknown[], root);
		draft.touched.add(value.id);
	}

	private addValue(draft: Draft, configuration: Configuration, item: unknown, root: string): void {
		const input = this.readDefinitionValue(item, [
			'@odata.type',
			'enabled',
			'configurationType',
			'definition@odata.bind',
			'presentationValues',
		]);
		const bind = input['definition@odata.bind'];
		if (typeof bind !== 'string') {
			return intuneBad(
				'definition@odata.bind is required for a new definition value',
				'updateDefinitionValues',
			);
		}
		this.checkRoot(bind, root);
		const definitionId = keyAfter(bind, 'groupPolicyDefinitions');
		const definition = definitionId === undefined ? undefined : this.definition(definitionId);
		if (!definition || bind.includes('/presentations')) {
			return intuneBad(
				`The bound definition ${bind} does not exist: no groupPolicyDefinition with key '${String(definitionId)}'`,
				'updateDefinitionValues',
			);
		}
		if (draft.values.some((v) => v.definitionId === definition.id)) {
			intuneBad(
				`The profile already has a value for definition '${definition.displayName}' (${definition.id}); change it with 'updated'`,
				'updateDefinitionValues',
			);
		}
		const now = new Date().toISOString();
		const value: DefinitionValue = {
			id: randomUUID(),
			configurationId: configuration.id,
			definitionId: definition.id,
			enabled: input.enabled === true,
			configurationType:
				(input.configurationType as DefinitionValue['configurationType']) ?? 'policy',
			createdDateTime: now,
			lastModifiedDateTime: now,
		};
		draft.values.push(value);
		this.applyPresentationValues(draft, value, (input.presentationValues ?? []) as unknown[], root);
		draft.touched.add(value.id);
	}

	/** OData resolves a bind only against its own service root: another cloud's Graph root is refused. */
	private checkRoot(bind: string, root: string): void {
		if (/^[a-z]+:\/\//i.test(bind) && !bind.startsWith(root)) {
			badRequest(`The URI '${bind}' is not valid because it is not based on '${root}'.`);
		}
	}

	/** A disabled setting carries no values; an enabled one gets each given value, replacing by id. */
	private applyPresentationValues(
		draft: Draft,
		value: DefinitionValue,
		items: unknown[],
		root: string,
	): void {
		const mine = () => draft.presentationValues.filter((p) => p.definitionValueId === value.id);
		const seen = new Set<string>();
		for (const item of items) {
			const read = this.readPresentationValue(value, item, mine(), root);
			if (seen.has(read.presentation.id)) {
				intuneBad(
					`Sequence contains more than one element: two values for presentation '${read.presentation.label}' (${read.presentation.id})`,
					'updateDefinitionValues',
				);
			}
			seen.add(read.presentation.id);
			const now = new Date().toISOString();
			const stored: PresentationValue = read.existing ?? {
				id: randomUUID(),
				'@odata.type': read.type,
				definitionValueId: value.id,
				presentationId: read.presentation.id,
				createdDateTime: now,
				lastModifiedDateTime: now,
			};
			delete stored.value;
			delete stored.values;
			Object.assign(stored, read.fields, { '@odata.type': read.type, lastModifiedDateTime: now });
			if (!read.existing) draft.presentationValues.push(stored);
		}
		if (!value.enabled) {
			draft.presentationValues = draft.presentationValues.filter(
				(p) => p.definitionValueId !== value.id,
			);
		}
	}

	private readPresentationValue(
		value: DefinitionValue,
		item: unknown,
		existingValues: PresentationValue[],
		root: string,
	): {
		presentation: Presentation;
		type: string;
		fields: Body;
		existing?: PresentationValue;
	} {
		const input = objectBody(item);
		const { kind, field, typeShort } = valueType(input);
		const { presentation, existing } = this.presentationOf(value, input, existingValues, root);
		const expected = VALUE_KIND[kindOf(presentation['@odata.type'], PRESENTATION)];
		if (expected !== kind) {
			intuneBad(
				`Presentation '${presentation.label}' (${presentation['@odata.type'].replace('#microsoft.graph.', '')}) ` +
					(expected
						? `takes a groupPolicyPresentationValue${expected}, not a ${typeShort}`
						: 'is a label and takes no value'),
				'updateDefinitionValues',
			);
		}
		const fields = { [field]: input[field] };
		checkValue(presentation, kind, input[field]);
		return { presentation, type: `${VALUE}${kind}`, fields, existing };
	}

	private presentationOf(
		value: DefinitionValue,
		input: Body,
		existingValues: PresentationValue[],
		root: string,
	): { presentation: Presentation; existing?: PresentationValue } {
		const d = this.d;
		if (input.id !== undefined && input.id !== null) {
			const existing = existingValues.find((p) => p.id === input.id);
			if (!existing) {
				return notFound('groupPolicyPresentationValue', String(input.id), 'updateDefinitionValues');
			}
			return {
				presentation: d.presentations.find((p) => p.id === existing.presentationId)!,
				existing,
			};
		}
		const bind = input['presentation@odata.bind'];
		if (typeof bind !== 'string') {
			return intuneBad(
				'A new presentation value needs presentation@odata.bind',
				'updateDefinitionValues',
			);
		}
		this.checkRoot(bind, root);
		const presentationId = keyAfter(bind, 'presentations');
		const presentation = d.presentations.find((p) => p.id === presentationId);
		if (
			!presentation ||
			presentation.definitionId !== value.definitionId ||
			keyAfter(bind, 'groupPolicyDefinitions') !== value.definitionId
		) {
			return intuneBad(
				`The bound presentation ${bind} is not a presentation of definition '${value.definitionId}'`,
				'updateDefinitionValues',
			);
		}
		if (existingValues.some((p) => p.presentationId === presentation.id)) {
			intuneBad(
				`Sequence contains more than one element: presentation '${presentation.label}' already has a value; update it by its id`,
				'updateDefinitionValues',
			);
		}
		return { presentation };
	}

	private checkRequired(draft: Draft, id: string): void {
		const value = draft.values.find((v) => v.id === id);
		if (!value?.enabled) return;
		const values = draft.presentationValues.filter((p) => p.definitionValueId === id);
		for (const presentation of this.d.presentations) {
			if (presentation.definitionId !== value.definitionId || presentation.required !== true)
				continue;
			const given = values.find((p) => p.presentationId === presentation.id);
			const content = given?.value ?? given?.values;
			if (content === undefined || content === '' || (Array.isArray(content) && !content.length)) {
				intuneBad(
					`The required presentation '${presentation.label}' (${presentation.id}) of definition '${value.definitionId}' has no value`,
					'updateDefinitionValues',
				);
			}
		}
	}

	/** POST .../groupPolicyConfigurations/{id}/assign: replaces every assignment. */
	assign(configuration: Configuration, body: unknown, graphRoot: string): GraphResult {
		const input = objectBody(body);
		for (const key of Object.keys(input)) {
			if (key !== 'assignments') {
				badRequest(
					`The parameter '${key}' in the request payload is not a valid parameter for the operation 'assign'.`,
				);
			}
		}
		if (!Array.isArray(input.assignments)) {
			badRequest("The parameter 'assignments' is expected to be a collection.");
		}
		const now = new Date().toISOString();
		const assignments: Assignment[] = (input.assignments as unknown[]).map((item) => {
			const target = this.readTarget(objectBody(item));
			return {
				id: `${configuration.id}_${String(target.groupId ?? targetName(target))}`,
				configurationId: configuration.id,
				target,
				lastModifiedDateTime: now,
			};
		});
		const d = this.d;
		d.assignments = [
			...d.assignments.filter((a) => a.configurationId !== configuration.id),
			...assignments,
		];
		return {
			status: 200,
			body: {
				'@odata.context': `${graphRoot}/beta/$metadata#Collection(microsoft.graph.groupPolicyConfigurationAssignment)`,
				value: assignments.map(publicAssignment),
			},
		};
	}

	private readTarget(assignment: Body): Record<string, unknown> {
		for (const key of Object.keys(assignment)) {
			if (!['@odata.type', 'id', 'target'].includes(key)) {
				unknownProperty(key, 'microsoft.graph.groupPolicyConfigurationAssignment');
			}
		}
		if (!assignment.target || typeof assignment.target !== 'object') {
			intuneBad('An assignment needs a target', 'assign');
		}
		const target = assignment.target as Body;
		const type = target['@odata.type'];
		const kinds = [
			'groupAssignmentTarget',
			'exclusionGroupAssignmentTarget',
			'allDevicesAssignmentTarget',
			'allLicensedUsersAssignmentTarget',
		];
		const kind = kindOf(type, '#microsoft.graph.');
		if (!kinds.includes(kind)) {
			badRequest(`A type named '${String(type)}' could not be resolved by the model.`);
		}
		const group = kind.includes('roupAssignmentTarget');
		const allowed = [
			'@odata.type',
			'deviceAndAppManagementAssignmentFilterId',
			'deviceAndAppManagementAssignmentFilterType',
			...(group ? ['groupId'] : []),
		];
		for (const key of Object.keys(target)) {
			if (!allowed.includes(key)) unknownProperty(key, `microsoft.graph.${kind}`);
		}
		if (group && (typeof target.groupId !== 'string' || !target.groupId)) {
			intuneBad(`A ${kind} needs a groupId`, 'assign');
		}
		return {
			'@odata.type': type,
			...this.readFilter(target, kind),
			...(group ? { groupId: target.groupId } : {}),
		};
	}

	private readFilter(target: Body, kind: string): Body {
		const rawId = target.deviceAndAppManagementAssignmentFilterId;
		const id = rawId === '00000000-0000-0000-0000-000000000000' ? null : (rawId ?? null);
		const type = target.deviceAndAppManagementAssignmentFilterType ?? 'none';
		if (id !== null) expectString(id, 'deviceAndAppManagementAssignmentFilterId');
		if (!['include', 'exclude', 'none'].includes(String(type))) {
			badRequest(
				`Cannot convert the literal '${String(type)}' to the expected type 'microsoft.graph.deviceAndAppManagementAssignmentFilterType'.`,
			);
		}
		if (kind === 'exclusionGroupAssignmentTarget' && (id !== null || type !== 'none')) {
			intuneBad('Assignment filters cannot be used with excluded groups', 'assign');
		}
		if (id === null && type !== 'none') {
			intuneBad(
				`A filter type '${String(type)}' needs deviceAndAppManagementAssignmentFilterId`,
				'assign',
			);
		}
		if (id !== null && !this.d.assignmentFilters.some((f) => f.id === id)) {
			intuneBad(`The assignment filter '${String(id)}' does not exist`, 'assign');
		}
		return {
			deviceAndAppManagementAssignmentFilterId: id,
			deviceAndAppManagementAssignmentFilterType: type,
		};
	}
}

/** The presentation value's type from its @odata.type, and the one property that type has for its content. */
function valueType(input: Body): { kind: string; field: string; typeShort: string } {
	const typeName = input['@odata.type'];
	if (typeName === null) {
		badRequest('The request is malformed or incorrect: expected a string for ODataType value.');
	}
	const kind = kindOf(typeName, VALUE);
	if (typeName !== undefined && !VALUE_KINDS.includes(kind)) {
		badRequest(`A type named '${String(typeName)}' could not be resolved by the model.`);
	}
	const typeShort = `groupPolicyPresentationValue${kind}`;
	const field = kind === 'MultiText' || kind === 'List' ? 'values' : 'value';
	// Without a type, OData reads the base type, which has neither value nor values.
	const allowed = ['@odata.type', 'id', 'presentation@odata.bind', ...(kind ? [field] : [])];
	for (const key of Object.keys(input)) {
		if (!allowed.includes(key)) unknownProperty(key, `microsoft.graph.${typeShort}`);
	}
	return { kind, field, typeShort };
}

function targetName(target: Record<string, unknown>): string {
	return kindOf(target['@odata.type'], '#microsoft.graph.').replace(/AssignmentTarget$/, '');
}

export function publicAssignment(assignment: Assignment): Record<string, unknown> {
	return {
		'@odata.type': '#microsoft.graph.groupPolicyConfigurationAssignment',
		id: assignment.id,
		lastModifiedDateTime: assignment.lastModifiedDateTime,
		target: assignment.target,
	};
}

function typeError(value: unknown, edm: string): never {
	return badRequest(
		`Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${edm}'.`,
	);
}

const limitError = (presentation: Presentation, message: string): never =>
	intuneBad(
		`Presentation '${presentation.label}' (${presentation.id}): ${message}`,
		'updateDefinitionValues',
	);

/** The value's JSON type for its kind, then the input's own limits (length, range, items). */
function checkValue(presentation: Presentation, kind: string, value: unknown): void {
	switch (kind) {
		case 'Boolean':
			if (typeof value !== 'boolean') typeError(value, 'Edm.Boolean');
			return;
		case 'Text':
			return checkText(presentation, value);
		case 'Decimal':
		case 'LongDecimal':
			return checkNumber(presentation, kind, value);
		case 'MultiText':
			return checkMultiText(presentation, value);
		case 'List':
			return checkList(presentation, value);
	}
}

function checkText(presentation: Presentation, value: unknown): void {
	if (typeof value !== 'string') typeError(value, 'Edm.String');
	const text = value as string;
	if (presentation['@odata.type'].endsWith('DropdownList')) {
		const items = (presentation.items ?? []) as Array<{ value: string }>;
		if (!items.some((i) => i.value === text)) {
			limitError(
				presentation,
				`'${text}' is not one of the items (${items.map((i) => i.value).join(', ')})`,
			);
		}
		return;
	}
	const max = Number(presentation.maxLength ?? 1023);
	if (text.length > max) limitError(presentation, `the text is longer than ${max} characters`);
}

function checkNumber(presentation: Presentation, kind: string, value: unknown): void {
	if (typeof value !== 'number' || !Number.isInteger(value)) {
		typeError(value, 'Edm.Int64');
	}
	const min = Number(presentation.minValue ?? 0);
	const max = Number(presentation.maxValue ?? 9999);
	if ((value as number) < min || (value as number) > max) {
		limitError(presentation, `${String(value)} is outside ${min}..${max}`);
	}
}

function checkMultiText(presentation: Presentation, value: unknown): void {
	if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
		typeError(value, 'Collection(Edm.String)');
	}
	const strings = value as string[];
	const maxStrings = Number(presentation.maxStrings ?? 0);
	if (maxStrings > 0 && strings.length > maxStrings) {
		limitError(presentation, `${strings.length} strings; at most ${maxStrings}`);
	}
	const max = Number(presentation.maxLength ?? 1023);
	if (strings.some((s) => s.length > max)) {
		limitError(presentation, `a string is longer than ${max} characters`);
	}
}

function checkList(presentation: Presentation, value: unknown): void {
	const explicit = presentation.explicitValue === true;
	const pairs = Array.isArray(value) ? (value as unknown[]) : undefined;
	const valid = pairs?.every((pair) => {
		if (!pair || typeof pair !== 'object') return false;
		const { name, value: v, ...rest } = pair as Body;
		if (Object.keys(rest).length || typeof name !== 'string') return false;
		return explicit ? typeof v === 'string' : v === null || v === undefined;
	});
	if (!valid) {
		limitError(
			presentation,
			explicit
				? 'each entry needs a name and a value (explicitValue)'
				: 'each entry needs a name and no value',
		);
	}
}
