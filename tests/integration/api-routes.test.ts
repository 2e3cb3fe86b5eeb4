// The PRD REST endpoints (src/routes/api) through real HTTP: the production build of the app (`node build`)
// in front of the local Supabase stand-in on a seeded throwaway database. Callers authenticate with
// `Authorization: Bearer <access token>` or with the @supabase/ssr session cookies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EMAILS, sessionCookieHeader, signIn, startApp, startStack, type DemoRole, type SignedIn, type Stack } from './contract/stack';

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call' } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};
function variant(label: string) {
	return { ...VALID, nodes: [VALID.nodes[0], { ...VALID.nodes[1], data: { ...VALID.nodes[1].data, label } }] };
}
const MISSING = '00000000-0000-4000-8000-00000000dead';

let stack: Stack;
let app: string;
const as = {} as Record<DemoRole, SignedIn>;
let acmeId: string;

interface Answer {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
	method: string,
	path: string,
	opts: { who?: DemoRole | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}
): Promise<Answer> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.who) headers.Authorization = `Bearer ${as[opts.who].token}`;
	let body: string | undefined;
	if (opts.raw !== undefined) body = opts.raw;
	else if (opts.body !== undefined) body = JSON.stringify(opts.body);
	if (body !== undefined) headers['Content-Type'] ??= 'application/json';
	const res = await fetch(app + path, { method, headers, body });
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		/* metrics: text */
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

function expectErrorBody(a: Answer, status: number, code: string) {
	expect({ status: a.status, code: a.body?.code }, JSON.stringify(a.body)).toEqual({ status, code });
	expect(Object.keys(a.body).sort()).toEqual(['code', 'details', 'hint', 'message']);
	expect(a.body.message).toBeTruthy();
}

/** A fresh workflow in Acme (editor), v1 published (publisher), no draft. */
async function freshWorkflow(name: string): Promise<{ id: string; v1: string }> {
	const wf = await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID });
	expect(wf.error).toBeNull();
	const v1 = await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.data!.id });
	expect(v1.error).toBeNull();
	return { id: wf.data!.id, v1: v1.data!.id };
}

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_api_routes' });
	app = stack.appUrl!;
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role]);
	const acme = await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single();
	acmeId = acme.data!.id;
}, 600_000);

afterAll(async () => {
	await stack?.stop();
});

describe('health and metrics', () => {
	it('GET /api/health checks the database', async () => {
		const a = await call('GET', '/api/health');
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ status: 'ok', checks: { database: { status: 'ok', via: 'direct' } } });
	});

	it('health: through the Supabase API without DATABASE_URL; 503 when the database does not answer', async () => {
		const viaApi = await startApp(stack.supabaseUrl, null);
		try {
			const a = await fetch(`${viaApi.url}/api/health`);
			expect(a.status).toBe(200);
			expect(await a.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok', via: 'api' } } });
		} finally {
			await viaApi.stop();
		}
		const broken = new URL(stack.databaseUrl);
		broken.pathname = '/wv_no_such_database';
		const down = await startApp(stack.supabaseUrl, broken.toString());
		try {
			const a = await fetch(`${down.url}/api/health`);
			expect(a.status).toBe(503);
			expect(await a.json()).toMatchObject({ status: 'unavailable', checks: { database: { status: 'unavailable', via: 'direct' } } });
		} finally {
			await down.stop();
		}
	});

	it('unknown /api paths answer JSON 404', async () => {
		const a = await call('GET', '/api/nope', { who: 'viewer' });
		expectErrorBody(a, 404, 'PGRST125');
	});
});

