// The Supabase connection facts the server shares: the API URL and anon key (run-time env, defaulting to
// the Supabase CLI's local constants), the JWT secret access tokens are verified with, and how a bearer
// token is read.
import { env } from '$env/dynamic/public';
import { env as privateEnv } from '$env/dynamic/private';
import { LOCAL_ANON_KEY, LOCAL_SUPABASE_URL, isLocalMode } from '$lib/supabase';

/** The Supabase CLI's local JWT secret (the stand-in signs with it too); public knowledge, local mode only. */
const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

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

/** Local mode (docs/architecture.md): PUBLIC_LOCAL_MODE, or a Supabase API on a loopback address. */
export function localMode(): boolean {
	return isLocalMode(supabaseUrl(), env.PUBLIC_LOCAL_MODE);
}

/**
 * The secret HS256 access tokens are verified with on this server: SUPABASE_JWT_SECRET, else the CLI's local
 * secret in local mode only; null means every token is verified by the Supabase API (JWKS or GoTrue).
 */
export function jwtSecret(): string | null {
	if (privateEnv.SUPABASE_JWT_SECRET) return privateEnv.SUPABASE_JWT_SECRET;
	return localMode() ? LOCAL_JWT_SECRET : null;
}
