// Per-request Supabase client on event.locals, as Supabase's SvelteKit guide sets it up
// (docs/architecture.md, "The app"). Browsers authenticate with the @supabase/ssr session cookies; API
// callers may send `Authorization: Bearer <access token>` instead, which is passed through to PostgREST
// unchanged. Either way the access token is verified on this server (src/lib/server/auth/access-token.ts:
// HS256 with the project's secret, else the Supabase API's JWKS or GoTrue) instead of a GoTrue round trip
// per request. /api URLs that do not decode answer 400 in the routes' JSON error shape, pages the app's 400 page.
import { createServerClient } from '@supabase/ssr';
import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import ws from 'ws';
import type { User } from '@supabase/supabase-js';
import type { AppSupabaseClient } from '$lib/supabase';
import { bearerToken, jwtSecret, supabaseAnonKey, supabaseUrl } from '$lib/server/api/supabase';
import { json } from '$lib/server/api/errors';
import { verifyAccessToken } from '$lib/server/auth/access-token';
import { malformedUrlPart } from '$lib/server/url-check';

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** 400 PGRST100 for an /api URL that is not valid percent-encoded UTF-8 (pages: the 400 error page, handleError). */
const wellFormedUrl: Handle = async ({ event, resolve }) => {
	const bad = isApiPath(event.url.pathname) ? malformedUrlPart(event.url) : null;
	if (!bad) return resolve(event);
	return json(400, {
		code: 'PGRST100',
		message: `Invalid percent-encoding in the request URL ${bad}`,
		details: null,
		hint: 'Percent-encode the URL as UTF-8 (encodeURIComponent)'
	});
};

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

	const verify = (jwt: string) =>
		verifyAccessToken(jwt, jwtSecret(), async (t) => {
			const { data, error } = await client.auth.getClaims(t);
			return error || !data ? null : (data.claims as Record<string, unknown>);
		});
	event.locals.safeGetSession = async () => {
		if (token) {
			// API caller: the bearer token is the credential.
			const user = await verify(token);
			return { session: null, user };
		}
		// Browser: the session cookies (refreshed by @supabase/ssr when the access token has expired); its
		// access token is verified like a bearer token.
		const {
			data: { session }
		} = await client.auth.getSession();
		if (!session) return { session: null, user: null };
		const user = await verify(session.access_token);
		return user ? { session, user } : { session: null, user: null };
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
	// A page path that does not decode is answered 400 by SvelteKit with the app's error page (handleError
	// below words it); sending it to /login first would only bounce the visitor back to the same 400.
	if (malformedUrlPart(event.url) === 'path') return resolve(event);
	const isPublic = PUBLIC_PATHS.some((p) => path === p || path.startsWith(p + '/'));
	const isApi = isApiPath(path);
	if (!user && !isPublic && !isApi) {
		const next = path + event.url.search;
		redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
	}
	if (user && (path === '/login' || path === '/signup')) {
		redirect(303, '/');
	}
	return resolve(event);
};

export const handle: Handle = sequence(wellFormedUrl, supabase, authGuard);

/**
 * What an error page says about an unexpected error: never the error's own text (an engine message, a stack,
 * SQL), which goes to the server log instead. A page path that does not decode gets words a person can act on.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 400 && message === 'Malformed URI') {
		return {
			message: 'This address could not be read',
			code: '400',
			hint: 'It contains a broken percent-encoding (a % not followed by valid UTF-8). Check the link, or start from your projects.'
		};
	}
	if (status === 404) return { message: 'Page not found', code: '404', hint: 'Check the address, or start from your projects.' };
	// Other 4xx come from SvelteKit itself ("Method Not Allowed"…): its words, nothing internal.
	if (status < 500) return { message, code: String(status) };
	console.error(`[page] ${event.request.method} ${event.url.pathname}: unexpected error`, error);
	return {
		message: 'Something went wrong on the server',
		code: String(status),
		hint: 'Retry in a moment; if it persists, tell the operator (the server log has the cause).'
	};
};
