// Property tests of the app's /api routes (the production build over real HTTP, in front of the stand-in and
// a seeded throwaway database), in the style of fuzz-hostile.test.ts: fast-check generates deep, wide and
// odd-unicode definitions, hostile bodies (truncated, not objects, nested far too deep, huge) and hostile
// path and query parts, and sends them to every route as different members. Properties: the answer is a
// success or a documented 4xx, never a 5xx; a refusal has the routes' error body and no internal error text,
// and writes nothing (fingerprint of every API-writable table); a saved definition reads back equal, with
// exactly one audit event.
//
//   fixed seed, bounded runs by default; longer:  FUZZ_RUNS=300 npx vitest run tests/integration/fuzz-api.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { EMAILS, signIn, startStack, type DemoRole, type Stack } from './contract/stack';
import { asUser, createWorkflow } from './_support/db';
import { fingerprint } from './_support/hostile';
import { jsonEqual } from '../../src/lib/graph/json';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 6464);
const params = (runs = RUNS) => ({ numRuns: runs, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK !== '1' });

/** The answers the /api routes document for a refusal (README, "Errors"; 413 for bodies over the limit). */
const DOCUMENTED_4XX = new Set([400, 401, 403, 404, 409, 413, 422]);
const INTERNAL = /RangeError|TypeError|SyntaxError|Maximum call stack|max_stack_depth|stack depth|\n\s+at |ECONNREFUSED|fetch failed|node_modules|JSON at position|Unexpected token/;

let stack: Stack;
let app: string;
let admin: pg.Client;
const tokens = {} as Record<DemoRole, string>;
const ids = {} as { project: string; workflow: string; editor: string; versions: string[]; otherVersion: string };

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_fuzz_api' });
	app = stack.appUrl!;
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	for (const role of Object.keys(EMAILS) as DemoRole[]) tokens[role] = (await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role])).token;
	const q = async (sql: string, v: unknown[] = []) => (await admin.query(sql, v)).rows;
	ids.project = (await q(`select id from public.projects where name = 'Acme automations'`))[0].id;
	ids.editor = (await q(`select id from auth.users where email = $1`, [EMAILS.editor]))[0].id;
	const publisher = (await q(`select id from auth.users where email = $1`, [EMAILS.publisher]))[0].id;
	ids.workflow = await createWorkflow(admin, ids.editor, ids.project, 'Fuzz API', {
		nodes: [{ id: 't', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } }],
		edges: []
	});
	await asUser(admin, publisher, () => admin.query('select public.publish_draft($1)', [ids.workflow]));
	ids.versions = (await q(`select id from public.workflow_versions where workflow_id = $1`, [ids.workflow])).map((r) => r.id);
	ids.otherVersion = (await q(`select v.id from public.workflow_versions v join public.workflows w on w.id = v.workflow_id where w.name = 'Order intake' limit 1`))[0].id;
}, 600_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	await stack?.stop();
});

/** The draft's revision (created as the editor when there is none). */
async function draftRevision(): Promise<number> {
	return asUser(admin, ids.editor, async () => (await admin.query('select revision from public.create_draft($1)', [ids.workflow])).rows[0].revision);
}
async function eventCount(): Promise<number> {
	return (await admin.query('select count(*)::int as n from public.workflow_version_events where workflow_id = $1', [ids.workflow])).rows[0].n;
}

