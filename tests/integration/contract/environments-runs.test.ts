// The phase-2 contract for environments and runs (docs/api.md: create_environment, deploy_version,
// list_workflow_deployments, resolve_workflow, start_run, finish_run, replay_run, list_workflow_runs, and
// publish_draft's environment), through supabase-js typed by the generated Database, as the seeded demo
// users and as the run orchestrator holding the service_role key.
//
// Like rpc-contract.test.ts it runs against ANY Supabase stack when SUPABASE_URL, SUPABASE_ANON_KEY,
// SUPABASE_SERVICE_ROLE_KEY and DATABASE_URL are set; otherwise against the local stand-in on a seeded
// throwaway database. It makes its own workflows; from the seed it uses the users, Acme's staging
// environment and "Order intake" (production v2, staging v3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EMAILS, client, signIn, startStack, type Client, type DemoRole, type SignedIn, type Stack } from './stack';
import { SERVICE_ROLE_KEY } from '../../../stand-in/src/keys';

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call', config: { url: 'https://example.org' } } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};
function variant(n: number) {
	return { ...VALID, nodes: [VALID.nodes[0], { ...VALID.nodes[1], data: { ...VALID.nodes[1].data, label: `Call ${n}` } }] };
}
const MISSING = '00000000-0000-4000-8000-00000000dead';

let stack: Stack | null = null;
let databaseUrl: string;
const as = {} as Record<DemoRole, SignedIn>;
let anon: Client;
let orchestrator: Client;
let acmeId: string;

interface Res {
	data: unknown;
	error: { code: string; message: string; details: string | null; hint: string | null } | null;
	status: number;
}

