// The Supabase connection facts the server shares: the API URL and anon key (run-time env, defaulting to
// the Supabase CLI's local constants), how a bearer token is read, and the caller's client and user for
// the /api routes — the per-request @supabase/ssr client and the user hooks.server.ts resolved.
import type { User } from '@supabase/supabase-js';
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/public';
import { LOCAL_ANON_KEY, LOCAL_SUPABASE_URL, type AppSupabaseClient } from '$lib/supabase';

export type ApiClient = AppSupabaseClient;

export function supabaseUrl(): string {
	return env.PUBLIC_SUPABASE_URL || LOCAL_SUPABASE_URL;
}

export function supabaseAnonKey(): string {
	return env.PUBLIC_SUPABASE_ANON_KEY || LOCAL_ANON_KEY;
}

/** `Authorization: Bearer <jwt>`; Supabase's opaque `sb_…` API keys are not user tokens (protocol pitfall 7). */
export function bearerToken(header: string | null): string | null {
	const m = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
	if (!m || m[1].startsWith('sb_')) return null;
	// A JWT has three dot-separated parts.
	return m[1].split('.').length === 3 ? m[1] : null;
}

/** The typed client acting as the caller (RLS and the RPCs' own checks apply). */
export function callerClient(event: RequestEvent): ApiClient {
	return event.locals.supabase;
}

/** The signed-in user, verified by GoTrue in hooks.server.ts, or null. */
export async function callerUser(event: RequestEvent): Promise<User | null> {
	return event.locals.user;
}
