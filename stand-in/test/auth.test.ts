// /auth/v1 through the real supabase-js client and fetch (docs/supabase-compat.md §4): sessions, rotation and reuse
// detection, sign-out scopes, error bodies, and the rows GoTrue writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, JWT_SECRET } from '../src/keys.ts';
import { verifyJwt } from '../src/jwt.ts';
import { sql, startHarness, supabaseClient } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let auth: string;

// Records what AFTER INSERT triggers on auth.users see (signup inserts role '' and no email_confirmed_at).
const FIXTURES = `
create table public.t_signup_seen (email text, role text, confirmed boolean);
create function public.t_on_signup() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into public.t_signup_seen values (new.email, new.role, new.email_confirmed_at is not null);
  return new;
end $$;
create trigger t_on_signup after insert on auth.users for each row execute function public.t_on_signup();

-- Seeded the way supabase/seed.sql does it: pgcrypto bcrypt, token columns '' (or NULL: the broken seed).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at)
values
  ('00000000-0000-0000-0000-000000000000', 'aaaaaaaa-0000-4000-8000-000000000001', 'authenticated', 'authenticated',
   'seeded@example.com', extensions.crypt('demo-password', extensions.gen_salt('bf')), now(), '', '', '', '',
   '{"provider":"email","providers":["email"]}', '{}', now(), now()),
  ('00000000-0000-0000-0000-000000000000', 'aaaaaaaa-0000-4000-8000-000000000002', 'authenticated', 'authenticated',
   'nulltokens@example.com', extensions.crypt('demo-password', extensions.gen_salt('bf')), now(), null, null, null, null,
   '{"provider":"email","providers":["email"]}', '{}', now(), now()),
  (null, 'aaaaaaaa-0000-4000-8000-000000000003', 'authenticated', 'authenticated',
   'noinstance@example.com', extensions.crypt('demo-password', extensions.gen_salt('bf')), now(), '', '', '', '',
   '{}', '{}', now(), now());
`;

