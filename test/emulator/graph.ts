import { randomUUID } from 'crypto';

import type { AdmxSettings } from './admx';
import { AdmxLifecycle, DEFAULT_ADMX, FILE_ACTIONS } from './admx';
import type {
	Assignment,
	AssignmentFilter,
	Configuration,
	Dataset,
	DefinitionFile,
	Group,
	Operation,
} from './data';
import { seededFilter, seededGroup } from './data';
import type { Row } from './odata';
import { compileFilter, expandNames, FilterError, page, select } from './odata';
import { Profiles, publicAssignment } from './profiles';

/*
 * Microsoft Graph beta for the group policy family: a walker follows the URL's navigation segments from
 * /deviceManagement (or /groups), so the documented deep path and the short uploaded-file path resolve through the
 * same data. Profiles' writes and actions are in profiles.ts, the ADMX lifecycle in admx.ts.
 */

export const UPLOADED_TYPE = '#microsoft.graph.groupPolicyUploadedDefinitionFile';
export const OPERATION_TYPES = [
	'none',
	'upload',
	'uploadNewVersion',
	'addLanguageFiles',
	'removeLanguageFiles',
	'updateLanguageFiles',
	'remove',
];
export const OPERATION_STATUSES = ['unknown', 'inProgress', 'success', 'failed'];

export interface GraphResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Set when this request created an operation. */
	createdId?: string;
}

export class GraphError extends Error {
	constructor(
		public status: number,
		public code: string,
		message: string,
	) {
		super(message);
	}
}

/** Intune wraps its own error object as a JSON string inside Graph's error.message. */
export function intuneMessage(message: string, url: string): string {
	return JSON.stringify({
		_version: 3,
		Message: `${message} - Operation ID (for customer support): ${randomUUID()} - Activity ID: ${randomUUID()} - Url: https://fef.msua06.manage.microsoft.com/GroupPolicy/GroupPolicyAdminService/${url}`,
		CustomApiErrorPhrase: '',
		RetryAfter: null,
		ErrorSourceService: '',
		HttpHeaders: '{}',
	});
}

type Kind =
	| 'root'
	| 'deviceManagement'
	| 'configuration'
	| 'definitionValue'
	| 'presentationValue'
	| 'presentation'
	| 'definition'
	| 'category'
	| 'definitionFile'
	| 'operation'
	| 'assignment'
	| 'group'
	| 'assignmentFilter';

type Node =
	| { type: 'entity'; kind: Kind; row: Row; uploadedView?: boolean }
	| { type: 'collection'; kind: Kind; rows: Row[]; parent?: Row; contextPath: string };

export interface NewGroup {
	displayName: string;
	id?: string;
	description?: string;
}

export interface NewAssignmentFilter {
	displayName: string;
	id?: string;
	platform?: string;
	rule?: string;
}

const ROOT: Node = { type: 'entity', kind: 'root', row: {} };
const DM: Node = { type: 'entity', kind: 'deviceManagement', row: {} };
const CONFIGURATION_ACTIONS = ['updateDefinitionValues', 'assign'];

const ODATA_TYPES: Partial<Record<Kind, string>> = {
	operation: '#microsoft.graph.groupPolicyOperation',
	definition: '#microsoft.graph.groupPolicyDefinition',
	category: '#microsoft.graph.groupPolicyCategory',
	configuration: '#microsoft.graph.groupPolicyConfiguration',
	definitionValue: '#microsoft.graph.groupPolicyDefinitionValue',
	group: '#microsoft.graph.group',
	assignmentFilter: '#microsoft.graph.deviceAndAppManagementAssignmentFilter',
};

/** Rows Intune lists now: a new file's definitions and categories only after its indexing lag. */
function listed<T extends { internal?: { visibleAt?: number } }>(rows: T[]): Row[] {
	const now = Date.now();
	return rows.filter((r) => (r.internal?.visibleAt ?? 0) <= now) as unknown as Row[];
}

export class GraphStore {
	readonly lifecycle: AdmxLifecycle;
	readonly profiles: Profiles;

