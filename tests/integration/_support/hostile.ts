// Helpers for hostile-input tests: raw PostgREST calls with exact bodies, forged JWTs, and a fingerprint
// of everything the API can write (to prove that a refused call wrote nothing).
import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { ANON_KEY } from './stack.ts';

export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function sign(claims: Record<string, unknown>, secret = JWT_SECRET, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
	const head = b64(header);
	const body = b64(claims);
	return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

export interface Reply {
	status: number;
	text: string;
	json: unknown;
}

/** POST /rest/v1/rpc/<fn> with an exact body (string) or a JSON value. */
export async function rpc(apiUrl: string, fn: string, body: unknown, token?: string): Promise<Reply> {
	const r = await fetch(`${apiUrl}/rest/v1/rpc/${fn}`, {
		method: 'POST',
		headers: {
			apikey: ANON_KEY,
			...(token ? { Authorization: `Bearer ${token}` } : {}),
			'Content-Type': 'application/json'
		},
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await r.text();
	let json: unknown = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		/* not JSON */
	}
	return { status: r.status, text, json };
}

/** GET /rest/v1/<table>?<query>. */
export async function read(apiUrl: string, pathAndQuery: string, token?: string): Promise<Reply> {
	const r = await fetch(`${apiUrl}/rest/v1/${pathAndQuery}`, {
		headers: { apikey: ANON_KEY, ...(token ? { Authorization: `Bearer ${token}` } : {}) }
	});
	const text = await r.text();
	let json: unknown = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		/* not JSON */
	}
	return { status: r.status, text, json };
}

/** Everything a client could change through the API, as one comparable value. */
export async function fingerprint(c: pg.ClientBase): Promise<string> {
	const { rows } = await c.query(`
		select json_build_array(
		  (select count(*) from public.workflow_version_events),
		  (select max(id) from public.workflow_version_events),
		  (select md5(coalesce(string_agg(concat_ws(':', id, state, revision, version_number, md5(definition::text), note, updated_at),
		                                  ',' order by id), '')) from public.workflow_versions),
		  (select md5(coalesce(string_agg(concat_ws(':', id, name, description, last_version_number, current_version_id, archived_at, updated_at),
		                                  ',' order by id), '')) from public.workflows),
		  (select md5(coalesce(string_agg(concat_ws(':', id, name, require_review), ',' order by id), '')) from public.projects),
		  (select md5(coalesce(string_agg(concat_ws(':', id, state, updated_at), ',' order by id), '')) from public.publish_requests),
		  (select md5(coalesce(string_agg(concat_ws(':', id, accepted_at, declined_at, revoked_at), ',' order by id), ''))
		     from public.project_invitations),
		  (select md5(coalesce(string_agg(concat_ws(':', project_id, user_id, role, updated_at), ',' order by project_id, user_id), ''))
		     from public.project_members),
		  (select count(*) from auth.users)
		)::text as f`);
	return rows[0].f;
}

/** The documented answers of the API for a refused call (docs/architecture.md, "Errors"; PostgREST's 401/404/413). */
export const DOCUMENTED_4XX = new Set([400, 401, 403, 404, 409, 413, 422]);

/** The error body is PostgREST's: a code and a message a person can read. */
export function errorBody(r: Reply): { code: string; message: string; hint: string | null; details: string | null } {
	return r.json as { code: string; message: string; hint: string | null; details: string | null };
}
