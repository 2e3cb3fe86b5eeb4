// `/rpc/<fn>` (docs/supabase-compat.md §3.4): method rules, the lookup (rpc-lookup.ts), the SQL PostgREST
// generates (named arguments bound through json_to_record, or the raw body as the one positional argument of a
// single unnamed parameter), return shapes, and the shared response layer (response.ts).
import type { Reply } from '../http.ts';
import type { RestContext } from './context.ts';
import { ApiError, errors } from './errors.ts';
import { checkContentType, negotiateMedia } from './media.ts';
import { parseJsonBody } from './payload.ts';
import { checkStrict, preferenceApplied } from './prefs.ts';
import { parseColumns, parseQuery } from './query.ts';
import { effectiveRange } from './request.ts';
import {
	RESPONSE_GUCS_SQL,
	applyGucOverrides,
	bodySql,
	contentRange,
	countPlan,
	rangeResponse,
	resolveTotal
} from './response.ts';
import type { MainResult } from './transaction.ts';
import { findRoutine, isPositional } from './rpc-lookup.ts';
import type { Routine } from './schema-cache.ts';
import { limitOffsetSql, orderSql, selectListSql, whereSql } from './sql.ts';
import { ident, lit, runInTransaction } from './transaction.ts';

export { rpcOptions } from './rpc-lookup.ts';

/** The FROM items producing `pgrst_call`. */
function callSql(r: Routine, body: string, bodyArgs: Record<string, unknown> | undefined, getArgs: Array<[string, string]>): string {
	const fn = `${ident(r.schema)}.${ident(r.name)}`;
	// Composite and void functions are scanned in FROM (always executed); scalars are selected as pgrst_scalar.
	const scalar = !r.returnsComposite && !r.returnsVoid;
	const wrap = (call: string) => (scalar ? `LATERAL (SELECT ${call} AS pgrst_scalar) pgrst_call` : `LATERAL ${call} pgrst_call`);
	if (isPositional(r)) {
		// PostgREST's OnePosParam: the whole body (a GET's arguments as a JSON object) cast to the parameter type.
		const raw = bodyArgs === undefined ? JSON.stringify(Object.fromEntries(getArgs)) : body.trim() === '' ? '{}' : body;
		return wrap(`${fn}(${lit(raw)}::${r.params[0].type})`);
	}
	if (bodyArgs === undefined) {
		// GET/HEAD: `"a" := '5'::integer`; a repeated variadic argument becomes an array.
		const byName = new Map<string, string[]>();
		for (const [k, v] of getArgs) (byName.get(k) ?? byName.set(k, []).get(k)!).push(v);
		const args = r.params
			.filter((p) => byName.has(p.name))
			.map((p) => {
				const values = byName.get(p.name)!;
				if (p.variadic) {
					const arr = `ARRAY[${values.map(lit).join(', ')}]::${p.type}`;
					return `VARIADIC ${ident(p.name)} := ${values.length === 1 && values[0].startsWith('{') ? `${lit(values[0])}::${p.type}` : arr}`;
				}
				return `${ident(p.name)} := ${lit(values[values.length - 1])}::${p.type}`;
			});
		return wrap(`${fn}(${args.join(', ')})`);
	}
	const passed = r.params.filter((p) => Object.prototype.hasOwnProperty.call(bodyArgs, p.name));
	if (passed.length === 0) return wrap(`${fn}()`);
	const columns = passed.map((p) => ident(p.name)).join(', ');
	const defs = passed.map((p) => `${ident(p.name)} ${p.bodyType}`).join(', ');
	const args = passed.map((p) => `${p.variadic ? 'VARIADIC ' : ''}${ident(p.name)} := pgrst_body.${ident(p.name)}`).join(', ');
	return (
		`(SELECT ${lit(body)}::json AS json_data) pgrst_payload, ` +
		`LATERAL (SELECT ${columns} FROM json_to_record(pgrst_payload.json_data) AS _(${defs}) LIMIT 1) pgrst_body, ` +
		wrap(`${fn}(${args})`)
	);
}

function parseArgs(ctx: RestContext): Record<string, unknown> {
	checkContentType(ctx.headers['content-type'] as string | undefined);
	if (ctx.body.trim() === '') return {};
	const parsed = parseJsonBody(ctx.body, ctx.maxBodyDepth);
	if (Array.isArray(parsed)) {
		throw errors.notImplemented('A JSON array body (bulk call) on RPC is not supported by the local stand-in');
	}
	if (parsed === null || typeof parsed !== 'object') throw errors.invalidBody();
	return parsed as Record<string, unknown>;
}

