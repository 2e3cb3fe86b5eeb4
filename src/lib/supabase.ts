// The one place that names the client's type: typed by the generated schema (npm run types).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$types/database';

export type AppSupabaseClient = SupabaseClient<Database>;
export type { Database };

/** The Supabase CLI's local constants (the stand-in uses the same), so `.env` works unchanged. */
export const LOCAL_SUPABASE_URL = 'http://127.0.0.1:54321';
export const LOCAL_ANON_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_LOGINS = [
	{ email: 'owner@example.com', role: 'owner', project: 'Acme automations' },
	{ email: 'publisher@example.com', role: 'publisher', project: 'Acme automations' },
	{ email: 'editor@example.com', role: 'editor', project: 'Acme automations' },
	{ email: 'viewer@example.com', role: 'viewer', project: 'Acme automations' },
	{ email: 'outsider@example.com', role: 'owner', project: 'Globex' }
] as const;

/** Local mode: PUBLIC_LOCAL_MODE=1/true, or (when unset) the API is the local stack on a loopback address. */
export function isLocalMode(url: string, flag: string | undefined): boolean {
	if (flag !== undefined && flag !== '') return flag === '1' || flag.toLowerCase() === 'true';
	try {
		const u = new URL(url);
		return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
	} catch {
		return false;
	}
}
