// `/<table>` (docs/supabase-compat.md §3.5): reads with select/filters/order/limit/offset/Range/count in every
// producible media type, and the writes in mutate.ts. PUT (single-row upsert) and embedding are not implemented
// and answer PGRST127 "Feature not implemented".
import type { Reply } from '../http.ts';
import type { RestContext } from './context.ts';
import { ApiError, errors } from './errors.ts';
import { FuzzySet } from './fuzzy.ts';
import { negotiateMedia } from './media.ts';
import { mutate } from './mutate.ts';
import { checkStrict, preferenceApplied } from './prefs.ts';
import { parseQuery } from './query.ts';
import type { ParsedQuery } from './query.ts';
import { effectiveRange } from './request.ts';
import { RESPONSE_GUCS_SQL, applyGucOverrides, bodySql, countPlan, rangeResponse, resolveTotal } from './response.ts';
import type { Relation } from './schema-cache.ts';
import type { SchemaCache } from './schema-cache.ts';
import { limitOffsetSql, orderSql, selectListSql, whereSql } from './sql.ts';
import { ident, runInTransaction } from './transaction.ts';
import type { MainResult } from './transaction.ts';

/** PGRST205: the relation is not in the schema cache; the hint names the closest table of the schema. */
export function findRelation(cache: SchemaCache, schema: string, name: string): Relation {
	const qn = `${schema}.${name}`;
	const rel = cache.relations.get(qn);
	if (rel) return rel;
	const names = [...cache.relations.values()].filter((r) => r.schema === schema).map((r) => r.name);
	const suggestion = new FuzzySet(names).getOne(name, 0.75);
	throw new ApiError(
		404,
		'PGRST205',
		`Could not find the table '${qn}' in the schema cache`,
		null,
		suggestion === undefined ? null : `Perhaps you meant the table '${schema}.${suggestion}'`
	);
}

function contentLocation(ctx: RestContext, table: string): string {
	const sorted = [...ctx.pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const qs = sorted.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
	return `/${table}${qs ? `?${qs}` : ''}`;
}

async function read(ctx: RestContext, rel: Relation, query: ParsedQuery): Promise<Reply> {
	const media = negotiateMedia(ctx.accept);
	checkStrict(ctx.prefs);
	const from = `${ident(rel.schema)}.${ident(rel.name)}`;
	const range = effectiveRange(ctx.method === 'GET' ? ctx.rangeHeader : undefined, query.offset, query.limit, ctx.config.maxRows);
	const where = whereSql(query.conditions, from);
	const page =
		`pgrst_page AS (SELECT ${selectListSql(query.select, from)} FROM ${from}` +
		where +
		orderSql(query.order, from) +
		limitOffsetSql(range.limit, range.offset) +
		')';
	const count = countPlan(ctx.prefs, `SELECT 1 FROM ${from}${where}`, ctx.config.maxRows);
	const sql =
		`WITH ${page} SELECT ${count.totalSql} AS total_result_set, pg_catalog.count(_postgrest_t)::text AS page_total, ` +
		`${bodySql(media, 'rows', 'pgrst_page')}::text AS body, ${RESPONSE_GUCS_SQL} FROM pgrst_page _postgrest_t`;
	const check = (results: MainResult[]) => {
		const n = Number(results[0].rows[0]?.page_total ?? 0);
		return media.kind === 'object' && n !== 1 ? errors.singular(n) : undefined;
	};
	const results = await runInTransaction(ctx.pool, { ...ctx.tx, readOnly: true, hoisted: [] }, sql, {
		check: media.kind === 'object' ? check : undefined,
		after: count.explainSql ? [count.explainSql] : [],
		rollback: ctx.rollback
	});
	const row = results[0].rows[0];
	const total = resolveTotal(ctx.prefs, row.total_result_set, results[1]?.rows, ctx.config.maxRows);
	const { status: rangeStatus, contentRange } = rangeResponse(range.offset, Number(row.page_total), total);
	const headers: Record<string, string> = {
		'Content-Type': media.contentType,
		'Content-Range': contentRange,
		'Content-Location': contentLocation(ctx, rel.name),
		'Content-Profile': ctx.schema
	};
	const applied = preferenceApplied(ctx.prefs, 'read');
	if (applied) headers['Preference-Applied'] = applied;
	const status = applyGucOverrides(rangeStatus, headers, row.response_headers, row.response_status);
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
