// Hostile input to the app itself (the production build over real HTTP, in front of the stand-in and a
// seeded throwaway database): bodies over the body limit and nested deeper than a definition may be, URLs that
// do not decode, a version stored deeper than JSON.stringify can go, the pages that draw such a version, and
// the Supabase API being down. Every refusal is a 4xx with the routes' error body {code, message, details,
// hint}, carries no internal error text and writes nothing (docs/architecture.md, "Bounded input").
import type { Json } from '../../types/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EMAILS, sessionCookieHeader, signIn, startApp, startStack, type DemoRole, type SignedIn, type Stack } from './contract/stack';
import { fingerprint } from './_support/hostile';
import { rpcAs } from './_support/db';
import { freePort } from '../../scripts/lib/ports';

let stack: Stack;
let app: string;
let admin: pg.Client;
const as = {} as Record<DemoRole, SignedIn>;
let acmeId: string;

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call', config: {} as Record<string, unknown> } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};

/** JSON text of arrays and objects nested `levels` deep (the outermost counts as 1). */
function nestedText(levels: number): string {
	let s = '"leaf"';
	for (let i = 0; i < levels; i++) s = i % 2 ? `{"k":${s}}` : `[${s}]`;
	return s;
}
/** A valid definition whose whole text nests exactly `levels` deep (the definition object is level 1). */
function definitionOfDepth(levels: number): string {
	// definition{ nodes[ node{ data{ config{ deep… : five levels before the nested value
	return JSON.stringify(VALID).replace('"config":{}', `"config":{"deep":${nestedText(levels - 5)}}`);
}

/** Text no answer may carry: JS engine messages, stack frames, PostgreSQL internals, socket errors. */
const INTERNAL = /RangeError|TypeError|SyntaxError|Maximum call stack|max_stack_depth|stack depth|\n\s+at |ECONNREFUSED|fetch failed|node_modules|JSON at position|Unexpected token/;

interface Answer {
	status: number;
	text: string;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(method: string, path: string, opts: { who?: DemoRole; raw?: string | ReadableStream; headers?: Record<string, string>; base?: string } = {}): Promise<Answer> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.who) headers.Authorization = `Bearer ${as[opts.who].token}`;
	if (opts.raw !== undefined) headers['Content-Type'] ??= 'application/json';
	const res = await fetch((opts.base ?? app) + path, { method, headers, body: opts.raw, duplex: 'half' } as RequestInit);
	const text = await res.text();
	let body: unknown = null;
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, text, body };
}

function expectRefusal(a: Answer, status: number, code: string) {
	expect({ status: a.status, code: a.body?.code }, a.text.slice(0, 300)).toEqual({ status, code });
	expect(Object.keys(a.body).sort()).toEqual(['code', 'details', 'hint', 'message']);
	expect(a.body.message.length).toBeGreaterThan(10);
	expect(a.body.hint).toBeTruthy();
	expect(a.text).not.toMatch(INTERNAL);
}

/** A workflow of Acme with a draft (editor); returns its id and the draft's revision. */
async function workflowWithDraft(name: string): Promise<{ id: string; revision: number }> {
	const wf = await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID as unknown as Json });
	expect(wf.error).toBeNull();
	return { id: wf.data!.id, revision: 1 };
}

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_api_hardening' });
	app = stack.appUrl!;
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role]);
	acmeId = (await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single()).data!.id;
}, 600_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	await stack?.stop();
});

