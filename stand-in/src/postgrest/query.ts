// PostgREST's query-string language, the part supabase-js emits (docs/supabase-compat.md §3.5): `select=` (columns,
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
	/** Parameters that are neither reserved nor filters: RPC arguments for GET/HEAD (§3.4). */
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

/** A cursor over query-string text; fields are read from it so quoted names can hold any character. */
interface Cursor {
	s: string;
	i: number;
}

/** `"…"` with backslash escapes (PostgREST's pQuotedValue); the cursor is on the opening quote. */
function readQuoted(c: Cursor, whole: string): string {
	let out = '';
	for (c.i++; c.i < c.s.length; c.i++) {
		const ch = c.s[c.i];
		if (ch === '\\' && c.i + 1 < c.s.length) out += c.s[++c.i];
		else if (ch === '"') {
			c.i++;
			return out;
		} else out += ch;
	}
	throw errors.queryParam(`"failed to parse field (${whole})"`, 'unexpected end of input expecting closing quote');
}

/** A column name or JSON key: quoted, or plain up to `->` or one of `stop`. */
function readName(c: Cursor, stop: string, whole: string): string {
	if (c.s[c.i] === '"') return readQuoted(c, whole);
	const start = c.i;
	while (c.i < c.s.length && !stop.includes(c.s[c.i]) && !c.s.startsWith('->', c.i)) c.i++;
	return c.s.slice(start, c.i).trim();
}

/** A field (`name`, `"quoted name"`, `col->key->>"quoted key"`) read up to one of `stop`. */
function readField(c: Cursor, stop: string, whole: string): Field {
	const name = readName(c, stop, whole);
	if (!name && c.s[c.i - 1] !== '"') throw errors.queryParam(`"failed to parse field (${whole})"`);
	const path: Field['path'] = [];
	while (c.s.startsWith('->', c.i)) {
		const arrow = c.s.startsWith('->>', c.i) ? '->>' : '->';
		c.i += arrow.length;
		const quoted = c.s[c.i] === '"';
		const key = readName(c, stop, whole);
		if (!key && !quoted) throw errors.queryParam(`"failed to parse field (${whole})"`);
		path.push({ arrow, key });
	}
	return { name, path };
}

/** `columns=a,"b c"`: the column names, unquoted. */
export function parseColumns(text: string): string[] {
	return splitTopLevel(text)
		.map((raw) => {
			const c: Cursor = { s: raw.trim(), i: 0 };
			const name = readName(c, '', text);
			if (c.i < c.s.length || name === '') throw errors.queryParam(`"failed to parse columns parameter (${text})"`);
			return name;
		});
}

export function parseField(text: string): Field {
	const c: Cursor = { s: text.trim(), i: 0 };
	const field = readField(c, '', text);
	if (c.i < c.s.length) throw errors.queryParam(`"failed to parse field (${text})"`);
	return field;
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
	const c: Cursor = { s: text, i: 0 };
	const field = readField(c, '.', text);
	const operation = c.s[c.i] === '.' ? parseOperation(text.slice(c.i + 1)) : undefined;
	if (!operation) throw errors.queryParam(`"failed to parse logic tree (${text})"`);
	return { kind: 'filter', field, ...operation, value: unquote(operation.value) };
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
		// Quoted names may hold anything; only the text outside quotes can call an aggregate or embed.
		const bare = item.replace(/"(?:[^"\\]|\\.)*"/g, '""');
		if (/^[\w.]*\(\)(::\w+)?$/.test(bare.replace(/^\w+:/, '')) || /\.(count|sum|avg|min|max)\(\)/.test(bare)) {
			throw errors.aggregates();
		}
		if (bare.startsWith('...') || bare.includes('(')) {
			throw errors.notImplemented(`Resource embedding ("${item}") is not supported by the local stand-in`);
		}
		items.push(parseSelectItem(item, text));
	}
	return items;
}

/** `alias:field::cast`, where alias and field may be quoted (`"my alias":"column whitespace"`). */
function parseSelectItem(item: string, whole: string): SelectItem {
	const c: Cursor = { s: item, i: 0 };
	let alias: string | undefined;
	const lead = readName(c, ':', whole);
	if (c.s[c.i] === ':' && c.s[c.i + 1] !== ':') {
		alias = lead;
		c.i++;
	} else c.i = 0;
	const fieldStart = c.i;
	const field = readField(c, ':', whole);
	let cast: string | undefined;
	if (c.s.startsWith('::', c.i)) {
		cast = c.s.slice(c.i + 2).trim();
		c.i = c.s.length;
		if (!/^[A-Za-z_][A-Za-z0-9_ ]*(\[\])?$/.test(cast)) throw errors.queryParam(`"failed to parse select parameter (${whole})"`);
	}
	if (c.i < c.s.length || c.i === fieldStart) throw errors.queryParam(`"failed to parse select parameter (${whole})"`);
	return { star: false, alias, field, cast };
}

export function parseOrder(text: string): OrderTerm[] {
	return splitTopLevel(text).map((term) => {
		const c: Cursor = { s: term.trim(), i: 0 };
		const t: OrderTerm = { field: readField(c, '.', text) };
		const modifiers = c.s.slice(c.i);
		for (const p of modifiers === '' ? [] : modifiers.slice(1).split('.')) {
			if (p === 'asc') t.direction = 'ASC';
			else if (p === 'desc') t.direction = 'DESC';
			else if (p === 'nullsfirst') t.nulls = 'NULLS FIRST';
			else if (p === 'nullslast') t.nulls = 'NULLS LAST';
			else throw errors.queryParam(`"failed to parse order (${text})"`);
		}
		if (modifiers !== '' && modifiers[0] !== '.') throw errors.queryParam(`"failed to parse order (${text})"`);
		return t;
	});
}

function parseNonNegative(name: string, v: string): number {
	if (!/^\d+$/.test(v)) throw errors.queryParam(`"failed to parse ${name} parameter (${v})"`);
	return Number(v);
}

/**
 * Parses the query string. `allowArgs`: RPC GET/HEAD, where a parameter whose value is not `op.value` is a
 * function argument (docs/supabase-compat.md §3.4); elsewhere such a parameter is a parse error.
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
