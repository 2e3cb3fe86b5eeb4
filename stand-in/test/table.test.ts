// /rest/v1/<table> through supabase-js and fetch: select, filters, order, ranges, counts (docs/supabase-compat.md §3.5, §3.8), the
// mutations the stand-in runs for real, and PostgREST's answers for what it does not implement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY } from '../src/keys.ts';
import { PROTOCOL_FIXTURES, sql, startHarness, supabaseClient, token, now } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let rest: string;
const ids = (rows: Array<{ id: number }> | null) => (rows ?? []).map((r) => r.id);

beforeAll(async () => {
	h = await startHarness(
		PROTOCOL_FIXTURES +
			`create view public.t_many as select g as id from generate_series(1, 1500) g;
			 grant select on public.t_many to anon;`
	);
	rest = `${h.standIn.url}/rest/v1`;
});
afterAll(async () => h?.close());

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
	const res = await fetch(`${rest}${path}`, { method, headers: { apikey: ANON_KEY, ...headers } });
	const text = await res.text();
	return { res, status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

describe('select and filters', () => {
	it('select lists columns, aliases and casts; * returns every column', async () => {
		const sb = supabaseClient(h.standIn.url);
		const { data } = await sb.from('t_items').select('id, label:name, score::text').eq('id', 3);
		expect(data).toEqual([{ id: 3, label: 'item 3', score: '4.5' }]);
		const all = await sb.from('t_items').select('*').eq('id', 1).single();
		expect(Object.keys(all.data!)).toEqual(['id', 'name', 'score', 'tags', 'meta', 'big', 'created_at']);
		expect(all.data!.created_at).toBe('2024-01-01T10:00:00+00:00');
	});

	it('eq, neq, gt, gte, lt, lte, like, ilike, is, in and not.', async () => {
		const sb = supabaseClient(h.standIn.url);
		const q = () => sb.from('t_items').select('id').order('id');
		expect(ids((await q().eq('id', 4)).data)).toEqual([4]);
		expect(ids((await q().neq('id', 4).lte('id', 5)).data)).toEqual([1, 2, 3, 5]);
		expect(ids((await q().gt('id', 10)).data)).toEqual([11, 12]);
		expect(ids((await q().gte('id', 11)).data)).toEqual([11, 12]);
		expect(ids((await q().lt('id', 3)).data)).toEqual([1, 2]);
		expect(ids((await q().like('name', 'item 1*')).data)).toEqual([1, 11, 12]);
		expect(ids((await q().ilike('name', 'ITEM 1%')).data)).toEqual([1, 11, 12]);
		expect(ids((await q().is('name', null)).data)).toEqual([5, 10]);
		expect(ids((await q().not('name', 'is', null).gt('id', 9)).data)).toEqual([11, 12]);
		expect(ids((await q().in('id', [2, 7, 99])).data)).toEqual([2, 7]);
		expect(ids((await q().in('name', ['item 1', 'item, odd'])).data)).toEqual([1]);
		expect(ids((await q().not('id', 'in', '(1,2,3,4,5,6,7,8,9,10)')).data)).toEqual([11, 12]);
		expect(ids((await q().or('id.eq.1,id.eq.12')).data)).toEqual([1, 12]);
		expect(ids((await q().eq('meta->>kind', 'even').lt('id', 5)).data)).toEqual([2, 4]);
		expect(ids((await q().contains('tags', ['t0'])).data)).toEqual([3, 6, 9, 12]);
	});

	it('order with direction and nulls placement', async () => {
		const sb = supabaseClient(h.standIn.url);
		const first = await sb.from('t_items').select('id').order('name', { ascending: true, nullsFirst: true }).order('id').limit(3);
		expect(ids(first.data)).toEqual([5, 10, 1]);
		const desc = await sb.from('t_items').select('id').order('name', { ascending: false, nullsFirst: false }).order('id').limit(2);
		expect(ids(desc.data)).toEqual([9, 8]);
	});

	it('a filter that does not parse is 400 PGRST100; an unknown column is 42703 → 400', async () => {
		const bad = await get('/t_items?id=nonsense');
		expect(bad.status).toBe(400);
		expect(bad.json.code).toBe('PGRST100');
		const col = await supabaseClient(h.standIn.url).from('t_items').select('nope');
		expect(col.status).toBe(400);
		expect(col.error?.code).toBe('42703');
	});
});

describe('ranges and counts', () => {
	it('range() → limit/offset, Content-Range and 206 with count=exact', async () => {
		const r = await supabaseClient(h.standIn.url).from('t_items').select('id', { count: 'exact' }).order('id').range(2, 4);
		expect(ids(r.data)).toEqual([3, 4, 5]);
		expect(r.count).toBe(12);
		expect(r.status).toBe(206);
		const raw = await get('/t_items?select=id&order=id&offset=2&limit=3', { prefer: 'count=exact' });
		expect(raw.res.headers.get('content-range')).toBe('2-4/12');
		expect(raw.res.headers.get('preference-applied')).toBe('count=exact');
	});

	it('all rows → 200; no count → */*-style totals; empty results → */N', async () => {
		expect((await get('/t_items?select=id', { prefer: 'count=exact' })).res.headers.get('content-range')).toBe('0-11/12');
		expect((await get('/t_items?select=id')).res.headers.get('content-range')).toBe('0-11/*');
		const empty = await get('/t_items?select=id&id=gt.100', { prefer: 'count=exact' });
		expect(empty.status).toBe(200);
		expect(empty.res.headers.get('content-range')).toBe('*/0');
		const atEnd = await get('/t_items?select=id&offset=12', { prefer: 'count=exact' });
		expect(atEnd.status).toBe(206);
		expect(atEnd.res.headers.get('content-range')).toBe('*/12');
	});

	it('an offset past the total is 416 PGRST103', async () => {
		const r = await get('/t_items?select=id&offset=13', { prefer: 'count=exact' });
		expect(r.status).toBe(416);
		expect(r.json).toEqual({
			code: 'PGRST103',
			message: 'Requested range not satisfiable',
			details: 'An offset of 13 was requested, but there are only 12 rows.',
			hint: null
		});
		expect(r.res.headers.get('content-range')).toBe('*/12');
	});

	it('the Range request header limits a GET', async () => {
		const r = await get('/t_items?select=id&order=id', { range: '0-1' });
		expect(ids(r.json)).toEqual([1, 2]);
		expect(r.res.headers.get('content-range')).toBe('0-1/*');
	});

	it('max_rows caps every read at 1000', async () => {
		const r = await supabaseClient(h.standIn.url).from('t_many').select('id', { count: 'exact' });
		expect(r.data).toHaveLength(1000);
		expect(r.count).toBe(1500);
		expect(r.status).toBe(206);
	});

	it('HEAD with count: headers only', async () => {
		const r = await supabaseClient(h.standIn.url).from('t_items').select('*', { count: 'exact', head: true }).gt('id', 6);
		expect(r.count).toBe(6);
		expect(r.data).toBeNull();
		const raw = await get('/t_items?id=gt.6', { prefer: 'count=exact' }, 'HEAD');
		expect(raw.text).toBe('');
		expect(raw.res.headers.get('content-range')).toBe('0-5/6');
	});

	it('.single() with zero or several rows is 406 PGRST116; maybeSingle() handles 0 rows', async () => {
		const sb = supabaseClient(h.standIn.url);
		const none = await sb.from('t_items').select('id').eq('id', 99).single();
		expect(none.status).toBe(406);
		expect(none.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 0 rows' });
		const maybe = await sb.from('t_items').select('id').eq('id', 99).maybeSingle();
		expect(maybe.error).toBeNull();
		expect(maybe.data).toBeNull();
	});
});

describe('privileges, mutations and unsupported features', () => {
	it('a table without grants is 401 for anon and 403 for authenticated (42501)', async () => {
		const anon = await supabaseClient(h.standIn.url).from('t_secret').select('*');
		expect(anon.status).toBe(401);
		expect(anon.error?.code).toBe('42501');
		const jwt = token({ sub: '11111111-1111-4111-8111-111111111111', role: 'authenticated', exp: now() + 60 });
		const user = await get('/t_secret', { authorization: `Bearer ${jwt}` });
		expect(user.status).toBe(403);
		const write = await fetch(`${rest}/t_secret`, {
			method: 'POST',
			headers: { apikey: ANON_KEY, authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
			body: '{"id":1}'
		});
		expect(write.status).toBe(403);
	});

	it('insert, update and delete run for real (201 / 200 / 204)', async () => {
		const sb = supabaseClient(h.standIn.url);
		const ins = await sb.from('t_items').insert({ id: 100, name: 'new' });
		expect(ins.status).toBe(201);
		const rep = await sb.from('t_items').insert([{ id: 101, name: 'a' }, { id: 102, name: 'b' }]).select('id,name');
		expect(rep.status).toBe(201);
		expect(rep.data).toEqual([
			{ id: 101, name: 'a' },
			{ id: 102, name: 'b' }
		]);
		const upd = await sb.from('t_items').update({ name: 'changed' }).gte('id', 100).select('id');
		expect(upd.status).toBe(200);
		expect(ids(upd.data).sort()).toEqual([100, 101, 102]);
		const dup = await sb.from('t_items').insert({ id: 100 });
		expect(dup.status).toBe(409);
		expect(dup.error?.code).toBe('23505');
		const del = await sb.from('t_items').delete().gte('id', 100);
		expect(del.status).toBe(204);
		expect((await sql(h.db, 'select count(*)::int as n from public.t_items'))[0].n).toBe(12);
	});

	it('unknown tables are 404 PGRST205; embedding and upserts are 400 PGRST127; aggregates PGRST123', async () => {
		const missing = await get('/t_itemz');
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ code: 'PGRST205', message: "Could not find the table 'public.t_itemz' in the schema cache" });
		expect(missing.json.hint).toBe("Perhaps you meant the table 'public.t_items'");
		const embed = await supabaseClient(h.standIn.url).from('t_items').select('id, t_log(*)');
		expect(embed.status).toBe(400);
		expect(embed.error).toMatchObject({ code: 'PGRST127', message: 'Feature not implemented' });
		const upsert = await supabaseClient(h.standIn.url).from('t_items').upsert({ id: 1, name: 'x' });
		expect(upsert.error?.code).toBe('PGRST127');
		expect((await get('/t_items?select=count()')).json.code).toBe('PGRST123');
		expect((await get('/')).json.code).toBe('PGRST127');
	});

	it('an Accept-Profile outside the exposed schemas is 406 PGRST106', async () => {
		const r = await get('/t_items', { 'accept-profile': 'auth' });
		expect(r.status).toBe(406);
		expect(r.json.code).toBe('PGRST106');
		expect(r.json.message).toBe('Invalid schema: auth');
	});
});
