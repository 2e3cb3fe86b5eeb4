// Failures of the /api routes: PostgREST's error body `{code, message, details, hint}` with an HTTP
// status, whether the RPC refused, the route refused the input first, or the Supabase API did not answer.
import type { ErrorBody, RpcError } from '../rpc';
import { toJsonText } from '../json-text';

/** A failure with its HTTP status; thrown anywhere inside an operation, answered by `operation()`. */
export class ApiFailure extends Error {
	readonly status: number;
	readonly body: ErrorBody;
	readonly headers: Record<string, string>;
	constructor(status: number, body: ErrorBody, headers: Record<string, string> = {}) {
		super(body.message);
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

export function badRequest(message: string, hint: string, code = '22023'): ApiFailure {
	return new ApiFailure(400, { code, message, details: null, hint });
}

export const UNAUTHENTICATED: ErrorBody = {
	code: '42501',
	message: 'You must be signed in to do this',
	details: null,
	hint: 'Sign in and send the access token as "Authorization: Bearer <token>" (or the session cookies)'
};

/** The data of a successful callRpc; its error, as the route's answer, otherwise. */
export function orThrow<T>(r: { ok: true; data: T } | { ok: false; error: RpcError }): T {
	if (r.ok) return r.data;
	const { status, ...body } = r.error;
	throw new ApiFailure(status, body);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	if (status === 204 || body === undefined) return new Response(null, { status, headers });
	// toJsonText: a version stored before the depth limit may nest deeper than JSON.stringify can go.
	return new Response(toJsonText(body), {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }
	});
}

export function errorResponse(failure: ApiFailure): Response {
	return json(failure.status, failure.body, failure.headers);
}
