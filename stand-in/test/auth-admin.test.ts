// The admin API's ban and delete through supabase-js's auth.admin (docs/supabase-compat.md §4), held to what
// GoTrue writes: a ban sets banned_until and leaves the sessions (the database refuses the user's tokens itself),
// a soft delete sets deleted_at and deletes the sessions, a hard delete removes the user and, by cascade, the
// sessions; sign-out deletes the sessions of its scope. Only the service_role key may call the admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, SERVICE_ROLE_KEY } from '../src/keys.ts';
import { parseGoDuration } from '../src/gotrue/admin.ts';
import { sql, startHarness, supabaseClient } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let auth: string;

beforeAll(async () => {
	h = await startHarness('');
	auth = `${h.standIn.url}/auth/v1`;
});
afterAll(async () => h?.close());

const sessionIdOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).session_id;

/** A new user signed in twice (two sessions); returns the user id and both access tokens. */
async function userWithTwoSessions(tag: string) {
	const email = `${tag}-${crypto.randomUUID().slice(0, 8)}@example.com`;
	const a = supabaseClient(h.standIn.url);
	const up = await a.auth.signUp({ email, password: 'secret-pw' });
	expect(up.error).toBeNull();
	const b = supabaseClient(h.standIn.url);
	const second = await b.auth.signInWithPassword({ email, password: 'secret-pw' });
	return { email, id: up.data.user!.id, a, b, tokens: [up.data.session!.access_token, second.data.session!.access_token] };
}
const sessionsOf = async (userId: string) =>
	(await sql<{ id: string }>(h.db, 'select id from auth.sessions where user_id = $1 order by id', [userId])).map((r) => r.id).sort();

describe('sign-out scopes delete the session rows of the scope', () => {
	it('local deletes its own session, others every other one, global all', async () => {
		const u = await userWithTwoSessions('scopes');
		const [sa, sb] = u.tokens.map(sessionIdOf);
		const c = supabaseClient(h.standIn.url);
		const sc = sessionIdOf((await c.auth.signInWithPassword({ email: u.email, password: 'secret-pw' })).data.session!.access_token);
		expect(await sessionsOf(u.id)).toEqual([sa, sb, sc].sort());
		expect((await u.b.auth.signOut({ scope: 'local' })).error).toBeNull();
		expect(await sessionsOf(u.id)).toEqual([sa, sc].sort());
		expect((await u.a.auth.signOut({ scope: 'others' })).error).toBeNull();
		expect(await sessionsOf(u.id)).toEqual([sa]);
		const d = supabaseClient(h.standIn.url);
		await d.auth.signInWithPassword({ email: u.email, password: 'secret-pw' });
		expect((await sessionsOf(u.id)).length).toBe(2);
		expect((await d.auth.signOut({ scope: 'global' })).error).toBeNull();
		expect(await sessionsOf(u.id)).toEqual([]);
	});
});

describe('admin API: ban and delete', () => {
	const admin = () => supabaseClient(h.standIn.url, SERVICE_ROLE_KEY).auth.admin;

	it('ban_duration sets banned_until and keeps the sessions, as GoTrue does; sign-in is refused; "none" lifts it', async () => {
		const u = await userWithTwoSessions('ban');
		const before = await sessionsOf(u.id);
		const { data, error } = await admin().updateUserById(u.id, { ban_duration: '24h' });
		expect(error).toBeNull();
		expect(data.user?.banned_until).toBeTruthy();
		const [row] = await sql<{ hours: number }>(h.db, `select round(extract(epoch from banned_until - now()) / 3600)::int as hours from auth.users where id = $1`, [u.id]);
		expect(row.hours).toBe(24);
		expect(await sessionsOf(u.id)).toEqual(before);
		expect((await supabaseClient(h.standIn.url).auth.signInWithPassword({ email: u.email, password: 'secret-pw' })).error?.code).toBe('user_banned');
		expect((await admin().updateUserById(u.id, { ban_duration: 'none' })).error).toBeNull();
		expect(await sql(h.db, 'select banned_until from auth.users where id = $1', [u.id])).toEqual([{ banned_until: null }]);
	});

	it('a soft delete sets deleted_at and deletes every session; a hard delete removes the user and its sessions', async () => {
		const soft = await userWithTwoSessions('soft');
		expect((await admin().deleteUser(soft.id, true)).error).toBeNull();
		expect(await sql(h.db, 'select deleted_at is not null as deleted from auth.users where id = $1', [soft.id])).toEqual([{ deleted: true }]);
		expect(await sessionsOf(soft.id)).toEqual([]);

		const hard = await userWithTwoSessions('hard');
		expect((await admin().deleteUser(hard.id)).error).toBeNull();
		expect(await sql(h.db, 'select 1 from auth.users where id = $1', [hard.id])).toEqual([]);
		expect(await sql(h.db, 'select 1 from auth.sessions where id = any($1::uuid[])', [hard.tokens.map(sessionIdOf)])).toEqual([]);
	});

	it('refuses callers without an admin role, unknown users and malformed input', async () => {
		const u = await userWithTwoSessions('guard');
		const call = (method: string, id: string, key: string | null, body: unknown = {}) =>
			fetch(`${auth}/admin/users/${id}`, {
				method,
				headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...(key ? { authorization: `Bearer ${key}` } : {}) },
				body: JSON.stringify(body)
			}).then(async (r) => ({ status: r.status, code: (await r.json()).code }));
		expect(await call('PUT', u.id, null, { ban_duration: '1h' })).toEqual({ status: 401, code: 'no_authorization' });
		expect(await call('PUT', u.id, ANON_KEY, { ban_duration: '1h' })).toEqual({ status: 403, code: 'not_admin' });
		expect(await call('DELETE', u.id, u.tokens[0])).toEqual({ status: 403, code: 'not_admin' });
		expect(await call('PUT', crypto.randomUUID(), SERVICE_ROLE_KEY, { ban_duration: '1h' })).toEqual({ status: 404, code: 'user_not_found' });
		expect(await call('DELETE', 'not-a-uuid', SERVICE_ROLE_KEY)).toEqual({ status: 400, code: 'validation_failed' });
		expect(await call('PUT', u.id, SERVICE_ROLE_KEY, { ban_duration: 'a day' })).toEqual({ status: 400, code: 'validation_failed' });
		expect(await call('PUT', u.id, SERVICE_ROLE_KEY, { email: 'x@example.com' })).toEqual({ status: 400, code: 'validation_failed' });
		expect(await sql(h.db, 'select banned_until, deleted_at from auth.users where id = $1', [u.id])).toEqual([{ banned_until: null, deleted_at: null }]);
		expect((await sessionsOf(u.id)).length).toBe(2);
	});

	it('parses Go durations', () => {
		expect([parseGoDuration('24h'), parseGoDuration('1h30m'), parseGoDuration('90s'), parseGoDuration('0'), parseGoDuration('1.5h')]).toEqual([
			86_400_000, 5_400_000, 90_000, 0, 5_400_000
		]);
		for (const bad of ['', '24', 'h', '1d', '1h 30m', 'one hour']) expect(parseGoDuration(bad)).toBeUndefined();
	});
});
