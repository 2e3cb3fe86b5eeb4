// Calling a page's form actions from code (the editor saves with Ctrl/Cmd+S, validates while typing):
// the same endpoint `use:enhance` uses, with SvelteKit's own (de)serialisation.
import { deserialize } from '$app/forms';
import type { ActionResult } from '@sveltejs/kit';
import type { AppError } from '$lib/errors';

export type ActionOutcome<T> =
	| { ok: true; data: T }
	| { ok: false; status: number; error: AppError; data: Record<string, unknown> };

export async function postAction<T = Record<string, unknown>>(
	name: string,
	fields: Record<string, string | number | null | undefined>,
	path = ''
): Promise<ActionOutcome<T>> {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) body.set(k, String(v));
	let result: ActionResult;
	try {
		const res = await fetch(`${path}?/${name}`, {
			method: 'POST',
			body,
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
		});
		result = deserialize(await res.text());
	} catch (e) {
		return {
			ok: false,
			status: 0,
			error: {
				status: 0,
				code: 'network',
				message: 'The server could not be reached.',
				hint: `Check your connection and try again. (${(e as Error).message})`
			},
			data: {}
		};
	}
	if (result.type === 'success') return { ok: true, data: (result.data ?? {}) as T };
	if (result.type === 'failure') {
		const data = (result.data ?? {}) as Record<string, unknown>;
		const error = (data.error as AppError | undefined) ?? {
			status: result.status,
			code: String(result.status),
			message: 'The request failed.',
			hint: null
		};
		return { ok: false, status: result.status, error, data };
	}
	if (result.type === 'redirect') {
		return {
			ok: false,
			status: result.status,
			error: { status: 401, code: '401', message: 'Your session has ended.', hint: 'Sign in again.' },
			data: { location: result.location }
		};
	}
	const err = result.error as { message?: string } | undefined;
	return {
		ok: false,
		status: result.status ?? 500,
		error: { status: result.status ?? 500, code: 'error', message: err?.message ?? 'Unexpected error', hint: null },
		data: {}
	};
}
