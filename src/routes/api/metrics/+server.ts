// GET /api/metrics — Prometheus text format (prom-client): wv_api_operations_total, latency histograms,
// in-flight and pool gauges, and Node's process metrics. No session needed; keep it on an internal network.
import { metrics } from '$lib/server/api/metrics';
import type { RequestHandler } from './$types';

/** Prometheus text format; no session needed. */
export const GET: RequestHandler = async () => {
	const { registry } = metrics();
	return new Response(await registry.metrics(), {
		headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }
	});
};
