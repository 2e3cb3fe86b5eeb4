// The response layer shared by reads, writes and calls (docs/supabase-compat.md §3.6–§3.8): the body each media
// type aggregates to, counts (exact, planned from EXPLAIN, estimated), Content-Range and the status derived from
// it, Preference-Applied, and the `response.headers` / `response.status` overrides set by SQL.
import type { Headers } from '../http.ts';
import { errors } from './errors.ts';
import type { Media } from './media.ts';
import type { Prefs } from './prefs.ts';

/** Columns every main query ends with: the response GUCs, read after the body has been aggregated. */
export const RESPONSE_GUCS_SQL =
	"nullif(current_setting('response.headers', true), '') AS response_headers, " +
	"nullif(current_setting('response.status', true), '') AS response_status";

/** The GUCs alone, as a statement after a write that returns nothing. */
export const RESPONSE_GUCS_STATEMENT = `SELECT ${RESPONSE_GUCS_SQL}`;

/** What one row of `_postgrest_t` holds: a relation's row, or the `pgrst_scalar` column of a scalar function. */
export type Shape = 'rows' | 'single-composite' | 'scalar' | 'setof-scalar';

/** PostgREST's CSV: the first row's keys, then each row's record text without its parentheses. */
function csvSql(page: string): string {
	const headerSql =
		`(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(row_to_json(hh))::text AS k ` +
		`FROM (SELECT * FROM ${page} LIMIT 1) hh) a)`;
	return `${headerSql} || chr(10) || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), chr(10)), '')`;
}

/** The body aggregate over `_postgrest_t` (rows of `page`) for the negotiated media type. */
export function bodySql(media: Media, shape: Shape, page: string): string {
	if (media.kind === 'csv') return csvSql(page);
	const value = shape === 'scalar' || shape === 'setof-scalar' ? '_postgrest_t.pgrst_scalar' : '_postgrest_t';
	const strip = (s: string) => (media.stripNulls ? `json_strip_nulls(${s})` : s);
	if (media.kind === 'object' || shape === 'single-composite' || shape === 'scalar') {
		return `coalesce(${strip(`json_agg(${value})->0`)}, 'null')`;
	}
	return `coalesce(${strip(`json_agg(${value})`)}, '[]')`;
}

export interface CountPlan {
	/** A text-valued SQL expression for the counted total, or `null::text`. */
	totalSql: string;
	/** `EXPLAIN (FORMAT JSON) …` to run after the main query, for planned and estimated counts. */
	explainSql?: string;
}

/**
 * The total for `Prefer: count`: exact counts the filtered rows; planned reads the planner's row estimate
 * (EXPLAIN of the count query); estimated counts exactly up to max-rows and takes the larger of that and the
 * estimate beyond it. `standalone` is the count query runnable on its own (EXPLAIN is a separate statement).
 */
export function countPlan(prefs: Prefs, countQuery: string, maxRows: number | undefined, standalone = countQuery): CountPlan {
	const explainSql = `EXPLAIN (FORMAT JSON) ${standalone}`;
	switch (prefs.count) {
		case 'exact':
			return { totalSql: `(SELECT pg_catalog.count(*) FROM (${countQuery}) pgrst_count)::text` };
		case 'estimated': {
			const limit = maxRows === undefined ? '' : ` LIMIT ${maxRows + 1}`;
			return { totalSql: `(SELECT pg_catalog.count(*) FROM (${countQuery}${limit}) pgrst_count)::text`, explainSql };
		}
		case 'planned':
			return { totalSql: 'null::text', explainSql };
		default:
			return { totalSql: 'null::text' };
	}
}

function planRows(explainRows: Array<Record<string, unknown>> | undefined): number {
	const plan = explainRows?.[0]?.['QUERY PLAN'];
	const parsed = typeof plan === 'string' ? JSON.parse(plan) : plan;
	return Number((parsed as Array<{ Plan: { 'Plan Rows': number } }>)[0].Plan['Plan Rows']);
}

export function resolveTotal(
	prefs: Prefs,
	counted: string | null | undefined,
	explainRows: Array<Record<string, unknown>> | undefined,
	maxRows: number | undefined
): number | undefined {
	const exact = counted === null || counted === undefined ? undefined : Number(counted);
	if (prefs.count === 'planned') return planRows(explainRows);
	if (prefs.count === 'estimated' && exact !== undefined && (maxRows === undefined || exact > maxRows)) {
		return Math.max(exact, planRows(explainRows));
	}
	return exact;
}

/** PostgREST's contentRangeH: `lower-upper/total`, `*` for an empty range, `*` for an unknown total. */
export function contentRange(lower: number, upper: number, total: number | undefined): string {
	const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
	return `${range}/${total === undefined ? '*' : total}`;
}

/** Content-Range and the status of a read: 206 when fewer rows than the total, 416 past the end. */
export function rangeResponse(offset: number, pageTotal: number, total: number | undefined): { status: number; contentRange: string } {
	const header = contentRange(offset, offset + pageTotal - 1, total);
	if (total === undefined) return { status: 200, contentRange: header };
	if (offset > total) throw errors.range(offset, total);
	return { status: pageTotal < total ? 206 : 200, contentRange: header };
}

/** Applies `response.headers` / `response.status` set by SQL (PGRST111 / PGRST112 when malformed). */
export function applyGucOverrides(
	status: number,
	headers: Headers,
	gucHeaders: string | null | undefined,
	gucStatus: string | null | undefined
): number {
	if (gucHeaders) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(gucHeaders);
		} catch {
			throw errors.gucHeaders();
		}
		if (!Array.isArray(parsed)) throw errors.gucHeaders();
		for (const entry of parsed) {
			const pairs = entry && typeof entry === 'object' ? Object.entries(entry) : [];
			if (pairs.length !== 1 || typeof pairs[0][1] !== 'string') throw errors.gucHeaders();
			const [name, value] = pairs[0] as [string, string];
			for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
			headers[name] = value;
		}
	}
	if (gucStatus) {
		if (!/^\d{3}$/.test(gucStatus.trim())) throw errors.gucStatus(gucStatus);
		return Number(gucStatus);
	}
	return status;
}
