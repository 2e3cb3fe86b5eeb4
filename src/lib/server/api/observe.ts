// The one code path every /api version route goes through (issue 5 §6, observability):
//   - resolves the caller (401 without a session) and their typed Supabase client;
//   - turns failures into PostgREST-shaped error bodies {code, message, details, hint} with the same status;
//   - writes ONE structured JSON log line per version operation to stdout
//     (action, workflow_id, version_id, actor, outcome, status, code, duration_ms, request_id);
//   - sends `Server-Timing` (auth, each upstream RPC, total) and `X-Request-Id`;
//   - counts operations and records latencies in the Prometheus registry (metrics.ts).
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import type { User } from '@supabase/supabase-js';
import { env } from '$env/dynamic/private';
import type { Database } from '$types/database';
import { callerClient, callerUser, type ApiClient } from './supabase';
import { metrics } from './metrics';

type Functions = Database['public']['Functions'];
export type RpcName = keyof Functions;

/** The body of every error answer: PostgREST's error object (reference/supabase-protocol.md, section C). */
export interface ApiErrorBody {
	code: string;
	message: string;
	details: string | null;
	hint: string | null;
}

/** A failure with its HTTP status; thrown anywhere inside an operation, answered by `operation()`. */
export class ApiFailure extends Error {
	readonly status: number;
	readonly body: ApiErrorBody;
	readonly headers: Record<string, string>;
	constructor(status: number, body: ApiErrorBody, headers: Record<string, string> = {}) {
		super(body.message);
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

export function badRequest(message: string, hint: string, code = '22023'): ApiFailure {
	return new ApiFailure(400, { code, message, details: null, hint });
}

export const UNAUTHENTICATED: ApiErrorBody = {
	code: '42501',
	message: 'You must be signed in to do this',
	details: null,
	hint: 'Sign in and send the access token as "Authorization: Bearer <token>" (or the session cookies)'
};

export type OperationName =
	| 'create_draft'
	| 'save_draft'
	| 'publish'
	| 'revert_draft'
	| 'discard_draft'
	| 'rollback'
	| 'list_versions'
	| 'get_version'
	| 'diff';

interface TimingEntry {
	name: string;
	desc?: string;
	ms: number;
}

export class OperationContext {
	readonly event: RequestEvent;
	readonly supabase: ApiClient;
	readonly user: User;
	readonly requestId: string;
	/** Filled in by the route, reported in the log line. */
	workflowId: string | null = null;
	versionId: string | null = null;
	readonly logFields: Record<string, unknown> = {};
	readonly timings: TimingEntry[] = [];

	constructor(event: RequestEvent, supabase: ApiClient, user: User, requestId: string) {
		this.event = event;
		this.supabase = supabase;
		this.user = user;
		this.requestId = requestId;
	}

	/**
	 * Calls an RPC as the caller, typed by the generated Database (a renamed argument breaks the build).
	 * Resolves with the data; a PostgREST error is rethrown as ApiFailure with PostgREST's status and body.
	 */
	async rpc<K extends RpcName>(fn: K, args: Functions[K]['Args']): Promise<Functions[K]['Returns']> {
		const started = performance.now();
		let result = 'ok';
		try {
			const { data, error, status } = await this.supabase.rpc(fn, args as never);
			if (error) {
				result = 'error';
				throw upstreamFailure(error, status);
			}
			return data as Functions[K]['Returns'];
		} catch (e) {
			result = 'error';
			if (e instanceof ApiFailure) throw e;
			throw unreachable(e);
		} finally {
			const ms = performance.now() - started;
			this.timings.push({ name: 'rpc', desc: fn, ms });
			metrics().upstream.observe({ call: fn, result }, ms / 1000);
		}
	}

	/** The JSON object in the request body; `{}` when the body is empty and `optional`. */
	async body(opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
		const text = await this.event.request.text();
		if (text.trim() === '') {
			if (opts.optional) return {};
			throw badRequest('The request body is empty', 'Send a JSON object (Content-Type: application/json)', 'PGRST102');
		}
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (e) {
			throw badRequest(`Empty or invalid json: ${(e as Error).message}`, 'Send a JSON object (Content-Type: application/json)', 'PGRST102');
		}
		if (value === null || typeof value !== 'object' || Array.isArray(value)) {
			throw badRequest('The request body must be a JSON object', 'Send a JSON object such as {"note": "…"}', 'PGRST102');
		}
		return value as Record<string, unknown>;
	}
}

/** PostgREST's error (supabase-js `error`) as our answer, keeping its status. */
function upstreamFailure(
	error: { code?: string; message?: string; details?: string | null; hint?: string | null },
	status: number
): ApiFailure {
	if (!status) return unreachable(new Error(error.message || 'no response'));
	return new ApiFailure(status, {
		code: error.code ?? String(status),
		message: error.message ?? 'The Supabase API refused the request',
		details: error.details ?? null,
		hint: error.hint ?? null
	});
}

function unreachable(e: unknown): ApiFailure {
	return new ApiFailure(502, {
		code: 'PGRST000',
		message: `The Supabase API did not answer: ${e instanceof Error ? e.message : String(e)}`,
		details: null,
		hint: 'Check that the Supabase API (PUBLIC_SUPABASE_URL) is running, then retry'
	});
}

// ── Parameter helpers ───────────────────────────────────────────────────────────────────────────

/** An optional integer field (absent or null → undefined). */
export function optionalInt(value: unknown, name: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
		throw badRequest(`${name} must be an integer`, `Send ${name} as a whole number, e.g. 3`);
	}
	return n;
}

export function optionalString(value: unknown, name: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badRequest(`${name} must be a string`, `Send ${name} as a JSON string`);
	return value;
}

export function requiredString(value: unknown, name: string, hint: string): string {
	const s = optionalString(value, name);
	if (s === undefined || s === '') throw badRequest(`${name} is required`, hint);
	return s;
}

/**
 * The draft revision a write builds on: the body's `expected_revision`, or `If-Match: "<revision>"`.
 * Both given and different → 400.
 */
export function expectedRevision(event: RequestEvent, fromBody: unknown): number | undefined {
	const body = optionalInt(fromBody, 'expected_revision');
	const header = event.request.headers.get('if-match');
	let fromHeader: number | undefined;
	if (header && header.trim() !== '*') {
		const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
		if (!m) throw badRequest('If-Match must carry the draft revision, e.g. If-Match: "3"', 'Send the ETag you received with the draft');
		fromHeader = Number(m[1]);
	}
	if (body !== undefined && fromHeader !== undefined && body !== fromHeader) {
		throw badRequest(
			`expected_revision (${body}) and If-Match (${fromHeader}) disagree`,
			'Send the revision once: in the body or in If-Match'
		);
	}
	return body ?? fromHeader;
}

/** `ETag: "<revision>"` for a draft row; nothing for published versions. */
export function draftETag(row: { state?: string | null; revision?: number | null } | null): Record<string, string> {
	return row && row.state === 'draft' && typeof row.revision === 'number' ? { ETag: `"${row.revision}"` } : {};
}

// ── One log line + metrics per operation (also for SvelteKit form actions) ─────────────────────────

export interface OperationRecord {
	/** The operation (e.g. publish, save_draft); form actions may pass their RPC name. */
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

/**
 * Writes the structured log line and updates the Prometheus counters/histograms for one version operation.
 * The /api routes call it through `operation()`; form actions may call it directly so every version
 * operation of the app is logged and counted the same way.
 */
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

// ── The wrapper ─────────────────────────────────────────────────────────────────────────────────

function outcomeOf(status: number): 'success' | 'client_error' | 'server_error' {
	return status < 400 ? 'success' : status < 500 ? 'client_error' : 'server_error';
}

function serverTiming(timings: TimingEntry[], totalMs: number): string {
	const parts = timings.map((t) => `${t.name};${t.desc ? `desc="${t.desc}";` : ''}dur=${t.ms.toFixed(1)}`);
	parts.push(`total;dur=${totalMs.toFixed(1)}`);
	return parts.join(', ');
}

function logLine(fields: Record<string, unknown>): void {
	if (env.API_LOG === 'off' || env.API_LOG === '0') return;
	process.stdout.write(JSON.stringify(fields) + '\n');
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	if (status === 204 || body === undefined) return new Response(null, { status, headers });
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }
	});
}