beforeAll(async () => {
	h = await startHarness(FIXTURES);
	auth = `${h.standIn.url}/auth/v1`;
});
afterAll(async () => h?.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(`${auth}${path}`, {
		method: 'POST',
		headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...headers },
		body: JSON.stringify(body)
	});
	const text = await res.text();
	return { res, status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('signup and sign-in', () => {
	it('signUp autoconfirms and returns a session; rows are written as GoTrue writes them', async () => {
		const sb = supabaseClient(h.standIn.url);
		const { data, error } = await sb.auth.signUp({ email: 'New.User@Example.com', password: 'secret-pw', options: { data: { name: 'New' } } });
		expect(error).toBeNull();
		expect(data.session?.token_type).toBe('bearer');
		expect(data.session?.expires_in).toBe(3600);
		expect(data.session?.refresh_token).toMatch(/^[a-z0-9]{12}$/);
		expect(data.user).toMatchObject({
			aud: 'authenticated',
			role: 'authenticated',
			email: 'new.user@example.com',
			phone: '',
			app_metadata: { provider: 'email', providers: ['email'] },
			user_metadata: { name: 'New', email_verified: true },
			is_anonymous: false
		});
		expect(data.user?.identities?.[0]).toMatchObject({ provider: 'email', id: data.user!.id, user_id: data.user!.id });
		expect(data.user?.email_confirmed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

		const claims = verifyJwt(data.session!.access_token, JWT_SECRET, { skew: 0, checkIat: true });
		expect(claims.ok).toBe(true);
		if (!claims.ok) return;
		expect(claims.claims).toMatchObject({
			iss: `${h.standIn.url}/auth/v1`,
			sub: data.user!.id,
			aud: 'authenticated',
			email: 'new.user@example.com',
			phone: '',
			role: 'authenticated',
			aal: 'aal1',
			amr: [{ method: 'password' }],
			is_anonymous: false
		});
		expect(Object.keys(claims.claims)).toEqual([
			'iss', 'sub', 'aud', 'exp', 'iat', 'email', 'phone', 'app_metadata', 'user_metadata', 'role', 'aal', 'amr', 'session_id', 'is_anonymous'
		]);

		const [row] = await sql<{ role: string; pw: string; instance_id: string; tokens: string }>(
			h.db,
			`select role, encrypted_password as pw, instance_id::text, concat_ws('|', confirmation_token, recovery_token, email_change_token_new, email_change) as tokens
			   from auth.users where email = 'new.user@example.com'`
		);
		expect(row).toMatchObject({ role: 'authenticated', instance_id: '00000000-0000-0000-0000-000000000000', tokens: '|||' });
		expect(row.pw).toMatch(/^\$2a\$10\$/);
		expect(await sql(h.db, `select role, confirmed from public.t_signup_seen where email = 'new.user@example.com'`)).toEqual([
			{ role: '', confirmed: false }
		]);
		const counts = await sql(
			h.db,
			`select (select count(*)::int from auth.identities where user_id = $1) as identities,
			        (select count(*)::int from auth.sessions where user_id = $1) as sessions,
			        (select count(*)::int from auth.refresh_tokens where user_id = $1::text) as tokens,
			        (select count(*)::int from auth.mfa_amr_claims m join auth.sessions s on s.id = m.session_id where s.user_id = $1) as amr`,
			[data.user!.id]
		);
		expect(counts[0]).toEqual({ identities: 1, sessions: 1, tokens: 1, amr: 1 });
	});

	it('duplicate signup → 422 user_already_exists; weak password → 422 weak_password; bad email → 400', async () => {
		const sb = supabaseClient(h.standIn.url);
		const dup = await sb.auth.signUp({ email: 'new.user@example.com', password: 'secret-pw' });
		expect(dup.error).toMatchObject({ status: 422, code: 'user_already_exists', message: 'User already registered' });
		const weak = await sb.auth.signUp({ email: 'weak@example.com', password: '123' });
		expect(weak.error).toMatchObject({ status: 422, code: 'weak_password', message: 'Password should be at least 6 characters.' });
		const bad = await post('/signup', { email: 'not-an-email', password: 'secret-pw' });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ code: 'validation_failed', message: 'Unable to validate email address: invalid format' });
		expect(bad.res.headers.get('x-supabase-api-version')).toBe('2024-01-01');
	});

	it('signInWithPassword works for GoTrue and pgcrypto hashes; wrong password → 400 invalid_credentials', async () => {
		const sb = supabaseClient(h.standIn.url);
		const ok = await sb.auth.signInWithPassword({ email: 'NEW.USER@example.com', password: 'secret-pw' });
		expect(ok.error).toBeNull();
		expect(ok.data.session?.access_token).toBeTruthy();
		const seeded = await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'demo-password' });
		expect(seeded.error).toBeNull();
		const wrong = await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'nope-nope' });
		expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
		const unknown = await sb.auth.signInWithPassword({ email: 'nobody@example.com', password: 'demo-password' });
		expect(unknown.error?.code).toBe('invalid_credentials');
		const noInstance = await sb.auth.signInWithPassword({ email: 'noinstance@example.com', password: 'demo-password' });
		expect(noInstance.error?.code).toBe('invalid_credentials');
	});

	it('a seeded user with NULL token columns fails like real GoTrue: 500 "Database error querying schema"', async () => {
		const r = await post('/token?grant_type=password', { email: 'nulltokens@example.com', password: 'demo-password' });
		expect(r.status).toBe(500);
		expect(r.json).toEqual({ code: 'unexpected_failure', message: 'Database error querying schema' });
	});

	it('without X-Supabase-Api-Version the legacy error body is used', async () => {
		const res = await fetch(`${auth}/token?grant_type=password`, {
			method: 'POST',
			headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'seeded@example.com', password: 'wrong-one' })
		});
		expect(res.headers.get('x-supabase-api-version')).toBeNull();
		expect(await res.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
	});
});

