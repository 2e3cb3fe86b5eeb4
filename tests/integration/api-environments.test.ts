// The /api routes of environments and runs (docs/api.md, "App REST routes"): deployments, resolve, runs,
// finish, replay, and publish's `environment`, through real HTTP against the production build of the app
// (`node build`) in front of the local Supabase stand-in on a seeded throwaway database. Users call with
// their access token; the run orchestrator calls resolve, start, finish and replay with the service_role key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EMAILS, signIn, startStack, type DemoRole, type SignedIn, type Stack } from './contract/stack';
import { SERVICE_ROLE_KEY } from '../../stand-in/src/keys';

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
/** The service_role key with its signature altered: the role claim says service_role, the signature lies. */
const FORGED_SERVICE_KEY = SERVICE_ROLE_KEY.slice(0, -6) + (SERVICE_ROLE_KEY.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');

let stack: Stack;
let app: string;
const as = {} as Record<DemoRole, SignedIn>;
let acmeId: string;

type Who = DemoRole | 'service' | 'forged' | null;
interface Answer {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
	method: string,
	path: string,
	opts: { who?: Who; body?: unknown; raw?: string; headers?: Record<string, string> } = {}
): Promise<Answer> {
	const headers: Record<string, string> = { ...opts.headers };
	const token =
		opts.who === 'service' ? SERVICE_ROLE_KEY : opts.who === 'forged' ? FORGED_SERVICE_KEY : opts.who ? as[opts.who].token : null;
	if (token) headers.Authorization = `Bearer ${token}`;
	const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(app + path, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

function expectErrorBody(a: Answer, status: number, code: string) {
	expect({ status: a.status, code: a.body?.code }, JSON.stringify(a.body)).toEqual({ status, code });
	expect(Object.keys(a.body).sort()).toEqual(['code', 'details', 'hint', 'message']);
	expect(a.body.message).toBeTruthy();
}

/** A fresh Acme workflow: v1 published to production through the RPCs; no draft. */
async function freshWorkflow(name: string): Promise<{ id: string; v1: string }> {
	const wf = await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID });
	expect(wf.error).toBeNull();
	const v1 = await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.data!.id });
	expect(v1.error).toBeNull();
	return { id: wf.data!.id, v1: v1.data!.id };
}

/** A new draft holding variant(label), published through POST …/versions/publish to `environment`. */
async function publishVia(workflowId: string, label: string, environment?: string): Promise<Answer> {
	const draft = await call('POST', `/api/workflows/${workflowId}/versions`, { who: 'editor' });
	expect(draft.status).toBe(201);
	const saved = await call('PUT', `/api/workflows/${workflowId}/draft`, {
		who: 'editor',
		body: { definition: variant(label), expected_revision: draft.body.revision }
	});
	expect(saved.status).toBe(200);
	return call('POST', `/api/workflows/${workflowId}/versions/publish`, {
		who: 'publisher',
		body: { expected_revision: saved.body.revision, note: label, ...(environment ? { environment } : {}) }
	});
}

async function deployments(workflowId: string): Promise<Record<string, number | null>> {
	const a = await call('GET', `/api/workflows/${workflowId}/deployments`, { who: 'viewer' });
	expect(a.status).toBe(200);
	return Object.fromEntries(a.body.map((d: { environment: string; version_number: number | null }) => [d.environment, d.version_number]));
}

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_api_env' });
	app = stack.appUrl!;
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role]);
	const acme = await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single();
	acmeId = acme.data!.id;
	// An environment only owners may deploy to, for the role checks below.
	const vault = await as.owner.supabase.rpc('create_environment', { project_id: acmeId, name: 'vault', deploy_role: 'owner' });
	expect(vault.error).toBeNull();
}, 600_000);

afterAll(async () => {
	await stack?.stop();
});