describe('authentication', () => {
	it('every version route answers 401 / 42501 without a session, and with a forged token', async () => {
		const routes: Array<[string, string, unknown?]> = [
			['POST', `/api/workflows/${MISSING}/versions`, {}],
			['GET', `/api/workflows/${MISSING}/versions`],
			['POST', `/api/workflows/${MISSING}/versions/publish`, {}],
			['PUT', `/api/workflows/${MISSING}/draft`, { definition: VALID, expected_revision: 1 }],
			['DELETE', `/api/workflows/${MISSING}/draft`],
			['POST', `/api/workflows/${MISSING}/versions/revert`, { version_id: MISSING }],
			['POST', `/api/workflows/${MISSING}/rollback`, { version_id: MISSING }],
			['GET', `/api/versions/${MISSING}`],
			['GET', `/api/workflows/${MISSING}/diff?from=${MISSING}&to=${MISSING}`]
		];
		for (const [method, path, body] of routes) {
			const a = await call(method, path, { body });
			expectErrorBody(a, 401, '42501');
			const forged = await call(method, path, { body, headers: { Authorization: 'Bearer a.b.c' } });
			expectErrorBody(forged, 401, '42501');
		}
	});

	it('the @supabase/ssr session cookies work like a bearer token', async () => {
		const cookie = await sessionCookieHeader(stack.supabaseUrl, stack.anonKey, EMAILS.viewer);
		const wf = await freshWorkflow('Cookie');
		const a = await call('GET', `/api/workflows/${wf.id}/versions`, { headers: { Cookie: cookie } });
		expect(a.status).toBe(200);
		expect(a.body.map((v: { version_number: number }) => v.version_number)).toEqual([1]);
	});

	it('a cross-site write riding the session cookies is refused (403) and changes nothing', async () => {
		const cookie = await sessionCookieHeader(stack.supabaseUrl, stack.anonKey, EMAILS.publisher);
		const wf = await freshWorkflow('CSRF');
		// A sibling site's no-cors fetch: cookies, a foreign Origin, no Content-Type.
		const forged = await call('POST', `/api/workflows/${wf.id}/versions`, {
			headers: { Cookie: cookie, Origin: 'http://127.0.0.1:1' },
			raw: ''
		});
		expectErrorBody(forged, 403, '42501');
		const list = await call('GET', `/api/workflows/${wf.id}/versions`, { headers: { Cookie: cookie } });
		expect(list.body.map((v: { state: string }) => v.state)).toEqual(['published']);
		// The same request from the app's own origin goes through.
		const own = await call('POST', `/api/workflows/${wf.id}/versions`, { headers: { Cookie: cookie, Origin: app } });
		expect(own.status).toBe(201);
	});
});