export async function handleRpc(ctx: RestContext, name: string): Promise<Reply> {
	const { method, prefs } = ctx;
	if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') throw errors.rpcMethod(method);
	const isGet = method !== 'POST';
	const query = parseQuery(ctx.pairs, isGet);
	const bodyArgs = isGet ? undefined : parseArgs(ctx);
	const keys = isGet ? query.args.map(([k]) => k) : query.columns !== undefined ? parseColumns(query.columns) : Object.keys(bodyArgs!);
	const routine = findRoutine(ctx.cache, ctx.schema, name, keys, !isGet);
	const media = negotiateMedia(ctx.accept);
	checkStrict(prefs);
	const strictMax = prefs.handling === 'strict' && prefs.maxAffected !== undefined ? prefs.maxAffected : undefined;
	if (strictMax !== undefined && !routine.returnsSetOf) {
		throw new ApiError(400, 'PGRST128', 'Function must return SETOF or TABLE when max-affected preference is used with handling=strict');
	}

	// GET/HEAD always READ ONLY; POST READ ONLY for STABLE/IMMUTABLE functions.
	const readOnly = isGet || routine.volatility !== 'v';
	const tx = { ...ctx.tx, readOnly, hoisted: routine.hoisted };
	const from = callSql(routine, ctx.body, bodyArgs, query.args);
	const source = `pgrst_source AS (SELECT pgrst_call.* FROM ${from})`;
	const applied = preferenceApplied(prefs, 'call');

	if (routine.returnsVoid) {
		const sql = `WITH ${source} SELECT pg_catalog.count(*) AS page_total, ${RESPONSE_GUCS_SQL} FROM pgrst_source`;
		const [main] = await runInTransaction(ctx.pool, tx, sql, { rollback: ctx.rollback });
		const row = main.rows[0] ?? {};
		// void → 204 No Content, no body, no Content-Type.
		const counted = prefs.count === 'exact' || prefs.count === 'estimated' ? 1 : undefined;
		const headers: Record<string, string> = { 'Content-Range': contentRange(0, 0, counted) };
		if (applied) headers['Preference-Applied'] = applied;
		return { status: applyGucOverrides(204, headers, row.response_headers, row.response_status), headers };
	}

	const setOf = routine.returnsSetOf;
	const composite = routine.returnsComposite;
	if (!composite && query.conditions.length) {
		throw errors.notImplemented('Filters on a function returning scalars are not supported by the local stand-in');
	}
	const range = setOf ? effectiveRange(isGet ? ctx.rangeHeader : undefined, query.offset, query.limit, ctx.config.maxRows) : { offset: 0, limit: undefined };
	const where = composite ? whereSql(query.conditions, 'pgrst_source') : '';
	const page =
		`pgrst_page AS (SELECT ${composite ? selectListSql(query.select, 'pgrst_source') : 'pgrst_source.pgrst_scalar'} FROM pgrst_source` +
		where +
		(composite ? orderSql(query.order, 'pgrst_source') : '') +
		(setOf ? limitOffsetSql(range.limit, range.offset) : '') +
		')';
	const shape = composite ? (setOf ? 'rows' : 'single-composite') : setOf ? 'setof-scalar' : 'scalar';
	const count = countPlan(prefs, `SELECT 1 FROM pgrst_source${where}`, ctx.config.maxRows, `WITH ${source} SELECT 1 FROM pgrst_source${where}`);
	const sql =
		`WITH ${source}, ${page} ` +
		`SELECT ${count.totalSql} AS total_result_set, pg_catalog.count(_postgrest_t)::text AS page_total, ` +
		`${bodySql(media, shape, 'pgrst_page')}::text AS body, ${RESPONSE_GUCS_SQL} FROM pgrst_page _postgrest_t`;

	// `.single()` on a SETOF function with ≠ 1 rows is 406 PGRST116; more rows than max-affected is PGRST124.
	// Either way the transaction rolls back.
	const check = (results: MainResult[]) => {
		const n = Number(results[0].rows[0]?.page_total ?? 0);
		if (media.kind === 'object' && setOf && n !== 1) return errors.singular(n);
		if (strictMax !== undefined && n > strictMax) return errors.maxAffected(n);
		return undefined;
	};
	const results = await runInTransaction(ctx.pool, tx, sql, {
		// Without a check the end of the transaction travels with the query: one round trip.
		check: (media.kind === 'object' && setOf) || strictMax !== undefined ? check : undefined,
		after: count.explainSql ? [count.explainSql] : [],
		rollback: ctx.rollback
	});
	const row = results[0].rows[0];
	const pageTotal = setOf ? Number(row.page_total) : 1; // page_total is 1 for Single returns
	const total = resolveTotal(prefs, row.total_result_set, results[1]?.rows, ctx.config.maxRows);
	const { status: rangeStatus, contentRange: rangeHeader } = rangeResponse(range.offset, pageTotal, total);
	const headers: Record<string, string> = {
		'Content-Type': media.contentType,
		'Content-Range': rangeHeader,
		'Content-Profile': ctx.schema
	};
	if (applied) headers['Preference-Applied'] = applied;
	const status = applyGucOverrides(rangeStatus, headers, row.response_headers, row.response_status);
	return { status, headers, body: row.body ?? 'null' };
}
