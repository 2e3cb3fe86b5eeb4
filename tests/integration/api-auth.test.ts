// Who the /api routes let in, now that access tokens are verified on the app server instead of by a GoTrue
// round trip per request (docs/architecture.md, "Who is calling"): a signed-out session, a banned or deleted
// account are refused by the database on the next call, whatever path the token takes; and who may read
// /api/metrics. The built app runs in front of the stand-in through a counting TCP pipe, so the tests see how
// many connections the app opens to the Supabase API and which requests it sends (GoTrue's /auth/v1/user or not).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import pg from 'pg';
import { EMAILS, client, signIn, startApp, startStack, type AppProcess, type DemoRole, type SignedIn, type Stack } from './contract/stack';
import { JWT_SECRET, fingerprint, sign } from './_support/hostile';
import { addMembers, createUsers } from './_support/db';
import { ANON_KEY, SERVICE_ROLE_KEY } from '../../stand-in/src/keys';

/** A TCP pipe to the stand-in that counts connections and the HTTP request lines sent through it. */
interface Pipe {
	url: string;
	connections: number;
	requests: string[];
	close(): Promise<void>;
}
async function pipeTo(target: string): Promise<Pipe> {
	const { port } = new URL(target);
	const sockets = new Set<net.Socket>();
	const p: Pipe = { url: '', connections: 0, requests: [], close: async () => {} };
	const server = net.createServer((client) => {
		p.connections++;
		const upstream = net.connect(Number(port), '127.0.0.1');
		sockets.add(client).add(upstream);
		client.setNoDelay(true);
		upstream.setNoDelay(true);
		client.on('data', (chunk) => {
			for (const m of chunk.toString('latin1').matchAll(/(?:^|\r\n)(GET|POST|PUT|PATCH|DELETE|HEAD) (\/\S*) HTTP\/1\.1\r\n/g)) p.requests.push(`${m[1]} ${m[2].split('?')[0]}`);
		});
		client.pipe(upstream).pipe(client);
		const end = () => (client.destroy(), upstream.destroy());
		client.on('error', end).on('close', end);
		upstream.on('error', end).on('close', end);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	p.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
	p.close = () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r())));
	return p;
}

let stack: Stack;
let admin: pg.Client;
const as = {} as Record<DemoRole, SignedIn>;
let workflowId: string;
let localPipe: Pipe;
let local: AppProcess; // local mode: the CLI's secret verifies tokens
let remotePipe: Pipe;
let remote: AppProcess; // not local, no SUPABASE_JWT_SECRET: tokens are verified by the Supabase API
let secured: AppProcess; // not local, SUPABASE_JWT_SECRET and METRICS_TOKEN set
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

async function get(base: string, path: string, headers: Record<string, string> = {}) {
	const res = await fetch(base + path, { headers });
	const text = await res.text();
	let body: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
	try {
		body = JSON.parse(text);
	} catch {
		/* metrics: text */
	}
	return { status: res.status, text, body, headers: res.headers };
}
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const versionsPath = () => `/api/workflows/${workflowId}/versions`;
/** Makes sure Order intake has a draft that differs from the live version (as the editor). */
async function stageDraft() {
	await as.editor.supabase.rpc('create_draft', { workflow_id: workflowId });
	const d = await as.editor.supabase.from('workflow_versions').select('revision').eq('workflow_id', workflowId).eq('state', 'draft').single();
	const saved = await as.editor.supabase.rpc('save_draft', {
		workflow_id: workflowId,
		expected_revision: d.data!.revision,
		definition: { nodes: [{ id: 't', position: { x: 0, y: 0 }, data: { type: 'webhook', label: `v${crypto.randomUUID()}` } }], edges: [] }
	});
	expect(saved.error).toBeNull();
}
async function publish(base: string, token: string) {
	const res = await fetch(`${base}/api/workflows/${workflowId}/versions/publish`, { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: '{}' });
	return { status: res.status, body: await res.json() };
}

/** A new user who is a publisher of Acme; signs in through GoTrue. */
async function newPublisher(tag: string): Promise<SignedIn & { email: string }> {
	const email = `${tag}-${crypto.randomUUID().slice(0, 8)}@example.com`;
	const ids = await createUsers(admin, [email], 'demo-password');
	const acme = (await admin.query(`select id from public.projects where name = 'Acme automations'`)).rows[0].id;
	await addMembers(admin, acme, [{ userId: ids.get(email)!, role: 'publisher' }]);
	return { ...(await signIn(stack.supabaseUrl, stack.anonKey, email)), email };
}

