// RPC calls from form actions: success → the data; failure → fail(status, { error, action }) carrying the
// PostgREST error's message and hint, so the page can show it next to the control that caused it.
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { PostgrestError } from '@supabase/supabase-js';
import type { AppSupabaseClient, Database } from '$lib/supabase';
import { toAppError, type AppError } from '$lib/errors';
import { recordOperation } from '$lib/server/api/observe';

export type RpcOutcome<T> = { ok: true; data: T } | { ok: false; failure: ActionFailure<{ action: string; error: AppError }> };

export type RpcName = keyof Database['public']['Functions'];
type UntypedRpc = (
	fn: string,
	args: Record<string, unknown>
) => PromiseLike<{ data: unknown; error: PostgrestError | null; status: number }>;

/** supabase.rpc without the per-function argument typing (arguments come from forms, checked by the database). */
export function untypedRpc(supabase: AppSupabaseClient): UntypedRpc {
	return supabase.rpc.bind(supabase) as unknown as UntypedRpc;
}

export async function callRpc<T>(
	locals: Pick<App.Locals, 'supabase' | 'user'>,
	action: string,
	fn: RpcName,
	args: Record<string, unknown>
): Promise<RpcOutcome<T>> {
	const started = performance.now();
	// One structured log line and the metrics per call, the same path the /api routes use (issue 5 §6).
	const record = (status: number, code: string | null, data?: unknown) =>
		recordOperation({
			action: fn,
			workflowId: typeof args.workflow_id === 'string' ? args.workflow_id : null,
			versionId: versionIdOf(data) ?? (typeof args.version_id === 'string' ? args.version_id : null),
			actor: locals.user?.id ?? null,
			status,
			code,
			durationMs: performance.now() - started,
			source: 'action',
			fields: { form_action: action }
		});
	try {
		const { data, error, status } = await untypedRpc(locals.supabase)(fn, args);
		if (error) {
			const err = toAppError(error, status);
			record(err.status, err.code ?? null);
			return { ok: false, failure: fail(err.status, { action, error: err }) };
		}
		record(status, null, data);
		return { ok: true, data: data as T };
	} catch (e) {
		const err = toAppError(e, 502);
		err.message = `The API did not answer: ${err.message}`;
		err.hint = 'Check that the Supabase API is running, then try again.';
		record(502, err.code ?? null);
		return { ok: false, failure: fail(502, { action, error: err }) };
	}
}

function versionIdOf(data: unknown): string | null {
	if (data && typeof data === 'object' && !Array.isArray(data) && 'id' in data && typeof data.id === 'string') {
		return data.id;
	}
	return null;
}

/** A failure for bad input caught before calling the API. */
export function badInput(action: string, message: string, hint: string | null = null) {
	return fail(400, { action, error: { status: 400, code: '22023', message, hint } satisfies AppError });
}

export function str(form: FormData, key: string): string {
	const v = form.get(key);
	return typeof v === 'string' ? v.trim() : '';
}

export function optInt(form: FormData, key: string): number | null {
	const v = str(form, key);
	if (v === '') return null;
	const n = Number(v);
	return Number.isInteger(n) ? n : null;
}
