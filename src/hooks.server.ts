// Per-request Supabase client on event.locals, as Supabase's SvelteKit guide sets it up
// (docs/architecture.md, "The app"). Browsers authenticate with the @supabase/ssr session cookies; API
// callers may send `Authorization: Bearer <access token>` instead, which is passed through to PostgREST
// unchanged.
import { createServerClient } from '@supabase/ssr';
import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import ws from 'ws';
import type { User } from '@supabase/supabase-js';
import type { AppSupabaseClient } from '$lib/supabase';
import { bearerToken, supabaseAnonKey, supabaseUrl } from '$lib/server/api/supabase';

const supabase: Handle = async ({ event, resolve }) => {
	const url = supabaseUrl();
	const anonKey = supabaseAnonKey();
	const token = bearerToken(event.request.headers.get('authorization'));

	// Headers @supabase/ssr asks for whenever it sets auth cookies (Cache-Control: private, no-store…, so no
	// CDN or proxy caches one user's session for another). SvelteKit refuses a header set twice; the values
	// are the same each time, so the first one stands.
	const headersSet = new Set<string>();
	const client: AppSupabaseClient = createServerClient(url, anonKey, {
		cookies: {
			getAll: () => event.cookies.getAll(),
			setAll: (cookiesToSet, headers) => {
				for (const { name, value, options } of cookiesToSet) {
					event.cookies.set(name, value, { ...options, path: '/' });
				}
				const fresh = Object.entries(headers).filter(([name]) => !headersSet.has(name.toLowerCase()));
				for (const [name] of fresh) headersSet.add(name.toLowerCase());
				if (fresh.length) event.setHeaders(Object.fromEntries(fresh));
			}
		},
		global: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
		realtime: { transport: ws as unknown as typeof WebSocket }
	});
	event.locals.supabase = client;
	event.locals.accessToken = token;

	event.locals.safeGetSession = async () => {
		if (token) {
			// API caller: the bearer token is the credential; GET /auth/v1/user validates it.
			const { data, error } = await client.auth.getUser(token);
			if (error || !data.user) return { session: null, user: null };
			return { session: null, user: data.user };
		}
		const {
			data: { session }
		} = await client.auth.getSession();
		if (!session) return { session: null, user: null };
		const {
			data: { user },
			error
		} = await client.auth.getUser();
		if (error || !user) return { session: null, user: null };
		return { session, user };
	};

	return resolve(event, {
		filterSerializedResponseHeaders: (name) =>
			name === 'content-range' || name === 'x-supabase-api-version'
	});
};

/** Pages that work without a session. Everything else redirects to /login. API routes answer for themselves. */
const PUBLIC_PATHS = ['/login', '/signup', '/logout'];

const authGuard: Handle = async ({ event, resolve }) => {
	let cached: Promise<{ session: App.Locals['session']; user: User | null }> | null = null;
	const get = () => (cached ??= event.locals.safeGetSession());
	const { session, user } = await get();
	event.locals.session = session;
	event.locals.user = user;

	const path = event.url.pathname;
	const isPublic = PUBLIC_PATHS.some((p) => path === p || path.startsWith(p + '/'));
	const isApi = path === '/api' || path.startsWith('/api/');
	if (!user && !isPublic && !isApi) {
		const next = path + event.url.search;
		redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
	}
	if (user && (path === '/login' || path === '/signup')) {
		redirect(303, '/');
	}
	return resolve(event);
};

export const handle: Handle = sequence(supabase, authGuard);
