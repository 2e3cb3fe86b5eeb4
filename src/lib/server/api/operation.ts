// The wrapper every /api version route goes through:
//   - resolves the caller (401 without a session; hooks.server.ts verified the user) and refuses
//     cross-site writes;
//   - answers failures with PostgREST-shaped error bodies {code, message, details, hint} and their status;
//   - writes ONE log line per operation (log.ts) and counts it in the metrics;
//   - sends `Server-Timing` (auth, each RPC, total) and `X-Request-Id`.
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import type { User } from '@supabase/supabase-js';
import type { AppSupabaseClient } from '$lib/supabase';
import type { RpcCaller } from '../rpc';
import { ApiFailure, UNAUTHENTICATED, errorResponse } from './errors';
import { recordOperation, serverTiming, type Timing } from './log';
import { metrics } from './metrics';
import { readBody } from './params';

export type OperationName =
	| 'create_draft'
	| 'save_draft'
	| 'publish'
	| 'revert_draft'
	| 'discard_draft'
	| 'rollback'
	| 'list_versions'
	| 'get_version'
	| 'diff'
	| 'export_version'
	| 'import'
	| 'duplicate'
	| 'update_workflow';

/** Operations whose `[id]` is a version id (the others' is a workflow id). */
const VERSION_ID_ROUTES: ReadonlySet<OperationName> = new Set(['get_version', 'export_version', 'duplicate']);

/** One operation's request, caller and what its log line reports; an RpcCaller for callRpc. */
export class OperationContext implements RpcCaller {
	readonly event: RequestEvent;
	readonly supabase: AppSupabaseClient;
	readonly user: User;
	readonly requestId: string;
	/** Filled in by the route, reported in the log line. */
	workflowId: string | null = null;
	versionId: string | null = null;
	readonly logFields: Record<string, unknown> = {};
	readonly timings: Timing[] = [];

	constructor(event: RequestEvent, user: User, requestId: string) {
		this.event = event;
		this.supabase = event.locals.supabase;
		this.user = user;
		this.requestId = requestId;
	}

	/** The JSON object in the request body; `{}` when the body is empty and `optional`. */
	body(opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
		return readBody(this.event, opts);
	}
}

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

/**
 * A version operation as a SvelteKit handler: auth, error mapping, one log line, Server-Timing, metrics.
 * `handler` returns the success Response or throws (ApiFailure for expected failures).
 */
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
		// The user was verified in hooks.server.ts, before the operation started.
		const authTiming: Timing = { name: 'auth', ms: 0 };
		try {
			const user = event.locals.user;
			if (!user) throw new ApiFailure(401, UNAUTHENTICATED, { 'WWW-Authenticate': 'Bearer' });
			refuseCrossSiteWrite(event);
			ctx = new OperationContext(event, user, requestId);
			ctx.workflowId = event.params && 'id' in event.params && !VERSION_ID_ROUTES.has(name) ? (event.params.id ?? null) : null;
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
		response.headers.set('Server-Timing', serverTiming([authTiming, ...(ctx?.timings ?? [])], totalMs));
		response.headers.set('X-Request-Id', requestId);
		const params = event.params as { id?: string };
		recordOperation({
			action: name,
			method: event.request.method,
			path: event.url.pathname,
			workflowId: ctx?.workflowId ?? (!VERSION_ID_ROUTES.has(name) ? (params.id ?? null) : null),
			versionId: ctx?.versionId ?? (VERSION_ID_ROUTES.has(name) ? (params.id ?? null) : null),
			actor: ctx?.user.id ?? null,
			status: response.status,
			code: failure?.body.code ?? null,
			durationMs: totalMs,
			requestId,
			fields: { ...(ctx?.logFields ?? {}), ...(internal ? { error: internal } : {}) }
		});
		return response;
	};
}
