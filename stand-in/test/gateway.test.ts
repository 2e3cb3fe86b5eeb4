// Gateway and JWT behaviour (docs/supabase-compat.md §2, §3.2): PostgREST's 401s, Kong's key mapping, CORS, the request log
// switch, recovery after the database drops every connection, and graceful shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../src/keys.ts';
import { startStandIn } from '../src/server.ts';
import { PROTOCOL_FIXTURES, sql, startHarness, token, now } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let rest: string;

beforeAll(async () => {
	h = await startHarness(PROTOCOL_FIXTURES);
	rest = `${h.standIn.url}/rest/v1`;
});
afterAll(async () => h?.close());

async function context(headers: Record<string, string>) {
	const res = await fetch(`${rest}/rpc/t_context`, { headers });
	const text = await res.text();
	return { res, status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('JWT verification', () => {
	it('expired tokens are 401 PGRST303 with WWW-Authenticate; 30 s of skew is tolerated', async () => {
		const expired = await context({ authorization: `Bearer ${token({ role: 'authenticated', exp: now() - 120 })}` });
		expect(expired.status).toBe(401);
		expect(expired.json).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
		expect(expired.res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="JWT expired"');
		const skewed = await context({ authorization: `Bearer ${token({ role: 'authenticated', exp: now() - 10 })}` });
		expect(skewed.status).toBe(200);
		const future = await context({ authorization: `Bearer ${token({ role: 'anon', iat: now() + 600 })}` });
		expect(future.json).toMatchObject({ code: 'PGRST303', message: 'JWT issued at future' });
		const early = await context({ authorization: `Bearer ${token({ role: 'anon', nbf: now() + 600 })}` });
		expect(early.json).toMatchObject({ code: 'PGRST303', message: 'JWT not yet valid' });
	});

	it('bad signature, alg none, wrong part count and empty tokens are 401 PGRST301', async () => {
		const bad = await context({ authorization: `Bearer ${token({ role: 'service_role' }, 'another-secret-another-secret-another-secret')}` });
		expect(bad.status).toBe(401);
		expect(bad.json).toMatchObject({ code: 'PGRST301', message: 'JWT cryptographic operation failed' });
		const payload = Buffer.from(JSON.stringify({ role: 'service_role' })).toString('base64url');
		const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
		expect((await context({ authorization: `Bearer ${none}` })).json.code).toBe('PGRST301');
		const parts = await context({ authorization: 'Bearer abc.def' });
		expect(parts.json).toMatchObject({ code: 'PGRST301', message: 'Expected 3 parts in JWT; got 2' });
		const empty = await context({ authorization: 'Bearer ' });
		expect(empty.json).toMatchObject({ code: 'PGRST301', message: 'Empty JWT is sent in Authorization header' });
		expect(JWT_SECRET.length).toBeGreaterThanOrEqual(32);
	});

	it('the aud claim is not checked, as PostgREST without jwt-aud (how the Supabase CLI and self-hosting run it)', async () => {
		// PostgREST's own spec (AudienceJwtSecretSpec, "jwt-aud config is not set"): any aud — a string, an empty
		// string, an array, null — is ignored. Supabase configures no PGRST_JWT_AUD (docs/supabase-compat.md §3.2).
		for (const aud of ['authenticated', 'someone-else', '', ['a', 'b'], [], null]) {
			const r = await context({ authorization: `Bearer ${token({ role: 'authenticated', sub: '00000000-0000-4000-8000-000000000001', aud, exp: now() + 60 })}` });
			expect({ aud, status: r.status, role: r.json?.claims?.role }).toEqual({ aud, status: 200, role: 'authenticated' });
			expect(r.json.claims.aud).toEqual(aud);
		}
	});
});

describe('Kong key mapping', () => {
	it('apikey sb_secret_… → service_role; sb_publishable_… → anon; Bearer sb_… is ignored', async () => {
		const secret = await context({ apikey: SECRET_KEY, authorization: `Bearer ${SECRET_KEY}` });
		expect(secret.json.user).toBe('service_role');
		expect(secret.json.claims.role).toBe('service_role');
		const publishable = await context({ apikey: PUBLISHABLE_KEY, authorization: `Bearer ${PUBLISHABLE_KEY}` });
		expect(publishable.json.user).toBe('anon');
		expect(publishable.json.claims).toMatchObject({ iss: 'supabase-demo', role: 'anon' });
	});

	it('a real Authorization header wins over the apikey', async () => {
		const r = await context({ apikey: ANON_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}` });
		expect(r.json.user).toBe('service_role');
	});
});

describe('CORS', () => {
	it('answers preflights on both prefixes and exposes the PostgREST / GoTrue headers', async () => {
		for (const path of ['/rest/v1/t_items', '/auth/v1/token?grant_type=password']) {
			const r = await fetch(`${h.standIn.url}${path}`, {
				method: 'OPTIONS',
				headers: {
					origin: 'http://localhost:5173',
					'access-control-request-method': 'POST',
					'access-control-request-headers': 'apikey, authorization, x-client-info, content-type, prefer, x-supabase-api-version'
				}
			});
			expect(r.status).toBe(200);
			expect(r.headers.get('access-control-allow-origin')).toBe('*');
			expect(r.headers.get('access-control-allow-headers')).toContain('x-supabase-api-version');
			expect(r.headers.get('access-control-allow-methods')).toContain('POST');
		}
		const get = await fetch(`${rest}/t_items?select=id&limit=1`, { headers: { apikey: ANON_KEY, origin: 'http://localhost:5173' } });
		expect(get.headers.get('access-control-allow-origin')).toBe('*');
		expect(get.headers.get('access-control-expose-headers')).toContain('Content-Range');
		const auth = await fetch(`${h.standIn.url}/auth/v1/settings`, { headers: { apikey: ANON_KEY } });
		expect(auth.headers.get('access-control-expose-headers')).toContain('X-Supabase-Api-Version');
	});

	it('unknown paths get Kong\'s 404', async () => {
		const r = await fetch(`${h.standIn.url}/storage/v1/bucket`);
		expect(r.status).toBe(404);
		expect(await r.json()).toEqual({ message: 'no Route matched with those values' });
	});
});

describe('resilience', () => {
	it('recovers after the database terminates every pooled connection', async () => {
		expect((await fetch(`${rest}/rpc/t_scalar?a=1`, { headers: { apikey: ANON_KEY } })).status).toBe(200);
		await sql(
			h.db,
			`select pg_terminate_backend(pid, 5000) from pg_stat_activity
			  where datname = current_database() and application_name like 'stand-in%'`
		);
		const read = await fetch(`${rest}/rpc/t_scalar?a=1`, { headers: { apikey: ANON_KEY } });
		expect(read.status).toBe(200);
		let write = 0;
		for (let i = 0; i < 5 && write !== 200; i++) {
			write = (await fetch(`${rest}/rpc/t_write`, { method: 'POST', headers: { apikey: ANON_KEY, 'content-type': 'application/json' }, body: '{"note":"after restart"}' })).status;
		}
		expect(write).toBe(200);
	});

	it('close() lets an in-flight request finish, then refuses new connections', async () => {
		const s = await startStandIn({ databaseUrl: h.db, port: 0, log: false });
		await sql(h.db, `create or replace function public.t_slow() returns int language sql volatile as $$ select 1 from pg_sleep(0.3) $$;
			grant execute on function public.t_slow() to anon`);
		await s.reloadSchema();
		const pending = fetch(`${s.url}/rest/v1/rpc/t_slow`, { method: 'POST', headers: { apikey: ANON_KEY } });
		await new Promise((r) => setTimeout(r, 50));
		const closing = s.close();
		const res = await pending;
		expect(res.status).toBe(200);
		expect(await res.json()).toBe(1);
		await closing;
		await expect(fetch(`${s.url}/rest/v1/rpc/t_slow`, { method: 'POST' })).rejects.toThrow();
	});
});