beforeAll(async () => {
	stack = await startStack({ app: false, prefix: 'wv_api_auth' });
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role]);
	workflowId = (await admin.query(`select id from public.workflows where name = 'Order intake'`)).rows[0].id;
	localPipe = await pipeTo(stack.supabaseUrl);
	remotePipe = await pipeTo(stack.supabaseUrl);
	local = await startApp(localPipe.url, stack.databaseUrl);
	remote = await startApp(remotePipe.url, stack.databaseUrl, [], { PUBLIC_LOCAL_MODE: '0' });
	secured = await startApp(stack.supabaseUrl, stack.databaseUrl, [], { PUBLIC_LOCAL_MODE: '0', SUPABASE_JWT_SECRET: JWT_SECRET, METRICS_TOKEN });
}, 600_000);

afterAll(async () => {
	for (const a of [local, remote, secured]) await a?.stop().catch(() => {});
	for (const p of [localPipe, remotePipe]) await p?.close().catch(() => {});
	await admin?.end().catch(() => {});
	await stack?.stop();
});

describe('tokens verified on the app server', () => {
	it('a valid token is served without asking GoTrue, over one kept-alive connection to the API', async () => {
		const before = { connections: localPipe.connections, requests: localPipe.requests.length };
		for (let i = 0; i < 20; i++) expect((await get(local.url, versionsPath(), bearer(as.viewer.token))).status).toBe(200);
		const sent = localPipe.requests.slice(before.requests);
		expect(sent.filter((r) => r.includes('/auth/v1/'))).toEqual([]);
		expect(sent.filter((r) => r === 'POST /rest/v1/rpc/list_workflow_versions')).toHaveLength(20);
		expect(localPipe.connections - before.connections).toBeLessThanOrEqual(2);
	});

	it('refuses a bad signature, alg none, an expired token, a wrong audience or role, and the API keys (401, nothing written)', async () => {
		const now = Math.floor(Date.now() / 1000);
		const real = JSON.parse(Buffer.from(as.publisher.token.split('.')[1], 'base64url').toString());
		const [h, , s] = as.publisher.token.split('.');
		const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
		const forged: Record<string, string> = {
			'bad signature': sign(real, 'not-the-secret-but-just-as-long-as-the-real-one'),
			'tampered payload': `${h}.${b64({ ...real, sub: as.owner.userId })}.${s}`,
			'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(real)}.`,
			expired: sign({ ...real, iat: now - 7200, exp: now - 3600 }),
			'wrong audience': sign({ ...real, aud: 'someone-else' }),
			'anon role': sign({ ...real, role: 'anon' }),
			'service_role claims': sign({ ...real, role: 'service_role' }),
			'anon key': ANON_KEY,
			'service_role key': SERVICE_ROLE_KEY
		};
		const before = await fingerprint(admin);
		for (const app of [local, remote, secured]) {
			for (const [what, token] of Object.entries(forged)) {
				const r = await get(app.url, versionsPath(), bearer(token));
				expect({ what, status: r.status, code: r.body?.code }).toEqual({ what, status: 401, code: '42501' });
				const p = await fetch(`${app.url}/api/workflows/${workflowId}/versions/publish`, { method: 'POST', headers: bearer(token) });
				expect({ what, status: p.status }).toEqual({ what, status: 401 });
			}
		}
		expect(await fingerprint(admin)).toBe(before);
	});

	const adminAuth = () => client(stack.supabaseUrl, SERVICE_ROLE_KEY).auth.admin;

	/** The same token through PostgREST's RPC endpoint and the app's /api route (local and secured apps). */
	async function refusedEverywhere(token: string, message: string) {
		const before = await fingerprint(admin);
		const direct = await fetch(`${stack.supabaseUrl}/rest/v1/rpc/list_workflow_versions`, {
			method: 'POST',
			headers: { apikey: ANON_KEY, ...bearer(token), 'Content-Type': 'application/json' },
			body: JSON.stringify({ workflow_id: workflowId })
		});
		const body = await direct.json();
		expect({ status: direct.status, code: body.code, message: body.message }).toEqual({ status: 403, code: '42501', message });
		expect(body.hint).toBeTruthy();
		// a table read goes through the same check (the RLS membership lookup)
		const read = await fetch(`${stack.supabaseUrl}/rest/v1/workflows?select=id`, { headers: { apikey: ANON_KEY, ...bearer(token) } });
		expect({ status: read.status, code: (await read.json()).code }).toEqual({ status: 403, code: '42501' });
		for (const app of [local, secured]) {
			const r = await get(app.url, versionsPath(), bearer(token));
			expect({ status: r.status, code: r.body.code, message: r.body.message }).toEqual({ status: 403, code: '42501', message });
			const p = await publish(app.url, token);
			expect({ status: p.status, code: p.body.code, message: p.body.message }).toEqual({ status: 403, code: '42501', message });
		}
		expect(await fingerprint(admin)).toBe(before);
	}

	it('a signed-out session: its access token is refused at once by the RPC endpoint and the /api routes (403), nothing written', async () => {
		const user = await newPublisher('signed-out');
		expect((await get(local.url, versionsPath(), bearer(user.token))).status).toBe(200);
		await stageDraft();
		expect((await user.supabase.auth.signOut({ scope: 'local' })).error).toBeNull();
		await refusedEverywhere(user.token, 'Your session has ended');
		// Where the server has no secret and asks GoTrue, GoTrue refuses it too.
		expect((await get(remote.url, versionsPath(), bearer(user.token))).status).toBe(401);
	});

	it('sign-out scopes: "others" ends the other sessions only, "global" all of them', async () => {
		const a = await newPublisher('scopes');
		const b = await signIn(stack.supabaseUrl, stack.anonKey, a.email);
		expect((await a.supabase.auth.signOut({ scope: 'others' })).error).toBeNull();
		expect((await get(local.url, versionsPath(), bearer(a.token))).status).toBe(200);
		expect((await get(local.url, versionsPath(), bearer(b.token))).body.message).toBe('Your session has ended');
		const c = await signIn(stack.supabaseUrl, stack.anonKey, a.email);
		expect((await c.supabase.auth.signOut({ scope: 'global' })).error).toBeNull();
		for (const t of [a.token, c.token]) expect((await get(local.url, versionsPath(), bearer(t))).status).toBe(403);
	});

	it('a banned user gets no new token, and the one they hold is refused at once (403), nothing written', async () => {
		const banned = await newPublisher('banned');
		expect((await get(local.url, versionsPath(), bearer(banned.token))).status).toBe(200);
		await stageDraft();
		// GoTrue's admin API sets banned_until and leaves the sessions alone: the database checks the ban itself.
		expect((await adminAuth().updateUserById(banned.userId, { ban_duration: '24h' })).error).toBeNull();
		const again = await banned.supabase.auth.signInWithPassword({ email: banned.email, password: 'demo-password' });
		expect(again.error?.code).toBe('user_banned');
		await refusedEverywhere(banned.token, 'This account is suspended');
	});

	it('a deleted user, hard or soft, is refused at once (403), nothing written', async () => {
		const gone = await newPublisher('deleted');
		const soft = await newPublisher('soft-deleted');
		expect((await get(local.url, versionsPath(), bearer(gone.token))).status).toBe(200);
		await stageDraft();
		expect((await adminAuth().deleteUser(gone.userId)).error).toBeNull();
		await refusedEverywhere(gone.token, 'This account no longer exists');
		expect((await adminAuth().deleteUser(soft.userId, true)).error).toBeNull();
		await refusedEverywhere(soft.token, 'This account no longer exists');
		// Asked the Supabase API instead, GoTrue refuses the token outright.
		expect((await get(remote.url, versionsPath(), bearer(gone.token))).status).toBe(401);
	});

	it('without SUPABASE_JWT_SECRET outside local mode, every request is verified by the Supabase API (GoTrue for HS256)', async () => {
		const before = remotePipe.requests.length;
		for (let i = 0; i < 3; i++) expect((await get(remote.url, versionsPath(), bearer(as.viewer.token))).status).toBe(200);
		const sent = remotePipe.requests.slice(before);
		expect(sent.filter((r) => r === 'GET /auth/v1/user')).toHaveLength(3);
		// With the secret configured (and the same non-local setup) tokens are verified here: a publish works.
		await stageDraft();
		expect((await publish(secured.url, as.publisher.token)).status).toBe(201);
	});
});