	constructor(
		public data: Dataset,
		public pageSize: () => number,
		public maxPageSize: () => number = () => 999,
		admx: AdmxSettings = { ...DEFAULT_ADMX },
	) {
		this.lifecycle = new AdmxLifecycle(() => this.data, admx);
		this.profiles = new Profiles(() => this.data);
	}

	/** Adds an Entra group that profiles can be assigned to (and that GET /groups lists). */
	addGroup(input: NewGroup): Group {
		const group = {
			...seededGroup(input.id ?? randomUUID(), input.displayName),
			description: input.description ?? null,
			createdDateTime: new Date().toISOString(),
		};
		this.data.groups.push(group);
		return group;
	}

	/** Adds an Intune assignment filter (platform windows10AndLater unless given). */
	addAssignmentFilter(input: NewAssignmentFilter): AssignmentFilter {
		const filter = seededFilter(
			input.id ?? randomUUID(),
			input.displayName,
			input.rule ?? '(device.manufacturer -eq "Fabrikam")',
			input.platform,
		);
		this.data.assignmentFilters.push(filter);
		return filter;
	}

	private notFound(what: string, id: string, path: string): never {
		throw new GraphError(
			404,
			'ResourceNotFound',
			intuneMessage(`Resource not found: ${what} with key '${id}' does not exist`, path),
		);
	}

	private file(id: string): DefinitionFile | undefined {
		return this.data.definitionFiles.find((f) => f.id === id);
	}

