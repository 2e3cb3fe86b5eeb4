// PostgREST's query-string language, the part supabase-js emits (reference A1 and D): `select=` (columns,
// aliases, casts, JSON paths), horizontal filters with every simple operator and the `not.` prefix, `or=`/`and=`
// trees, `order=`, `limit`/`offset`. Parsing produces a small AST; sql.ts renders it.
import { errors } from './errors.ts';

export interface Field {
	name: string;
	/** `->` / `->>` steps after the column. */
	path: Array<{ arrow: '->' | '->>'; key: string }>;
}

export type SelectItem = { star: true } | { star: false; field: Field; alias?: string; cast?: string };

export interface Filter {
	kind: 'filter';
	negate: boolean;
	field: Field;
	op: string;
	/** `(any)` / `(all)` quantifier, or the `fts` language. */
	modifier?: string;
	value: string;
}

export interface Logic {
	kind: 'logic';
	negate: boolean;
	op: 'and' | 'or';
	children: Condition[];
}

export type Condition = Filter | Logic;

export interface OrderTerm {
	field: Field;
	direction?: 'ASC' | 'DESC';
	nulls?: 'NULLS FIRST' | 'NULLS LAST';
}

export interface ParsedQuery {
	select: SelectItem[] | undefined;
	conditions: Condition[];
	order: OrderTerm[];
	limit: number | undefined;
	offset: number | undefined;
	/** Parameters that are neither reserved nor filters: RPC arguments for GET/HEAD (A1). */
	args: Array<[string, string]>;
	columns: string | undefined;
	onConflict: string | undefined;
}

export const OPERATORS = new Set([
	'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch', 'is', 'isdistinct', 'in',
	'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj', 'fts', 'plfts', 'phfts', 'wfts'
]);
const QUANTIFIABLE = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);
const FTS = new Set(['fts', 'plfts', 'phfts', 'wfts']);

const RESERVED = new Set(['select', 'columns', 'on_conflict', 'order', 'limit', 'offset', 'and', 'or', 'not.and', 'not.or']);

export function parseField(text: string): Field {
	const parts = text.split(/(->>|->)/);
	const name = parts[0].trim();
	if (!name) throw errors.queryParam(`"failed to parse field (${text})"`);
	const path: Field['path'] = [];
	for (let i = 1; i < parts.length; i += 2) {
		const key = parts[i + 1];
		if (!key) throw errors.queryParam(`"failed to parse field (${text})"`);
		path.push({ arrow: parts[i] as '->' | '->>', key });
	}
	return { name, path };
}

/** `[not.]op[(modifier)].value`, or undefined when the text is not a filter expression. */
function parseOperation(text: string): Omit<Filter, 'kind' | 'field'> | undefined {
	const m = /^(not\.)?([a-z]+)(?:\(([^)]*)\))?\.([\s\S]*)$/.exec(text);
	if (!m || !OPERATORS.has(m[2])) return undefined;
	const [, not, op, modifier, value] = m;
	if (modifier !== undefined && !(QUANTIFIABLE.has(op) && /^(any|all)$/.test(modifier)) && !FTS.has(op)) return undefined;
	return { negate: !!not, op, modifier, value };
}

/** Splits on commas outside parentheses and double quotes. */
export function splitTopLevel(text: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quoted = false;
	let cur = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			cur += ch;
			if (ch === '\\' && i + 1 < text.length) cur += text[++i];
			else if (ch === '"') quoted = false;
			continue;
		}
		if (ch === '"') quoted = true;
		else if (ch === '(') depth++;
		else if (ch === ')') depth--;
		if (ch === ',' && depth === 0) {
			out.push(cur);
			cur = '';
		} else cur += ch;
	}
	out.push(cur);
	return out;
}

/** A value written as `"…"` inside a logic tree or an `in` list loses its quotes and backslash escapes. */
export function unquote(v: string): string {
	if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
	return v;
}

function parseLogic(key: string, value: string): Logic {
	const negate = key.startsWith('not.');
	const op = (negate ? key.slice(4) : key) as 'and' | 'or';
	const m = /^\(([\s\S]*)\)$/.exec(value.trim());
	if (!m) throw errors.queryParam(`"failed to parse logic tree (${value})"`, 'Expecting "(" at the start of the logic tree');
	return { kind: 'logic', negate, op, children: splitTopLevel(m[1]).map((t) => parseTreeItem(t.trim())) };
}

