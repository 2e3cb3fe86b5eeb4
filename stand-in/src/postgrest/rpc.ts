// `/rpc/<fn>` (reference section A): method rules (A1), function lookup by argument names (A2), return-shape
// classes (A3), the SQL PostgREST generates with json_to_record binding (A4), and the headers of A5.
import type { Reply } from '../http.ts';
import type { RestContext } from './context.ts';
import { RESPONSE_GUCS_SQL } from './context.ts';
import { ApiError, errors } from './errors.ts';
import { parseQuery } from './query.ts';
import { applyGucOverrides, effectiveRange, rangeResponse } from './request.ts';
import type { Routine, SchemaCache } from './schema-cache.ts';
import { limitOffsetSql, orderSql, selectListSql, whereSql } from './sql.ts';
import { ident, lit, runInTransaction } from './transaction.ts';

function levenshtein(a: string, b: string): number {
	const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = dp[0];
		dp[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const tmp = dp[j];
			dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = tmp;
		}
	}
	return dp[b.length];
}

function paramList(r: Routine): string {
	return r.params.map((p) => p.name).join(', ');
}

/** A2 "Matching": every key names a parameter, and every required parameter is given. */
function matches(r: Routine, keys: Set<string>): boolean {
	if (r.params.some((p) => p.name === '')) return false;
	const names = new Set(r.params.map((p) => p.name));
	for (const k of keys) if (!names.has(k)) return false;
	return r.params.every((p) => !p.required || keys.has(p.name));
}

function isSingleUnnamedJson(r: Routine): boolean {
	return r.params.length === 1 && r.params[0].name === '' && (r.params[0].type === 'json' || r.params[0].type === 'jsonb');
}

/** PGRST202 with PostgREST's message, details and fuzzy hint. */
function notFound(cache: SchemaCache, schema: string, name: string, keys: string[], postJson: boolean): ApiError {
	const sorted = [...keys].sort();
	const qn = `${schema}.${name}`;
	const message = sorted.length
		? `Could not find the function ${qn}(${sorted.join(', ')}) in the schema cache`
		: `Could not find the function ${qn} without parameters in the schema cache`;
	const withParams =
		sorted.length === 0 ? 'without parameters' : sorted.length === 1 ? `with parameter ${sorted[0]}` : `with parameters ${sorted.join(', ')}`;
	const details = `Searched for the function ${qn} ${withParams}${postJson ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`;
	let hint: string | null = null;
	const sameName = cache.routines.get(qn);
	if (sameName?.length) {
		hint = `Perhaps you meant to call the function ${qn}(${paramList(sameName[0])})`;
	} else {
		let best: { key: string; d: number } | undefined;
		for (const key of cache.routines.keys()) {
			if (!key.startsWith(`${schema}.`)) continue;
			const d = levenshtein(key, qn);
			if (!best || d < best.d) best = { key, d };
		}
		if (best && best.d <= Math.max(3, Math.floor(qn.length / 3))) {
			const r = cache.routines.get(best.key)![0];
			hint = `Perhaps you meant to call the function ${best.key}(${paramList(r)})`;
		}
	}
	return new ApiError(404, 'PGRST202', message, details, hint);
}

export function findRoutine(
	cache: SchemaCache,
	schema: string,
	name: string,
	keys: string[],
	postJson: boolean
): Routine {
	const candidates = cache.routines.get(`${schema}.${name}`) ?? [];
	const keySet = new Set(keys);
	let found = candidates.filter((r) => matches(r, keySet));
	if (found.length === 0 && postJson) found = candidates.filter(isSingleUnnamedJson);
	if (found.length === 1) return found[0];
	if (found.length === 0) throw notFound(cache, schema, name, keys, postJson);
	throw new ApiError(
		300,
		'PGRST203',
		`Could not choose the best candidate function between: ${found.map((r) => r.signature).join(', ')}`,
		null,
		'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
	);
}

/** `Allow` for OPTIONS /rpc/fn (A1). */
export function rpcOptions(cache: SchemaCache, schema: string, name: string): Reply {
	const candidates = cache.routines.get(`${schema}.${name}`) ?? [];
	if (candidates.length === 0) throw notFound(cache, schema, name, [], false);
	const volatile = candidates.some((r) => r.volatility === 'v');
	return { status: 200, headers: { Allow: volatile ? 'OPTIONS,POST' : 'OPTIONS,GET,HEAD,POST' } };
}

interface CallSql {
	/** FROM-clause items producing `pgrst_call`. */
	from: string;
}

/** A4: named-notation call; POST args bound through json_to_record, GET args cast from text literals. */
function callSql(r: Routine, ctx: RestContext, bodyArgs: Record<string, unknown> | undefined, getArgs: Array<[string, string]>): CallSql {
	const fn = `${ident(r.schema)}.${ident(r.name)}`;
	// Composite and void functions are scanned in FROM (always executed); scalars are selected as pgrst_scalar.
	const scalar = !r.returnsComposite && !r.returnsVoid;
	const wrap = (call: string) => (scalar ? `LATERAL (SELECT ${call} AS pgrst_scalar) pgrst_call` : `LATERAL ${call} pgrst_call`);
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
		return { from: wrap(`${fn}(${args.join(', ')})`) };
	}
	if (isSingleUnnamedJson(r)) {
		return { from: wrap(`${fn}(${lit(ctx.body.trim() === '' ? '{}' : ctx.body)}::${r.params[0].type})`) };
	}
	const passed = r.params.filter((p) => Object.prototype.hasOwnProperty.call(bodyArgs, p.name));
	if (passed.length === 0) return { from: wrap(`${fn}()`) };
	const columns = passed.map((p) => ident(p.name)).join(', ');
	const defs = passed.map((p) => `${ident(p.name)} ${p.type}`).join(', ');
	const args = passed.map((p) => `${p.variadic ? 'VARIADIC ' : ''}${ident(p.name)} := pgrst_body.${ident(p.name)}`).join(', ');
	return {
		from:
			`(SELECT ${lit(ctx.body)}::json AS json_data) pgrst_payload, ` +
			`LATERAL (SELECT ${columns} FROM json_to_record(pgrst_payload.json_data) AS _(${defs}) LIMIT 1) pgrst_body, ` +
			wrap(`${fn}(${args})`)
	};
}