	private children(node: Node, segment: string, path: string): Node {
		if (node.type === 'collection') {
			const row = node.rows.find((r) => r.id === segment);
			if (!row) this.notFound(node.kind, segment, path);
			return {
				type: 'entity',
				kind: node.kind,
				row,
				uploadedView: node.kind === 'definitionFile' && node.contextPath.includes('Uploaded'),
			};
		}
		const d = this.data;
		const row = node.row;
		switch (`${node.kind}/${segment}`) {
			case 'root/deviceManagement':
				return DM;
			case 'root/groups':
				return this.collection('group', d.groups, 'groups');
			case 'deviceManagement/assignmentFilters':
				return this.collection(
					'assignmentFilter',
					d.assignmentFilters,
					'deviceManagement/assignmentFilters',
				);
			case 'deviceManagement/groupPolicyCategories':
				return this.collection(
					'category',
					listed(d.categories),
					'deviceManagement/groupPolicyCategories',
				);
			case 'configuration/assignments':
				return this.collection(
					'assignment',
					d.assignments.filter((a) => a.configurationId === row.id),
					`deviceManagement/groupPolicyConfigurations('${String(row.id)}')/assignments`,
					row,
				);
			case 'definition/presentations':
				return this.collection(
					'presentation',
					d.presentations.filter((p) => p.definitionId === row.id),
					`deviceManagement/groupPolicyDefinitions('${String(row.id)}')/presentations`,
					row,
				);
			case 'definition/category':
				return this.entity('category', this.categoryRow(row.groupPolicyCategoryId));
			case 'category/definitions':
				return this.collection(
					'definition',
					listed(d.definitions.filter((x) => x.groupPolicyCategoryId === row.id)),
					'deviceManagement/groupPolicyDefinitions',
					row,
				);
			case 'category/children':
				return this.collection(
					'category',
					listed(d.categories.filter((c) => c.parentId === row.id)),
					'deviceManagement/groupPolicyCategories',
					row,
				);
			case 'category/parent':
				return this.entity('category', this.categoryRow(row.parentId));
			case 'category/definitionFile':
				return this.entity(
					'definitionFile',
					this.file(String(row.definitionFileId)) as unknown as Row,
				);
			case 'deviceManagement/groupPolicyConfigurations':
				return {
					type: 'collection',
					kind: 'configuration',
					rows: d.configurations as unknown as Row[],
					contextPath: 'deviceManagement/groupPolicyConfigurations',
				};
			case 'deviceManagement/groupPolicyUploadedDefinitionFiles':
				return {
					type: 'collection',
					kind: 'definitionFile',
					rows: d.definitionFiles.filter(
						(f) => f['@odata.type'] === UPLOADED_TYPE,
					) as unknown as Row[],
					contextPath: 'deviceManagement/groupPolicyUploadedDefinitionFiles',
				};
			case 'deviceManagement/groupPolicyDefinitionFiles':
				return {
					type: 'collection',
					kind: 'definitionFile',
					rows: d.definitionFiles as unknown as Row[],
					contextPath: 'deviceManagement/groupPolicyDefinitionFiles',
				};
			case 'deviceManagement/groupPolicyDefinitions':
				return {
					type: 'collection',
					kind: 'definition',
					rows: listed(d.definitions),
					contextPath: 'deviceManagement/groupPolicyDefinitions',
				};
			case 'configuration/definitionValues':
				return {
					type: 'collection',
					kind: 'definitionValue',
					rows: d.definitionValues.filter((v) => v.configurationId === row.id) as unknown as Row[],
					parent: row,
					contextPath: `deviceManagement/groupPolicyConfigurations('${row.id}')/definitionValues`,
				};
			case 'definitionValue/presentationValues':
				return {
					type: 'collection',
					kind: 'presentationValue',
					rows: d.presentationValues.filter(
						(v) => v.definitionValueId === row.id,
					) as unknown as Row[],
					parent: row,
					contextPath: `deviceManagement/groupPolicyConfigurations/definitionValues('${row.id}')/presentationValues`,
				};
			case 'definitionValue/definition':
				return this.entity(
					'definition',
					d.definitions.find((x) => x.id === row.definitionId) as unknown as Row,
				);
			case 'presentationValue/presentation':
				return this.entity(
					'presentation',
					d.presentations.find((x) => x.id === row.presentationId) as unknown as Row,
				);
			case 'presentationValue/definitionValue':
				return this.entity(
					'definitionValue',
					d.definitionValues.find((x) => x.id === row.definitionValueId) as unknown as Row,
				);
			case 'presentation/definition':
				return this.entity(
					'definition',
					d.definitions.find((x) => x.id === row.definitionId) as unknown as Row,
				);
			case 'definition/definitionFile':
				return this.entity(
					'definitionFile',
					this.file(String(row.definitionFileId)) as unknown as Row,
				);
			case 'definitionFile/microsoft.graph.groupPolicyUploadedDefinitionFile':
				if (row['@odata.type'] !== UPLOADED_TYPE) {
					throw new GraphError(
						400,
						'BadRequest',
						intuneMessage(
							`The definition file '${String(row.displayName)}' (${String(row.id)}) is a built-in ${String(row['@odata.type']).replace('#microsoft.graph.', '')}, not a groupPolicyUploadedDefinitionFile; group policy operations exist only for uploaded ADMX files`,
							path,
						),
					);
				}
				return { type: 'entity', kind: 'definitionFile', row, uploadedView: true };
			case 'definitionFile/groupPolicyOperations':
				if (!node.uploadedView) {
					throw new GraphError(
						400,
						'BadRequest',
						`Could not find a property named 'groupPolicyOperations' on type 'microsoft.graph.groupPolicyDefinitionFile'.`,
					);
				}
				return {
					type: 'collection',
					kind: 'operation',
					rows: d.operations.filter((o) => o.definitionFileId === row.id) as unknown as Row[],
					parent: row,
					contextPath: `deviceManagement/groupPolicyUploadedDefinitionFiles('${String(row.id)}')/groupPolicyOperations`,
				};
			case 'definitionFile/definitions':
				return {
					type: 'collection',
					kind: 'definition',
					rows: listed(d.definitions.filter((x) => x.definitionFileId === row.id)),
					parent: row,
					contextPath: 'deviceManagement/groupPolicyDefinitions',
				};
			default:
				throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
		}
	}

	private entity(kind: Kind, row: Row | undefined): Node {
		if (!row) throw new GraphError(404, 'ResourceNotFound', `The ${kind} does not exist.`);
		return { type: 'entity', kind, row };
	}

	private collection(kind: Kind, rows: object[], contextPath: string, parent?: Row): Node {
		return { type: 'collection', kind, rows: rows as Row[], contextPath, parent };
	}

