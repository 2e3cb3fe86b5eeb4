// RPC calls from form actions: success → the data; failure → fail(status, { error, action }) carrying the
// PostgREST error's message and hint, so the page can show it next to the control that caused it.
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { PostgrestError } from '@supabase/supabase-js';
import type { AppSupabaseClient, Database } from '$lib/supabase';
import { toAppError, type AppError } from '$lib/errors';

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
	supabase: AppSupabaseClient,
	action: string,
	fn: RpcName,
	args: Record<string, unknown>
): Promise<RpcOutcome<T>> {
	try {
		const { data, error, status } = await untypedRpc(supabase)(fn, args);
		if (error) {
			const err = toAppError(error, status);
			return { ok: false, failure: fail(err.status, { action, error: err }) };
		}
		return { ok: true, data: data as T };
	} catch (e) {
		const err = toAppError(e, 502);
		err.message = `The API did not answer: ${err.message}`;
		err.hint = 'Check that the Supabase API is running, then try again.';
		return { ok: false, failure: fail(502, { action, error: err }) };
	}
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
