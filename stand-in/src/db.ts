// Connection pools. PostgREST connects as `authenticator`, GoTrue as `supabase_auth_admin` (docs/supabase-compat.md §3.1, §4);
// both are LOGIN roles of the local compat bootstrap. A pool never holds a dead connection for long: pg drops
// clients that error, and an idle client killed by a server restart is removed through the 'error' event, so
// later requests reconnect by themselves.
import pg from 'pg';
import { ROLE_PASSWORD } from './keys.ts';

/** The database URL with another login role (same host, port, database). */
export function urlForRole(databaseUrl: string, role: string, password = ROLE_PASSWORD): string {
	const u = new URL(databaseUrl);
	u.username = role;
	u.password = password;
	return u.toString();
}

export interface PoolOptions {
	databaseUrl: string;
	role: string;
	max: number;
	acquisitionTimeoutMs: number;
	applicationName: string;
	/** Extra `-c name=value` startup options. */
	settings?: Record<string, string>;
	types?: pg.CustomTypesConfig;
}

export function createPool(opts: PoolOptions): pg.Pool {
	const options = Object.entries({ TimeZone: 'UTC', ...opts.settings })
		.map(([k, v]) => `-c ${k}=${v}`)
		.join(' ');
	const pool = new pg.Pool({
		connectionString: urlForRole(opts.databaseUrl, opts.role),
		max: opts.max,
		connectionTimeoutMillis: opts.acquisitionTimeoutMs,
		idleTimeoutMillis: 30_000,
		application_name: opts.applicationName,
		options,
		...(opts.types ? { types: opts.types } : {})
	});
	// An idle client lost to a server restart: pg removes it from the pool; we only keep the process alive.
	pool.on('error', () => {});
	return pool;
}

/** Runs `fn` on a pooled client; a client that saw a connection-level error is destroyed, not reused. */
export async function withClient<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	let broken: Error | undefined;
	const onError = (e: Error) => (broken = e);
	client.on('error', onError);
	try {
		return await fn(client);
	} catch (e) {
		const code = (e as { code?: unknown }).code;
		const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
		if (!sqlState || /^(08|57P)/.test(sqlState)) broken ??= e as Error;
		throw e;
	} finally {
		client.off('error', onError);
		client.release(broken);
	}
}