	private categoryRow(id: unknown): Row | undefined {
		return listed(this.data.categories).find((c) => c.id === id);
	}

	/** Public shape of a row: internal link fields removed. */
	project(kind: Kind, row: Row): Row {
		if (kind === 'assignment') return publicAssignment(row as unknown as Assignment);
		const hidden = [
			'configurationId',
			'definitionId',
			'definitionValueId',
			'presentationId',
			'definitionFileId',
			'parentId',
			'internal',
		];
		const out: Row = ODATA_TYPES[kind] ? { '@odata.type': ODATA_TYPES[kind] } : {};
		for (const [key, value] of Object.entries(row)) if (!hidden.includes(key)) out[key] = value;
		return out;
	}

	/** A navigation property's rows, for $expand. */
	private related(kind: Kind, row: Row, name: string): { kind: Kind; rows: Row[] } | undefined {
		const d = this.data;
		const many = (k: Kind, rows: object[]) => ({ kind: k, rows: rows as Row[] });
		switch (`${kind}/${name}`) {
			case 'definition/presentations':
				return many(
					'presentation',
					d.presentations.filter((p) => p.definitionId === row.id),
				);
			case 'category/definitions':
				return many(
					'definition',
					listed(d.definitions.filter((x) => x.groupPolicyCategoryId === row.id)),
				);
			case 'category/children':
				return many('category', listed(d.categories.filter((c) => c.parentId === row.id)));
			case 'configuration/definitionValues':
				return many(
					'definitionValue',
					d.definitionValues.filter((v) => v.configurationId === row.id),
				);
			case 'configuration/assignments':
				return many(
					'assignment',
					d.assignments.filter((a) => a.configurationId === row.id),
				);
			case 'definitionValue/presentationValues':
				return many(
					'presentationValue',
					d.presentationValues.filter((v) => v.definitionValueId === row.id),
				);
			case 'definitionFile/definitions':
				return many(
					'definition',
					listed(d.definitions.filter((x) => x.definitionFileId === row.id)),
				);
			default:
				return undefined;
		}
	}

	/** A single-valued navigation property, for $expand (null when the link is empty). */
	private relatedOne(kind: Kind, row: Row, name: string): { kind: Kind; row?: Row } | undefined {
		const d = this.data;
		const one = (k: Kind, found: object | undefined) => ({ kind: k, row: found as Row });
		switch (`${kind}/${name}`) {
			case 'definition/definitionFile':
			case 'category/definitionFile':
				return one('definitionFile', this.file(String(row.definitionFileId)));
			case 'definition/category':
				return one('category', this.categoryRow(row.groupPolicyCategoryId));
			case 'category/parent':
				return one('category', this.categoryRow(row.parentId));
			case 'definitionValue/definition':
			case 'presentation/definition':
				return one(
					'definition',
					d.definitions.find((x) => x.id === row.definitionId),
				);
			case 'presentationValue/presentation':
				return one(
					'presentation',
					d.presentations.find((p) => p.id === row.presentationId),
				);
			case 'presentationValue/definitionValue':
				return one(
					'definitionValue',
					d.definitionValues.find((v) => v.id === row.definitionValueId),
				);
			default:
				return undefined;
		}
	}

	private expand(kind: Kind, row: Row, names: string[]): Row {
		const out = this.project(kind, row);
		for (const name of names) {
			const many = this.related(kind, row, name);
			const one = many ? undefined : this.relatedOne(kind, row, name);
			if (many) out[name] = many.rows.map((r) => this.project(many.kind, r));
			else if (one) out[name] = one.row ? this.project(one.kind, one.row) : null;
			else if (
				kind === 'definitionFile' &&
				name === 'groupPolicyOperations' &&
				row['@odata.type'] === UPLOADED_TYPE
			) {
				out.groupPolicyOperations = this.data.operations
					.filter((o) => o.definitionFileId === row.id)
					.map((o) => this.project('operation', o as unknown as Row));
			} else {
				throw new GraphError(
					400,
					'BadRequest',
					`Could not find a navigation property named '${name}' to expand.`,
				);
			}
		}
		return out;
	}

