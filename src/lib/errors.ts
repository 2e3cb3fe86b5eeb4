// Errors from the Supabase API, shaped for the UI: an HTTP status, the SQLSTATE / PostgREST code, and a
// message plus hint a person can act on. Used by server loads/actions (fail(status, {error})) and by pages.

export interface AppError {
	status: number;
	code: string;
	message: string;
	hint: string | null;
	/** PT422 carries the validation problems as a JSON array in DETAIL. */
	problems?: Problem[];
	details?: string | null;
}

export interface Problem {
	code: string;
	message: string;
	node_id?: string;
	edge_id?: string;
}

interface PostgrestLikeError {
	message?: string;
	details?: string | null;
	hint?: string | null;
	code?: string;
}

/** SQLSTATE (or PostgREST code) to HTTP status, as PostgREST maps them (docs/architecture.md, "Errors"). */
export function statusFor(code: string | undefined, fallback = 400): number {
	if (!code) return fallback;
	const pt = /^PT(\d{3})$/.exec(code);
	if (pt) return Number(pt[1]);
	if (code === '42501') return fallback === 401 ? 401 : 403;
	if (code === '23505' || code === '23503') return 409;
	if (code === 'PGRST116') return 404;
	if (code === 'PGRST202') return 404;
	return fallback;
}

const DEFAULT_HINTS: Record<number, string> = {
	401: 'Sign in again.',
	403: 'Ask a project owner for a higher role.',
	404: 'It may have been removed, or you are not a member of its project.',
	409: 'Reload to see the latest state, then try again.',
	413: 'Make the definition smaller (at most 1 MiB of JSON).',
	422: 'Fix the problems listed, then try again.'
};

export function toAppError(error: unknown, status?: number): AppError {
	const e = (error ?? {}) as PostgrestLikeError;
	const st = statusFor(e.code, status && status >= 400 ? status : 400);
	const finalStatus = status && status >= 400 ? status : st;
	let problems: Problem[] | undefined;
	if (e.code === 'PT422' && e.details) {
		try {
			const parsed = JSON.parse(e.details);
			if (Array.isArray(parsed)) problems = parsed as Problem[];
		} catch {
			/* not JSON: keep the raw details */
		}
	}
	const message =
		e.message && e.message.trim() !== ''
			? e.message
			: error instanceof Error
				? error.message
				: 'Something went wrong.';
	return {
		status: finalStatus,
		code: e.code ?? String(finalStatus),
		message,
		hint: e.hint ?? DEFAULT_HINTS[finalStatus] ?? null,
		details: problems ? null : (e.details ?? null),
		problems
	};
}

/** One line for a toast or an inline note. */
export function describe(err: AppError | null | undefined): string {
	if (!err) return '';
	return err.hint ? `${err.message} — ${err.hint}` : err.message;
}