function parseTreeItem(text: string): Condition {
	const nested = /^(not\.)?(and|or)(\([\s\S]*\))$/.exec(text);
	if (nested) return parseLogic(`${nested[1] ?? ''}${nested[2]}`, nested[3]);
	const dot = text.indexOf('.');
	if (dot <= 0) throw errors.queryParam(`"failed to parse logic tree (${text})"`);
	const operation = parseOperation(text.slice(dot + 1));
	if (!operation) throw errors.queryParam(`"failed to parse logic tree (${text})"`);
	return { kind: 'filter', field: parseField(text.slice(0, dot)), ...operation, value: unquote(operation.value) };
}

export function parseSelect(text: string): SelectItem[] {
	const items: SelectItem[] = [];
	for (const raw of splitTopLevel(text)) {
		const item = raw.trim();
		if (item === '') continue;
		if (item === '*') {
			items.push({ star: true });
			continue;
		}
		if (/^[\w.]*\(\)(::\w+)?$/.test(item.replace(/^\w+:/, '')) || /\.(count|sum|avg|min|max)\(\)/.test(item)) {
			throw errors.aggregates();
		}
		if (item.startsWith('...') || item.includes('(')) {
			throw errors.notImplemented(`Resource embedding ("${item}") is not supported by the local stand-in`);
		}
		const m = /^(?:([^:]+):(?!:))?(.+?)(?:::([A-Za-z_][A-Za-z0-9_]*(?:\[\])?))?$/.exec(item);
		if (!m) throw errors.queryParam(`"failed to parse select parameter (${text})"`);
		items.push({ star: false, alias: m[1]?.trim(), field: parseField(m[2]), cast: m[3]?.trim() });
	}
	return items;
}

export function parseOrder(text: string): OrderTerm[] {
	return splitTopLevel(text).map((term) => {
		const parts = term.trim().split('.');
		const field = parseField(parts[0]);
		const t: OrderTerm = { field };
		for (const p of parts.slice(1)) {
			if (p === 'asc') t.direction = 'ASC';
			else if (p === 'desc') t.direction = 'DESC';
			else if (p === 'nullsfirst') t.nulls = 'NULLS FIRST';
			else if (p === 'nullslast') t.nulls = 'NULLS LAST';
			else throw errors.queryParam(`"failed to parse order (${text})"`);
		}
		return t;
	});
}

function parseNonNegative(name: string, v: string): number {
	if (!/^\d+$/.test(v)) throw errors.queryParam(`"failed to parse ${name} parameter (${v})"`);
	return Number(v);
}

/**
 * Parses the query string. `allowArgs`: RPC GET/HEAD, where a parameter whose value is not `op.value` is a
 * function argument (A1); elsewhere such a parameter is a parse error.
 */
export function parseQuery(pairs: Array<[string, string]>, allowArgs: boolean): ParsedQuery {
	const q: ParsedQuery = {
		select: undefined,
		conditions: [],
		order: [],
		limit: undefined,
		offset: undefined,
		args: [],
		columns: undefined,
		onConflict: undefined
	};
	for (const [key, value] of pairs) {
		if (RESERVED.has(key)) {
			switch (key) {
				case 'select':
					q.select = parseSelect(value);
					break;
				case 'order':
					q.order = parseOrder(value);
					break;
				case 'limit':
					q.limit = parseNonNegative('limit', value);
					break;
				case 'offset':
					q.offset = parseNonNegative('offset', value);
					break;
				case 'columns':
					q.columns = value;
					break;
				case 'on_conflict':
					q.onConflict = value;
					break;
				default:
					q.conditions.push(parseLogic(key, value));
			}
			continue;
		}
		const lastSegment = key.slice(key.lastIndexOf('.') + 1);
		if (key.includes('.') && RESERVED.has(lastSegment) && !key.includes('->')) {
			throw errors.notImplemented(`Options on embedded resources ("${key}") are not supported by the local stand-in`);
		}
		const operation = parseOperation(value);
		if (operation) {
			q.conditions.push({ kind: 'filter', field: parseField(key), ...operation });
		} else if (allowArgs) {
			q.args.push([key, value]);
		} else {
			throw errors.queryParam(`"failed to parse filter (${value})" (line 1, column 1)`, 'unexpected end of input expecting operator (eq, gt, ...)');
		}
	}
	return q;
}
