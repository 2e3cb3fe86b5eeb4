// Hostile input at the gateway (docs/supabase-compat.md §2.3): malformed percent-encoding, bodies nested too
// deep or too large. Every answer is a 4xx in the service's own error shape, nothing is written, and no answer
// carries internal error text (exception messages, stack traces).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY } from '../src/keys.ts';
import { startStandIn } from '../src/server.ts';
import { nestsDeeperThan } from '../src/postgrest/payload.ts';
import { PROTOCOL_FIXTURES, sql, startHarness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
const INTERNAL_TEXT = /URI malformed|SyntaxError|TypeError|RangeError|Unexpected token|JSON at position|stack|\.ts:\d+|at [\w.]+ \(/;

beforeAll(async () => {
	h = await startHarness(PROTOCOL_FIXTURES);
});
afterAll(async () => h?.close());

async function send(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}, base = h.standIn.url) {
	const res = await fetch(`${base}${path}`, {
		method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
		headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...init.headers },
		body: init.body
	});
	const text = await res.text();
	expect(text).not.toMatch(INTERNAL_TEXT);
	return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

const nested = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);
const logRows = async () => (await sql(h.db, 'select count(*)::int as n from public.t_log'))[0].n;

describe('malformed percent-encoding', () => {
	it('in a /rest/v1 path or query is 400 with PostgREST\'s error body, not 500 "URI malformed"', async () => {
		for (const path of ['/rest/v1/t_items%zz', '/rest/v1/rpc/t_text%E0%A4?t=x', '/rest/v1/rpc/t_text?t=%E0%A4%A', '/rest/v1/t_items?select=%']) {
			const r = await send(path);
			expect(r.status, path).toBe(400);
			expect(Object.keys(r.json).sort()).toEqual(['code', 'details', 'hint', 'message']);
			expect(r.json.code).toBe('PGRST100');
			expect(r.json.message).toMatch(/^Invalid percent-encoding in the request URL (path|query)$/);
		}
		const write = await send('/rest/v1/rpc/t_write?x=%zz', { body: '{"note":"never"}' });
		expect(write.status).toBe(400);
		expect(await sql(h.db, `select count(*)::int as n from public.t_log where note = 'never'`)).toEqual([{ n: 0 }]);
	});

	it('in an /auth/v1 path or query is 400 with GoTrue\'s error body', async () => {
		for (const path of ['/auth/v1/%zz', '/auth/v1/settings?x=%C3%28']) {
			const r = await send(path);
			expect(r.status, path).toBe(400);
			expect(r.json).toMatchObject({ code: 'validation_failed' });
		}
	});
});

describe('deeply nested bodies', () => {
	it('the scan counts levels below the top-level value and skips strings', () => {
		expect(nestsDeeperThan(nested(65), 64)).toBe(false);
		expect(nestsDeeperThan(nested(66), 64)).toBe(true);
		expect(nestsDeeperThan(`{"a":"${'['.repeat(500)}"}`, 64)).toBe(false);
		expect(nestsDeeperThan(`{"a":"\\"${'['.repeat(500)}"}`, 64)).toBe(false);
	});

	it('an RPC body nested 100,000 deep is 400 22023 before parsing, not 500 54001', async () => {
		const before = await logRows();
		const r = await send('/rest/v1/rpc/t_json', { body: `{"x":${nested(100_000)}}` });
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({ code: '22023', message: 'The request body nests arrays and objects more than 64 levels deep' });
		expect(r.json.hint).toBeTruthy();
		expect(await logRows()).toBe(before);
	});

	it('64 levels below the argument envelope pass; 65 are refused, on RPC and on table writes', async () => {
		const ok = await send('/rest/v1/rpc/t_json', { body: `{"x":${nested(64)}}` });
		expect(ok.status).toBe(200);
		expect((await send('/rest/v1/rpc/t_json', { body: `{"x":${nested(65)}}` })).status).toBe(400);
		const insert = await send('/rest/v1/t_items', { body: JSON.stringify({ id: 500, meta: JSON.parse(nested(70)) }) });
		expect([insert.status, insert.json.code]).toEqual([400, '22023']);
		expect(await sql(h.db, 'select count(*)::int as n from public.t_items where id = 500')).toEqual([{ n: 0 }]);
	});

	it('an /auth/v1 body nested too deep is 400 bad_json without parser text', async () => {
		const r = await send('/auth/v1/signup', { body: `{"email":"deep@example.com","password":"secret-pw","data":${nested(10_000)}}` });
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({ code: 'bad_json' });
		expect(await sql(h.db, `select count(*)::int as n from auth.users where email = 'deep@example.com'`)).toEqual([{ n: 0 }]);
		const broken = await send('/auth/v1/signup', { body: '{"email": "x@example.com", "password":' });
		expect(broken.status).toBe(400);
		expect(broken.json).toMatchObject({ code: 'bad_json', message: 'Could not parse request body as JSON: the body is not valid JSON' });
	});
});

describe('body size', () => {
	it('a body over the gateway limit is 413 on both services and writes nothing', async () => {
		const small = await startStandIn({ databaseUrl: h.db, port: 0, log: false, gateway: { maxBodyBytes: 1024 } });
		try {
			const note = 'x'.repeat(4096);
			const rest = await send('/rest/v1/rpc/t_write', { body: JSON.stringify({ note }) }, small.url);
			expect(rest.status).toBe(413);
			expect(rest.json).toEqual({ message: 'Request size limit exceeded' });
			const auth = await send('/auth/v1/signup', { body: JSON.stringify({ email: 'big@example.com', password: note }) }, small.url);
			expect(auth.status).toBe(413);
			expect(await sql(h.db, 'select count(*)::int as n from public.t_log where note = $1', [note])).toEqual([{ n: 0 }]);
			// The connection stays usable after a refused body.
			expect((await send('/rest/v1/rpc/t_scalar?a=1', {}, small.url)).status).toBe(200);
		} finally {
			await small.close();
		}
	});
});