	handle(
		method: string,
		path: string,
		query: URLSearchParams,
		body: unknown,
		graphRoot: string,
	): GraphResult {
		const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
		if (segments[0] !== 'deviceManagement' && segments[0] !== 'groups') {
			throw new GraphError(
				400,
				'BadRequest',
				`Resource not found for the segment '${segments[0] ?? ''}'.`,
			);
		}
		this.lifecycle.advance();
		const [, set, fileId, action] = segments;
		if (method === 'POST' && set === 'groupPolicyUploadedDefinitionFiles') {
			if (segments.length === 2) return this.lifecycle.upload(body, graphRoot);
			if (segments.length === 4 && FILE_ACTIONS.includes(action)) {
				return this.lifecycle.action(fileId, action, body);
			}
		}
		const last = segments[segments.length - 1].replace(/^microsoft\.graph\./, '');
		const configurationAction =
			method === 'POST' && CONFIGURATION_ACTIONS.includes(last) ? last : undefined;
		let node: Node = ROOT;
		for (const segment of configurationAction ? segments.slice(0, -1) : segments) {
			node = this.children(node, segment, path);
		}
		if (configurationAction) return this.act(node, configurationAction, body, graphRoot);
		const written = this.write(method, node, body, graphRoot);
		if (written) return written;
		if (method !== 'GET') {
			throw new GraphError(
				405,
				'No method match route template',
				`No OData route exists that match template ~/singleton/navigation with http verb ${method} for request /DeviceConfiguration_2611/StatelessDeviceConfigurationFEService/${path}.`,
			);
		}
		return this.read(node, path, query, graphRoot);
	}

	private act(node: Node, action: string, body: unknown, graphRoot: string): GraphResult {
		if (node.type !== 'entity' || node.kind !== 'configuration') {
			throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${action}'.`);
		}
		const configuration = node.row as unknown as Configuration;
		return action === 'assign'
			? this.profiles.assign(configuration, body, graphRoot)
			: this.profiles.updateDefinitionValues(configuration, body, graphRoot);
	}

	/** The writes Graph routes: operation and profile creation, a profile's PATCH and DELETE. */
	private write(
		method: string,
		node: Node,
		body: unknown,
		graphRoot: string,
	): GraphResult | undefined {
		if (method === 'POST' && node.type === 'collection') {
			if (node.kind === 'operation')
				return this.createOperation(node.parent as Row, body, graphRoot);
			if (node.kind === 'configuration' && !node.parent)
				return this.profiles.create(body, graphRoot);
		}
		if (node.type === 'entity' && node.kind === 'configuration') {
			const configuration = node.row as unknown as Configuration;
			if (method === 'PATCH') return this.profiles.update(configuration, body);
			if (method === 'DELETE') return this.profiles.remove(configuration);
		}
		return undefined;
	}

	private read(node: Node, path: string, query: URLSearchParams, graphRoot: string): GraphResult {
		const names = expandNames(query.get('$expand') ?? undefined);
		const context = `${graphRoot}/beta/$metadata#${node.type === 'collection' ? node.contextPath : node.kind}`;
		if (node.type === 'entity') {
			if (node.kind === 'deviceManagement' || node.kind === 'root')
				throw new GraphError(400, 'BadRequest', 'Reading deviceManagement is not supported here.');
			return {
				status: 200,
				body: {
					'@odata.context': `${context}/$entity`,
					...select(
						this.expand(node.kind, node.row, names),
						query.get('$select') ?? undefined,
						names,
					),
				},
			};
		}
		let filter: (row: Row) => boolean;
		try {
			filter = compileFilter(query.get('$filter') ?? undefined, node.kind === 'group');
		} catch (error) {
			if (error instanceof FilterError) throw new GraphError(400, 'BadRequest', error.message);
			throw error;
		}
		const matching = query.get('$filter')
			? node.rows.filter((row) => filter(this.filterView(node.kind, row, names)))
			: node.rows;
		const result = page(
			matching,
			query,
			`${graphRoot}/beta/${path.replace(/^\//, '')}`,
			this.pageSize(),
			this.maxPageSize(),
		);
		const out: Row = { '@odata.context': context };
		if (query.get('$count') === 'true') out['@odata.count'] = matching.length;
		out.value = result.value.map((row) =>
			select(this.expand(node.kind, row, names), query.get('$select') ?? undefined, names),
		);
		if (result.nextLink) out['@odata.nextLink'] = result.nextLink;
		return { status: 200, body: out };
	}

