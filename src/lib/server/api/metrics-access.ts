// Who may read GET /api/metrics (docs/architecture.md, "Observability"): with METRICS_TOKEN set, only a
// request carrying `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time); without it, anyone
// in local mode and nobody otherwise (403 with a hint saying how to open it).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorBody } from '../rpc';

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; body: ErrorBody; headers?: Record<string, string> };

/** Constant-time equality of two strings of any length (both are hashed first, so lengths do not leak). */
export function sameSecret(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b) && given.length === expected.length;
}

export function metricsAccess(authorization: string | null, token: string | undefined, localMode: boolean): MetricsAccess {
	if (token) {
		const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim()) : null;
		if (m && sameSecret(m[1], token)) return { ok: true };
		return {
			ok: false,
			status: 401,
			headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
			body: {
				code: '42501',
				message: 'The metrics need the metrics token',
				details: null,
				hint: 'Scrape with "Authorization: Bearer <METRICS_TOKEN>" (the value set on the server)'
			}
		};
	}
	if (localMode) return { ok: true };
	return {
		ok: false,
		status: 403,
		body: {
			code: '42501',
			message: 'The metrics are closed: no METRICS_TOKEN is set on this server',
			details: null,
			hint: 'Set METRICS_TOKEN on the server and scrape with "Authorization: Bearer <METRICS_TOKEN>"'
		}
	};
}
