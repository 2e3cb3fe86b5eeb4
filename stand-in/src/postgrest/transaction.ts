// The per-request transaction, exactly as PostgREST runs it (docs/supabase-compat.md §3.1):
//
//   BEGIN ISOLATION LEVEL READ COMMITTED {READ ONLY|READ WRITE};
//   SELECT set_config('search_path', …, true), <role settings>, set_config('role', …, true),
//          set_config('request.jwt.claims', …, true), request.method, request.path, request.headers,
//          request.cookies, [timezone], [hoisted function settings];
//   <main query>; [<statements after it: EXPLAIN for planned counts, the response GUCs>];
//   COMMIT;   -- or SET CONSTRAINTS ALL IMMEDIATE; ROLLBACK (db-tx-end, Prefer: tx=rollback)
//
// All statements travel in ONE simple-query message (one network round trip). That protocol takes no bind
// parameters, so every value is embedded as a literal escaped by pg.escapeLiteral (standard-conforming strings
// are on; NUL characters, which the protocol cannot carry, are refused first). When the answer depends on the
// result (PGRST116 singular checks, PGRST124 max-affected), the end is left out and sent after the check:
// ROLLBACK when the check fails.
import pg from 'pg';
import { ApiError, isConnectionError } from './errors.ts';

export interface TxContext {
	role: string;
	claims: Record<string, unknown>;
	method: string;
	path: string;
	/** Request headers, names lowercased, Cookie excluded. */
	headers: Record<string, string>;
	cookies: Record<string, string>;
	readOnly: boolean;
	searchPath: string;
	roleSettings: Array<[string, string]>;
	hoisted: Array<[string, string]>;
	timezone?: string;
}

export interface MainResult {
	rows: Array<Record<string, string | null>>;
	rowCount: number | null;
}

/** Raises PostgreSQL's own error for text it cannot store (22021), before the text reaches the wire. */
export function lit(value: string): string {
	if (value.includes('\u0000')) {
		const e = new ApiError(400, '22021', 'invalid byte sequence for encoding "UTF8": 0x00');
		throw e;
	}
	return pg.escapeLiteral(value);
}

export function ident(name: string): string {
	if (name.includes('\u0000')) throw new ApiError(400, '22021', 'invalid byte sequence for encoding "UTF8": 0x00');
	return pg.escapeIdentifier(name);
}

const ISOLATION: Record<string, string> = {
	'read committed': 'READ COMMITTED',
	'repeatable read': 'REPEATABLE READ',
	serializable: 'SERIALIZABLE',
	'read uncommitted': 'READ COMMITTED'
};

/** `default_transaction_isolation` from the function config wins over the role's (docs/supabase-compat.md §3.1). */
function isolationLevel(ctx: TxContext): string {
	const fromFn = ctx.hoisted.find(([k]) => k === 'default_transaction_isolation')?.[1];
	const fromRole = ctx.roleSettings.find(([k]) => k === 'default_transaction_isolation')?.[1];
	return ISOLATION[(fromFn ?? fromRole ?? 'read committed').toLowerCase()] ?? 'READ COMMITTED';
}

export function preludeSql(ctx: TxContext): string {
	const set = (k: string, v: string) => `set_config(${lit(k)}, ${lit(v)}, true)`;
	const claims = JSON.stringify(ctx.claims);
	const configs = [
		set('search_path', ctx.searchPath),
		...ctx.roleSettings.map(([k, v]) => set(k, v)),
		set('role', ctx.role),
		set('request.jwt.claims', claims),
		set('request.method', ctx.method),
		set('request.path', ctx.path),
		set('request.headers', JSON.stringify(ctx.headers)),
		set('request.cookies', JSON.stringify(ctx.cookies)),
		...(ctx.timezone ? [set('timezone', ctx.timezone)] : []),
		...ctx.hoisted.filter(([k]) => k !== 'default_transaction_isolation').map(([k, v]) => set(k, v))
	];
	return (
		`BEGIN ISOLATION LEVEL ${isolationLevel(ctx)} ${ctx.readOnly ? 'READ ONLY' : 'READ WRITE'};\n` +
		`SELECT ${configs.join(',\n       ')};\n`
	);
}

export interface RunOptions {
	/** Statements run after the main one in the same round trip; their results follow the main one. */
	after?: string[];
	/** Inspect the results before the transaction ends; a returned error rolls it back. */
	check?: (results: MainResult[]) => ApiError | undefined;
	/** End with ROLLBACK instead of COMMIT, deferred constraints checked first (db-tx-end, Prefer: tx). */
	rollback?: boolean;
}

function endSql(opts: RunOptions): string {
	return opts.rollback ? 'SET CONSTRAINTS ALL IMMEDIATE; ROLLBACK;' : 'COMMIT;';
}

async function runOnce(pool: pg.Pool, ctx: TxContext, mainSql: string, opts: RunOptions): Promise<MainResult[]> {
	const client = await pool.connect();
	let broken: Error | undefined;
	const onError = (e: Error) => (broken = e);
	client.on('error', onError);
	try {
		const statements = [mainSql, ...(opts.after ?? [])].map((q) => q + ';\n').join('');
		const batch = preludeSql(ctx) + statements + (opts.check ? '' : endSql(opts));
		let results: pg.QueryResult[];
		try {
			results = (await client.query(batch)) as unknown as pg.QueryResult[];
		} catch (e) {
			if (isConnectionError(e)) broken = e as Error;
			else await client.query('ROLLBACK').catch((re) => (broken = re));
			throw e;
		}
		const out: MainResult[] = results.slice(2, 3 + (opts.after?.length ?? 0)).map((r) => ({ rows: r.rows, rowCount: r.rowCount }));
		if (opts.check) {
			const failure = opts.check(out);
			if (failure) {
				await client.query('ROLLBACK');
				throw failure;
			}
			try {
				await client.query(endSql(opts));
			} catch (e) {
				if (isConnectionError(e)) broken = e as Error;
				else await client.query('ROLLBACK').catch((re) => (broken = re));
				throw e;
			}
		}
		return out;
	} finally {
		client.off('error', onError);
		client.release(broken);
	}
}

/**
 * Runs the main query inside the request transaction. A read-only request that lost its connection (the
 * server restarted under an idle pooled connection) is retried once on a fresh one; nothing was written.
 */
export async function runInTransaction(
	pool: pg.Pool,
	ctx: TxContext,
	mainSql: string,
	opts: RunOptions = {}
): Promise<MainResult[]> {
	try {
		return await runOnce(pool, ctx, mainSql, opts);
	} catch (e) {
		// A client closed before the query was sent wrote nothing either, whatever the access mode.
		const neverSent = /not queryable/.test((e as Error).message ?? '');
		if ((ctx.readOnly || neverSent) && isConnectionError(e) && !(e instanceof ApiError)) return runOnce(pool, ctx, mainSql, opts);
		throw e;
	}
}
