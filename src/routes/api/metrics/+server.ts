// GET /api/metrics — Prometheus text format (prom-client): wv_api_operations_total, latency histograms,
// in-flight and pool gauges, and Node's process metrics. Behind METRICS_TOKEN (Authorization: Bearer …);
// without it, open in local mode only (src/lib/server/api/metrics-access.ts).
import { env } from '$env/dynamic/private';
import { json } from '$lib/server/api/errors';
import { metrics } from '$lib/server/api/metrics';
import { metricsAccess } from '$lib/server/api/metrics-access';
import { localMode } from '$lib/server/api/supabase';
import type { RequestHandler } from './$types';

/** Prometheus text format; needs `Authorization: Bearer <METRICS_TOKEN>` when the server sets one (else open in local mode only, 403 otherwise). */
export const GET: RequestHandler = async ({ request }) => {
	const access = metricsAccess(request.headers.get('authorization'), env.METRICS_TOKEN, localMode());
	if (!access.ok) return json(access.status, access.body, { 'Cache-Control': 'no-store', ...access.headers });
	const { registry } = metrics();
	return new Response(await registry.metrics(), {
		headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }
	});
};