describe('GET /api/metrics', () => {
	it('local mode without METRICS_TOKEN: open', async () => {
		const m = await get(local.url, '/api/metrics');
		expect(m.status).toBe(200);
		expect(m.text).toContain('wv_api_operations_total');
	});

	it('outside local mode without METRICS_TOKEN: 403 with a hint, whatever is sent', async () => {
		for (const headers of [{}, bearer('guess'), bearer(as.owner.token)]) {
			const m = await get(remote.url, '/api/metrics', headers);
			expect({ status: m.status, code: m.body?.code }).toEqual({ status: 403, code: '42501' });
			expect(m.body.hint).toContain('METRICS_TOKEN');
			expect(m.text).not.toContain('wv_api_operations_total');
		}
	});

	it('with METRICS_TOKEN: 401 without it or with anything else, 200 with it', async () => {
		for (const headers of [{}, bearer(METRICS_TOKEN.slice(0, -1)), bearer(`${METRICS_TOKEN}x`), bearer(as.owner.token), { Authorization: METRICS_TOKEN }]) {
			const m = await get(secured.url, '/api/metrics', headers);
			expect({ status: m.status, code: m.body?.code }).toEqual({ status: 401, code: '42501' });
			expect(m.headers.get('www-authenticate')).toContain('Bearer');
		}
		const ok = await get(secured.url, '/api/metrics', bearer(METRICS_TOKEN));
		expect(ok.status).toBe(200);
		expect(ok.text).toContain('wv_api_operations_total');
	});
});