function parseBody(body: string): Record<string, unknown> {
	if (body.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		throw errors.invalidBody();
	}
	if (Array.isArray(parsed)) {
		throw errors.notImplemented('A JSON array body (bulk call) on RPC is not supported by the local stand-in');
	}
	if (parsed === null || typeof parsed !== 'object') throw errors.invalidBody();
	return parsed as Record<string, unknown>;
}

export async function handleRpc(ctx: RestContext, name: string): Promise<Reply> {
	const { method } = ctx;
	if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') throw errors.rpcMethod(method);
	const isGet = method !== 'POST';
	const query = parseQuery(ctx.pairs, isGet);
	const bodyArgs = isGet ? undefined : parseBody(ctx.body);
	const keys = isGet ? [...new Set(query.args.map(([k]) => k))] : Object.keys(bodyArgs!);
	const routine = findRoutine(ctx.cache, ctx.schema, name, keys, !isGet);

	// A1: GET/HEAD always READ ONLY; POST READ ONLY for STABLE/IMMUTABLE functions.
	const readOnly = isGet || routine.volatility !== 'v';
	const { from } = callSql(routine, ctx, bodyArgs, query.args);
	const singular = ctx.media.kind === 'object';

	if (routine.returnsVoid) {
		const sql =
			`WITH pgrst_source AS (SELECT pgrst_call.* FROM ${from}) ` +
			`SELECT pg_catalog.count(*) AS page_total, ${RESPONSE_GUCS_SQL} FROM pgrst_source`;
		const result = await runInTransaction(ctx.pool, { ...ctx.tx, readOnly, hoisted: routine.hoisted }, sql);
		const row = result.rows[0] ?? {};
		const headers = {};
		// A3: void → 204 No Content, no body, no Content-Type.
		const status = applyGucOverrides(204, headers, row.response_headers, row.response_status);
		return { status, headers };
	}

	const setOf = routine.returnsSetOf;
	const composite = routine.returnsComposite;
	const range = setOf ? effectiveRange(isGet ? ctx.rangeHeader : undefined, query.offset, query.limit, ctx.config.maxRows) : { offset: 0, limit: undefined };
	const where = composite ? whereSql(query.conditions, 'pgrst_source') : '';
	if (!composite && query.conditions.length) {
		throw errors.notImplemented('Filters on a function returning scalars are not supported by the local stand-in');
	}
	const inner =
		`SELECT ${composite ? selectListSql(query.select, 'pgrst_source') : 'pgrst_source.pgrst_scalar'} FROM pgrst_source` +
		where +
		(composite ? orderSql(query.order, 'pgrst_source') : '') +
		(setOf ? limitOffsetSql(range.limit, range.offset) : '');
	const value = composite ? '_postgrest_t' : '_postgrest_t.pgrst_scalar';
	let body = setOf && !singular ? `coalesce(json_agg(${value}), '[]')` : `coalesce(json_agg(${value})->0, 'null')`;
	if (ctx.media.stripNulls) body = `json_strip_nulls(${body})`;
	const total = ctx.prefs.count ? `(SELECT pg_catalog.count(*) FROM pgrst_source${where})::text` : 'null::text';
	const sql =
		`WITH pgrst_source AS (SELECT pgrst_call.* FROM ${from}) ` +
		`SELECT ${total} AS total_result_set, pg_catalog.count(_postgrest_t)::text AS page_total, ${body}::text AS body, ${RESPONSE_GUCS_SQL} ` +
		`FROM (${inner}) _postgrest_t`;

	// A5: `.single()` on a SETOF function with ≠ 1 rows is 406 PGRST116 and the transaction rolls back.
	const check =
		singular && setOf
			? (r: { rows: Array<Record<string, string | null>> }) => {
					const n = Number(r.rows[0]?.page_total ?? 0);
					return n === 1 ? undefined : errors.singular(n);
				}
			: undefined;
	const result = await runInTransaction(ctx.pool, { ...ctx.tx, readOnly, hoisted: routine.hoisted }, sql, { check });
	const row = result.rows[0];
	const pageTotal = setOf ? Number(row.page_total) : 1; // A3: page_total is 1 for Single returns
	const totalCount = row.total_result_set === null ? undefined : Number(row.total_result_set);
	const { status: rangeStatus, contentRange } = rangeResponse(range.offset, pageTotal, totalCount);
	const headers: Record<string, string> = {
		'Content-Type': ctx.media.contentType,
		'Content-Range': contentRange,
		'Content-Profile': ctx.schema
	};
	if (ctx.prefs.applied.length) headers['Preference-Applied'] = ctx.prefs.applied.join(', ');
	const status = applyGucOverrides(rangeStatus, headers, row.response_headers, row.response_status);
	return { status, headers, body: row.body ?? 'null' };
}
