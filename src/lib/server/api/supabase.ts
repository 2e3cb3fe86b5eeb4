// The caller's Supabase client for the /api routes, typed by the generated `Database`.
//
// hooks.server.ts (app engineer) puts a per-request @supabase/ssr client on `locals.supabase`: it carries the
// session from the cookies, or `Authorization: Bearer <access token>` for API callers. The routes use that
// client, so every RPC runs as the caller (PostgREST switches to their role; RLS and the RPCs' own checks
// apply). When the hooks are absent (a stripped-down build), an equivalent client is made here.
import { createServerClient } from '@supabase/ssr';
import type { SupabaseClient, User } from '@supabase/supabase-js';
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/public';
import ws from 'ws';
import type { Database } from '$types/database';

export type ApiClient = SupabaseClient<Database>;

/** The Supabase CLI's local API and anon key (the stand-in uses the same), used when the env sets none. */
const LOCAL_SUPABASE_URL = 'http://127.0.0.1:54321';
const LOCAL_ANON_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

export function supabaseUrl(): string {
	return env.PUBLIC_SUPABASE_URL || LOCAL_SUPABASE_URL;
}

export function supabaseAnonKey(): string {
	return env.PUBLIC_SUPABASE_ANON_KEY || LOCAL_ANON_KEY;
}

/** `Authorization: Bearer <jwt>` (not an `sb_…` API key, which is no user token). */
export function bearerToken(header: string | null): string | null {
	const m = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
	if (!m || m[1].startsWith('sb_')) return null;
	return m[1].split('.').length === 3 ? m[1] : null;
}

function ownClient(event: RequestEvent): ApiClient {
	const token = bearerToken(event.request.headers.get('authorization'));
	return createServerClient<Database>(supabaseUrl(), supabaseAnonKey(), {
		cookies: {
			getAll: () => event.cookies.getAll(),
			setAll: (cookies) => {
				for (const { name, value, options } of cookies) event.cookies.set(name, value, { ...options, path: '/' });
			}
		},
		global: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
		realtime: { transport: ws as unknown as typeof WebSocket }
	});
}

interface MaybeLocals {
	supabase?: unknown;
	user?: User | null;
	safeGetSession?: () => Promise<{ user: User | null }>;
}

/** The typed client acting as the caller. */
export function callerClient(event: RequestEvent): ApiClient {
	const locals = event.locals as MaybeLocals;
	// The hooks' client is the same @supabase/ssr client; only its static type may still be `any`.
	if (locals.supabase) return locals.supabase as ApiClient;
	const client = ownClient(event);
	(locals as { supabase?: unknown }).supabase = client;
	return client;
}

/** The signed-in user (verified by GoTrue), or null. Reuses what the hooks already resolved. */
export async function callerUser(event: RequestEvent): Promise<User | null> {
	const locals = event.locals as MaybeLocals;
	if (locals.user !== undefined) return locals.user;
	if (locals.safeGetSession) return (await locals.safeGetSession()).user;
	const client = callerClient(event);
	const token = bearerToken(event.request.headers.get('authorization'));
	const { data, error } = token ? await client.auth.getUser(token) : await client.auth.getUser();
	return error ? null : data.user;
}