	/** What $filter sees: the row as expanded, and a definition's file for definitionFile/id. */
	private filterView(kind: Kind, row: Row, names: string[]): Row {
		const view = this.expand(kind, row, names);
		if (kind === 'definition' && !view.definitionFile) {
			view.definitionFile = this.expand(kind, row, ['definitionFile']).definitionFile;
		}
		return view;
	}

	/** Validates a groupPolicyOperation body the way Graph's model binding does, then stores it. */
	private createOperation(file: Row, body: unknown, graphRoot: string): GraphResult {
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
		}
		const input = body as Row;
		const known = [
			'@odata.type',
			'id',
			'lastModifiedDateTime',
			'operationType',
			'operationStatus',
			'statusDetails',
		];
		for (const key of Object.keys(input)) {
			if (!known.includes(key)) {
				throw new GraphError(
					400,
					'BadRequest',
					`The property '${key}' does not exist on type 'microsoft.graph.groupPolicyOperation'. Make sure to only use property names that are defined by the type.`,
				);
			}
		}
		if (
			input['@odata.type'] !== undefined &&
			input['@odata.type'] !== '#microsoft.graph.groupPolicyOperation'
		) {
			throw new GraphError(
				400,
				'BadRequest',
				`A type named '${String(input['@odata.type'])}' could not be resolved by the model.`,
			);
		}
		const enumCheck = (name: string, allowed: string[]) => {
			const value = input[name];
			if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
				throw new GraphError(
					400,
					'BadRequest',
					`Cannot convert the literal '${String(value)}' to the expected type 'microsoft.graph.${name === 'operationType' ? 'groupPolicyOperationType' : 'groupPolicyOperationStatus'}'.`,
				);
			}
		};
		enumCheck('operationType', OPERATION_TYPES);
		enumCheck('operationStatus', OPERATION_STATUSES);
		for (const name of ['statusDetails', 'id']) {
			if (input[name] !== undefined && input[name] !== null && typeof input[name] !== 'string') {
				throw new GraphError(
					400,
					'BadRequest',
					`Cannot convert a primitive value to the expected type 'Edm.String' for property '${name}'.`,
				);
			}
		}
		const modified = input.lastModifiedDateTime;
		if (
			modified !== undefined &&
			(typeof modified !== 'string' ||
				!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(modified) ||
				Number.isNaN(Date.parse(modified)))
		) {
			throw new GraphError(
				400,
				'BadRequest',
				`Cannot convert the literal '${String(modified)}' to the expected type 'Edm.DateTimeOffset'.`,
			);
		}
		const id = typeof input.id === 'string' && input.id ? input.id : randomUUID();
		if (this.data.operations.some((o) => o.id === id)) {
			throw new GraphError(
				409,
				'Conflict',
				intuneMessage(`An operation with id '${id}' already exists`, 'groupPolicyOperations'),
			);
		}
		const operation: Operation = {
			id,
			definitionFileId: String(file.id),
			operationType: (input.operationType as string) ?? 'none',
			operationStatus: (input.operationStatus as string) ?? 'unknown',
			statusDetails: (input.statusDetails as string | null) ?? null,
			lastModifiedDateTime: new Date().toISOString(),
		};
		this.data.operations.push(operation);
		const location = `${graphRoot}/beta/deviceManagement/groupPolicyUploadedDefinitionFiles('${operation.definitionFileId}')/groupPolicyOperations('${id}')`;
		return {
			status: 201,
			headers: { Location: location },
			body: {
				'@odata.context': `${graphRoot}/beta/$metadata#deviceManagement/groupPolicyUploadedDefinitionFiles('${operation.definitionFileId}')/groupPolicyOperations/$entity`,
				...this.project('operation', operation as unknown as Row),
			},
			createdId: id,
		};
	}
}