describe('request bodies are bounded before they are parsed', () => {
	it('a body over the body limit is 413 with the error body (was 500), declared or streamed, and writes nothing', async () => {
		const wf = await workflowWithDraft('Too large');
		const big = JSON.stringify({ definition: { ...VALID, settings: { blob: 'x'.repeat(5_000_000) } }, expected_revision: wf.revision });
		const before = await fingerprint(admin);
		expectRefusal(await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', raw: big }), 413, 'PT413');
		// No Content-Length: the body arrives in chunks and is abandoned at the limit.
		const chunked = new ReadableStream<Uint8Array>({
			start(c) {
				const bytes = new TextEncoder().encode(big);
				for (let at = 0; at < bytes.length; at += 256 * 1024) c.enqueue(bytes.subarray(at, at + 256 * 1024));
				c.close();
			}
		});
		expectRefusal(await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'publisher', raw: chunked }), 413, 'PT413');
		expect(await fingerprint(admin)).toBe(before);
	});

	it('under a smaller BODY_SIZE_LIMIT the adapter\'s own refusal is answered 413 too', async () => {
		const small = await startApp(stack.supabaseUrl, stack.databaseUrl, [], { BODY_SIZE_LIMIT: '64K' });
		try {
			const wf = await workflowWithDraft('Small limit');
			const body = JSON.stringify({ definition: { ...VALID, settings: { blob: 'y'.repeat(100_000) } }, expected_revision: wf.revision });
			const streamed = new ReadableStream<Uint8Array>({
				start(c) {
					c.enqueue(new TextEncoder().encode(body));
					c.close();
				}
			});
			const a = await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', raw: streamed, base: small.url });
			expectRefusal(a, 413, 'PT413');
			expect(a.body.message).toContain('64 KiB');
		} finally {
			await small.stop();
		}
	});

	it('a definition of 64 levels is saved; 65, 5,000 and 100,000 levels are 400 (5,000 was 502 "RangeError"), writing nothing', async () => {
		const wf = await workflowWithDraft('Deep');
		const body = (levels: number, revision: number) => `{"definition":${definitionOfDepth(levels)},"expected_revision":${revision}}`;
		const ok = await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', raw: body(64, wf.revision) });
		expect(ok.status, ok.text.slice(0, 300)).toBe(200);
		const revision = ok.body.revision as number;
		const before = await fingerprint(admin);
		for (const levels of [65, 5_000, 100_000]) {
			const a = await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', raw: body(levels, revision) });
			expectRefusal(a, 400, '22023');
			expect(a.body.message).toContain('64 levels');
		}
		// Any route, any field: the depth is measured before anything looks at the body.
		expectRefusal(await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'publisher', raw: `{"note":${nestedText(100_000)}}` }), 400, '22023');
		expectRefusal(await call('POST', `/api/workflows/${wf.id}/rollback`, { who: 'publisher', raw: '['.repeat(200_000) }), 400, '22023');
		expect(await fingerprint(admin)).toBe(before);
	});

	it('invalid JSON is 400 PGRST102 without the parser\'s message', async () => {
		const wf = await workflowWithDraft('Invalid JSON');
		for (const raw of ['{"definition": ', '{"a":1}}', '\u0000', '{"a":"\ud800"']) {
			expectRefusal(await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', raw }), 400, 'PGRST102');
		}
	});

	it('form actions measure a definition before parsing it too (was 502 with "RangeError")', async () => {
		const wf = await workflowWithDraft('Deep form');
		const cookie = await sessionCookieHeader(stack.supabaseUrl, stack.anonKey, EMAILS.editor);
		const before = await fingerprint(admin);
		for (const action of ['save', 'validate']) {
			const form = new FormData();
			form.set('definition', definitionOfDepth(5_000));
			form.set('expected_revision', String(wf.revision));
			const res = await fetch(`${app}/workflows/${wf.id}?/${action}`, {
				method: 'POST',
				headers: { cookie, origin: app, accept: 'application/json', 'x-sveltekit-action': 'true' },
				body: form
			});
			const text = await res.text();
			expect(JSON.parse(text), text.slice(0, 300)).toMatchObject({ type: 'failure', status: 400 });
			expect(text).toContain('more than 64 levels deep');
			expect(text).not.toMatch(INTERNAL);
		}
		expect(await fingerprint(admin)).toBe(before);
	});
});

describe('URLs that do not decode', () => {
	it.each([
		['GET', '/api/versions/%E0%A4%A', 'path'],
		['GET', '/api/workflows/%ZZ/versions', 'path'],
		['PUT', '/api/workflows/%/draft', 'path'],
		['GET', '/api/versions/%C0%AF', 'path'],
		['GET', '/api/workflows/00000000-0000-4000-8000-00000000dead/diff?from=%ZZ&to=%E0', 'query'],
		['GET', '/api/workflows/00000000-0000-4000-8000-00000000dead/versions?page_size=%', 'query']
	])('%s %s → 400 PGRST100 in the JSON error shape (was the HTML error page)', async (method, path, part) => {
		const a = await call(method, path, { who: 'viewer' });
		expectRefusal(a, 400, 'PGRST100');
		expect(a.body.message).toBe(`Invalid percent-encoding in the request URL ${part}`);
	});

	it('pages answer a malformed path with the app\'s own 400 error page, signed in or not (signed out was a redirect to /login)', async () => {
		const cookie = await sessionCookieHeader(stack.supabaseUrl, stack.anonKey, EMAILS.viewer);
		for (const path of ['/workflows/%E0%A4%A', '/projects/%E0%A4%A', '/projects/%ZZ/environments', '/workflows/%C0%AF/history', '/%']) {
			for (const headers of [{ cookie }, {} as Record<string, string>]) {
				const res = await fetch(app + path, { headers, redirect: 'manual' });
				const html = await res.text();
				const who = `${path} ${headers.cookie ? 'signed in' : 'signed out'}`;
				expect(res.status, who).toBe(400);
				expect(html, who).toContain('data-testid="error-page"');
				expect(html, who).toContain('This address could not be read');
				expect(html).not.toMatch(INTERNAL);
				expect(html).not.toContain('Malformed URI');
			}
		}
		// A query that does not decode is read leniently by the pages (URLSearchParams): never a 5xx.
		for (const path of ['/login?next=%E0%A4%A', `/projects/${acmeId}?archived=%E0%A4%A`, '/workflows/00000000-0000-4000-8000-00000000dead/compare?from=%ZZ&to=%E0']) {
			const res = await fetch(app + path, { headers: { cookie }, redirect: 'manual' });
			const html = await res.text();
			expect(res.status, path).toBeLessThan(500);
			expect(html).not.toMatch(INTERNAL);
		}
	});
});

