// The Supabase connection facts the server shares: the API URL and anon key (run-time env, defaulting to
// the Supabase CLI's local constants) and how a bearer token is read.
import { env } from '$env/dynamic/public';
import { LOCAL_ANON_KEY, LOCAL_SUPABASE_URL } from '$lib/supabase';

export function supabaseUrl(): string {
	return env.PUBLIC_SUPABASE_URL || LOCAL_SUPABASE_URL;
}

export function supabaseAnonKey(): string {
	return env.PUBLIC_SUPABASE_ANON_KEY || LOCAL_ANON_KEY;
}

/** `Authorization: Bearer <jwt>`; Supabase's opaque `sb_…` API keys are not user tokens, so they are ignored. */
export function bearerToken(header: string | null): string | null {
	const m = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
	if (!m || m[1].startsWith('sb_')) return null;
	// A JWT has three dot-separated parts.
	return m[1].split('.').length === 3 ? m[1] : null;
}
