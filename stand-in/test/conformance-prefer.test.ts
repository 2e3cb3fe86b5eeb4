// PostgREST conformance, part 2: every Prefer option, header, media type and status code that
// docs/supabase-compat.md (§3.5–§3.8) claims and the other stand-in suites do not already hold it to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn } from '../src/server.ts';
import { CONFORMANCE_FIXTURES, rest } from './conformance-fixtures.ts';
import { PROTOCOL_FIXTURES, sql, startHarness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
let base: string;
const count = async (where: string) => (await sql(h.db, `select count(*)::int as n from public.c_rows where ${where}`))[0].n;

beforeAll(async () => {
	h = await startHarness(PROTOCOL_FIXTURES + CONFORMANCE_FIXTURES);
	base = h.standIn.url;
});
afterAll(async () => h?.close());

describe('Prefer', () => {
	it('handling=strict refuses invalid preferences with 400 PGRST122 before writing; lenient ignores them', async () => {
		const strict = await rest(base, '/c_rows', { body: { id: 50 }, headers: { prefer: 'handling=strict, foo, params=single-object' } });
		expect(strict.status).toBe(400);
		expect(strict.json).toEqual({
			code: 'PGRST122',
			message: 'Invalid preferences given with handling=strict',
			details: 'Invalid preferences: foo, params=single-object',
			hint: null
		});
		expect(await count('id = 50')).toBe(0);
		const lenient = await rest(base, '/c_rows?id=eq.1', { headers: { prefer: 'handling=lenient, foo' } });
		expect([lenient.status, lenient.header('preference-applied')]).toEqual([200, 'handling=lenient']);
	});

	it('timezone applies a known zone (Preference-Applied) and ignores an unknown one, which strict refuses', async () => {
		const la = await rest(base, '/rpc/c_now', { headers: { prefer: 'timezone=America/Los_Angeles' } });
		expect([la.json, la.header('preference-applied')]).toEqual(['2024-01-01T04:00:00-08:00', 'timezone=America/Los_Angeles']);
		const unknown = await rest(base, '/rpc/c_now', { headers: { prefer: 'timezone=Jupiter/Red_Spot' } });
		expect([unknown.status, unknown.json, unknown.header('preference-applied')]).toEqual([200, '2024-01-01T12:00:00+00:00', null]);
		const strict = await rest(base, '/rpc/c_now', { headers: { prefer: 'handling=strict, timezone=Jupiter/Red_Spot' } });
		expect([strict.status, strict.json.code]).toEqual([400, 'PGRST122']);
	});

	it('return=minimal, headers-only and representation shape a POST answer; Location names the primary key', async () => {
		const minimal = await rest(base, '/c_rows', { body: { id: 11, name: 'm' } });
		expect([minimal.status, minimal.text, minimal.header('content-type'), minimal.header('location')]).toEqual([201, '', null, null]);
		expect(minimal.header('content-range')).toBe('*/*');
		const headersOnly = await rest(base, '/c_rows', { body: { id: 12, name: 'h' }, headers: { prefer: 'return=headers-only' } });
		expect([headersOnly.status, headersOnly.text, headersOnly.header('location')]).toEqual([201, '', '/c_rows?id=eq.12']);
		expect(headersOnly.header('preference-applied')).toBe('return=headers-only');
		const full = await rest(base, '/c_rows?select=name', {
			body: { id: 13, name: 'r' },
			headers: { prefer: 'return=representation, count=exact' }
		});
		expect([full.status, full.json, full.header('location'), full.header('content-range')]).toEqual([201, [{ name: 'r' }], '/c_rows?id=eq.13', '*/1']);
		expect(full.header('preference-applied')).toBe('return=representation, count=exact');
		const patched = await rest(base, '/c_rows?id=in.(11,12,13)', { method: 'PATCH', body: { name: 'p' }, headers: { prefer: 'return=representation' } });
		expect([patched.status, patched.header('content-range'), patched.json.length]).toEqual([200, '0-2/*', 3]);
		const deleted = await rest(base, '/c_rows?id=in.(11,12,13)', { method: 'DELETE', headers: { prefer: 'return=representation' } });
		expect([deleted.status, deleted.header('content-range'), deleted.json.length]).toEqual([200, '*/*', 3]);
	});

	it('missing applies to POST and PATCH only and is echoed; Preference-Applied lists what applied, in order', async () => {
		const r = await rest(base, '/c_defaults?columns=name,note', {
			body: [{ note: 'echo' }],
			headers: { prefer: 'count=exact, missing=default, return=representation, handling=lenient' }
		});
		expect(r.header('preference-applied')).toBe('missing=default, return=representation, count=exact, handling=lenient');
		const read = await rest(base, '/c_defaults?note=eq.echo', { headers: { prefer: 'missing=default, count=exact' } });
		expect(read.header('preference-applied')).toBe('count=exact');
	});

	it('tx=rollback is ignored under the default db-tx-end=commit, honoured when the server allows overrides', async () => {
		const ignored = await rest(base, '/c_rows', { body: { id: 60, name: 'kept' }, headers: { prefer: 'tx=rollback' } });
		expect([ignored.status, ignored.header('preference-applied')]).toEqual([201, null]);
		expect(await count('id = 60')).toBe(1);
		const overridable = await startStandIn({ databaseUrl: h.db, port: 0, log: false, rest: { txEnd: 'commit-allow-override' } });
		const rollbackAll = await startStandIn({ databaseUrl: h.db, port: 0, log: false, rest: { txEnd: 'rollback' } });
		try {
			const rolled = await rest(overridable.url, '/c_rows', { body: { id: 61 }, headers: { prefer: 'tx=rollback, return=representation' } });
			expect([rolled.status, rolled.json, rolled.header('preference-applied')]).toEqual([201, [{ id: 61, name: null }], 'return=representation, tx=rollback']);
			expect((await rest(rollbackAll.url, '/c_rows', { body: { id: 62 } })).status).toBe(201);
			expect(await count('id in (61, 62)')).toBe(0);
		} finally {
			await Promise.all([overridable.close(), rollbackAll.close()]);
		}
	});

	it('resolution (upsert) is not implemented: 400 PGRST127 and nothing written', async () => {
		const r = await rest(base, '/c_rows', { body: { id: 1, name: 'upserted' }, headers: { prefer: 'resolution=merge-duplicates' } });
		expect([r.status, r.json.code, r.json.message]).toEqual([400, 'PGRST127', 'Feature not implemented']);
		expect(await count(`name = 'upserted'`)).toBe(0);
	});
});

describe('bodies, columns and limited writes', () => {
	it('a body in another media type is 400 PGRST102 and writes nothing; so is an empty or invalid JSON body', async () => {
		const csv = await rest(base, '/c_rows', { body: 'id,name\n70,x', headers: { 'content-type': 'text/csv' } });
		expect(csv.status).toBe(400);
		expect(csv.json).toMatchObject({ code: 'PGRST102', message: 'Content-Type not acceptable: text/csv' });
		expect((await rest(base, '/c_rows', { body: '' , headers: { 'content-type': 'application/json' } })).json).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
		const mixed = await rest(base, '/c_rows', { body: [{ id: 71 }, { id: 72, name: 'x' }] });
		expect(mixed.json).toMatchObject({ code: 'PGRST102', message: 'All object keys must match' });
		expect(await count('id >= 70')).toBe(0);
	});

	it('an unknown column in the payload or columns= is 400 PGRST204', async () => {
		const r = await rest(base, '/c_rows', { body: { id: 80, nope: 1 } });
		expect(r.status).toBe(400);
		expect(r.json).toEqual({ code: 'PGRST204', message: "Could not find the 'nope' column of 'c_rows' in the schema cache", details: null, hint: null });
		expect((await rest(base, '/c_rows?columns=id,nope', { body: { id: 80 } })).json.code).toBe('PGRST204');
	});

	it('limit and order narrow a DELETE or PATCH to the rows they pick', async () => {
		await sql(h.db, `insert into public.c_rows values (90, 'lim'), (91, 'lim'), (92, 'lim')`);
		const del = await rest(base, '/c_rows?name=eq.lim&order=id.desc&limit=1', { method: 'DELETE', headers: { prefer: 'count=exact' } });
		expect([del.status, del.header('content-range')]).toEqual([204, '*/1']);
		const upd = await rest(base, '/c_rows?name=eq.lim&order=id&limit=1', { method: 'PATCH', body: { name: 'first' } });
		expect(upd.status).toBe(204);
		expect(await sql(h.db, `select id, name from public.c_rows where id >= 90 order by id`)).toEqual([
			{ id: 90, name: 'first' },
			{ id: 91, name: 'lim' }
		]);
	});
});

describe('media types and status codes', () => {
	it('object, stripped-null array and JSON are producible; anything else is 406 PGRST107', async () => {
		const obj = await rest(base, '/c_rows?id=eq.1', { headers: { accept: 'application/vnd.pgrst.object+json' } });
		expect([obj.json, obj.header('content-type')]).toEqual([{ id: 1, name: 'row 1' }, 'application/vnd.pgrst.object+json; charset=utf-8']);
		await sql(h.db, `insert into public.c_rows values (95, null)`);
		const stripped = await rest(base, '/c_rows?id=eq.95', { headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' } });
		expect(stripped.json).toEqual([{ id: 95 }]);
		const weighted = await rest(base, '/c_rows?id=eq.95&select=id', { headers: { accept: 'application/xml, text/csv;q=0.5' } });
		expect(weighted.text).toBe('id\n95');
		const none = await rest(base, '/c_rows', { headers: { accept: 'application/geo+json, text/plain' } });
		expect(none.status).toBe(406);
		expect(none.json).toMatchObject({ code: 'PGRST107', message: 'None of these media types are available: application/geo+json, text/plain' });
	});

	it('206 for a partial page with a count, 416 past the end, 405 for PUT on RPC, 300/404 on lookup', async () => {
		const partial = await rest(base, '/c_rows?select=id&id=lte.10&order=id&limit=2', { headers: { prefer: 'count=exact' } });
		expect([partial.status, partial.header('content-range')]).toEqual([206, '0-1/10']);
		expect((await rest(base, '/c_rows?offset=100', { headers: { prefer: 'count=exact' } })).status).toBe(416);
		expect((await rest(base, '/rpc/c_now', { method: 'PUT', body: {} })).status).toBe(405);
		expect((await rest(base, '/rpc/c_default_overload', { body: {} })).status).toBe(300);
		expect((await rest(base, '/c_nowhere')).status).toBe(404);
	});
});
