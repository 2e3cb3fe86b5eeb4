// Prometheus metrics of the /api routes (prom-client), served by GET /api/metrics.
// One registry per process, kept on globalThis so Vite's dev reloads do not register the metrics twice.
import client from 'prom-client';

export interface ApiMetrics {
	registry: client.Registry;
	operations: client.Counter<'operation' | 'outcome' | 'status'>;
	duration: client.Histogram<'operation' | 'outcome'>;
	upstream: client.Histogram<'call' | 'result'>;
	inFlight: client.Gauge<'operation'>;
	health: client.Counter<'result'>;
	pool: client.Gauge<'state'>;
}

const KEY = Symbol.for('workflow-versions.api-metrics');
type PoolStats = () => { total: number; idle: number; waiting: number } | null;
const POOL_KEY = Symbol.for('workflow-versions.api-pool-stats');

/** Lets the health check's pool report its connections (total / idle / waiting) at scrape time. */
export function setPoolStats(fn: PoolStats): void {
	(globalThis as Record<symbol, unknown>)[POOL_KEY] = fn;
}

function create(): ApiMetrics {
	const registry = new client.Registry();
	client.collectDefaultMetrics({ register: registry });
	const operations = new client.Counter({
		name: 'wv_api_operations_total',
		help: 'Version operations served by the /api routes, by operation, outcome (success, client_error, server_error) and HTTP status.',
		labelNames: ['operation', 'outcome', 'status'] as const,
		registers: [registry]
	});
	const duration = new client.Histogram({
		name: 'wv_api_operation_duration_seconds',
		help: 'Wall time of a version operation in the /api routes, from request to response.',
		labelNames: ['operation', 'outcome'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
		registers: [registry]
	});
	const upstream = new client.Histogram({
		name: 'wv_api_upstream_duration_seconds',
		help: 'Time spent in RPC calls to the Supabase API (PostgREST), per RPC and result (ok, error).',
		labelNames: ['call', 'result'] as const,
		buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
		registers: [registry]
	});
	const inFlight = new client.Gauge({
		name: 'wv_api_operations_in_flight',
		help: 'Version operations currently being served.',
		labelNames: ['operation'] as const,
		registers: [registry]
	});
	const health = new client.Counter({
		name: 'wv_api_health_checks_total',
		help: 'GET /api/health answers by result (ok, unavailable).',
		labelNames: ['result'] as const,
		registers: [registry]
	});
	const pool = new client.Gauge({
		name: 'wv_db_pool_connections',
		help: 'Connections of the app\'s database pool (health checks) by state: total, idle, waiting clients.',
		labelNames: ['state'] as const,
		registers: [registry],
		collect() {
			const stats = ((globalThis as Record<symbol, unknown>)[POOL_KEY] as PoolStats | undefined)?.();
			const s = stats ?? { total: 0, idle: 0, waiting: 0 };
			this.set({ state: 'total' }, s.total);
			this.set({ state: 'idle' }, s.idle);
			this.set({ state: 'waiting' }, s.waiting);
		}
	});
	return { registry, operations, duration, upstream, inFlight, health, pool };
}

export function metrics(): ApiMetrics {
	const g = globalThis as Record<symbol, unknown>;
	return (g[KEY] ??= create()) as ApiMetrics;
}