interface Reply {
	status: number;
	text: string;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
async function send(method: string, path: string, who: DemoRole, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
	const res = await fetch(app + path, {
		method,
		headers: { Authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
		body
	});
	const text = await res.text();
	let parsed: unknown = null;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		/* not JSON */
	}
	return { status: res.status, text, body: parsed };
}

/** A success, or a documented 4xx with the error body and nothing internal in it; a refusal writes nothing. */
async function checked(what: string, call: () => Promise<Reply>): Promise<Reply> {
	const before = await fingerprint(admin);
	const r = await call();
	expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
	if (r.status >= 300) {
		expect(DOCUMENTED_4XX.has(r.status), `${what} → undocumented ${r.status} ${r.text.slice(0, 300)}`).toBe(true);
		expect(r.body && Object.keys(r.body).sort(), `${what}: error body`).toEqual(['code', 'details', 'hint', 'message']);
		expect(String(r.body.message).length, `${what}: message`).toBeGreaterThan(3);
		expect(r.text, `${what}: internal text`).not.toMatch(INTERNAL);
		expect(await fingerprint(admin), `${what} was refused (${r.status}) but wrote`).toBe(before);
	}
	return r;
}

// ── Arbitraries ──────────────────────────────────────────────────────────────────────────────────
const ODD = ['\u202e', '\u200b', '\u200d', '\ufeff', '\u2028', '\u2029', '\u0301', '\uffff', '\ufffd', '👩‍👩‍👧‍👦', '𝔘', '漢', 'ع', '\u0007', '\u001b', '\\', '"', '\u0000', '\ud800', '\udc00'];
const oddString = fc.oneof(
	fc.string({ maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.string({ unit: fc.constantFrom(...ODD), maxLength: 20 }),
	fc.integer({ min: 10_000, max: 300_000 }).map((n) => '\u0301é😀'.repeat(Math.ceil(n / 4)))
);
const scalar = fc.oneof(oddString, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
/** A value nested `depth` levels, each level an array or an object with an odd key. */
const nested = (maxDepth: number) =>
	fc.tuple(fc.integer({ min: 1, max: maxDepth }), fc.array(fc.boolean(), { minLength: maxDepth, maxLength: maxDepth }), oddString, scalar).map(([depth, kinds, key, leaf]) => {
		let v: unknown = leaf;
		for (let i = 0; i < depth; i++) v = kinds[i] ? [v] : { [key]: v };
		return v;
	});
const wide = fc.oneof(
	fc.integer({ min: 1_000, max: 60_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
	fc.tuple(fc.integer({ min: 500, max: 4_000 }), oddString).map(([n, k]) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${k}${i}`, i])))
);
const anyValue = fc.oneof(scalar, nested(80), wide, fc.jsonValue({ maxDepth: 4 }));
const node = fc.record(
	{ id: fc.oneof(oddString, fc.constantFrom('t', 'a', 'b')), position: fc.record({ x: fc.integer(), y: fc.integer() }), data: fc.record({ type: fc.constantFrom('webhook', 'http_call', 'transform', 'nope'), label: oddString, config: anyValue }, { requiredKeys: ['type'] }) },
	{ requiredKeys: ['id', 'data'] }
);
const definition = fc.oneof(
	fc.record({ nodes: fc.array(node, { maxLength: 6 }), edges: fc.array(fc.record({ id: oddString, source: fc.constantFrom('t', 'a'), target: fc.constantFrom('a', 'b') }), { maxLength: 4 }), settings: anyValue }),
	fc.record({ nodes: anyValue, edges: anyValue }),
	anyValue
);
/** Body texts no JSON parser should get far with. */
const rawBody = fc.oneof(
	fc.constantFrom('', ' ', '{', '{"definition":', '[]', 'null', '"x"', '1e999', '{"a":1}}', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}'),
	fc.integer({ min: 65, max: 200_000 }).map((d) => `{"definition":${'['.repeat(d)}${']'.repeat(d)},"expected_revision":1}`),
	fc.integer({ min: 65, max: 200_000 }).map((d) => '{"note":' + '{"a":'.repeat(d) + '1' + '}'.repeat(d + 1)),
	fc.integer({ min: 4_200_000, max: 6_000_000 }).map((n) => `{"note":"${'n'.repeat(n)}"}`),
	fc.string({ unit: 'binary', maxLength: 200 })
);
/** A path segment or query value: real ids, junk, encoded odd text and raw (possibly malformed) percent escapes. */
const segment = fc.oneof(
	fc.constantFrom('00000000-0000-4000-8000-00000000dead', 'not-a-uuid', '%', '%E0%A4%A', '%C0%AF', '%00', '%2F', '..', '%2e%2e', '-1', '1e999'),
	// (at most 2,000 characters: longer request lines are refused by Node's HTTP parser, 431, before the app)
	oddString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 2000).replace(/%[0-9A-F]?$/, '')),
	fc.constant('VERSION'),
	fc.constant('OTHER')
);
const who = fc.constantFrom<DemoRole>('viewer', 'editor', 'publisher', 'owner', 'outsider');

describe('the /api routes under hostile input', () => {
	it('generated definitions: PUT /draft saves (reads back equal, one event) or refuses with a documented 4xx, writing nothing', async () => {
		const statuses = new Map<number, number>();
		let saved = 0;
		await fc.assert(
			fc.asyncProperty(definition, fc.boolean(), async (def, viaIfMatch) => {
				const rev = await draftRevision();
				const events = await eventCount();
				const body = JSON.stringify(viaIfMatch ? { definition: def } : { definition: def, expected_revision: rev });
				const r = await checked('PUT /draft', () => send('PUT', `/api/workflows/${ids.workflow}/draft`, 'editor', body, viaIfMatch ? { 'If-Match': `"${rev}"` } : {}));
				statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
				if (r.status !== 200) return;
				saved++;
				expect(r.body.revision).toBe(rev + 1);
				expect(await eventCount()).toBe(events + 1);
				const back = await send('GET', `/api/versions/${r.body.id}`, 'viewer');
				expect(back.status).toBe(200);
				expect(jsonEqual(back.body.definition, JSON.parse(body).definition), 'the definition reads back equal').toBe(true);
			}),
			params()
		);
		console.log(`fuzz /api PUT /draft: ${RUNS} definitions, ${saved} saved, statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
	}, 600_000);

	it('hostile bodies on every writing route: a documented 4xx (or a harmless success), never 5xx, nothing written when refused', async () => {
		const routes = [
			['PUT', () => `/api/workflows/${ids.workflow}/draft`],
			['POST', () => `/api/workflows/${ids.workflow}/versions`],
			['POST', () => `/api/workflows/${ids.workflow}/versions/publish`],
			['POST', () => `/api/workflows/${ids.workflow}/versions/revert`],
			['POST', () => `/api/workflows/${ids.workflow}/rollback`]
		] as const;
		const statuses = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...routes), rawBody, who, async ([method, path], body, as) => {
				const r = await checked(`${method} ${path()} as ${as}`, () => send(method, path(), as, body));
				statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
			}),
			params()
		);
		console.log(`fuzz /api hostile bodies: statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
	}, 600_000);

	it('hostile fields, ids, queries and headers: a documented 4xx or a success, never 5xx', async () => {
		const field = fc.oneof(anyValue, segment.map((s) => (s === 'VERSION' ? ids.versions[0] : s === 'OTHER' ? ids.otherVersion : s)));
		const id = (s: string) => (s === 'VERSION' ? ids.versions[0] : s === 'OTHER' ? ids.otherVersion : s);
		const calls = fc.oneof(
			fc.record({ kind: fc.constant('publish'), note: field, rev: field }).map((c) => ['POST', `/api/workflows/${ids.workflow}/versions/publish`, JSON.stringify({ note: c.note, expected_revision: c.rev })] as const),
			fc.record({ kind: fc.constant('revert'), v: field, rev: field }).map((c) => ['POST', `/api/workflows/${ids.workflow}/versions/revert`, JSON.stringify({ version_id: c.v, expected_revision: c.rev })] as const),
			fc.record({ kind: fc.constant('rollback'), v: field, note: field }).map((c) => ['POST', `/api/workflows/${ids.workflow}/rollback`, JSON.stringify({ version_id: c.v, note: c.note })] as const),
			fc.record({ kind: fc.constant('create'), v: field }).map((c) => ['POST', `/api/workflows/${ids.workflow}/versions`, JSON.stringify({ from_version_id: c.v })] as const),
			fc.tuple(segment, segment).map(([a, b]) => ['GET', `/api/workflows/${ids.workflow}/versions?page_size=${a}&before_version=${b}`, undefined] as const),
			fc.tuple(segment, segment).map(([a, b]) => ['GET', `/api/workflows/${ids.workflow}/diff?from=${id(a)}&to=${id(b)}`, undefined] as const),
			segment.map((a) => ['GET', `/api/versions/${id(a)}`, undefined] as const),
			segment.map((a) => ['GET', `/api/workflows/${id(a)}/versions`, undefined] as const),
			segment.map((a) => ['DELETE', `/api/workflows/${ids.workflow}/draft?expected_revision=${a}`, undefined] as const)
		);
		const ifMatch = fc.option(fc.oneof(segment, oddString.map((s) => s.replace(/[^\x20-\x7e]/g, ''))), { nil: undefined });
		await fc.assert(
			fc.asyncProperty(calls, who, ifMatch, async ([method, path, body], as, im) => {
				await checked(`${method} ${path.slice(0, 120)} as ${as}`, () => send(method, path, as, body, im !== undefined ? { 'If-Match': im } : {}));
			}),
			params(RUNS * 2)
		);
	}, 600_000);
});