describe('who may call', () => {
	const routes = (wf: string, run: string): Array<[string, string, unknown?]> => [
		['POST', `/api/workflows/${wf}/deployments`, { version_id: MISSING, environment: 'production' }],
		['GET', `/api/workflows/${wf}/deployments`],
		['GET', `/api/workflows/${wf}/resolve`],
		['POST', `/api/workflows/${wf}/runs`, {}],
		['GET', `/api/workflows/${wf}/runs`],
		['POST', `/api/runs/${run}/finish`, { status: 'failed' }],
		['POST', `/api/runs/${run}/replay`]
	];

	it('every route answers 401 / 42501 without a session, and with a token GoTrue does not know', async () => {
		for (const [method, path, body] of routes(MISSING, MISSING)) {
			expectErrorBody(await call(method, path, { body }), 401, '42501');
			expectErrorBody(await call(method, path, { body, headers: { Authorization: 'Bearer a.b.c' } }), 401, '42501');
		}
	});

	it('the service_role key: admitted by resolve, start, finish and replay; 401 on the routes for people', async () => {
		const wf = await freshWorkflow('Orchestrated');
		const resolved = await call('GET', `/api/workflows/${wf.id}/resolve`, { who: 'service' });
		expect(resolved.status).toBe(200);
		expect(resolved.body).toMatchObject({ workflow_id: wf.id, environment: 'production', version_id: wf.v1, version_number: 1 });
		expect(resolved.body.definition).toEqual(VALID);
		const started = await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'service' });
		expect(started.status).toBe(201);
		expect(started.body).toMatchObject({ version_id: wf.v1, version_number: 1 });
		const replay = await call('POST', `/api/runs/${started.body.run_id}/replay`, { who: 'service' });
		expect(replay.status).toBe(201);
		const finished = await call('POST', `/api/runs/${started.body.run_id}/finish`, { who: 'service', body: { status: 'succeeded' } });
		expect(finished.status).toBe(200);
		expect(finished.body).toMatchObject({ id: started.body.run_id, status: 'succeeded', started_by: null });

		for (const [method, path, body] of [
			['GET', `/api/workflows/${wf.id}/deployments`],
			['POST', `/api/workflows/${wf.id}/deployments`, { version_id: wf.v1, environment: 'staging' }],
			['GET', `/api/workflows/${wf.id}/runs`],
			['POST', `/api/workflows/${wf.id}/versions/publish`, {}]
		] as Array<[string, string, unknown?]>) {
			expectErrorBody(await call(method, path, { who: 'service', body }), 401, '42501');
		}

		// The log line names no person, and says who called.
		const lines = stack.appStdout.filter((l) => l.includes('"version_operation"')).map((l) => JSON.parse(l));
		expect(lines.find((l) => l.action === 'start_run' && l.status === 201 && l.workflow_id === wf.id)).toMatchObject({
			actor: null,
			caller: 'service_role',
			version_id: wf.v1
		});
	});

	it('a forged service_role token is refused by the Supabase API (401) and starts nothing', async () => {
		const wf = await freshWorkflow('Forged');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/resolve`, { who: 'forged' }), 401, 'PGRST301');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'forged' }), 401, 'PGRST301');
		const runs = await call('GET', `/api/workflows/${wf.id}/runs`, { who: 'viewer' });
		expect(runs.body).toEqual([]);
	});
});

describe('deploy and promote', () => {
	let wf: { id: string; v1: string };
	let v2: string;

	beforeAll(async () => {
		wf = await freshWorkflow('Promoted');
	});

	it('publish accepts environment: v2 goes to staging only; production keeps v1', async () => {
		const a = await publishVia(wf.id, 'two', 'staging');
		expect(a.status).toBe(201);
		expect(a.body).toMatchObject({ version_number: 2, state: 'published' });
		v2 = a.body.id;
		expect(await deployments(wf.id)).toEqual({ production: 1, staging: 2, vault: null });
		const live = await call('GET', `/api/workflows/${wf.id}/resolve`, { who: 'viewer' });
		expect(live.body.version_number).toBe(1);
		const staging = await call('GET', `/api/workflows/${wf.id}/resolve?environment=staging`, { who: 'viewer' });
		expect(staging.body).toMatchObject({ environment: 'staging', version_id: v2, version_number: 2 });
	});

	it('POST /deployments promotes v2 to production (200, no new number); again is 409 "already deployed"', async () => {
		const a = await call('POST', `/api/workflows/${wf.id}/deployments`, {
			who: 'publisher',
			body: { version_id: v2, environment: 'production', note: 'tested in staging' }
		});
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ workflow_id: wf.id, environment: 'production', version_id: v2, note: 'tested in staging' });
		expect(await deployments(wf.id)).toEqual({ production: 2, staging: 2, vault: null });
		const versions = await call('GET', `/api/workflows/${wf.id}/versions`, { who: 'viewer' });
		expect(versions.body.map((v: { version_number: number }) => v.version_number)).toEqual([2, 1]);
		expect(versions.body[0]).toMatchObject({ is_live: true, deployed_to: ['production', 'staging'] });

		const again = await call('POST', `/api/workflows/${wf.id}/deployments`, {
			who: 'publisher',
			body: { version_id: v2, environment: 'production' }
		});
		expectErrorBody(again, 409, 'PT409');
		expect(again.body.message).toContain('already deployed to production');
	});

	it('roles: editor 403 on staging, publisher 403 on an owner environment (deploy and publish), owner may; outsider 404', async () => {
		const body = { version_id: wf.v1, environment: 'staging' };
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/deployments`, { who: 'editor', body }), 403, '42501');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/deployments`, { who: 'viewer', body }), 403, '42501');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/deployments`, { who: 'outsider', body }), 404, 'PT404');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/deployments`, { who: 'outsider' }), 404, 'PT404');
		const vault = { version_id: wf.v1, environment: 'vault' };
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/deployments`, { who: 'publisher', body: vault }), 403, '42501');
		expect((await call('POST', `/api/workflows/${wf.id}/deployments`, { who: 'owner', body: vault })).status).toBe(200);
		expectErrorBody(await publishVia(wf.id, 'three', 'vault'), 403, '42501');
		expect(await deployments(wf.id)).toEqual({ production: 2, staging: 2, vault: 1 });
	});

	it('bad input: 400 before any RPC for missing fields and bodies that are not objects; unknown environment 404', async () => {
		const path = `/api/workflows/${wf.id}/deployments`;
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { environment: 'staging' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { version_id: wf.v1 } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { version_id: wf.v1, environment: 7 } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'publisher', raw: '[]' }), 400, 'PGRST102');
		expectErrorBody(await call('POST', path, { who: 'publisher', raw: '{"version_id": ' }), 400, 'PGRST102');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { version_id: 'nope', environment: 'staging' } }), 400, '22P02');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { version_id: wf.v1, environment: 'qa' } }), 404, 'PT404');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { version_id: MISSING, environment: 'staging' } }), 404, 'PT404');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/resolve?environment=qa`, { who: 'viewer' }), 404, 'PT404');
		expectErrorBody(await publishVia(wf.id, 'four', 'Not A Name'), 404, 'PT404');
		expect(await deployments(wf.id)).toEqual({ production: 2, staging: 2, vault: 1 });
	});
});

describe('runs pinned to versions', () => {
	it('a run started before a promotion keeps its version; its replay too; the list pages with a Link', async () => {
		const wf = await freshWorkflow('Pinned');
		const before = await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'editor' });
		expect(before.status).toBe(201);
		expect(before.body).toMatchObject({ version_id: wf.v1, version_number: 1 });
		expect(before.body.definition).toEqual(VALID);

		const v2 = await publishVia(wf.id, 'two', 'staging');
		expect((await call('POST', `/api/workflows/${wf.id}/deployments`, { who: 'publisher', body: { version_id: v2.body.id, environment: 'production' } })).status).toBe(200);
		const after = await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'editor', body: { environment: 'production' } });
		expect(after.body).toMatchObject({ version_id: v2.body.id, version_number: 2 });

		const replay = await call('POST', `/api/runs/${before.body.run_id}/replay`, { who: 'editor' });
		expect(replay.status).toBe(201);
		expect(replay.body).toMatchObject({ version_id: wf.v1, version_number: 1 });
		expect(replay.body.definition).toEqual(VALID);

		const page1 = await call('GET', `/api/workflows/${wf.id}/runs?page_size=2`, { who: 'viewer' });
		expect(page1.status).toBe(200);
		expect(page1.body.map((r: { id: string; version_number: number; replay_of: string | null }) => [r.id, r.version_number, r.replay_of])).toEqual([
			[replay.body.run_id, 1, before.body.run_id],
			[after.body.run_id, 2, null]
		]);
		expect(page1.headers.get('link')).toBe(`</api/workflows/${wf.id}/runs?page_size=2&before=${after.body.run_id}>; rel="next"`);
		const page2 = await call('GET', `/api/workflows/${wf.id}/runs?page_size=2&before=${after.body.run_id}`, { who: 'viewer' });
		expect(page2.body.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[before.body.run_id, 'running']]);
		expect(page2.headers.get('link')).toBeNull();

		const db = new pg.Client({ connectionString: stack.databaseUrl });
		await db.connect();
		try {
			const { rows } = await db.query('select * from public.check_workflow_integrity($1)', [wf.id]);
			expect(rows).toEqual([]);
		} finally {
			await db.end();
		}
	});

	it('finish moves a run once; bad statuses and ids are 400; roles 403/404; nothing deployed is 404', async () => {
		const wf = await freshWorkflow('Finished');
		const run = (await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'editor' })).body.run_id as string;
		const path = `/api/runs/${run}/finish`;
		expectErrorBody(await call('POST', path, { who: 'editor', body: { status: 'running' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'editor', body: { status: 'done' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'editor', body: {} }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'viewer', body: { status: 'failed' } }), 403, '42501');
		expectErrorBody(await call('POST', path, { who: 'outsider', body: { status: 'failed' } }), 404, 'PT404');
		const done = await call('POST', path, { who: 'editor', body: { status: 'failed' } });
		expect(done.status).toBe(200);
		expect(done.body).toMatchObject({ id: run, status: 'failed', started_by: as.editor.userId });
		expectErrorBody(await call('POST', path, { who: 'editor', body: { status: 'succeeded' } }), 409, 'PT409');

		expectErrorBody(await call('POST', `/api/runs/${run}/replay`, { who: 'viewer' }), 403, '42501');
		expectErrorBody(await call('POST', `/api/runs/${MISSING}/replay`, { who: 'editor' }), 404, 'PT404');
		expectErrorBody(await call('POST', `/api/runs/not-a-uuid/replay`, { who: 'editor' }), 400, '22P02');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'viewer' }), 403, '42501');
		expectErrorBody(await call('POST', `/api/workflows/${wf.id}/runs`, { who: 'editor', body: { environment: 'vault' } }), 404, 'PT404');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/resolve?environment=vault`, { who: 'service' }), 404, 'PT404');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/runs?page_size=0`, { who: 'viewer' }), 400, '22023');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/runs?page_size=x`, { who: 'viewer' }), 400, '22023');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/runs?before=${MISSING}`, { who: 'viewer' }), 400, '22023');
		expectErrorBody(await call('GET', `/api/workflows/${wf.id}/runs`, { who: 'outsider' }), 404, 'PT404');
	});
});
