// Table writes (docs/supabase-compat.md §3.5): POST inserts, PATCH updates, DELETE deletes, run for real so
// privileges and RLS answer exactly as with PostgREST. The body is read as PostgREST reads it (json_to_recordset
// with each column's type; `columns=` picks the columns; `Prefer: missing=default` fills absent keys with the
// column defaults), `limit`/`order` narrow a PATCH or DELETE, and the response layer answers counts,
// Content-Range, Location and Preference-Applied per action. Upserts answer PGRST127 "Feature not implemented".
import type { Reply } from '../http.ts';
import type { RestContext } from './context.ts';
import { errors } from './errors.ts';
import { checkContentType, negotiateMedia } from './media.ts';
import { rowsPayload } from './payload.ts';
import { checkStrict, preferenceApplied } from './prefs.ts';
import { parseColumns } from './query.ts';
import type { ParsedQuery } from './query.ts';
import { RESPONSE_GUCS_SQL, RESPONSE_GUCS_STATEMENT, applyGucOverrides, bodySql, contentRange } from './response.ts';
import type { Column, Relation } from './schema-cache.ts';
import { limitOffsetSql, orderSql, selectListSql, whereSql } from './sql.ts';
import { ident, lit, runInTransaction } from './transaction.ts';
import type { MainResult } from './transaction.ts';

type Action = 'create' | 'update' | 'delete';

/**
 * PostgREST's fromJsonBodyF: the payload as typed rows `pgrst_body`, with the column defaults merged under the
 * given keys first when `missing=default`.
 */
function bodyFrom(json: string, object: boolean, cols: Column[], applyDefaults: boolean, limitOne: boolean): string {
	const j = applyDefaults ? 'jsonb' : 'json';
	let rows = 'pgrst_payload.json_data';
	let sql = `(SELECT ${lit(json)}::${j} AS json_data) pgrst_payload, `;
	if (applyDefaults) {
		const defs = `jsonb_build_object(${cols
			.filter((c) => c.default !== null)
			.map((c) => `${lit(c.name)}, ${c.default}`)
			.join(', ')})`;
		sql += object
			? `LATERAL (SELECT ${defs} || pgrst_payload.json_data AS val) pgrst_json_defs, `
			: `LATERAL (SELECT jsonb_agg(${defs} || elem) AS val FROM jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `;
		rows = 'pgrst_json_defs.val';
	}
	if (cols.length === 0) {
		return sql + (object ? 'LATERAL (SELECT FROM (VALUES (1)) _) pgrst_body' : `LATERAL (SELECT FROM ${j}_array_elements(${rows}) _) pgrst_body`);
	}
	const names = cols.map((c) => ident(c.name)).join(', ');
	const typed = cols.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
	return sql + `LATERAL (SELECT ${names} FROM ${j}_to_record${object ? '' : 'set'}(${rows}) AS _(${typed})${limitOne ? ' LIMIT 1' : ''}) pgrst_body`;
}

/** Limited PATCH/DELETE (`limit`, `offset`, `order`): the target rows picked by ctid. */
function limitedRows(rel: Relation, table: string, query: ParsedQuery): string | undefined {
	if (query.limit === undefined && query.offset === undefined) return undefined;
	if (rel.kind !== 'r' && rel.kind !== 'p') {
		throw errors.notImplemented('limit/offset on a PATCH or DELETE of a view is not supported by the local stand-in');
	}
	return (
		`pgrst_affected_rows AS (SELECT ${table}.ctid FROM ${table}${whereSql(query.conditions, table)}` +
		`${orderSql(query.order, table)}${limitOffsetSql(query.limit, query.offset ?? 0)})`
	);
}

interface Statement {
	with: string[];
	statement: string;
	/** A PATCH without columns writes nothing: the statement is a SELECT of no rows, which takes no RETURNING. */
	writesNothing?: boolean;
}

function payloadColumns(rel: Relation, keys: string[]): Column[] {
	const cols: Column[] = [];
	for (const k of keys) {
		const col = rel.columns.find((c) => c.name === k);
		if (!col) throw errors.columnNotFound(rel.name, k);
		cols.push(col);
	}
	return cols;
}

function statementSql(ctx: RestContext, action: Action, rel: Relation, query: ParsedQuery): Statement {
	const table = `${ident(rel.schema)}.${ident(rel.name)}`;
	const limited = action === 'create' ? undefined : limitedRows(rel, table, query);
	const where = limited ? ` WHERE ${table}.ctid = pgrst_affected_rows.ctid` : whereSql(query.conditions, table);
	if (action === 'delete') {
		return { with: limited ? [limited] : [], statement: `DELETE FROM ${table}${limited ? ' USING pgrst_affected_rows' : ''}${where}` };
	}
	checkContentType(ctx.headers['content-type'] as string | undefined);
	const columnsParam = query.columns === undefined ? undefined : parseColumns(query.columns);
	const payload = rowsPayload(ctx.body, columnsParam, ctx.maxBodyDepth);
	const cols = payloadColumns(rel, payload.keys);
	const json = columnsParam || payload.single || payload.rows.length ? ctx.body : '[]';
	const body = bodyFrom(json, payload.single, cols, ctx.prefs.missing === 'default', action === 'update');
	if (action === 'create') {
		const names = cols.map((c) => ident(c.name)).join(', ');
		const target = cols.length ? ` (${names}) SELECT ${cols.map((c) => `pgrst_body.${ident(c.name)}`).join(', ')}` : ' SELECT';
		return { with: [], statement: `INSERT INTO ${table}${target} FROM ${body}` };
	}
	if (cols.length === 0) return { with: [], statement: `SELECT ${table}.* FROM ${table} WHERE false`, writesNothing: true };
	const set = cols.map((c) => `${ident(c.name)} = pgrst_body.${ident(c.name)}`).join(', ');
	return {
		with: limited ? [limited] : [],
		statement: `UPDATE ${table} SET ${set} FROM ${body}${limited ? ', pgrst_affected_rows' : ''}${where}`
	};
}

