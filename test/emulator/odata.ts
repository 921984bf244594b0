/* The OData query options this package uses: $select, $expand (names only), $filter (a small subset), $top, paging. */

export type Row = Record<string, unknown>;

export function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const ch of text) {
		if (ch === '(') depth++;
		if (ch === ')') depth--;
		if (ch === ',' && depth === 0) {
			parts.push(current.trim());
			current = '';
		} else current += ch;
	}
	if (current.trim()) parts.push(current.trim());
	return parts;
}

/** Names of the navigation properties in $expand, e.g. "definition($select=id,displayName)" -> ["definition"]. */
export function expandNames(expand: string | undefined): string[] {
	if (!expand) return [];
	return splitTopLevel(expand).map((part) => part.replace(/\(.*\)$/, '').trim());
}

/** $select keeps the named properties, the key, annotations, and what $expand asked for (`expanded`). */
export function select(row: Row, selectOption: string | undefined, expanded: string[] = []): Row {
	if (!selectOption) return row;
	const keep = new Set([...splitTopLevel(selectOption).map((s) => s.trim()), ...expanded]);
	return Object.fromEntries(
		Object.entries(row).filter(
			([key]) => keep.has(key) || key === 'id' || key.startsWith('@odata.'),
		),
	);
}

function fieldValue(row: Row, path: string): unknown {
	return path.split('/').reduce<unknown>((value, key) => (value as Row | undefined)?.[key], row);
}

export class FilterError extends Error {}

/** The clauses of "a and b and c", splitting only outside quotes and parentheses ('Cut and paste' stays whole). */
export function splitAnd(filter: string): string[] {
	const clauses: string[] = [];
	let depth = 0;
	let quoted = false;
	let start = 0;
	for (let i = 0; i < filter.length; i++) {
		const ch = filter[i];
		if (ch === "'") quoted = !quoted;
		else if (quoted) continue;
		else if (ch === '(') depth++;
		else if (ch === ')') depth--;
		else if (
			depth === 0 &&
			/\s/.test(ch) &&
			filter.slice(i + 1, i + 4).toLowerCase() === 'and' &&
			/\s/.test(filter[i + 4] ?? '')
		) {
			clauses.push(filter.slice(start, i));
			i += 4;
			start = i + 1;
		}
	}
	clauses.push(filter.slice(start));
	return clauses.map((c) => c.trim());
}

/**
 * Supports contains(f,'x'), startswith(f,'x'), f eq 'x' / true / false, joined by "and"; tolower() on the field.
 * `ignoreCase`: text compares without regard to case, as Entra does for directory objects (groups).
 */
export function compileFilter(
	filter: string | undefined,
	ignoreCase = false,
): (row: Row) => boolean {
	if (!filter) return () => true;
	const clauses = splitAnd(filter).map((clause) => {
		const fn =
			/^(contains|startswith)\(\s*(?:tolower\(\s*([\w/]+)\s*\)|([\w/]+))\s*,\s*'((?:[^']|'')*)'\s*\)$/i.exec(
				clause.trim(),
			);
		if (fn) {
			const [, name, lowered, plain, raw] = fn;
			const field = lowered ?? plain;
			const given = raw.replace(/''/g, "'");
			const needle = ignoreCase ? given.toLowerCase() : given;
			return (row: Row) => {
				const value = String(fieldValue(row, field) ?? '');
				const hay = lowered || ignoreCase ? value.toLowerCase() : value;
				return name.toLowerCase() === 'contains' ? hay.includes(needle) : hay.startsWith(needle);
			};
		}
		const eq = /^([\w/]+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))$/i.exec(clause.trim());
		if (eq) {
			const [, field, text, bool] = eq;
			const expected =
				bool !== undefined ? bool.toLowerCase() === 'true' : text.replace(/''/g, "'");
			if (ignoreCase && bool === undefined) {
				const folded = expected.toString().toLowerCase();
				return (row: Row) => {
					const value = fieldValue(row, field);
					return typeof value === 'string' && value.toLowerCase() === folded;
				};
			}
			return (row: Row) => fieldValue(row, field) === expected;
		}
		throw new FilterError(`Invalid filter clause: ${clause}`);
	});
	return (row) => clauses.every((clause) => clause(row));
}

export interface Page {
	value: Row[];
	nextLink?: string;
}

/** One page of rows; the next link carries the other query options and a $skiptoken offset. */
export function page(
	rows: Row[],
	query: URLSearchParams,
	selfUrl: string,
	defaultPageSize: number,
	maxPageSize = 999,
): Page {
	const top = query.get('$top');
	// Like Graph, $top asks for a page size that the service may cap.
	const size = Math.min(top ? Math.max(1, Number(top)) : defaultPageSize, maxPageSize);
	const offset = Number(query.get('$skiptoken') ?? '0') || 0;
	const value = rows.slice(offset, offset + size);
	if (offset + size >= rows.length) return { value };
	const next = new URLSearchParams(query);
	next.set('$skiptoken', String(offset + size));
	return { value, nextLink: `${selfUrl}?${next.toString()}` };
}