describe('sessions', () => {
	it('getUser validates the JWT; the anon key has no sub', async () => {
		const sb = supabaseClient(h.standIn.url);
		const { data } = await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'demo-password' });
		const user = await sb.auth.getUser();
		expect(user.error).toBeNull();
		expect(user.data.user?.email).toBe('seeded@example.com');
		const anon = await fetch(`${auth}/user`, { headers: { apikey: ANON_KEY, authorization: `Bearer ${ANON_KEY}`, 'x-supabase-api-version': '2024-01-01' } });
		expect(anon.status).toBe(403);
		expect(await anon.json()).toEqual({ code: 'bad_jwt', message: 'invalid claim: missing sub claim' });
		const none = await fetch(`${auth}/user`, { headers: { 'x-supabase-api-version': '2024-01-01' } });
		expect(none.status).toBe(401);
		expect((await none.json()).code).toBe('no_authorization');
		expect(data.session).toBeTruthy();
	});

	it('refresh rotates the token; reuse within 10 s returns the active child; later reuse revokes the family', async () => {
		const sb = supabaseClient(h.standIn.url);
		const { data } = await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'demo-password' });
		const first = data.session!.refresh_token;
		const r1 = await post('/token?grant_type=refresh_token', { refresh_token: first });
		expect(r1.status).toBe(200);
		const second = r1.json.refresh_token as string;
		expect(second).not.toBe(first);
		expect(r1.json.user.email).toBe('seeded@example.com');
		const [parent] = await sql(h.db, 'select parent, revoked from auth.refresh_tokens where token = $1', [second]);
		expect(parent).toEqual({ parent: first, revoked: false });

		const again = await post('/token?grant_type=refresh_token', { refresh_token: first });
		expect(again.status).toBe(200);
		expect(again.json.refresh_token).toBe(second);

		const r2 = await post('/token?grant_type=refresh_token', { refresh_token: second });
		const third = r2.json.refresh_token as string;
		// Age the revoked first token beyond the reuse interval, then present it again.
		await sql(h.db, `update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [first]);
		const reused = await post('/token?grant_type=refresh_token', { refresh_token: first });
		expect(reused.status).toBe(400);
		expect(reused.json).toEqual({ code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
		const [family] = await sql(h.db, 'select revoked from auth.refresh_tokens where token = $1', [third]);
		expect(family.revoked).toBe(true);

		const missing = await post('/token?grant_type=refresh_token', { refresh_token: 'zzzzzzzzzzzz' });
		expect(missing.json.code).toBe('refresh_token_not_found');
		const short = await post('/token?grant_type=refresh_token', { refresh_token: 'abc' });
		expect(short.json).toEqual({ code: 'validation_failed', message: 'Refresh token is not valid' });
	});

	it('supabase-js refreshSession() works end to end', async () => {
		const sb = supabaseClient(h.standIn.url);
		await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'demo-password' });
		const { data, error } = await sb.auth.refreshSession();
		expect(error).toBeNull();
		expect(data.session?.refresh_token).toMatch(/^[a-z0-9]{12}$/);
	});

	it('a banned user can no longer refresh: 400 user_banned', async () => {
		const sb = supabaseClient(h.standIn.url);
		await sb.auth.signUp({ email: 'banned.soon@example.com', password: 'secret-pw' });
		const { data } = await sb.auth.signInWithPassword({ email: 'banned.soon@example.com', password: 'secret-pw' });
		expect(data.session).not.toBeNull();
		await sql(h.db, `update auth.users set banned_until = now() + interval '1 day' where email = 'banned.soon@example.com'`);
		const { error } = await sb.auth.refreshSession();
		expect(error?.code).toBe('user_banned');
	});

	it('signOut deletes the session: the refresh token dies and /user answers session_not_found', async () => {
		const sb = supabaseClient(h.standIn.url);
		const { data } = await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'demo-password' });
		const session = data.session!;
		const { error } = await sb.auth.signOut({ scope: 'local' });
		expect(error).toBeNull();
		expect(await sql(h.db, 'select 1 from auth.sessions where id = $1', [JSON.parse(Buffer.from(session.access_token.split('.')[1], 'base64url').toString()).session_id])).toEqual([]);
		const user = await fetch(`${auth}/user`, { headers: { apikey: ANON_KEY, authorization: `Bearer ${session.access_token}`, 'x-supabase-api-version': '2024-01-01' } });
		expect(user.status).toBe(403);
		expect((await user.json()).code).toBe('session_not_found');
		const refresh = await post('/token?grant_type=refresh_token', { refresh_token: session.refresh_token });
		expect(refresh.json.code).toBe('refresh_token_not_found');
	});

	it('logout scopes: others keeps the current session, global removes all', async () => {
		const a = supabaseClient(h.standIn.url);
		const b = supabaseClient(h.standIn.url);
		const sa = (await a.auth.signInWithPassword({ email: 'new.user@example.com', password: 'secret-pw' })).data.session!;
		await b.auth.signInWithPassword({ email: 'new.user@example.com', password: 'secret-pw' });
		const before = await sql<{ n: number }>(h.db, `select count(*)::int as n from auth.sessions s join auth.users u on u.id = s.user_id where u.email = 'new.user@example.com'`);
		expect(before[0].n).toBeGreaterThanOrEqual(2);
		const others = await fetch(`${auth}/logout?scope=others`, { method: 'POST', headers: { apikey: ANON_KEY, authorization: `Bearer ${sa.access_token}` } });
		expect(others.status).toBe(204);
		const after = await sql<{ n: number }>(h.db, `select count(*)::int as n from auth.sessions s join auth.users u on u.id = s.user_id where u.email = 'new.user@example.com'`);
		expect(after[0].n).toBe(1);
		expect((await a.auth.signOut()).error).toBeNull();
		const gone = await sql<{ n: number }>(h.db, `select count(*)::int as n from auth.sessions s join auth.users u on u.id = s.user_id where u.email = 'new.user@example.com'`);
		expect(gone[0].n).toBe(0);
	});

	it('updateUser changes metadata and password', async () => {
		const sb = supabaseClient(h.standIn.url);
		await sb.auth.signUp({ email: 'changer@example.com', password: 'first-pw' });
		const { data, error } = await sb.auth.updateUser({ data: { theme: 'dark' }, password: 'second-pw' });
		expect(error).toBeNull();
		expect(data.user?.user_metadata.theme).toBe('dark');
		const relogin = await supabaseClient(h.standIn.url).auth.signInWithPassword({ email: 'changer@example.com', password: 'second-pw' });
		expect(relogin.error).toBeNull();
	});

	it('jwks, settings and health', async () => {
		expect(await (await fetch(`${auth}/.well-known/jwks.json`)).json()).toEqual({ keys: [] });
		const settings = await (await fetch(`${auth}/settings`)).json();
		expect(settings).toMatchObject({ mailer_autoconfirm: true, disable_signup: false, external: { email: true } });
		expect((await (await fetch(`${auth}/health`)).json()).name).toBe('GoTrue');
	});

	it('a session token works against /rest/v1 as the authenticated role', async () => {
		const sb = supabaseClient(h.standIn.url);
		await sb.auth.signInWithPassword({ email: 'seeded@example.com', password: 'demo-password' });
		await sql(h.db, `create or replace function public.t_whoami() returns jsonb language sql stable as $$
			select jsonb_build_object('role', current_user, 'uid', auth.uid(), 'email', auth.email()) $$;
			grant execute on function public.t_whoami() to anon, authenticated`);
		await fetch(`${h.standIn.url}/rest/v1/`, { headers: { apikey: ANON_KEY } });
		await sql(h.db, `notify pgrst, 'reload schema'`);
		let data: unknown;
		for (let i = 0; i < 100 && !data; i++) {
			data = (await sb.rpc('t_whoami')).data;
			if (!data) await new Promise((r) => setTimeout(r, 50));
		}
		expect(data).toEqual({ role: 'authenticated', uid: 'aaaaaaaa-0000-4000-8000-000000000001', email: 'seeded@example.com' });
	});
});
