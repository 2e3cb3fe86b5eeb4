// Renders the query-string AST as SQL (docs/supabase-compat.md §3.5; PostgREST's SqlFragment). Values become
// untyped literals, like PostgREST's untyped text parameters, so PostgreSQL infers the column's type.
import { errors } from './errors.ts';
import type { Condition, Field, Filter, OrderTerm, SelectItem } from './query.ts';
import { splitTopLevel, unquote } from './query.ts';
import { ident, lit } from './transaction.ts';

export function fieldSql(field: Field, qualifier: string): string {
	let sql = `${qualifier}.${ident(field.name)}`;
	for (const step of field.path) {
		const key = /^-?\d+$/.test(step.key) ? step.key : lit(step.key);
		sql += `${step.arrow}${key}`;
	}
	return sql;
}

/** The output name PostgREST gives a select item: the alias, else the last JSON key, else the column. */
function outputName(item: Exclude<SelectItem, { star: true }>): string {
	if (item.alias) return item.alias;
	if (item.field.path.length) return item.field.path[item.field.path.length - 1].key;
	return item.field.name;
}

export function selectListSql(items: SelectItem[] | undefined, qualifier: string): string {
	if (!items || items.length === 0) return `${qualifier}.*`;
	return items
		.map((item) => {
			if (item.star) return `${qualifier}.*`;
			let expr = fieldSql(item.field, qualifier);
			if (item.cast) expr = `(${expr})::${item.cast}`;
			return `${expr} AS ${ident(outputName(item))}`;
		})
		.join(', ');
}

/** A PostgreSQL array literal ('{"a","b"}') from `in.(a,b,"c,d")` items. */
function arrayLiteral(items: string[]): string {
	return '{' + items.map((v) => '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"').join(',') + '}';
}

const SIMPLE: Record<string, string> = {
	eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'LIKE', ilike: 'ILIKE', match: '~', imatch: '~*',
	cs: '@>', cd: '<@', ov: '&&', sl: '<<', sr: '>>', nxr: '&<', nxl: '&>', adj: '-|-'
};
const TSQUERY: Record<string, string> = {
	fts: 'to_tsquery', plfts: 'plainto_tsquery', phfts: 'phraseto_tsquery', wfts: 'websearch_to_tsquery'
};

function filterSql(f: Filter, qualifier: string): string {
	const col = fieldSql(f.field, qualifier);
	const likeValue = (v: string) => (f.op === 'like' || f.op === 'ilike' ? v.replace(/\*/g, '%') : v);
	let sql: string;
	if (f.op === 'is') {
		const v = f.value.toLowerCase();
		const map: Record<string, string> = { null: 'NULL', not_null: 'NOT NULL', true: 'TRUE', false: 'FALSE', unknown: 'UNKNOWN' };
		if (!map[v]) throw errors.queryParam(`"failed to parse filter (is.${f.value})" (line 1, column 4)`, 'unexpected "' + f.value + '" expecting null or trilean value (unknown, true, false)');
		sql = `${col} IS ${map[v]}`;
	} else if (f.op === 'isdistinct') {
		sql = `${col} IS DISTINCT FROM ${lit(f.value)}`;
	} else if (f.op === 'in') {
		const m = /^\(([\s\S]*)\)$/.exec(f.value);
		if (!m) throw errors.queryParam(`"failed to parse filter (in.${f.value})" (line 1, column 4)`, 'unexpected end of input expecting "("');
		const items = m[1] === '' ? [] : splitTopLevel(m[1]).map((v) => unquote(v));
		sql = `${col} = ANY (${lit(arrayLiteral(items))})`;
	} else if (TSQUERY[f.op]) {
		const lang = f.modifier ? `${lit(f.modifier)}::regconfig, ` : '';
		sql = `${col} @@ ${TSQUERY[f.op]}(${lang}${lit(f.value)})`;
	} else if (f.modifier === 'any' || f.modifier === 'all') {
		// `eq(any).{a,b}`: the value is an array literal (PostgREST v12 quantifiers).
		const inner = f.value.replace(/^\{|\}$/g, '');
		const items = inner === '' ? [] : splitTopLevel(inner).map((v) => likeValue(unquote(v)));
		sql = `${col} ${SIMPLE[f.op]} ${f.modifier.toUpperCase()} (${lit(arrayLiteral(items))})`;
	} else {
		sql = `${col} ${SIMPLE[f.op]} ${lit(likeValue(f.value))}`;
	}
	return f.negate ? `NOT (${sql})` : sql;
}

export function conditionSql(c: Condition, qualifier: string): string {
	if (c.kind === 'filter') return filterSql(c, qualifier);
	if (c.children.length === 0) return c.negate ? 'FALSE' : 'TRUE';
	const joined = c.children.map((ch) => `(${conditionSql(ch, qualifier)})`).join(c.op === 'and' ? ' AND ' : ' OR ');
	return c.negate ? `NOT (${joined})` : joined;
}

export function whereSql(conditions: Condition[], qualifier: string): string {
	if (conditions.length === 0) return '';
	return ' WHERE ' + conditions.map((c) => `(${conditionSql(c, qualifier)})`).join(' AND ');
}

export function orderSql(order: OrderTerm[], qualifier: string): string {
	if (order.length === 0) return '';
	return (
		' ORDER BY ' +
		order
			.map((t) => [fieldSql(t.field, qualifier), t.direction, t.nulls].filter(Boolean).join(' '))
			.join(', ')
	);
}

export function limitOffsetSql(limit: number | undefined, offset: number): string {
	return (limit !== undefined ? ` LIMIT ${limit}` : '') + (offset > 0 ? ` OFFSET ${offset}` : '');
}