/** PostgREST's locationF: `pk=eq.value` of the first written row. */
function locationSql(pk: string[]): string {
	return (
		`(SELECT array_agg(json_data.key || '=' || coalesce('eq.' || json_data.value, 'is.null')) ` +
		`FROM (SELECT row_to_json(_) AS row FROM pgrst_source AS _ LIMIT 1) data CROSS JOIN json_each_text(data.row) AS json_data ` +
		`WHERE json_data.key IN (${pk.map(lit).join(', ')}))`
	);
}

export async function mutate(ctx: RestContext, rel: Relation, query: ParsedQuery): Promise<Reply> {
	const { prefs } = ctx;
	const action: Action = ctx.method === 'POST' ? 'create' : ctx.method === 'PATCH' ? 'update' : 'delete';
	if (action === 'create' && (query.onConflict !== undefined || prefs.resolution)) {
		throw errors.notImplemented('Upsert (on_conflict / Prefer: resolution) is not supported by the local stand-in');
	}
	const { with: ctes, statement, writesNothing } = statementSql(ctx, action, rel, query);
	const media = negotiateMedia(ctx.accept);
	checkStrict(prefs);
	const table = `${ident(rel.schema)}.${ident(rel.name)}`;
	const representation = prefs.return === 'representation';
	const location = action === 'create' && rel.pk.length > 0 && (representation || prefs.return === 'headers-only');
	const strictMax = action !== 'create' && prefs.handling === 'strict' ? prefs.maxAffected : undefined;
	const prefix = ctes.length ? `WITH ${ctes.join(', ')} ` : '';

	let sql: string;
	let after: string[] = [];
	if (representation || location) {
		// RETURNING makes SELECT privileges and policies apply to the written rows, as with PostgREST.
		const returning = representation ? `${table}.*` : rel.pk.map((c) => `${table}.${ident(c)}`).join(', ');
		const source = `pgrst_source AS (${statement}${writesNothing ? '' : ` RETURNING ${returning}`})`;
		const page = `pgrst_page AS (SELECT ${representation ? selectListSql(query.select, 'pgrst_source') : 'pgrst_source.*'} FROM pgrst_source)`;
		sql =
			`WITH ${[...ctes, source, page].join(', ')} SELECT pg_catalog.count(_postgrest_t)::text AS page_total, ` +
			`${representation ? bodySql(media, 'rows', 'pgrst_page') : 'null'}::text AS body, ` +
			`${location ? locationSql(rel.pk) : 'null::text[]'} AS location, ${RESPONSE_GUCS_SQL} FROM pgrst_page _postgrest_t`;
	} else {
		// No RETURNING: the row count comes from the command itself; the GUCs from a statement after it.
		sql = prefix + statement;
		after = [RESPONSE_GUCS_STATEMENT];
	}
	const affected = (main: MainResult) => (representation || location ? Number(main.rows[0]?.page_total ?? 0) : (main.rowCount ?? 0));
	const check = (results: MainResult[]) => {
		const n = affected(results[0]);
		if (media.kind === 'object' && n !== 1) return errors.singular(n);
		if (strictMax !== undefined && n > strictMax) return errors.maxAffected(n);
		return undefined;
	};
	const needsCheck = media.kind === 'object' || strictMax !== undefined;
	const results = await runInTransaction(ctx.pool, { ...ctx.tx, readOnly: false, hoisted: [] }, sql, {
		check: needsCheck ? check : undefined,
		after,
		rollback: ctx.rollback
	});
	const n = affected(results[0]);
	const row = (representation || location ? results[0].rows[0] : results[1].rows[0]) ?? {};
	const counted = prefs.count === 'exact' || prefs.count === 'estimated' ? n : undefined;
	const headers: Record<string, string> = {
		'Content-Range': action === 'update' ? contentRange(0, n - 1, counted) : contentRange(1, 0, counted)
	};
	const pairs = (row.location as unknown as string[] | null) ?? [];
	if (location && pairs.length) {
		const qs = pairs.map((p) => p.split('=')).map(([k, ...v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.join('='))}`);
		headers.Location = `/${rel.name}?${qs.join('&')}`;
	}
	const applied = preferenceApplied(prefs, action, { hasPk: rel.pk.length > 0 });
	if (applied) headers['Preference-Applied'] = applied;
	if (representation) {
		headers['Content-Type'] = media.contentType;
		headers['Content-Profile'] = ctx.schema;
	}
	const status = action === 'create' ? 201 : representation ? 200 : 204;
	const finalStatus = applyGucOverrides(status, headers, row.response_headers as string | null, row.response_status as string | null);
	return representation ? { status: finalStatus, headers, body: row.body ?? '[]' } : { status: finalStatus, headers };
}