describe('the PRD endpoints', () => {
	let wf: { id: string; v1: string };
	let draftId: string;
	beforeAll(async () => {
		wf = await freshWorkflow('REST');
	});

	it('POST /versions creates the draft (201, Location, ETag); again returns the same draft', async () => {
		const a = await call('POST', `/api/workflows/${wf.id}/versions`, { who: 'editor' });
		expect(a.status).toBe(201);
		expect(a.body).toMatchObject({ state: 'draft', revision: 1, base_version_id: wf.v1, workflow_id: wf.id });
		expect(a.headers.get('etag')).toBe('"1"');
		expect(a.headers.get('location')).toBe(`/api/versions/${a.body.id}`);
		draftId = a.body.id;
		const again = await call('POST', `/api/workflows/${wf.id}/versions`, { who: 'editor', body: {} });
		expect(again.body.id).toBe(draftId);
		const conflict = await call('POST', `/api/workflows/${wf.id}/versions`, { who: 'editor', body: { from_version_id: wf.v1 } });
		expectErrorBody(conflict, 409, 'PT409');
	});

	it('PUT /draft saves with If-Match and returns the new ETag; a stale If-Match is 409', async () => {
		const a = await call('PUT', `/api/workflows/${wf.id}/draft`, {
			who: 'editor',
			body: { definition: variant('two'), ignored_field: true },
			headers: { 'If-Match': '"1"' }
		});
		expect(a.status).toBe(200);
		expect(a.body.revision).toBe(2);
		expect(a.headers.get('etag')).toBe('"2"');
		const stale = await call('PUT', `/api/workflows/${wf.id}/draft`, {
			who: 'editor',
			body: { definition: variant('lost') },
			headers: { 'If-Match': '"1"' }
		});
		expectErrorBody(stale, 409, 'PT409');
		expect(stale.body.hint).toBeTruthy();
		const viaBody = await call('PUT', `/api/workflows/${wf.id}/draft`, {
			who: 'editor',
			body: { definition: variant('three'), expected_revision: 2 }
		});
		expect(viaBody.status).toBe(200);
		expect(viaBody.headers.get('etag')).toBe('"3"');
	});

	it('bad requests: invalid JSON, not an object, wrong types, missing fields, disagreeing revisions → 400', async () => {
		const path = `/api/workflows/${wf.id}/draft`;
		expectErrorBody(await call('PUT', path, { who: 'editor', raw: '{"definition": ' }), 400, 'PGRST102');
		expectErrorBody(await call('PUT', path, { who: 'editor', raw: '[1, 2]' }), 400, 'PGRST102');
		expectErrorBody(await call('PUT', path, { who: 'editor', body: { definition: VALID, expected_revision: 'x' } }), 400, '22023');
		expectErrorBody(await call('PUT', path, { who: 'editor', body: { definition: VALID } }), 400, '22023');
		expectErrorBody(await call('PUT', path, { who: 'editor', body: { expected_revision: 3 } }), 400, '22023');
		expectErrorBody(
			await call('PUT', path, { who: 'editor', body: { definition: VALID, expected_revision: 3 }, headers: { 'If-Match': '"2"' } }),
			400,
			'22023'
		);
		expectErrorBody(await call('PUT', path, { who: 'editor', body: { definition: [1], expected_revision: 3 } }), 400, '22023');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/versions?page_size=abc`, { who: 'viewer' }), 400, '22023');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/versions?page_size=500`, { who: 'viewer' }), 400, '22023');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/diff?from=${wf.v1}`, { who: 'viewer' }), 400, '22023');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/rollback`, { who: 'publisher', body: {} }), 400, '22023');
		expectErrorBody(await call('GET', `/api/versions/not-a-uuid`, { who: 'viewer' }), 400, '22P02');
	});

	it('413 for a definition over 1 MiB (the database\'s limit answers, not the body limit)', async () => {
		const big = { ...VALID, settings: { blob: 'x'.repeat(1_100_000) } };
		const a = await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', body: { definition: big, expected_revision: 3 } });
		expectErrorBody(a, 413, 'PT413');
	});

	it('roles: viewer 403 on writes, outsider 404 everywhere', async () => {
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/versions`, { who: 'viewer' }), 403, '42501');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'editor', body: {} }), 403, '42501');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/versions`, { who: 'outsider' }), 404, 'PT404');
		expectErrorBody(await call('GET', `/api/versions/${wf.v1}`, { who: 'outsider' }), 404, 'PT404');
		expectErrorBody(await call('DELETE', `/api/workflows/${wf.id}/draft`, { who: 'outsider' }), 404, 'PT404');
	});

	it('POST /versions/publish publishes (201) with If-Match; a stale one is 409', async () => {
		const stale = await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'publisher', headers: { 'If-Match': '"2"' } });
		expectErrorBody(stale, 409, 'PT409');
		const a = await call('POST', `/api/workflows/${wf.id}/versions/publish`, {
			who: 'publisher',
			body: { note: 'REST publish' },
			headers: { 'If-Match': '"3"' }
		});
		expect(a.status).toBe(201);
		expect(a.body).toMatchObject({ id: draftId, state: 'published', version_number: 2, note: 'REST publish' });
		expect(a.headers.get('location')).toBe(`/api/versions/${draftId}`);
		const again = await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'publisher' });
		expectErrorBody(again, 409, 'PT409');
	});

	it('422 with the problems in details', async () => {
		await call('POST', `/api/workflows/${wf.id}/versions`, { who: 'editor' });
		const bad = { nodes: [{ id: 'a', position: { x: 0, y: 0 }, data: { type: 'nope' } }], edges: [] };
		expect((await call('PUT', `/api/workflows/${wf.id}/draft`, { who: 'editor', body: { definition: bad, expected_revision: 1 } })).status).toBe(200);
		const a = await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'publisher', body: { expected_revision: 2 } });
		expectErrorBody(a, 422, 'PT422');
		const codes = JSON.parse(a.body.details).map((p: { code: string }) => p.code);
		expect(codes).toEqual(expect.arrayContaining(['node_type_unknown', 'trigger_missing']));
	});

	it('POST /versions/revert loads a version into the draft; DELETE /draft discards it (If-Match)', async () => {
		const a = await call('POST', `/api/workflows/${wf.id}/versions/revert`, { who: 'editor', body: { version_id: wf.v1, expected_revision: 2 } });
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ state: 'draft', revision: 3, source_version_id: wf.v1 });
		expect(a.body.definition).toEqual(VALID);
		expect(a.headers.get('etag')).toBe('"3"');
		expectErrorBody(await call('DELETE', `/api/workflows/${wf.id}/draft`, { who: 'editor', headers: { 'If-Match': '"2"' } }), 409, 'PT409');
		const del = await call('DELETE', `/api/workflows/${wf.id}/draft`, { who: 'editor', headers: { 'If-Match': 'W/"3"' } });
		expect(del.status).toBe(204);
		expect(del.body).toBeNull();
		expectErrorBody(await call('DELETE', `/api/workflows/${wf.id}/draft?expected_revision=3`, { who: 'editor' }), 409, 'PT409');
	});

	it('POST /rollback publishes a copy of an older version (201); rolling back to live is 409', async () => {
		const a = await call('POST', `/api/workflows/${wf.id}/rollback`, { who: 'publisher', body: { version_id: wf.v1, note: 'undo' } });
		expect(a.status).toBe(201);
		expect(a.body).toMatchObject({ version_number: 3, source_version_id: wf.v1, note: 'undo', state: 'published' });
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/rollback`, { who: 'publisher', body: { version_id: a.body.id } }), 409, 'PT409');
	});

	it('GET /versions lists newest first with a Link to the next page; GET /versions/{id}; GET /diff', async () => {
		const page = await call('GET', `/api/workflows/${wf.id}/versions?page_size=2`, { who: 'viewer' });
		expect(page.status).toBe(200);
		expect(page.body.map((v: { version_number: number; is_live: boolean }) => [v.version_number, v.is_live])).toEqual([
			[3, true],
			[2, false]
		]);
		expect(page.headers.get('link')).toBe(`</api/workflows/${wf.id}/versions?page_size=2&before_version=2>; rel="next"`);
		const next = await call('GET', `/api/workflows/${wf.id}/versions?page_size=2&before_version=2`, { who: 'viewer' });
		expect(next.body.map((v: { version_number: number }) => v.version_number)).toEqual([1]);
		expect(next.headers.get('link')).toBeNull();

		const v2 = page.body[1];
		const one = await call('GET', `/api/versions/${v2.id}`, { who: 'viewer' });
		expect(one.status).toBe(200);
		expect(one.body.definition).toEqual(variant('three'));
		expect(one.headers.get('etag')).toBeNull();

		const diff = await call('GET', `/api/workflows/${wf.id}/diff?from=${wf.v1}&to=${v2.id}`, { who: 'viewer' });
		expect(diff.status).toBe(200);
		expect(diff.body.nodes.changed.map((c: { id: string }) => c.id)).toEqual(['call']);
		const other = await freshWorkflow('Other');
		expectErrorBody(await call('GET', `/api/workflows/${other.id}/diff?from=${wf.v1}&to=${v2.id}`, { who: 'viewer' }), 404, 'PT404');
	});
});

describe('observability', () => {
	it('Server-Timing and X-Request-Id on every answer, one JSON log line per operation, Prometheus metrics', async () => {
		const wf = await freshWorkflow('Observed');
		const requestId = `test-${crypto.randomUUID()}`;
		const a = await call('GET', `/api/workflows/${wf.id}/versions`, { who: 'viewer', headers: { 'X-Request-Id': requestId } });
		expect(a.status).toBe(200);
		expect(a.headers.get('x-request-id')).toBe(requestId);
		expect(a.headers.get('server-timing')).toMatch(/auth;dur=[\d.]+, rpc;desc="list_workflow_versions";dur=[\d.]+, total;dur=[\d.]+/);

		const denied = await call('POST', `/api/workflows/${wf.id}/versions/publish`, { who: 'viewer' });
		expect(denied.status).toBe(403);
		expect(denied.headers.get('server-timing')).toContain('total;dur=');

		// The app writes its log line before the response leaves; stdout may arrive a moment later.
		let line: Record<string, unknown> | undefined;
		for (let i = 0; i < 50 && !line; i++) {
			line = stack.appStdout
				.filter((l) => l.startsWith('{'))
				.map((l) => JSON.parse(l) as Record<string, unknown>)
				.find((l) => l.request_id === requestId);
			if (!line) await new Promise((r) => setTimeout(r, 100));
		}
		expect(line).toMatchObject({
			msg: 'version_operation',
			action: 'list_versions',
			workflow_id: wf.id,
			actor: as.viewer.userId,
			outcome: 'success',
			status: 200,
			code: null
		});
		expect(typeof line!.duration_ms).toBe('number');
		const lines = stack.appStdout.filter((l) => l.includes('"version_operation"')).map((l) => JSON.parse(l));
		expect(lines.some((l) => l.action === 'publish' && l.status === 403 && l.code === '42501' && l.outcome === 'client_error')).toBe(true);

		const m = await call('GET', '/api/metrics');
		expect(m.status).toBe(200);
		expect(m.headers.get('content-type')).toContain('text/plain');
		const text = m.body as string;
		expect(text).toMatch(/wv_api_operations_total\{operation="list_versions",outcome="success",status="200"\} \d+/);
		expect(text).toMatch(/wv_api_operations_total\{operation="publish",outcome="client_error",status="403"\} \d+/);
		expect(text).toContain('wv_api_operation_duration_seconds_bucket{le="0.5",operation="list_versions",outcome="success"}');
		expect(text).toContain('wv_api_upstream_duration_seconds_count{call="list_workflow_versions",result="ok"}');
		expect(text).toMatch(/wv_db_pool_connections\{state="total"\} \d+/);
		expect(text).toContain('process_cpu_user_seconds_total');
	});
});

describe('20 concurrent publishes of one workflow through HTTP', () => {
	it('every call succeeds or gets 409; numbers stay gapless', async () => {
		const wf = await freshWorkflow('Race');
		const statuses: number[] = [];
		const published: number[] = [];
		const worker = async (i: number) => {
			const who: DemoRole = i % 2 ? 'publisher' : 'owner';
			const draft = await call('POST', `/api/workflows/${wf.id}/versions`, { who, body: {} });
			statuses.push(draft.status);
			if (draft.status !== 201) return;
			const etag = draft.headers.get('etag')!;
			const saved = await call('PUT', `/api/workflows/${wf.id}/draft`, {
				who,
				body: { definition: variant(`race ${i}`) },
				headers: { 'If-Match': etag }
			});
			statuses.push(saved.status);
			if (saved.status !== 200) return;
			const pub = await call('POST', `/api/workflows/${wf.id}/versions/publish`, {
				who,
				body: { note: `race ${i}` },
				headers: { 'If-Match': saved.headers.get('etag')! }
			});
			statuses.push(pub.status);
			if (pub.status === 201) published.push(pub.body.version_number);
		};
		await Promise.all(Array.from({ length: 20 }, (_, i) => worker(i)));

		expect(statuses.filter((s) => ![200, 201, 409].includes(s))).toEqual([]);
		expect(published.length).toBeGreaterThan(0);
		const list = await call('GET', `/api/workflows/${wf.id}/versions?page_size=200`, { who: 'viewer' });
		const numbers = list.body
			.filter((v: { state: string }) => v.state === 'published')
			.map((v: { version_number: number }) => v.version_number)
			.sort((a: number, b: number) => a - b);
		expect(numbers).toEqual(Array.from({ length: published.length + 1 }, (_, i) => i + 1));
		expect([...published].sort((a, b) => a - b)).toEqual(numbers.slice(1));

		const db = new pg.Client({ connectionString: stack.databaseUrl });
		await db.connect();
		try {
			const { rows } = await db.query('select * from public.check_workflow_integrity($1)', [wf.id]);
			expect(rows).toEqual([]);
		} finally {
			await db.end();
		}
	});
});
