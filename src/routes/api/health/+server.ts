// GET /api/health — 200 {status: "ok", checks} when the database answers, 503 {status: "unavailable", …} otherwise.
// No session needed (load balancers call it).
import { checkHealth } from '$lib/server/api/health';
import { metrics } from '$lib/server/api/metrics';
import { json } from '$lib/server/api/errors';
import type { RequestHandler } from './$types';

/** 200 `{status: "ok", checks}` when the database answers, 503 `{status: "unavailable", …}` otherwise; no session needed. */
export const GET: RequestHandler = async () => {
	const report = await checkHealth();
	metrics().health.inc({ result: report.status });
	return json(report.status === 'ok' ? 200 : 503, report, {
		'Cache-Control': 'no-store',
		'Server-Timing': `db;dur=${report.checks.database.duration_ms}`
	});
};