describe('a version stored deeper than JSON.stringify can go (before the database limited depth)', () => {
	let stored: { workflow: string; version: string; draft: string } | null = null;
	const LEVELS = 9_000;

	beforeAll(async () => {
		// Operators may restore such rows from before the limit; create one as the RPCs would have.
		const def = definitionOfDepth(LEVELS);
		try {
			const [w] = await rpcAs(admin, as.editor.userId, 'select id from public.create_workflow($1, $2, null, $3::jsonb)', [acmeId, 'Stored deep', def]);
			const [v] = await rpcAs(admin, as.publisher.userId, 'select id from public.publish_draft($1)', [w.id]);
			const [d] = await rpcAs(admin, as.editor.userId, 'select id from public.create_draft($1)', [w.id]);
			stored = { workflow: w.id, version: v.id, draft: d.id };
		} catch (e) {
			// With the database's depth limit in place such a definition cannot be written any more.
			if (!/(22023|23514|levels)/.test(`${(e as { code?: string }).code} ${(e as Error).message}`)) throw e;
		}
	}, 120_000);

	it('GET /api/versions/{id} answers it whole (was 500)', async (ctx) => {
		if (!stored) return ctx.skip();
		const a = await call('GET', `/api/versions/${stored.version}`, { who: 'viewer' });
		expect(a.status, a.text.slice(0, 300)).toBe(200);
		let v: unknown = JSON.parse(a.text).definition.nodes[1].data.config.deep;
		let levels = 0;
		while (v !== null && typeof v === 'object') (v = Array.isArray(v) ? v[0] : (v as { k: unknown }).k), levels++;
		expect({ levels, leaf: v }).toEqual({ levels: LEVELS - 5, leaf: 'leaf' });
	});

	it('the editor, version and compare pages render it cut at 64 levels, with the notice (were 500)', async (ctx) => {
		if (!stored) return ctx.skip();
		const cookie = await sessionCookieHeader(stack.supabaseUrl, stack.anonKey, EMAILS.editor);
		for (const path of [
			`/workflows/${stored.workflow}`,
			`/workflows/${stored.workflow}/versions/${stored.version}`,
			`/workflows/${stored.workflow}/compare?from=${stored.version}&to=${stored.draft}`
		]) {
			const res = await fetch(app + path, { headers: { cookie } });
			const html = await res.text();
			expect(res.status, `${path}: ${html.slice(0, 200)}`).toBe(200);
			expect(html, path).toContain('data-testid="definition-cut"');
			expect(html).not.toMatch(INTERNAL);
		}
	});
});

describe('when the Supabase API does not answer', () => {
	it('502 PGRST000 and a 503 health report, with no socket or driver text', async () => {
		const deadApi = `http://127.0.0.1:${await freePort()}`;
		const down = await startApp(deadApi, null);
		try {
			const a = await call('GET', '/api/versions/00000000-0000-4000-8000-00000000dead', { who: 'viewer', base: down.url });
			expectRefusal(a, 502, 'PGRST000');
			expect(a.body.message).toBe('The Supabase API did not answer');
			const h = await call('GET', '/api/health', { base: down.url });
			expect(h.status).toBe(503);
			expect(h.text).not.toMatch(INTERNAL);
			expect(h.body.checks.database.error).toBe('The Supabase API could not reach the database');
		} finally {
			await down.stop();
		}
	});
});
