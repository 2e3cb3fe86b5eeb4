// The wrapper every /api version route goes through:
//   - resolves the caller (401 without a session; hooks.server.ts verified the user) and refuses
//     cross-site writes; the run orchestrator's routes also admit the service_role key (below);
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
	| 'request_review'
	| 'list_reviews'
	| 'decide_review'
	| 'withdraw_review'
	| 'invite_member'
	| 'list_invitations'
	| 'accept_invitation'
	| 'decline_invitation'
	| 'revoke_invitation'
	| 'deploy'
	| 'list_deployments'
	| 'resolve'
	| 'start_run'
	| 'list_runs'
	| 'finish_run'
	| 'replay_run'
	| 'export_version'
	| 'import'
	| 'duplicate'
	| 'update_workflow';

/** What the path's `{id}` names, for the log line: a workflow unless listed here. */
const ID_NAMES: Partial<Record<OperationName, 'version' | 'project' | 'publish_request' | 'invitation' | 'run'>> = {
	get_version: 'version',
	export_version: 'version',
	duplicate: 'version',
	finish_run: 'run',
	replay_run: 'run',
	list_reviews: 'project',
	invite_member: 'project',
	decide_review: 'publish_request',
	withdraw_review: 'publish_request',
	accept_invitation: 'invitation',
	decline_invitation: 'invitation',
	revoke_invitation: 'invitation'
};

export interface OperationOptions {
	/**
	 * Admit the run orchestrator's `service_role` key as the bearer token (resolve, start, finish, replay:
	 * the RPCs that grant it). It carries no user, so GoTrue does not vouch for it; the route passes it on
	 * unchanged and PostgREST checks its signature (a forged one answers 401 PGRST301), the RPC its role.
	 */
	serviceRole?: boolean;
}

/** One operation's request, caller and what its log line reports; an RpcCaller for callRpc. */
export class OperationContext implements RpcCaller {
	readonly event: RequestEvent;
	readonly supabase: AppSupabaseClient;
	/** The signed-in user; null for the service_role key (operations that admit it). */
	readonly user: User | null;
	readonly requestId: string;
	/** Filled in by the route, reported in the log line. */
	workflowId: string | null = null;
	versionId: string | null = null;
	readonly logFields: Record<string, unknown> = {};
	readonly timings: Timing[] = [];

	constructor(event: RequestEvent, user: User | null, requestId: string) {
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

/** The role claim of the request's bearer JWT, unverified (PostgREST verifies it on the RPC call). */
export function bearerRole(token: string | null | undefined): string | null {
	const payload = token?.split('.')[1];
	if (!payload) return null;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
		return claims && typeof claims === 'object' && 'role' in claims && typeof claims.role === 'string' ? claims.role : null;
	} catch {
		return null;
	}
}

/**
 * A version operation as a SvelteKit handler: auth, error mapping, one log line, Server-Timing, metrics.
 * `handler` returns the success Response or throws (ApiFailure for expected failures).
 */
export function operation(
	name: OperationName,
	handler: (ctx: OperationContext) => Promise<Response>,
	options: OperationOptions = {}
): RequestHandler {
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
			const orchestrator = !user && options.serviceRole === true && bearerRole(event.locals.accessToken) === 'service_role';
			if (!user && !orchestrator) throw new ApiFailure(401, UNAUTHENTICATED, { 'WWW-Authenticate': 'Bearer' });
			refuseCrossSiteWrite(event);
			ctx = new OperationContext(event, user, requestId);
			if (orchestrator) ctx.logFields.caller = 'service_role';
			const id = (event.params as { id?: string }).id ?? null;
			const names = ID_NAMES[name];
			if (!names) ctx.workflowId = id;
			else if (names === 'version') ctx.versionId = id;
			else if (id) ctx.logFields[`${names}_id`] = id;
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
			workflowId: ctx ? ctx.workflowId : !ID_NAMES[name] ? (params.id ?? null) : null,
			versionId: ctx ? ctx.versionId : ID_NAMES[name] === 'version' ? (params.id ?? null) : null,
			actor: ctx?.user?.id ?? null,
			status: response.status,
			code: failure?.body.code ?? null,
			durationMs: totalMs,
			requestId,
			fields: { ...(ctx?.logFields ?? {}), ...(internal ? { error: internal } : {}) }
		});
		return response;
	};
}
