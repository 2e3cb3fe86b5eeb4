// The Supabase CLI's local-stack constants (docs/supabase-compat.md §6). The app, the tests and
// `supabase start` all share them, so an `.env` written for one works unchanged against the other.

export const API_URL = 'http://127.0.0.1:54321';
export const DEFAULT_PORT = 54321;

/** HS256 secret that signs every JWT (the CLI's `auth.jwt_secret` default, 51 characters). */
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

/** Legacy anon key: `{"iss":"supabase-demo","role":"anon","exp":1983812996}` signed with JWT_SECRET. */
export const ANON_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

/** Legacy service_role key: `{"iss":"supabase-demo","role":"service_role","exp":1983812996}`. */
export const SERVICE_ROLE_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

/** New-format keys; Kong maps them to the legacy JWTs above (docs/supabase-compat.md §2.1). */
export const PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
export const SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';

/** Password shared by the API login roles in the local compat bootstrap (trust auth makes it moot locally). */
export const ROLE_PASSWORD = 'postgres';

/** GoTrue's access-token issuer for an API base URL (`GOTRUE_JWT_ISSUER` = the auth external URL). */
export function authIssuer(apiUrl: string = API_URL): string {
	return `${apiUrl}/auth/v1`;
}
