// Form actions' side of the RPC path: reading form fields, and failures shaped for the page
// (`fail(status, {action, error})`, the error carrying the RPC's message and hint), so the page can show
// them next to the control that caused them.
import { fail } from '@sveltejs/kit';
import { toAppError, type AppError } from '$lib/errors';
import type { RpcError } from './rpc';

/** The failure for an RPC error, keeping its HTTP status; `extra` travels with it to the page. */
export function actionFailure<E extends Record<string, unknown>>(action: string, error: RpcError, extra?: E) {
	const err = toAppError(error, error.status);
	return fail(err.status, { ...extra, action, error: err });
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
