// PostgREST's error model (docs/supabase-compat.md §3.9): every error is `{code, details, hint, message}` with an
// HTTP status derived from the SQLSTATE (or fixed for PGRST* codes), `Content-Type: application/json`, and
// `WWW-Authenticate: Bearer` on every 401.
import type { DatabaseError } from 'pg';
import type { Reply, Headers } from '../http.ts';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: string | null = null,
		readonly hint: string | null = null,
		readonly headers: Headers = {}
	) {
		super(message);
	}

	reply(): Reply {
		const headers: Headers = {
			'Content-Type': 'application/json; charset=utf-8',
			'Proxy-Status': `PostgREST; error=${this.code}`,
			...this.headers
		};
		if (this.status === 401 && !headers['WWW-Authenticate']) headers['WWW-Authenticate'] = 'Bearer';
		return {
			status: this.status,
			headers,
			body: JSON.stringify({ code: this.code, details: this.details, hint: this.hint, message: this.message })
		};
	}
}

/** SQLSTATE → HTTP status (PostgREST's `pgErrorStatus`). `authed` = request role ≠ anon role. */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
	if (code === '42501') return authed ? 403 : 401; // insufficient privilege, including RLS violations
	if (code === '23503' || code === '23505') return 409;
	if (code === '25006') return 405;
	if (code === '22023') return /^role .* does not exist$/.test(message) ? 401 : 400;
	if (code === '21000') return /requires a WHERE clause$/.test(message) ? 400 : 500;
	if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
	if (code === '42P01') return 404;
	if (code === '42P17') return 500;
	if (code === '53400') return 500;
	if (code === '57P01') return 503;
	if (code === 'P0001') return 400;
	if (code.startsWith('PT')) {
		const n = Number(code.slice(2));
		return Number.isInteger(n) && n >= 100 && n <= 599 ? n : 500;
	}
	const cls = code.slice(0, 2);
	switch (cls) {
		case '08':
			return 503;
		case '0L':
		case '0P':
		case '28':
			return 403;
		case '53':
			return 503;
		case '09':
		case '25':
		case '2D':
		case '38':
		case '39':
		case '3B':
		case '40':
		case '54':
		case '55':
		case '57':
		case '58':
		case 'F0':
		case 'HV':
		case 'XX':
			return 500;
		case 'P0':
			return 500;
		default:
			return 400; // 22*, 23*, 42703, 42P10 and everything else
	}
}

/** Is this error the connection failing (server gone, socket reset) rather than SQL failing? */
export function isConnectionError(e: unknown): boolean {
	const err = e as { code?: string; message?: string };
	if (!err || typeof err !== 'object') return false;
	if (typeof err.code === 'string') {
		if (/^(08|57P0)/.test(err.code)) return true;
		if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'ETIMEDOUT'].includes(err.code)) return true;
	}
	const msg = err.message ?? '';
	return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|terminating connection/i.test(
		msg
	);
}

/** A Postgres error (or a failure to reach Postgres) as PostgREST answers it. */
export function fromPgError(e: unknown, authed: boolean): ApiError {
	if (e instanceof ApiError) return e;
	const err = e as Partial<DatabaseError> & { message?: string };
	if (/timeout exceeded when trying to connect/.test(err.message ?? '')) {
		return new ApiError(504, 'PGRST003', 'Timed out acquiring connection from connection pool.');
	}
	const sqlState = typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : undefined;
	if (sqlState) {
		const message = err.message ?? '';
		if (sqlState === 'PGRST') return raisedPgrstError(err);
		return new ApiError(statusForSqlState(sqlState, message, authed), sqlState, message, err.detail ?? null, err.hint ?? null);
	}
	if (isConnectionError(e)) {
		// PostgREST's connection-usage errors; supabase-js retries GET/HEAD on 503 (docs/supabase-compat.md §3.9).
		// No driver text in the answer: the request log keeps it.
		return err.code === 'ECONNREFUSED'
			? new ApiError(503, 'PGRST000', 'Database connection error. Retrying the connection.')
			: new ApiError(503, 'PGRST001', 'Database client error. Retrying the connection.');
	}
	// A stand-in bug: the answer says so without exception text or stack (the request log keeps the message).
	return new ApiError(500, 'PGRSTX00', 'Internal error in the local stand-in', null, 'The request log on stderr has the cause.');
}

