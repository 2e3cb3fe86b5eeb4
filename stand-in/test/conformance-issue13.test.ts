// PostgREST conformance, part 1: the seven behaviours where the stand-in used to answer differently from
// PostgREST (v12–v14 defaults). Each test states PostgREST's documented answer (docs/supabase-compat.md §3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn } from '../src/server.ts';
import { CONFORMANCE_FIXTURES, rest } from './conformance-fixtures.ts';
import { PROTOCOL_FIXTURES, sql, startHarness, supabaseClient } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let base: string;

beforeAll(async () => {
	h = await startHarness(PROTOCOL_FIXTURES + CONFORMANCE_FIXTURES);
	base = h.standIn.url;
});
afterAll(async () => h?.close());

describe('PostgREST conformance: the seven behaviours of issue 13', () => {
	it('1. a single unnamed parameter is called with the body key "" and receives the whole body', async () => {
		const text = await rest(base, '/rpc/c_unnamed_text', { body: { '': 'test' } });
		expect(text.status).toBe(200);
		expect(text.json).toBe('{"":"test"}');
		const sb = supabaseClient(base);
		const viaClient = await sb.rpc('c_unnamed_text', { '': 'test' });
		expect(viaClient.error).toBeNull();
		expect(JSON.parse(viaClient.data as string)).toEqual({ '': 'test' });
		expect((await sb.rpc('c_whole_body', { '': { test: 'value' } })).data).toEqual({ '': { test: 'value' } });
		// An unnamed integer parameter is not callable: PGRST202 names the key "" and hints at a close name.
		const int = await rest(base, '/rpc/c_unnamed_int', { body: { '': 1 } });
		expect(int.status).toBe(404);
		expect(int.json).toEqual({
			code: 'PGRST202',
			message: 'Could not find the function public.c_unnamed_int() in the schema cache',
			details:
				'Searched for the function public.c_unnamed_int with parameter  or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
			hint: 'Perhaps you meant to call the function public.c_unnamed_text'
		});
	});

	it('2. ambiguous overloads are 300 PGRST203 listing the candidates in order; PGRST202 hints as PostgREST words them', async () => {
		const ambiguous = await rest(base, '/rpc/c_default_overload', { body: {} });
		expect(ambiguous.status).toBe(300);
		expect(ambiguous.json).toEqual({
			code: 'PGRST203',
			message:
				'Could not choose the best candidate function between: public.c_default_overload(), public.c_default_overload( => text)',
			details: null,
			hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
		});
		expect((await supabaseClient(base).rpc('c_default_overload')).status).toBe(300);
		// A misspelt name: the hint names the function, without a parameter list.
		const typo = await rest(base, '/rpc/t_scalarr?a=1');
		expect(typo.json.hint).toBe('Perhaps you meant to call the function public.t_scalar');
		// Overloads exist but no parameter list resembles the keys: no hint at all.
		const wrong = await rest(base, '/rpc/c_hinted?wrong_arg=1');
		expect(wrong.status).toBe(404);
		expect(wrong.json.hint).toBeNull();
		// A close parameter list is suggested, its names sorted.
		const close = await rest(base, '/rpc/c_hinted?a=1&b=2&zzz=3');
		expect(close.json.hint).toBe('Perhaps you meant to call the function public.c_hinted(a, b, c)');
	});

	it('3. quoted identifiers work in select=, filters, order= and columns=', async () => {
		const read = await rest(base, '/c_quoted?select="column whitespace",id,label:"odd:col"&"dotted.name"=gte.20&order="column whitespace".desc');
		expect(read.status).toBe(200);
		expect(read.json).toEqual([
			{ 'column whitespace': 'two', id: 2, label: 'b' },
			{ 'column whitespace': 'three', id: 3, label: 'c' }
		]);
		const sb = supabaseClient(base);
		const viaClient = await sb.from('c_quoted').select('"column whitespace"').eq('id', 1).single();
		expect(viaClient.data).toEqual({ 'column whitespace': 'one' });
		const written = await rest(base, '/c_quoted?columns="column whitespace",id&select="column whitespace"', {
			body: [{ id: 4, 'column whitespace': 'four', ignored: true }],
			headers: { prefer: 'return=representation' }
		});
		expect(written.status).toBe(201);
		expect(written.json).toEqual([{ 'column whitespace': 'four' }]);
	});

	it('4. writes answer their count (count=exact); planned and estimated counts come from the planner', async () => {
		const sb = supabaseClient(base);
		const ins = await sb.from('c_defaults').insert([{ name: 'a' }, { name: 'b' }, { name: 'c' }], { count: 'exact' });
		expect(ins.status).toBe(201);
		expect(ins.count).toBe(3);
		const upd = await rest(base, '/c_defaults?name=in.(a,b,c)', { method: 'PATCH', body: { note: 'n' }, headers: { prefer: 'count=exact' } });
		expect(upd.status).toBe(204);
		expect(upd.header('content-range')).toBe('0-2/3');
		const del = await sb.from('c_defaults').delete({ count: 'exact' }).in('name', ['a', 'b', 'c']);
		expect(del.status).toBe(204);
		expect(del.count).toBe(3);
		expect((await rest(base, '/c_defaults?id=eq.-1', { method: 'DELETE', headers: { prefer: 'count=exact' } })).header('content-range')).toBe('*/0');

		// The view holds 3 rows; the planner estimates 100.
		const exact = await rest(base, '/c_estimated', { headers: { prefer: 'count=exact' } });
		expect([exact.status, exact.header('content-range')]).toEqual([200, '0-2/3']);
		const planned = await rest(base, '/c_estimated', { headers: { prefer: 'count=planned' } });
		expect([planned.status, planned.header('content-range'), planned.header('preference-applied')]).toEqual([206, '0-2/100', 'count=planned']);
		// estimated: exact up to max-rows (1000 here), the larger of exact and planned beyond it.
		const estimated = await rest(base, '/c_estimated', { headers: { prefer: 'count=estimated' } });
		expect([estimated.status, estimated.header('content-range')]).toEqual([200, '0-2/3']);
		const small = await startStandIn({ databaseUrl: h.db, port: 0, log: false, rest: { maxRows: 2 } });
		try {
			const beyond = await rest(small.url, '/c_estimated', { headers: { prefer: 'count=estimated' } });
			expect([beyond.status, beyond.header('content-range')]).toEqual([206, '0-1/100']);
		} finally {
			await small.close();
		}
	});

	it('5. Prefer: missing=default fills keys absent from a row with the column default', async () => {
		const sb = supabaseClient(base);
		const r = await sb
			.from('c_defaults')
			.insert([{ note: 'only a note' }, { name: 'named', note: 'both' }], { defaultToNull: false })
			.select('name, note, tags');
		expect(r.error).toBeNull();
		expect(r.status).toBe(201);
		expect(r.data).toEqual([
			{ name: 'unnamed', note: 'only a note', tags: [] },
			{ name: 'named', note: 'both', tags: [] }
		]);
		// missing=null (the default) writes NULL: the NOT NULL column refuses it and nothing is written.
		const nulls = await rest(base, '/c_defaults?columns=name,note', { body: [{ note: 'x' }] });
		expect([nulls.status, nulls.json.code]).toEqual([400, '23502']);
		expect((await sql(h.db, `select count(*)::int as n from public.c_defaults where note = 'x'`))[0].n).toBe(0);
	});

	it('6. Prefer: max-affected with handling=strict refuses a write that touches more rows, and writes nothing', async () => {
		const names = async () => (await sql(h.db, 'select count(*)::int as n from public.c_rows where name like $1', ['row %']))[0].n;
		const sb = supabaseClient(base);
		// supabase-js types maxAffected() for PostgREST 13+ clients only; the request is the same for this untyped one.
		type Capped = { maxAffected(n: number): PromiseLike<{ status: number; error: unknown }> };
		const update = await (sb.from('c_rows').update({ name: 'x' }).lte('id', 5) as unknown as Capped).maxAffected(2);
		expect(update.status).toBe(400);
		expect(update.error).toMatchObject({
			code: 'PGRST124',
			message: 'Query result exceeds max-affected preference constraint',
			details: 'The query affects 5 rows'
		});
		const del = await rest(base, '/c_rows?id=lte.5', { method: 'DELETE', headers: { prefer: 'handling=strict, max-affected=4' } });
		expect([del.status, del.json.code]).toEqual([400, 'PGRST124']);
		const call = await rest(base, '/rpc/c_rename_rows', { body: { max_id: 3 }, headers: { prefer: 'handling=strict, max-affected=2' } });
		expect([call.status, call.json.code]).toEqual([400, 'PGRST124']);
		expect(await names()).toBe(10);
		// Within the limit it writes; on a function without SETOF it is PGRST128.
		const ok = await rest(base, '/c_rows?id=eq.10', { method: 'DELETE', headers: { prefer: 'handling=strict, max-affected=1' } });
		expect([ok.status, ok.header('preference-applied')]).toEqual([204, 'handling=strict, max-affected=1']);
		const single = await rest(base, '/rpc/c_rename_one', { body: { row_id: 1 }, headers: { prefer: 'handling=strict, max-affected=1' } });
		expect([single.status, single.json.code]).toEqual([400, 'PGRST128']);
		expect(await names()).toBe(9);
	});

	it('7. Accept: text/csv answers CSV: the column names, then one line per row', async () => {
		const r = await rest(base, '/t_items?select=id,name,score&id=lte.3&order=id', { headers: { accept: 'text/csv' } });
		expect(r.status).toBe(200);
		expect(r.header('content-type')).toBe('text/csv; charset=utf-8');
		// Each line is the row's record text without its parentheses, so text with spaces is double-quoted.
		expect(r.text).toBe('id,name,score\n1,"item 1",1.5\n2,"item 2",3.0\n3,"item 3",4.5');
		const viaClient = await supabaseClient(base).from('t_items').select('id,name').in('id', [4, 5]).order('id').csv();
		expect(viaClient.data).toBe('id,name\n4,"item 4"\n5,');
		expect((await rest(base, '/t_items?id=gt.100', { headers: { accept: 'text/csv' } })).text).toBe('\n');
		const call = await rest(base, '/rpc/t_items_from?select=id&limit=2', { body: { min_id: 11 }, headers: { accept: 'text/csv' } });
		expect(call.text).toBe('id\n11\n12');
	});
});
