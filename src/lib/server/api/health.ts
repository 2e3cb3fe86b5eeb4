// GET /api/health: is the database reachable?
//   - DATABASE_URL set (npm start, the tests): `select 1` through a small pg pool (its gauges feed /api/metrics);
//   - otherwise through the Supabase API: an anonymous read that PostgREST must send to PostgreSQL. Any answer
//     carrying a SQLSTATE (or a 2xx) proves PostgREST reached the database; PostgREST's own PGRST00x
//     connection errors, 5xx and network failures mean it did not (docs/architecture.md, "Errors").
import pg from 'pg';
import { env } from '$env/dynamic/private';
import { setPoolStats } from './metrics';
import { supabaseAnonKey, supabaseUrl } from './supabase';

export interface HealthReport {
	status: 'ok' | 'unavailable';
	checks: { database: { status: 'ok' | 'unavailable'; via: 'direct' | 'api'; duration_ms: number; error?: string } };
}

const POOL_KEY = Symbol.for('workflow-versions.api-health-pool');

function pool(url: string): pg.Pool {
	const g = globalThis as Record<symbol, unknown>;
	let p = g[POOL_KEY] as pg.Pool | undefined;
	if (!p) {
		p = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 3_000 });
		p.on('error', () => {}); // an idle client lost with the server: the next check reconnects
		const created = p;
		setPoolStats(() => ({ total: created.totalCount, idle: created.idleCount, waiting: created.waitingCount }));
		g[POOL_KEY] = p;
	}
	return p;
}

async function direct(url: string): Promise<void> {
	await pool(url).query({ text: 'select 1', query_timeout: 3_000 } as pg.QueryConfig);
}

async function viaApi(): Promise<void> {
	const res = await fetch(`${supabaseUrl()}/rest/v1/workflow_node_types?select=type&limit=1`, {
		headers: { apikey: supabaseAnonKey(), Authorization: `Bearer ${supabaseAnonKey()}` },
		signal: AbortSignal.timeout(3_000)
	});
	if (res.ok) return;
	const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
	const code = body?.code ?? '';
	if (res.status < 500 && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('PGRST')) return;
	throw new Error(`Supabase API answered ${res.status} ${code} ${body?.message ?? ''}`.trim());
}

export async function checkHealth(): Promise<HealthReport> {
	const url = env.DATABASE_URL;
	const via = url ? 'direct' : 'api';
	const started = performance.now();
	try {
		await (url ? direct(url) : viaApi());
		const ms = Math.round((performance.now() - started) * 10) / 10;
		return { status: 'ok', checks: { database: { status: 'ok', via, duration_ms: ms } } };
	} catch (e) {
		const ms = Math.round((performance.now() - started) * 10) / 10;
		// The cause (host names, ports, driver messages) goes to the server log, not to whoever asks.
		console.error(`[health] the database check via ${via} failed: ${e instanceof Error ? e.message : String(e)}`);
		const error = via === 'direct' ? 'The database did not answer' : 'The Supabase API could not reach the database';
		return { status: 'unavailable', checks: { database: { status: 'unavailable', via, duration_ms: ms, error } } };
	}
}
