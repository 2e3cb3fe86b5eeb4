// `/<table>` (reference section D): reads with select/filters/order/limit/offset/Range/count, and plain
// INSERT/UPDATE/DELETE. Mutations run for real, so privileges and RLS answer exactly as with PostgREST
// (42501 → 401 for anon / 403 otherwise). Upserts (on_conflict, Prefer: resolution), PUT and embedding are not
// implemented and answer PGRST127 "Feature not implemented".
import type { Reply } from '../http.ts';
import type { RestContext } from './context.ts';
import { RESPONSE_GUCS_SQL } from './context.ts';
import { ApiError, errors } from './errors.ts';
import { parseQuery, splitTopLevel, unquote } from './query.ts';
import type { ParsedQuery } from './query.ts';
import { applyGucOverrides, effectiveRange, rangeResponse } from './request.ts';
import type { Relation, SchemaCache } from './schema-cache.ts';
import { limitOffsetSql, orderSql, selectListSql, whereSql } from './sql.ts';
import { ident, lit, runInTransaction } from './transaction.ts';
import type { MainResult } from './transaction.ts';

function closest(cache: SchemaCache, qn: string): string | undefined {
	let best: { key: string; d: number } | undefined;
	for (const key of cache.relations.keys()) {
		let d = 0;
		const a = key;
		const b = qn;
		// cheap similarity: shared-prefix distance plus length difference
		while (d < a.length && d < b.length && a[d] === b[d]) d++;
		const score = Math.max(a.length, b.length) - d;
		if (!best || score < best.d) best = { key, d: score };
	}
	return best && best.d <= Math.max(3, Math.floor(qn.length / 2)) ? best.key : undefined;
}

/** PGRST205 (v13+): the relation is not in the schema cache. */
export function findRelation(cache: SchemaCache, schema: string, name: string): Relation {
	const qn = `${schema}.${name}`;
	const rel = cache.relations.get(qn);
	if (rel) return rel;
	const suggestion = closest(cache, qn);
	throw new ApiError(
		404,
		'PGRST205',
		`Could not find the table '${qn}' in the schema cache`,
		null,
		suggestion ? `Perhaps you meant the table '${suggestion}'` : null
	);
}

function contentLocation(ctx: RestContext, table: string): string {
	const sorted = [...ctx.pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const qs = sorted.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
	return `/${table}${qs ? `?${qs}` : ''}`;
}

function singularCheck(r: MainResult): ApiError | undefined {
	const n = Number(r.rows[0]?.page_total ?? 0);
	return n === 1 ? undefined : errors.singular(n);
}

function bodySql(ctx: RestContext): string {
	let body = ctx.media.kind === 'object' ? `coalesce(json_agg(_postgrest_t)->0, 'null')` : `coalesce(json_agg(_postgrest_t), '[]')`;
	if (ctx.media.stripNulls) body = `json_strip_nulls(${body})`;
	return body;
}

async function read(ctx: RestContext, rel: Relation, query: ParsedQuery): Promise<Reply> {
	const from = `${ident(rel.schema)}.${ident(rel.name)}`;
	const range = effectiveRange(ctx.method === 'GET' ? ctx.rangeHeader : undefined, query.offset, query.limit, ctx.config.maxRows);
	const where = whereSql(query.conditions, from);
	const source =
		`SELECT ${selectListSql(query.select, from)} FROM ${from}` +
		where +
		orderSql(query.order, from) +
		limitOffsetSql(range.limit, range.offset);
	const total = ctx.prefs.count ? `(SELECT pg_catalog.count(*) FROM ${from}${where})::text` : 'null::text';
	const sql =
		`WITH pgrst_source AS (${source}) ` +
		`SELECT ${total} AS total_result_set, pg_catalog.count(_postgrest_t)::text AS page_total, ` +
		`${bodySql(ctx)}::text AS body, ${RESPONSE_GUCS_SQL} FROM (SELECT * FROM pgrst_source) _postgrest_t`;
	const singular = ctx.media.kind === 'object';
	const result = await runInTransaction(ctx.pool, { ...ctx.tx, readOnly: true, hoisted: [] }, sql, {
		check: singular ? singularCheck : undefined
	});
	const row = result.rows[0];
	const pageTotal = Number(row.page_total);
	const totalCount = row.total_result_set === null ? undefined : Number(row.total_result_set);
	const { status: rangeStatus, contentRange } = rangeResponse(range.offset, pageTotal, totalCount);
	const headers: Record<string, string> = {
		'Content-Type': ctx.media.contentType,
		'Content-Range': contentRange,
		'Content-Location': contentLocation(ctx, rel.name),
		'Content-Profile': ctx.schema
	};
	if (ctx.prefs.applied.length) headers['Preference-Applied'] = ctx.prefs.applied.join(', ');
	const status = applyGucOverrides(rangeStatus, headers, row.response_headers, row.response_status);
	return { status, headers, body: row.body ?? '[]' };
}

function parseJsonBody(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		throw errors.invalidBody();
	}
}

