// /rest/v1/rpc through supabase-js and plain fetch: return shapes, lookup and overloading, binding,
// Accept/Prefer, access modes (docs/supabase-compat.md §3.4), the request context (§3.1) and the error mapping (§3.9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, SERVICE_ROLE_KEY } from '../src/keys.ts';
import { PROTOCOL_FIXTURES, sql, startHarness, supabaseClient, token, now } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let rest: string;
const userToken = () =>
	token({ sub: '11111111-1111-4111-8111-111111111111', role: 'authenticated', aud: 'authenticated', exp: now() + 600, email: 'a@b.c' });

beforeAll(async () => {
	h = await startHarness(PROTOCOL_FIXTURES);
	rest = `${h.standIn.url}/rest/v1`;
});
afterAll(async () => h?.close());

async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
	const res = await fetch(`${rest}${path}`, { ...init, headers: { apikey: ANON_KEY, ...init.headers } });
	const text = await res.text();
	return { res, status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

describe('return shapes', () => {
	it('void → 204 without a body or Content-Type', async () => {
		const r = await call('/rpc/t_void', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(r.status).toBe(204);
		expect(r.text).toBe('');
		expect(r.res.headers.get('content-type')).toBeNull();
		const { data, error, status } = await supabaseClient(h.standIn.url).rpc('t_void');
		expect(error).toBeNull();
		expect(status).toBe(204);
		expect(data).toBeNull();
	});

	it('scalar → one JSON value; missing optional argument uses the SQL default', async () => {
		const sb = supabaseClient(h.standIn.url);
		expect((await sb.rpc('t_scalar', { a: 1 })).data).toBe(11);
		expect((await sb.rpc('t_scalar', { a: 1, b: 2 })).data).toBe(3);
		expect((await sb.rpc('t_text', { t: 'x' })).data).toBe('got x');
		expect((await sb.rpc('t_scalar', { a: 1 }, { get: true })).data).toBe(11);
	});

	it('single composite → an object; SETOF → an array; SETOF scalar → array of values', async () => {
		const sb = supabaseClient(h.standIn.url);
		const one = await sb.rpc('t_item', { item_id: 2 });
		expect(one.data).toMatchObject({ id: 2, name: 'item 2', tags: ['t2'], meta: { kind: 'even' } });
		const many = await sb.rpc('t_items_from', { min_id: 10 });
		expect(many.data.map((r: { id: number }) => r.id)).toEqual([10, 11, 12]);
		expect((await sb.rpc('t_numbers', { n: 3 })).data).toEqual([1, 2, 3]);
		expect((await sb.rpc('t_items_from', { min_id: 100 })).data).toEqual([]);
	});

	it('serialises like PostgreSQL: bigint as a number, timestamptz with +00:00, numeric as a number', async () => {
		const r = await call('/rpc/t_table', { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
		expect(r.text).toContain('"big":9007199254740993');
		expect(r.text).toContain('"at":"2024-05-01T10:00:00.5+00:00"');
		expect(r.text).toContain('"amount":12.50');
		expect(r.json).toHaveLength(1);
	});

	it('JSON arrays bind to PG arrays (json_to_record coercion); wrong types are 22P02 → 400', async () => {
		const sb = supabaseClient(h.standIn.url);
		expect((await sb.rpc('t_arr', { vals: [1, 2, 3] })).data).toBe(3);
		const bad = await sb.rpc('t_scalar', { a: 'abc' });
		expect(bad.status).toBe(400);
		expect(bad.error?.code).toBe('22P02');
	});

	it('a single unnamed jsonb parameter receives the whole body', async () => {
		const { data } = await supabaseClient(h.standIn.url).rpc('t_json', { anything: [1, { x: true }] });
		expect(data).toEqual({ anything: [1, { x: true }] });
	});

	it('SETOF composite accepts select, filters, order, limit and count', async () => {
		const sb = supabaseClient(h.standIn.url);
		const r = await sb.rpc('t_items_from', { min_id: 1 }, { count: 'exact' }).select('id,name').gt('id', 3).order('id', { ascending: false }).limit(2);
		expect(r.data).toEqual([
			{ id: 12, name: 'item 12' },
			{ id: 11, name: 'item 11' }
		]);
		expect(r.count).toBe(9);
		expect(r.status).toBe(206);
	});
});

describe('Accept: application/vnd.pgrst.object+json (.single())', () => {
	it('SETOF with one row → object; with several → 406 PGRST116', async () => {
		const sb = supabaseClient(h.standIn.url);
		const ok = await sb.rpc('t_items_from', { min_id: 12 }).single();
		expect(ok.data).toMatchObject({ id: 12 });
		const many = await sb.rpc('t_items_from', { min_id: 1 }).single();
		expect(many.status).toBe(406);
		expect(many.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 12 rows' });
		const none = await sb.rpc('t_items_from', { min_id: 99 }).single();
		expect(none.error?.details).toBe('The result contains 0 rows');
	});

	it('a failed singular check rolls the transaction back', async () => {
		await sql(h.db, `create function public.t_write_many() returns setof public.t_log language sql volatile as $$
			insert into public.t_log (note) values ('many-1'), ('many-2') returning * $$;
			grant execute on function public.t_write_many() to anon, authenticated`);
		await h.standIn.reloadSchema();
		const r = await supabaseClient(h.standIn.url).rpc('t_write_many').single();
		expect(r.status).toBe(406);
		const rows = await sql(h.db, `select count(*)::int as n from public.t_log where note like 'many-%'`);
		expect(rows[0].n).toBe(0);
	});

	it('scalar and single composite never fail the singular check', async () => {
		const sb = supabaseClient(h.standIn.url);
		expect((await sb.rpc('t_item', { item_id: 999 }).single()).status).toBe(200);
		const r = await call('/rpc/t_scalar?a=1', { headers: { accept: 'application/vnd.pgrst.object+json' } });
		expect(r.status).toBe(200);
		expect(r.res.headers.get('content-type')).toBe('application/vnd.pgrst.object+json; charset=utf-8');
	});

	it('an unsupported Accept is 406 PGRST107', async () => {
		const r = await call('/rpc/t_scalar?a=1', { headers: { accept: 'application/xml' } });
		expect(r.status).toBe(406);
		expect(r.json).toMatchObject({ code: 'PGRST107', message: 'None of these media types are available: application/xml' });
	});
});

describe('function lookup', () => {
	it('unknown function and extra keys → 404 PGRST202 with message, details and hint', async () => {
		const r = await call('/rpc/t_scalar', { method: 'POST', body: '{"a":1,"zzz":2}', headers: { 'content-type': 'application/json' } });
		expect(r.status).toBe(404);
		expect(r.json).toEqual({
			code: 'PGRST202',
			message: 'Could not find the function public.t_scalar(a, zzz) in the schema cache',
			details:
				'Searched for the function public.t_scalar with parameters a, zzz or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
			hint: 'Perhaps you meant to call the function public.t_scalar(a, b)'
		});
		const none = await call('/rpc/t_scalar');
		expect(none.json.message).toBe('Could not find the function public.t_scalar without parameters in the schema cache');
		expect(none.json.details).toBe(
			'Searched for the function public.t_scalar without parameters, but no matches were found in the schema cache.'
		);
	});

	it('a missing required argument is PGRST202 too', async () => {
		const { error, status } = await supabaseClient(h.standIn.url).rpc('t_scalar', { b: 1 });
		expect(status).toBe(404);
		expect(error?.code).toBe('PGRST202');
	});

	it('ambiguous overloads → 300 PGRST203', async () => {
		const r = await call('/rpc/t_overload', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
		expect(r.status).toBe(300);
		expect(r.json.code).toBe('PGRST203');
		expect(r.json.message).toBe(
			'Could not choose the best candidate function between: public.t_overload(a => integer), public.t_overload(a => text)'
		);
		expect(r.json.hint).toBe('Try renaming the parameters or the function itself in the database so function overloading can be resolved');
	});

	it('the schema cache reloads on NOTIFY pgrst', async () => {
		await sql(h.db, `create function public.t_late() returns int language sql immutable as $$ select 7 $$;
			grant execute on function public.t_late() to anon; notify pgrst, 'reload schema'`);
		let data: unknown;
		for (let i = 0; i < 100 && data !== 7; i++) {
			data = (await supabaseClient(h.standIn.url).rpc('t_late')).data;
			if (data !== 7) await new Promise((r) => setTimeout(r, 50));
		}
		expect(data).toBe(7);
	});

	it('invalid JSON body → 400 PGRST102; other methods → 405 PGRST101; OPTIONS lists methods', async () => {
		const bad = await call('/rpc/t_scalar', { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } });
		expect(bad.status).toBe(400);
		expect(bad.json).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
		const put = await call('/rpc/t_scalar', { method: 'PUT', body: '{}' });
		expect(put.status).toBe(405);
		expect(put.json).toMatchObject({ code: 'PGRST101', message: 'Cannot use the PUT method on RPC' });
		expect((await call('/rpc/t_write', { method: 'OPTIONS' })).res.headers.get('allow')).toBe('OPTIONS,POST');
		expect((await call('/rpc/t_scalar', { method: 'OPTIONS' })).res.headers.get('allow')).toBe('OPTIONS,GET,HEAD,POST');
	});
});

describe('transactions and context', () => {
	it('GET is READ ONLY whatever the volatility: a write fails 25006 → 405', async () => {
		const r = await supabaseClient(h.standIn.url).rpc('t_write', { note: 'x' }, { get: true });
		expect(r.status).toBe(405);
		expect(r.error?.code).toBe('25006');
		const ok = await supabaseClient(h.standIn.url).rpc('t_write', { note: 'x' });
		expect(ok.status).toBe(200);
		expect(typeof ok.data).toBe('number');
	});

	it('POST runs STABLE functions READ ONLY and VOLATILE ones READ WRITE', async () => {
		const sb = supabaseClient(h.standIn.url);
		expect((await sb.rpc('t_context')).data.read_only).toBe('on');
		expect((await sb.rpc('t_volatile_context')).data.read_only).toBe('off');
	});

	it('sets role, claims (role inserted), method, path, headers, cookies, search_path and role settings', async () => {
		const anon = await call('/rpc/t_context', {
			method: 'POST',
			body: '{}',
			headers: { 'content-type': 'application/json', cookie: 'a=1; b=two', 'x-custom': 'Value', authorization: '' }
		});
		expect(anon.status).toBe(200);
		// An empty Authorization header is not "Bearer …": no JWT, the anon role.
		expect(anon.json).toMatchObject({
			user: 'anon',
			claims: { role: 'anon' },
			method: 'POST',
			path: '/rpc/t_context',
			cookies: { a: '1', b: 'two' },
			search_path: '"public", "public", "extensions"',
			statement_timeout: '3s',
			isolation: 'read committed'
		});
		expect(anon.json.headers['x-custom']).toBe('Value');
		expect(anon.json.headers.cookie).toBeUndefined();

		const keyed = await call('/rpc/t_context', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		// apikey only: the gateway copies the raw key into Authorization, which is not a Bearer token → anon.
		expect(keyed.json.claims).toEqual({ role: 'anon' });
		const viaKey = await call('/rpc/t_context', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: `Bearer ${ANON_KEY}` } });
		expect(viaKey.json.claims).toEqual({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 });

		const user = await call('/rpc/t_context', {
			method: 'POST',
			body: '{}',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${userToken()}` }
		});
		expect(user.json).toMatchObject({ user: 'authenticated', statement_timeout: '8s', uid: '11111111-1111-4111-8111-111111111111', role_claim: 'authenticated' });
		const service = await call('/rpc/t_context', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_ROLE_KEY}` } });
		expect(service.json.user).toBe('service_role');
	});

	it('response.status / response.headers GUCs override the response', async () => {
		const r = await call('/rpc/t_guc');
		expect(r.status).toBe(418);
		expect(r.res.headers.get('x-teapot')).toBe('yes');
		expect(r.res.headers.get('cache-control')).toBe('max-age=1');
	});
});

describe('errors', () => {
	it.each([
		['PT409', 409],
		['PT404', 404],
		['PT422', 422],
		['PT413', 413],
		['P0001', 400],
		['22023', 400],
		['23505', 409],
		['23503', 409],
		['23514', 400],
		['40001', 500],
		['53300', 503],
		['57014', 500]
	])('SQLSTATE %s → HTTP %i with {code, message, details, hint}', async (state, status) => {
		const { error, status: got } = await supabaseClient(h.standIn.url).rpc('t_raise', { state, msg: `boom ${state}` });
		expect(got).toBe(status);
		expect(error).toMatchObject({ code: state, message: `boom ${state}`, details: 'the detail', hint: 'the hint' });
	});

	it('42501 is 401 for anon and 403 for an authenticated role', async () => {
		const anon = await call('/rpc/t_private');
		expect(anon.status).toBe(401);
		expect(anon.json.code).toBe('42501');
		expect(anon.res.headers.get('www-authenticate')).toBe('Bearer');
		const user = await call('/rpc/t_private', { headers: { authorization: `Bearer ${userToken()}` } });
		expect(user.status).toBe(403);
		expect(user.json.code).toBe('42501');
	});

	it('a role that does not exist is 401', async () => {
		const r = await call('/rpc/t_scalar?a=1', { headers: { authorization: `Bearer ${token({ role: 'nobody_here', exp: now() + 60 })}` } });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe('22023');
	});
});