export function errorResponse(failure: ApiFailure): Response {
	return json(failure.status, failure.body, failure.headers);
}

/**
 * A version operation as a SvelteKit handler: auth, error mapping, one log line, Server-Timing, metrics.
 * `handler` returns the success Response or throws (ApiFailure for expected failures).
 */
/**
 * CSRF guard for the mutating routes: SvelteKit's own origin check covers form content types only, so a
 * body-less or Blob POST from a sibling site (another port, a subdomain) would otherwise carry the
 * SameSite=Lax session cookies. Browsers always send Origin on such requests; programs that send none
 * (curl, server-side callers with a Bearer token) are not browsers riding a user's cookies.
 */
function refuseCrossSiteWrite(event: RequestEvent): void {
	const method = event.request.method;
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
	const origin = event.request.headers.get('origin');
	if (origin !== null && origin !== event.url.origin) {
		throw new ApiFailure(403, {
			code: '42501',
			message: `Cross-site request from ${origin.slice(0, 200)} refused`,
			details: null,
			hint: 'Call the API from this site, or from a program with "Authorization: Bearer <access token>"'
		});
	}
}

export function operation(name: OperationName, handler: (ctx: OperationContext) => Promise<Response>): RequestHandler {
	return async (event) => {
		const started = performance.now();
		const m = metrics();
		const requestId = event.request.headers.get('x-request-id')?.slice(0, 100) || crypto.randomUUID();
		m.inFlight.inc({ operation: name });
		let response: Response;
		let ctx: OperationContext | null = null;
		let failure: ApiFailure | null = null;
		let internal: string | null = null;
		const authTiming: TimingEntry = { name: 'auth', ms: 0 };
		try {
			const authStarted = performance.now();
			const user = await callerUser(event);
			authTiming.ms = performance.now() - authStarted;
			if (!user) throw new ApiFailure(401, UNAUTHENTICATED, { 'WWW-Authenticate': 'Bearer' });
			refuseCrossSiteWrite(event);
			ctx = new OperationContext(event, callerClient(event), user, requestId);
			ctx.workflowId = event.params && 'id' in event.params && name !== 'get_version' ? (event.params.id ?? null) : null;
			response = await handler(ctx);
		} catch (e) {
			if (e instanceof ApiFailure) {
				failure = e;
			} else {
				internal = e instanceof Error ? (e.stack ?? e.message) : String(e);
				failure = new ApiFailure(500, {
					code: 'XX000',
					message: 'Unexpected error in the API route',
					details: null,
					hint: `Retry; if it persists, report request id ${requestId}`
				});
			}
			response = errorResponse(failure);
		} finally {
			m.inFlight.dec({ operation: name });
		}
		const totalMs = performance.now() - started;
		const status = response.status;
		response.headers.set('Server-Timing', serverTiming([authTiming, ...(ctx?.timings ?? [])], totalMs));
		response.headers.set('X-Request-Id', requestId);
		const params = event.params as { id?: string };
		recordOperation({
			action: name,
			method: event.request.method,
			path: event.url.pathname,
			workflowId: ctx?.workflowId ?? (name !== 'get_version' ? (params.id ?? null) : null),
			versionId: ctx?.versionId ?? (name === 'get_version' ? (params.id ?? null) : null),
			actor: ctx?.user.id ?? null,
			status,
			code: failure?.body.code ?? null,
			durationMs: totalMs,
			requestId,
			fields: { ...(ctx?.logFields ?? {}), ...(internal ? { error: internal } : {}) }
		});
		return response;
	};
}