/** Column list of an insert: `columns=` or the keys of the payload (all objects must agree, PGRST102). */
function insertColumns(payload: Array<Record<string, unknown>>, columnsParam: string | undefined): string[] {
	if (columnsParam) return splitTopLevel(columnsParam).map((c) => unquote(c.trim())).filter(Boolean);
	if (payload.length === 0) return [];
	const keys = Object.keys(payload[0]).sort();
	for (const obj of payload) {
		const k = Object.keys(obj).sort();
		if (k.length !== keys.length || k.some((x, i) => x !== keys[i])) throw errors.invalidBody('All object keys must match');
	}
	return Object.keys(payload[0]);
}

async function mutate(ctx: RestContext, rel: Relation, query: ParsedQuery): Promise<Reply> {
	const table = `${ident(rel.schema)}.${ident(rel.name)}`;
	const representation = ctx.prefs.return === 'representation';
	let statement: string;
	if (ctx.method === 'POST') {
		if (query.onConflict !== undefined || /resolution=/.test(String(ctx.headers.prefer ?? ''))) {
			throw errors.notImplemented('Upsert (on_conflict / Prefer: resolution) is not supported by the local stand-in');
		}
		const parsed = parseJsonBody(ctx.body.trim() === '' ? '{}' : ctx.body);
		const payload = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
		if (payload.some((o) => o === null || typeof o !== 'object' || Array.isArray(o))) throw errors.invalidBody();
		const cols = insertColumns(payload, query.columns);
		const colList = cols.map(ident).join(', ');
		statement =
			cols.length === 0
				? `INSERT INTO ${table} DEFAULT VALUES`
				: `INSERT INTO ${table} (${colList}) SELECT ${colList} FROM json_populate_recordset(NULL::${table}, ${lit(JSON.stringify(payload))}::json) _`;
	} else if (ctx.method === 'PATCH') {
		const parsed = parseJsonBody(ctx.body.trim() === '' ? '{}' : ctx.body);
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidBody();
		const cols = Object.keys(parsed);
		if (cols.length === 0) return { status: 204, headers: { 'Content-Range': '*/*' } };
		statement =
			`UPDATE ${table} SET ${cols.map((c) => `${ident(c)} = pgrst_body.${ident(c)}`).join(', ')} ` +
			`FROM (SELECT * FROM json_populate_record(NULL::${table}, ${lit(JSON.stringify(parsed))}::json)) pgrst_body` +
			whereSql(query.conditions, table);
	} else {
		statement = `DELETE FROM ${table}` + whereSql(query.conditions, table);
	}
	const created = ctx.method === 'POST';
	const tx = { ...ctx.tx, readOnly: false, hoisted: [] as Array<[string, string]> };
	if (!representation) {
		// return=minimal: no RETURNING, so SELECT policies do not apply to the written rows.
		const r = await runInTransaction(ctx.pool, tx, statement);
		const n = r.rowCount ?? 0;
		return {
			status: created ? 201 : 204,
			headers: { 'Content-Range': created || n === 0 ? '*/*' : `0-${n - 1}/*` }
		};
	}
	const sql =
		`WITH pgrst_source AS (${statement} RETURNING ${table}.*) ` +
		`SELECT pg_catalog.count(_postgrest_t)::text AS page_total, ${bodySql(ctx)}::text AS body, ${RESPONSE_GUCS_SQL} ` +
		`FROM (SELECT ${selectListSql(query.select, 'pgrst_source')} FROM pgrst_source) _postgrest_t`;
	const result = await runInTransaction(ctx.pool, tx, sql, { check: ctx.media.kind === 'object' ? singularCheck : undefined });
	const row = result.rows[0];
	const n = Number(row.page_total);
	const headers: Record<string, string> = {
		'Content-Type': ctx.media.contentType,
		'Content-Range': created || n === 0 ? '*/*' : `0-${n - 1}/*`,
		'Preference-Applied': 'return=representation',
		'Content-Profile': ctx.schema
	};
	const status = applyGucOverrides(created ? 201 : 200, headers, row.response_headers, row.response_status);
	return { status, headers, body: row.body ?? '[]' };
}

export async function handleTable(ctx: RestContext, name: string): Promise<Reply> {
	const rel = findRelation(ctx.cache, ctx.schema, name);
	switch (ctx.method) {
		case 'GET':
		case 'HEAD':
			return read(ctx, rel, parseQuery(ctx.pairs, false));
		case 'POST':
		case 'PATCH':
		case 'DELETE':
			return mutate(ctx, rel, parseQuery(ctx.pairs, false));
		case 'OPTIONS':
			return { status: 200, headers: { Allow: 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE' } };
		case 'PUT':
			throw errors.notImplemented('PUT (single-row upsert) is not supported by the local stand-in');
		default:
			throw new ApiError(405, 'PGRST117', `Unsupported HTTP method: ${ctx.method}`);
	}
}
