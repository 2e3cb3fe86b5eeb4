// One structured JSON log line per version operation on stdout, and the operation metrics, for the
// /api routes and the pages' form actions alike. `API_LOG=off` silences the lines.
import { env } from '$env/dynamic/private';
import { metrics } from './metrics';

/** One `Server-Timing` entry. */
export interface Timing {
	name: string;
	desc?: string;
	ms: number;
}

export interface OperationRecord {
	/** The operation (e.g. publish, save_draft); form actions pass their RPC name. */
	action: string;
	method?: string;
	path?: string;
	workflowId: string | null;
	versionId: string | null;
	/** The caller's user id. */
	actor: string | null;
	status: number;
	/** The error code (SQLSTATE / PGRST…), null on success. */
	code: string | null;
	durationMs: number;
	requestId?: string;
	/** `api` (the /api routes) or `action` (a page's form action). */
	source?: 'api' | 'action';
	fields?: Record<string, unknown>;
}

export function outcomeOf(status: number): 'success' | 'client_error' | 'server_error' {
	return status < 400 ? 'success' : status < 500 ? 'client_error' : 'server_error';
}

/** Writes the log line and updates the Prometheus counters and histograms for one version operation. */
export function recordOperation(r: OperationRecord): void {
	const outcome = outcomeOf(r.status);
	const m = metrics();
	m.operations.inc({ operation: r.action, outcome, status: String(r.status) });
	m.duration.observe({ operation: r.action, outcome }, r.durationMs / 1000);
	logLine({
		ts: new Date().toISOString(),
		level: outcome === 'server_error' ? 'error' : outcome === 'client_error' ? 'warn' : 'info',
		msg: 'version_operation',
		source: r.source ?? 'api',
		action: r.action,
		method: r.method ?? null,
		path: r.path ?? null,
		workflow_id: r.workflowId,
		version_id: r.versionId,
		actor: r.actor,
		outcome,
		status: r.status,
		code: r.code,
		duration_ms: Math.round(r.durationMs * 10) / 10,
		request_id: r.requestId ?? null,
		...(r.fields ?? {})
	});
}

export function serverTiming(timings: Timing[], totalMs: number): string {
	const parts = timings.map((t) => `${t.name};${t.desc ? `desc="${t.desc}";` : ''}dur=${t.ms.toFixed(1)}`);
	parts.push(`total;dur=${totalMs.toFixed(1)}`);
	return parts.join(', ');
}

function logLine(fields: Record<string, unknown>): void {
	if (env.API_LOG === 'off' || env.API_LOG === '0') return;
	process.stdout.write(JSON.stringify(fields) + '\n');
}