/**
 * `RAISE SQLSTATE 'PGRST' USING message = '{"code":…,"message":…}', detail = '{"status":…,"headers":…}'`
 * gives full control over the response; unparseable JSON is 500 PGRST121.
 */
function raisedPgrstError(err: Partial<DatabaseError>): ApiError {
	const bad = () =>
		new ApiError(
			500,
			'PGRST121',
			"Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
			`Invalid JSON value for MESSAGE: '${err.message}'`,
			'MESSAGE must be a JSON object with obligatory keys: \'code\', \'message\' and optional keys: \'details\', \'hint\'.'
		);
	try {
		const m = JSON.parse(err.message ?? '');
		const d = JSON.parse(err.detail ?? '');
		if (typeof m?.code !== 'string' || typeof m?.message !== 'string' || typeof d?.status !== 'number') return bad();
		const headers: Headers = {};
		for (const [k, v] of Object.entries((d.headers ?? {}) as Record<string, unknown>)) headers[k] = String(v);
		return new ApiError(d.status, m.code, m.message, m.details ?? null, m.hint ?? null, headers);
	} catch {
		return bad();
	}
}

// ── PostgREST's own errors ────────────────────────────────────────────────────────────────────────

export const errors = {
	queryParam: (message: string, details: string | null = null) => new ApiError(400, 'PGRST100', message, details),
	rpcMethod: (method: string) => new ApiError(405, 'PGRST101', `Cannot use the ${method} method on RPC`),
	invalidBody: (message = 'Empty or invalid json') => new ApiError(400, 'PGRST102', message),
	range: (offset: number, total: number) =>
		new ApiError(
			416,
			'PGRST103',
			'Requested range not satisfiable',
			`An offset of ${offset} was requested, but there are only ${total} rows.`,
			null,
			{ 'Content-Range': `*/${total}` }
		),
	schema: (schema: string, exposed: string[]) =>
		new ApiError(406, 'PGRST106', `Invalid schema: ${schema}`, null, `Only the following schemas are exposed: ${exposed.join(', ')}`),
	accept: (types: string[]) => new ApiError(406, 'PGRST107', `None of these media types are available: ${types.join(', ')}`),
	singular: (rows: number) =>
		new ApiError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${rows} rows`),
	prefs: (invalid: string[]) =>
		new ApiError(400, 'PGRST122', `Invalid preferences given with handling=strict`, `Invalid preferences: ${invalid.join(', ')}`),
	maxAffected: (rows: number) =>
		new ApiError(400, 'PGRST124', 'Query result exceeds max-affected preference constraint', `The query affects ${rows} rows`),
	columnNotFound: (relation: string, column: string) =>
		new ApiError(400, 'PGRST204', `Could not find the '${column}' column of '${relation}' in the schema cache`),
	aggregates: () => new ApiError(400, 'PGRST123', 'Use of aggregate functions is not allowed'),
	path: () => new ApiError(404, 'PGRST125', 'Invalid path specified in request URL'),
	notImplemented: (details: string) => new ApiError(400, 'PGRST127', 'Feature not implemented', details),
	gucHeaders: () => new ApiError(500, 'PGRST111', 'response.headers guc must be a JSON array composed of objects with a single key and a string value'),
	gucStatus: (v: string) => new ApiError(500, 'PGRST112', `response.status guc must be a valid status code`, `Given: ${v}`),
	jwt: (code: 'PGRST301' | 'PGRST302' | 'PGRST303', message: string) =>
		new ApiError(401, code, message, null, null, {
			'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"`
		})
};
