import { randomUUID } from 'crypto';

import type { AdmxSettings } from './admx';
import { AdmxLifecycle, DEFAULT_ADMX, FILE_ACTIONS } from './admx';
import type { Dataset, DefinitionFile, Operation } from './data';
import type { Row } from './odata';
import { compileFilter, expandNames, FilterError, page, select } from './odata';

/*
 * Microsoft Graph beta for the group policy family: a walker follows the URL's navigation segments from
 * /deviceManagement, so the documented deep path and the short uploaded-file path resolve through the same data.
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
	| 'deviceManagement'
	| 'configuration'
	| 'definitionValue'
	| 'presentationValue'
	| 'presentation'
	| 'definition'
	| 'definitionFile'
	| 'operation';

type Node =
	| { type: 'entity'; kind: Kind; row: Row; uploadedView?: boolean }
	| { type: 'collection'; kind: Kind; rows: Row[]; parent?: Row; contextPath: string };

const DM: Node = { type: 'entity', kind: 'deviceManagement', row: {} };

export class GraphStore {
	readonly lifecycle: AdmxLifecycle;

	constructor(
		public data: Dataset,
		public pageSize: () => number,
		public maxPageSize: () => number = () => 999,
		admx: AdmxSettings = { ...DEFAULT_ADMX },
	) {
		this.lifecycle = new AdmxLifecycle(() => this.data, admx);
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
					rows: d.definitions as unknown as Row[],
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
					rows: d.definitions.filter((x) => x.definitionFileId === row.id) as unknown as Row[],
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

	/** Public shape of a row: internal link fields removed. */
	project(kind: Kind, row: Row): Row {
		const hidden = [
			'configurationId',
			'definitionId',
			'definitionValueId',
			'presentationId',
			'definitionFileId',
			'internal',
		];
		const out = Object.fromEntries(Object.entries(row).filter(([k]) => !hidden.includes(k)));
		if (kind === 'operation') out['@odata.type'] = '#microsoft.graph.groupPolicyOperation';
		if (kind === 'definition') out['@odata.type'] = '#microsoft.graph.groupPolicyDefinition';
		return out;
	}

	private expand(kind: Kind, row: Row, names: string[]): Row {
		const out = this.project(kind, row);
		for (const name of names) {
			if (kind === 'definitionValue' && name === 'definition') {
				out.definition = this.project(
					'definition',
					this.data.definitions.find((d) => d.id === row.definitionId) as unknown as Row,
				);
			} else if (kind === 'presentationValue' && name === 'presentation') {
				out.presentation = this.project(
					'presentation',
					this.data.presentations.find((p) => p.id === row.presentationId) as unknown as Row,
				);
			} else if (
				kind === 'definitionFile' &&
				name === 'groupPolicyOperations' &&
				row['@odata.type'] === UPLOADED_TYPE
			) {
				out.groupPolicyOperations = this.data.operations
					.filter((o) => o.definitionFileId === row.id)
					.map((o) => this.project('operation', o as unknown as Row));
			} else if (kind === 'presentation' && name === 'definition') {
				out.definition = this.project(
					'definition',
					this.data.definitions.find((d) => d.id === row.definitionId) as unknown as Row,
				);
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
		if (segments[0] !== 'deviceManagement') {
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
		let node: Node = DM;
		for (const segment of segments.slice(1)) node = this.children(node, segment, path);

		if (method === 'POST' && node.type === 'collection' && node.kind === 'operation') {
			return this.createOperation(node.parent as Row, body, graphRoot);
		}
		if (method !== 'GET') {
			throw new GraphError(
				405,
				'No method match route template',
				`No OData route exists that match template ~/singleton/navigation with http verb ${method} for request /DeviceConfiguration_2611/StatelessDeviceConfigurationFEService/${path}.`,
			);
		}
		const names = expandNames(query.get('$expand') ?? undefined);
		const context = `${graphRoot}/beta/$metadata#${node.type === 'collection' ? node.contextPath : node.kind}`;
		if (node.type === 'entity') {
			if (node.kind === 'deviceManagement')
				throw new GraphError(400, 'BadRequest', 'Reading deviceManagement is not supported here.');
			return {
				status: 200,
				body: {
					'@odata.context': `${context}/$entity`,
					...select(this.expand(node.kind, node.row, names), query.get('$select') ?? undefined),
				},
			};
		}
		let filter: (row: Row) => boolean;
		try {
			filter = compileFilter(query.get('$filter') ?? undefined);
		} catch (error) {
			if (error instanceof FilterError) throw new GraphError(400, 'BadRequest', error.message);
			throw error;
		}
		const rows = node.rows.map((row) => this.expand(node.kind, row, names)).filter(filter);
		const result = page(
			rows,
			query,
			`${graphRoot}/beta/${path.replace(/^\//, '')}`,
			this.pageSize(),
			this.maxPageSize(),
		);
		const out: Row = { '@odata.context': context };
		if (query.get('$count') === 'true') out['@odata.count'] = rows.length;
		out.value = result.value.map((row) => select(row, query.get('$select') ?? undefined));
		if (result.nextLink) out['@odata.nextLink'] = result.nextLink;
		return { status: 200, body: out };
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
