// The one path from server code to the database's RPCs. Page loads, form actions and the /api routes all
// call `callRpc`, typed by the generated `Database` (types/database.ts): a renamed function or argument
// breaks the build. It never throws: the answer is the data, or PostgREST's error body with its HTTP
// status (502 `PGRST000` when the Supabase API did not answer). Answers carry no internal error text: a
// 5xx from upstream (a PostgreSQL internal such as 54001 and its max_stack_depth hint) or a local failure
// keeps its status and code but gets a generic message, and the cause goes to stderr. Every call is timed
// into the metrics; form actions get their log line here, /api operations their Server-Timing entry.
import type { AppSupabaseClient, Database } from '$lib/supabase';
import { recordOperation, type Timing } from './api/log';
import { metrics } from './api/metrics';

type Functions = Database['public']['Functions'];
export type RpcName = keyof Functions;
/** An RPC's JSON arguments as generated; SQL null is accepted for any of them (the database checks). */
export type RpcArgs<K extends RpcName> = { [P in keyof Functions[K]['Args']]: Functions[K]['Args'][P] | null };
export type RpcReturns<K extends RpcName> = Functions[K]['Returns'];

/** PostgREST's error object, the body of every error answer (docs/architecture.md, "Errors"). */
export interface ErrorBody {
	code: string;
	message: string;
	details: string | null;
	hint: string | null;
}

export interface RpcError extends ErrorBody {
	/** The HTTP status PostgREST answered with. */
	status: number;
}

export type RpcResult<K extends RpcName> = { ok: true; data: RpcReturns<K>; status: number } | { ok: false; error: RpcError };

/** Who calls: their Supabase client (RLS and the RPCs' own checks apply to them). */
export interface RpcCaller {
	supabase: AppSupabaseClient;
	user?: { id: string } | null;
	/** Server-Timing entries of the /api operation making the call. */
	timings?: Timing[];
}

export interface RpcOptions {
	/** The form action making the call: writes its one log line (source `action`). */
	action?: string;
}

export async function callRpc<K extends RpcName>(
	caller: RpcCaller,
	fn: K,
	args: RpcArgs<K>,
	options: RpcOptions = {}
): Promise<RpcResult<K>> {
	const started = performance.now();
	let result: RpcResult<K>;
	try {
		const { data, error, status } = await caller.supabase.rpc(fn, args as Functions[K]['Args']);
		if (error) {
			result = !status
				? { ok: false, error: unreachable(fn, error.message || 'no response') }
				: status >= 500
					? { ok: false, error: upstreamFailure(fn, status, error) }
					: {
							ok: false,
							error: {
								status,
								code: error.code || String(status),
								message: error.message || 'The Supabase API refused the request',
								details: error.details ?? null,
								hint: error.hint ?? null
							}
						};
		} else {
			result = { ok: true, data: data as RpcReturns<K>, status };
		}
	} catch (e) {
		result = { ok: false, error: unreachable(fn, e instanceof Error ? e.message : String(e)) };
	}
	const ms = performance.now() - started;
	caller.timings?.push({ name: 'rpc', desc: fn, ms });
	metrics().upstream.observe({ call: fn, result: result.ok ? 'ok' : 'error' }, ms / 1000);
	if (options.action) {
		const a = args as Record<string, unknown>;
		recordOperation({
			action: fn,
			workflowId: typeof a.workflow_id === 'string' ? a.workflow_id : null,
			versionId: (result.ok ? idOf(result.data) : null) ?? (typeof a.version_id === 'string' ? a.version_id : null),
			actor: caller.user?.id ?? null,
			status: result.ok ? result.status : result.error.status,
			code: result.ok ? null : result.error.code,
			durationMs: ms,
			source: 'action',
			fields: { form_action: options.action }
		});
	}
	return result;
}

function unreachable(fn: string, reason: string): RpcError {
	console.error(`[rpc] ${fn}: the Supabase API did not answer: ${reason}`);
	return {
		status: 502,
		code: 'PGRST000',
		message: 'The Supabase API did not answer',
		details: null,
		hint: 'Check that the Supabase API (PUBLIC_SUPABASE_URL) is running, then retry'
	};
}

/** A 5xx from upstream: its status and code, none of its text (which may name PostgreSQL internals). */
function upstreamFailure(fn: string, status: number, error: { code?: string; message?: string; hint?: string | null }): RpcError {
	console.error(`[rpc] ${fn}: the Supabase API answered ${status} ${error.code ?? ''} ${error.message ?? ''} (hint: ${error.hint ?? '-'})`);
	return {
		status,
		code: error.code || String(status),
		message: 'The database could not complete the request',
		details: null,
		hint: 'Retry; if it persists, tell the operator (the server log has the cause)'
	};
}

function idOf(data: unknown): string | null {
	if (data && typeof data === 'object' && !Array.isArray(data) && 'id' in data && typeof data.id === 'string') {
		return data.id;
	}
	return null;
}