function expectError(res: Res, status: number, code: string) {
	expect(res.error, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.data)}`).not.toBeNull();
	expect({ status: res.status, code: res.error!.code }).toEqual({ status, code });
	expect(res.error!.message.length).toBeGreaterThan(0);
	// Errors the RPCs raise carry a hint; 22P02 comes from PostgreSQL reading the arguments, before them.
	if (code !== '22P02') expect(res.error!.hint, `${code} has a hint`).toBeTruthy();
}

function expectOk<T>(res: { data: T; error: unknown; status: number }, status = 200): NonNullable<T> {
	expect(res.error, JSON.stringify(res.error)).toBeNull();
	expect(res.status).toBe(status);
	expect(res.data).not.toBeNull();
	return res.data as NonNullable<T>;
}

/** A fresh Acme workflow with v1 published to production (by the publisher) and no draft. */
async function freshWorkflow(name: string) {
	const wf = expectOk(await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID }));
	const v1 = expectOk(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.id, note: 'v1' }));
	return { id: wf.id, v1 };
}

/** Publishes variant(n) of the workflow to the environment; returns the version. */
async function publishVariant(workflowId: string, n: number, environment?: string) {
	const draft = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: workflowId }));
	const saved = expectOk(
		await as.editor.supabase.rpc('save_draft', { workflow_id: workflowId, definition: variant(n), expected_revision: draft.revision })
	);
	return expectOk(
		await as.publisher.supabase.rpc('publish_draft', { workflow_id: workflowId, expected_revision: saved.revision, environment })
	);
}

async function eventCount(workflowId: string): Promise<number> {
	const res = await as.owner.supabase.from('workflow_version_events').select('id', { count: 'exact', head: true }).eq('workflow_id', workflowId);
	expect(res.error).toBeNull();
	return res.count!;
}

beforeAll(async () => {
	let supabaseUrl: string;
	let anonKey: string;
	let serviceKey = SERVICE_ROLE_KEY;
	if (process.env.SUPABASE_URL) {
		supabaseUrl = process.env.SUPABASE_URL;
		anonKey = process.env.SUPABASE_ANON_KEY ?? '';
		serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY ?? '';
		databaseUrl = process.env.DATABASE_URL ?? '';
		if (!anonKey || !serviceKey || !databaseUrl) {
			throw new Error('SUPABASE_URL needs SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY and DATABASE_URL too');
		}
	} else {
		stack = await startStack({ app: false, prefix: 'wv_contract_env' });
		({ supabaseUrl, anonKey, databaseUrl } = stack);
	}
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(supabaseUrl, anonKey, EMAILS[role]);
	anon = client(supabaseUrl, anonKey);
	orchestrator = client(supabaseUrl, serviceKey);
	acmeId = expectOk(await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single()).id;
}, 120_000);

afterAll(async () => {
	await stack?.stop();
});

describe('who may call', () => {
	it('anonymous callers get 401 / 42501 from every environment and run RPC', async () => {
		const calls: Array<[string, PromiseLike<Res>]> = [
			['create_environment', anon.rpc('create_environment', { project_id: MISSING, name: 'qa' })],
			['deploy_version', anon.rpc('deploy_version', { workflow_id: MISSING, version_id: MISSING, environment: 'production' })],
			['list_workflow_deployments', anon.rpc('list_workflow_deployments', { workflow_id: MISSING })],
			['resolve_workflow', anon.rpc('resolve_workflow', { workflow_id: MISSING })],
			['start_run', anon.rpc('start_run', { workflow_id: MISSING })],
			['finish_run', anon.rpc('finish_run', { run_id: MISSING, status: 'failed' })],
			['replay_run', anon.rpc('replay_run', { run_id: MISSING })],
			['list_workflow_runs', anon.rpc('list_workflow_runs', { workflow_id: MISSING })]
		];
		for (const [name, call] of calls) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 401, code: '42501' });
		}
		for (const table of ['project_environments', 'workflow_deployments', 'workflow_runs'] as const) {
			const res = await anon.from(table).select('*');
			expect({ table, status: res.status }).toEqual({ table, status: 401 });
		}
	});

	it('the service_role key may resolve and run, but not deploy, manage or read through the user RPCs (403)', async () => {
		const wf = await freshWorkflow('Orchestrated');
		expectOk(await orchestrator.rpc('resolve_workflow', { workflow_id: wf.id }));
		const run = expectOk(await orchestrator.rpc('start_run', { workflow_id: wf.id }));
		for (const [name, call] of [
			['create_environment', orchestrator.rpc('create_environment', { project_id: acmeId, name: 'robots' })],
			['deploy_version', orchestrator.rpc('deploy_version', { workflow_id: wf.id, version_id: wf.v1.id, environment: 'staging' })],
			['publish_draft', orchestrator.rpc('publish_draft', { workflow_id: wf.id })],
			['list_workflow_deployments', orchestrator.rpc('list_workflow_deployments', { workflow_id: wf.id })],
			['list_workflow_runs', orchestrator.rpc('list_workflow_runs', { workflow_id: wf.id })]
		] as Array<[string, PromiseLike<Res>]>) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 403, code: '42501' });
		}
		expect(expectOk(await orchestrator.rpc('finish_run', { run_id: run.run_id!, status: 'succeeded' })).status).toBe('succeeded');
	});

	it('the outsider gets 404 for another tenant\'s workflow, run and project', async () => {
		const wf = await freshWorkflow('Private');
		const run = expectOk(await as.editor.supabase.rpc('start_run', { workflow_id: wf.id }));
		const s = as.outsider.supabase;
		for (const [name, call] of [
			['create_environment', s.rpc('create_environment', { project_id: acmeId, name: 'intrusion' })],
			['deploy_version', s.rpc('deploy_version', { workflow_id: wf.id, version_id: wf.v1.id, environment: 'staging' })],
			['list_workflow_deployments', s.rpc('list_workflow_deployments', { workflow_id: wf.id })],
			['resolve_workflow', s.rpc('resolve_workflow', { workflow_id: wf.id })],
			['start_run', s.rpc('start_run', { workflow_id: wf.id })],
			['finish_run', s.rpc('finish_run', { run_id: run.run_id!, status: 'failed' })],
			['replay_run', s.rpc('replay_run', { run_id: run.run_id! })],
			['list_workflow_runs', s.rpc('list_workflow_runs', { workflow_id: wf.id })]
		] as Array<[string, PromiseLike<Res>]>) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 404, code: 'PT404' });
		}
		const rows = expectOk(await s.from('workflow_runs').select('id').eq('workflow_id', wf.id));
		expect(rows).toEqual([]);
	});
});

describe('environments and deployments', () => {
	it('create_environment: owners only; 409 when taken, 400 for a bad name or role', async () => {
		const name = `qa-${Date.now().toString(36)}`;
		const env = expectOk(await as.owner.supabase.rpc('create_environment', { project_id: acmeId, name, deploy_role: 'editor' }));
		expect(env).toMatchObject({ project_id: acmeId, name, deploy_role: 'editor', created_by: as.owner.userId });
		expectError(await as.owner.supabase.rpc('create_environment', { project_id: acmeId, name }), 409, 'PT409');
		expectError(await as.owner.supabase.rpc('create_environment', { project_id: acmeId, name: 'Not A Slug' }), 400, '22023');
		expectError(await as.owner.supabase.rpc('create_environment', { project_id: acmeId, name: 'qa2', deploy_role: 'viewer' }), 400, '22023');
		expectError(await as.publisher.supabase.rpc('create_environment', { project_id: acmeId, name: 'qa3' }), 403, '42501');
		const visible = expectOk(await as.viewer.supabase.from('project_environments').select('name').eq('project_id', acmeId));
		expect(visible.map((e) => e.name)).toEqual(expect.arrayContaining(['production', 'staging', name]));
	});

	it('publish to staging, promote to production: current_version_id follows production only', async () => {
		const wf = await freshWorkflow('Promotion');
		const before = await eventCount(wf.id);
		const v2 = await publishVariant(wf.id, 2, 'staging');
		// publishVariant: create_draft + save_draft + publish_draft, one event each; the publish writes no `deployed`.
		expect(await eventCount(wf.id)).toBe(before + 3);
		let deployments = expectOk(await as.viewer.supabase.rpc('list_workflow_deployments', { workflow_id: wf.id }));
		expect(deployments.map((d) => [d.environment, d.version_number])).toEqual(
			expect.arrayContaining([
				['production', 1],
				['staging', 2]
			])
		);
		expect(deployments[0].environment).toBe('production');
		let workflow = expectOk(await as.viewer.supabase.from('workflows').select('current_version_id').eq('id', wf.id).single());
		expect(workflow.current_version_id).toBe(wf.v1.id);

		const deployment = expectOk(
			await as.publisher.supabase.rpc('deploy_version', { workflow_id: wf.id, version_id: v2.id, environment: 'production', note: 'ship it' })
		);
		expect(deployment).toMatchObject({ workflow_id: wf.id, environment: 'production', version_id: v2.id, note: 'ship it' });
		workflow = expectOk(await as.viewer.supabase.from('workflows').select('current_version_id').eq('id', wf.id).single());
		expect(workflow.current_version_id).toBe(v2.id);
		deployments = expectOk(await as.viewer.supabase.rpc('list_workflow_deployments', { workflow_id: wf.id }));
		expect(deployments.find((d) => d.environment === 'production')!.version_number).toBe(2);

		const versions = expectOk(await as.viewer.supabase.rpc('list_workflow_versions', { workflow_id: wf.id }));
		expect(versions.map((v) => [v.version_number, v.deployed_to, v.is_live, v.run_count])).toEqual([
			[2, ['production', 'staging'], true, 0],
			[1, [], false, 0]
		]);
		const events = expectOk(
			await as.viewer.supabase.from('workflow_version_events').select('action, details').eq('workflow_id', wf.id).order('id', { ascending: false }).limit(2)
		);
		expect(events.map((e) => e.action)).toEqual(['deployed', 'published']);
		expect(events[1].details).toMatchObject({ environment: 'staging', version_number: 2 });
	});

	it('deploy_version errors: 409 already deployed or archived, 404 draft or unknown environment, 403 role too low', async () => {
		const wf = await freshWorkflow('Deploy errors');
		const draft = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: wf.id }));
		const p = as.publisher.supabase;
		expectError(await p.rpc('deploy_version', { workflow_id: wf.id, version_id: wf.v1.id, environment: 'production' }), 409, 'PT409');
		expectError(await p.rpc('deploy_version', { workflow_id: wf.id, version_id: draft.id, environment: 'staging' }), 404, 'PT404');
		expectError(await p.rpc('deploy_version', { workflow_id: wf.id, version_id: wf.v1.id, environment: 'nowhere' }), 404, 'PT404');
		expectError(
			await as.editor.supabase.rpc('deploy_version', { workflow_id: wf.id, version_id: wf.v1.id, environment: 'staging' }),
			403,
			'42501'
		);
		expectError(await p.rpc('publish_draft', { workflow_id: wf.id, environment: 'nowhere' }), 404, 'PT404');
		expectError(await p.rpc('publish_draft', { workflow_id: wf.id }), 409, 'PT409'); // identical to what production runs
		expectOk(await as.owner.supabase.rpc('archive_workflow', { workflow_id: wf.id }));
		expectError(await p.rpc('deploy_version', { workflow_id: wf.id, version_id: wf.v1.id, environment: 'staging' }), 409, 'PT409');
	});
});

describe('the runtime: resolve, runs pinned to versions, replay', () => {
	it('resolve_workflow: the orchestrator and members read what an environment runs (GET works too)', async () => {
		const intake = expectOk(await as.viewer.supabase.from('workflows').select('id').eq('name', 'Order intake').single());
		const production = expectOk(await orchestrator.rpc('resolve_workflow', { workflow_id: intake.id }));
		expect(production).toMatchObject({ workflow_id: intake.id, environment: 'production', version_number: 2 });
		expect(production.definition_hash).toMatch(/^[0-9a-f]{64}$/);
		const staging = expectOk(await as.viewer.supabase.rpc('resolve_workflow', { workflow_id: intake.id, environment: 'staging' }, { get: true }));
		expect(staging).toMatchObject({ environment: 'staging', version_number: 3 });
		expect(staging.definition).toHaveProperty('nodes');
		const wf = await freshWorkflow('Nothing in staging');
		expectError(await orchestrator.rpc('resolve_workflow', { workflow_id: wf.id, environment: 'staging' }), 404, 'PT404');
		expectError(await orchestrator.rpc('resolve_workflow', { workflow_id: wf.id, environment: 'nowhere' }), 404, 'PT404');
		expectError(await orchestrator.rpc('resolve_workflow', { workflow_id: MISSING }), 404, 'PT404');
		expectOk(await as.owner.supabase.rpc('archive_workflow', { workflow_id: wf.id }));
		expectError(await orchestrator.rpc('resolve_workflow', { workflow_id: wf.id }), 409, 'PT409');
	});

	it('a run started before a promotion stays on its version, and so does its replay', async () => {
		const wf = await freshWorkflow('Pinned runs');
		const v2 = await publishVariant(wf.id, 2, 'staging');
		const before = expectOk(await orchestrator.rpc('start_run', { workflow_id: wf.id }));
		expect(before).toMatchObject({ version_id: wf.v1.id, version_number: 1, definition: VALID, definition_hash: wf.v1.definition_hash });
		const onStaging = expectOk(await orchestrator.rpc('start_run', { workflow_id: wf.id, environment: 'staging' }));
		expect(onStaging.version_id).toBe(v2.id);

		expectOk(await as.publisher.supabase.rpc('deploy_version', { workflow_id: wf.id, version_id: v2.id, environment: 'production' }));
		const after = expectOk(await orchestrator.rpc('start_run', { workflow_id: wf.id }));
		expect(after.version_id).toBe(v2.id);

		const finished = expectOk(await orchestrator.rpc('finish_run', { run_id: before.run_id!, status: 'failed' }));
		expect(finished).toMatchObject({ id: before.run_id, status: 'failed', version_id: wf.v1.id, started_by: null });
		expect(finished.finished_at).not.toBeNull();
		const replay = expectOk(await orchestrator.rpc('replay_run', { run_id: before.run_id! }));
		expect(replay).toMatchObject({ version_id: wf.v1.id, version_number: 1, definition: VALID });
		expect(replay.run_id).not.toBe(before.run_id);
		const replayByEditor = expectOk(await as.editor.supabase.rpc('replay_run', { run_id: replay.run_id! }));
		expect(replayByEditor.version_id).toBe(wf.v1.id);

		const runs = expectOk(await as.viewer.supabase.rpc('list_workflow_runs', { workflow_id: wf.id }));
		const byId = new Map(runs.map((r) => [r.id, r]));
		expect(byId.get(before.run_id!)).toMatchObject({ version_number: 1, status: 'failed', environment: 'production' });
		expect(byId.get(replay.run_id!)).toMatchObject({ version_number: 1, replay_of: before.run_id, status: 'running' });
		expect(byId.get(replayByEditor.run_id!)).toMatchObject({ replay_of: replay.run_id, started_by: as.editor.userId });
		const versions = expectOk(await as.viewer.supabase.rpc('list_workflow_versions', { workflow_id: wf.id }));
		expect(versions.map((v) => [v.version_number, v.run_count])).toEqual([
			[2, 2],
			[1, 3]
		]);
		const events = expectOk(
			await as.viewer.supabase.from('workflow_version_events').select('action').eq('workflow_id', wf.id).in('action', ['run_started', 'run_finished', 'run_replayed'])
		);
		expect(events.map((e) => e.action).sort()).toEqual(['run_finished', 'run_replayed', 'run_replayed', 'run_started', 'run_started', 'run_started']);
	});

	it('finish_run moves once (409 after), refuses `running` (400); viewers may not run (403)', async () => {
		const wf = await freshWorkflow('Finishing');
		const run = expectOk(await as.editor.supabase.rpc('start_run', { workflow_id: wf.id }));
		expectError(await as.editor.supabase.rpc('finish_run', { run_id: run.run_id!, status: 'running' }), 400, '22023');
		expectError(await as.editor.supabase.rpc('finish_run', { run_id: run.run_id!, status: 'exploded' as never }), 400, '22P02');
		expectOk(await as.editor.supabase.rpc('finish_run', { run_id: run.run_id!, status: 'cancelled' }));
		const before = await eventCount(wf.id);
		expectError(await orchestrator.rpc('finish_run', { run_id: run.run_id!, status: 'succeeded' }), 409, 'PT409');
		expect(await eventCount(wf.id)).toBe(before);
		expectError(await orchestrator.rpc('finish_run', { run_id: MISSING, status: 'succeeded' }), 404, 'PT404');
		expectError(await as.viewer.supabase.rpc('start_run', { workflow_id: wf.id }), 403, '42501');
		expectError(await as.viewer.supabase.rpc('replay_run', { run_id: run.run_id! }), 403, '42501');
		expectError(await as.viewer.supabase.rpc('finish_run', { run_id: run.run_id!, status: 'failed' }), 403, '42501');
	});

	it('list_workflow_runs: newest first, keyset pages with `before`, 400 for a foreign `before`', async () => {
		const wf = await freshWorkflow('Paging runs');
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(expectOk(await orchestrator.rpc('start_run', { workflow_id: wf.id })).run_id!);
		const seen: string[] = [];
		let before: string | undefined;
		for (let page = 0; page < 4; page++) {
			const rows = expectOk(await as.viewer.supabase.rpc('list_workflow_runs', { workflow_id: wf.id, page_size: 2, before }));
			if (rows.length === 0) break;
			seen.push(...rows.map((r) => r.id!));
			before = rows[rows.length - 1].id!;
		}
		expect(seen).toEqual([...ids].reverse());
		const other = await freshWorkflow('Other runs');
		const foreign = expectOk(await orchestrator.rpc('start_run', { workflow_id: other.id }));
		expectError(await as.viewer.supabase.rpc('list_workflow_runs', { workflow_id: wf.id, before: foreign.run_id! }), 400, '22023');
		expectError(await as.viewer.supabase.rpc('list_workflow_runs', { workflow_id: wf.id, page_size: 0 }), 400, '22023');
	});
});

describe('the database afterwards', () => {
	it('passes the integrity checker (production deployments agree with current_version_id)', async () => {
		const db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		try {
			const { rows } = await db.query('select * from public.check_workflow_integrity()');
			expect(rows).toEqual([]);
		} finally {
			await db.end();
		}
	});
});
