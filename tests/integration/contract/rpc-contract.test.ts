// The RPC contract (docs/architecture.md, "RPC contract" and "Errors"), through supabase-js typed by the generated Database,
// as each role: anon, outsider, viewer, editor, publisher, owner (the seeded demo users).
//
// Runs against ANY Supabase stack: with SUPABASE_URL, SUPABASE_ANON_KEY and DATABASE_URL in the environment
// (e.g. `supabase start` with our migrations and seed: DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:54322/postgres)
// it uses that stack; otherwise it starts the local stand-in on a seeded throwaway database. The tests create
// their own workflows, so they do not depend on the seed's workflows beyond the projects and users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EMAILS, client, signIn, startStack, type Client, type DemoRole, type SignedIn, type Stack } from './stack';
import type { Database } from '../../../types/database';

type Version = Database['public']['Tables']['workflow_versions']['Row'];

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
const INVALID = { nodes: [{ id: 'a', position: { x: 0, y: 0 }, data: { type: 'http_call' } }], edges: [] };
const MISSING = '00000000-0000-4000-8000-00000000dead';

let stack: Stack | null = null;
let supabaseUrl: string;
let anonKey: string;
let databaseUrl: string;
const as = {} as Record<DemoRole, SignedIn>;
let anon: Client;
let acmeId: string;
let globexId: string;

interface Res {
	data: unknown;
	error: { code: string; message: string; details: string | null; hint: string | null } | null;
	status: number;
}

function expectError(res: Res, status: number, code: string) {
	expect(res.error, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.data)}`).not.toBeNull();
	expect({ status: res.status, code: res.error!.code }).toEqual({ status, code });
	expect(typeof res.error!.message).toBe('string');
	expect(res.error!.message.length).toBeGreaterThan(0);
}

function expectOk<T>(res: { data: T; error: unknown; status: number }, status = 200): NonNullable<T> {
	expect(res.error, JSON.stringify(res.error)).toBeNull();
	expect(res.status).toBe(status);
	expect(res.data).not.toBeNull();
	return res.data as NonNullable<T>;
}

/** A fresh workflow in Acme: made by the editor, v1 published by the publisher, then a draft at revision 1. */
async function freshWorkflow(name: string, opts: { draft?: boolean } = {}) {
	const wf = expectOk(await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID }));
	const v1 = expectOk(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.id, note: 'v1' }));
	let draft: Version | null = null;
	if (opts.draft !== false) {
		draft = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: wf.id }));
	}
	return { workflowId: wf.id, v1, draft };
}

async function eventCount(workflowId: string): Promise<number> {
	const res = await as.owner.supabase
		.from('workflow_version_events')
		.select('id', { count: 'exact', head: true })
		.eq('workflow_id', workflowId);
	expect(res.error).toBeNull();
	return res.count!;
}

beforeAll(async () => {
	if (process.env.SUPABASE_URL) {
		supabaseUrl = process.env.SUPABASE_URL;
		anonKey = process.env.SUPABASE_ANON_KEY ?? '';
		databaseUrl = process.env.DATABASE_URL ?? '';
		if (!anonKey || !databaseUrl) throw new Error('SUPABASE_URL needs SUPABASE_ANON_KEY and DATABASE_URL too');
	} else {
		stack = await startStack({ app: false, prefix: 'wv_contract' });
		({ supabaseUrl, anonKey, databaseUrl } = stack);
	}
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(supabaseUrl, anonKey, EMAILS[role]);
	anon = client(supabaseUrl, anonKey);
	const acme = expectOk(await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single());
	const globex = expectOk(await as.outsider.supabase.from('projects').select('id').eq('name', 'Globex').single());
	acmeId = acme.id;
	globexId = globex.id;
}, 120_000);

afterAll(async () => {
	await stack?.stop();
});

describe('anonymous callers', () => {
	it('get 401 / 42501 from every RPC', async () => {
		const calls: Array<[string, PromiseLike<Res>]> = [
			['create_project', anon.rpc('create_project', { name: 'x' })],
			['invite_project_member', anon.rpc('invite_project_member', { project_id: MISSING, email: 'a@b.c', role: 'viewer' })],
			['create_workflow', anon.rpc('create_workflow', { project_id: MISSING, name: 'x' })],
			['create_draft', anon.rpc('create_draft', { workflow_id: MISSING })],
			['save_draft', anon.rpc('save_draft', { workflow_id: MISSING, definition: VALID, expected_revision: 1 })],
			['publish_draft', anon.rpc('publish_draft', { workflow_id: MISSING })],
			['revert_draft', anon.rpc('revert_draft', { workflow_id: MISSING, version_id: MISSING })],
			['discard_draft', anon.rpc('discard_draft', { workflow_id: MISSING })],
			['rollback_workflow', anon.rpc('rollback_workflow', { workflow_id: MISSING, version_id: MISSING })],
			['list_workflow_versions', anon.rpc('list_workflow_versions', { workflow_id: MISSING })],
			['get_workflow_version', anon.rpc('get_workflow_version', { version_id: MISSING })],
			['diff_workflow_versions', anon.rpc('diff_workflow_versions', { from_version_id: MISSING, to_version_id: MISSING })],
			['validate_workflow_definition', anon.rpc('validate_workflow_definition', { definition: VALID })],
			['archive_workflow', anon.rpc('archive_workflow', { workflow_id: MISSING })]
		];
		for (const [name, call] of calls) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 401, code: '42501' });
		}
	});

	it('cannot read any table', async () => {
		for (const table of ['projects', 'project_members', 'workflows', 'workflow_versions', 'workflow_version_events'] as const) {
			const res = await anon.from(table).select('*');
			expect({ table, status: res.status, code: res.error?.code }).toEqual({ table, status: 401, code: '42501' });
		}
	});
});

describe('permission matrix', () => {
	let wf: Awaited<ReturnType<typeof freshWorkflow>>;
	beforeAll(async () => {
		wf = await freshWorkflow('Matrix');
	});

	it('outsider: every call on another tenant\'s workflow or project is 404 / PT404', async () => {
		const s = as.outsider.supabase;
		const id = wf.workflowId;
		const calls: Array<[string, PromiseLike<Res>]> = [
			['invite_project_member', s.rpc('invite_project_member', { project_id: acmeId, email: EMAILS.outsider, role: 'owner' })],
			['create_workflow', s.rpc('create_workflow', { project_id: acmeId, name: 'intrusion' })],
			['create_draft', s.rpc('create_draft', { workflow_id: id })],
			['save_draft', s.rpc('save_draft', { workflow_id: id, definition: VALID, expected_revision: 1 })],
			['publish_draft', s.rpc('publish_draft', { workflow_id: id })],
			['revert_draft', s.rpc('revert_draft', { workflow_id: id, version_id: wf.v1.id })],
			['discard_draft', s.rpc('discard_draft', { workflow_id: id })],
			['rollback_workflow', s.rpc('rollback_workflow', { workflow_id: id, version_id: wf.v1.id })],
			['list_workflow_versions', s.rpc('list_workflow_versions', { workflow_id: id })],
			['get_workflow_version', s.rpc('get_workflow_version', { version_id: wf.v1.id })],
			['diff_workflow_versions', s.rpc('diff_workflow_versions', { from_version_id: wf.v1.id, to_version_id: wf.draft!.id })],
			['archive_workflow', s.rpc('archive_workflow', { workflow_id: id })]
		];
		const before = await eventCount(id);
		for (const [name, call] of calls) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 404, code: 'PT404' });
		}
		expect(await eventCount(id)).toBe(before);
	});

	it('viewer: reads succeed, every write is 403 / 42501', async () => {
		const s = as.viewer.supabase;
		const id = wf.workflowId;
		expectOk(await s.rpc('list_workflow_versions', { workflow_id: id }));
		expectOk(await s.rpc('get_workflow_version', { version_id: wf.v1.id }));
		expectOk(await s.rpc('diff_workflow_versions', { from_version_id: wf.v1.id, to_version_id: wf.draft!.id }));
		expectOk(await s.rpc('validate_workflow_definition', { definition: VALID }));
		const writes: Array<[string, PromiseLike<Res>]> = [
			['invite_project_member', s.rpc('invite_project_member', { project_id: acmeId, email: 'viewer.friend@example.com', role: 'owner' })],
			['create_workflow', s.rpc('create_workflow', { project_id: acmeId, name: 'nope' })],
			['create_draft', s.rpc('create_draft', { workflow_id: id })],
			['save_draft', s.rpc('save_draft', { workflow_id: id, definition: VALID, expected_revision: 1 })],
			['publish_draft', s.rpc('publish_draft', { workflow_id: id })],
			['revert_draft', s.rpc('revert_draft', { workflow_id: id, version_id: wf.v1.id })],
			['discard_draft', s.rpc('discard_draft', { workflow_id: id })],
			['rollback_workflow', s.rpc('rollback_workflow', { workflow_id: id, version_id: wf.v1.id })],
			['archive_workflow', s.rpc('archive_workflow', { workflow_id: id })]
		];
		for (const [name, call] of writes) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 403, code: '42501' });
			expect(res.error!.hint, name).toBeTruthy();
		}
	});

	it('editor: drafts yes; publish, rollback, archive, members 403', async () => {
		const s = as.editor.supabase;
		const id = wf.workflowId;
		const saved = expectOk(await s.rpc('save_draft', { workflow_id: id, definition: variant(1), expected_revision: 1 }));
		expect(saved.revision).toBe(2);
		const reverted = expectOk(await s.rpc('revert_draft', { workflow_id: id, version_id: wf.v1.id, expected_revision: 2 }));
		expect(reverted.source_version_id).toBe(wf.v1.id);
		expect(await s.rpc('discard_draft', { workflow_id: id, expected_revision: 3 })).toMatchObject({ error: null, status: 204 });
		const draft = expectOk(await s.rpc('create_draft', { workflow_id: id }));
		expect(draft).toMatchObject({ state: 'draft', revision: 1, base_version_id: wf.v1.id, version_number: null });
		for (const [name, call] of [
			['publish_draft', s.rpc('publish_draft', { workflow_id: id })],
			['rollback_workflow', s.rpc('rollback_workflow', { workflow_id: id, version_id: wf.v1.id })],
			['archive_workflow', s.rpc('archive_workflow', { workflow_id: id })],
			['invite_project_member', s.rpc('invite_project_member', { project_id: acmeId, email: 'editor.friend@example.com', role: 'editor' })]
		] as Array<[string, PromiseLike<Res>]>) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 403, code: '42501' });
		}
		wf.draft = draft;
	});

	it('publisher: publish, rollback; members 403', async () => {
		const s = as.publisher.supabase;
		const id = wf.workflowId;
		expectOk(await as.editor.supabase.rpc('save_draft', { workflow_id: id, definition: variant(2), expected_revision: 1 }));
		const v2 = expectOk(await s.rpc('publish_draft', { workflow_id: id, expected_revision: 2, note: 'second' }));
		expect(v2).toMatchObject({ state: 'published', version_number: 2, note: 'second', published_by: as.publisher.userId });
		expect(v2.definition_hash).toMatch(/^[0-9a-f]{64}$/);
		const v3 = expectOk(await s.rpc('rollback_workflow', { workflow_id: id, version_id: wf.v1.id, note: 'back' }));
		expect(v3).toMatchObject({ version_number: 3, source_version_id: wf.v1.id, definition_hash: wf.v1.definition_hash });
		const res = await s.rpc('invite_project_member', { project_id: acmeId, email: 'publisher.friend@example.com', role: 'editor' });
		expectError(res, 403, '42501');
	});

	it('owner: invite_project_member invites (same answer with or without an account); anyone signed in may create a project', async () => {
		const project = expectOk(await as.viewer.supabase.rpc('create_project', { name: 'Viewer side project' }));
		expect(project.created_by).toBe(as.viewer.userId);
		const invited = expectOk(
			await as.viewer.supabase.rpc('invite_project_member', { project_id: project.id, email: ` ${EMAILS.editor.toUpperCase()} `, role: 'editor' })
		);
		expect(invited).toMatchObject({ project_id: project.id, role: 'editor', email: EMAILS.editor, accepted_at: null });
		const stranger = expectOk(
			await as.viewer.supabase.rpc('invite_project_member', { project_id: project.id, email: 'nobody@example.com', role: 'editor' })
		);
		expect(Object.keys(stranger).sort()).toEqual(Object.keys(invited).sort());
		expectError(
			await as.viewer.supabase.rpc('invite_project_member', { project_id: project.id, email: EMAILS.editor, role: 'publisher' }),
			409,
			'PT409'
		);
		// Owner rights in Acme, too; a member's address is refused.
		expectOk(await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: 'owner.friend@example.com', role: 'viewer' }));
		expectError(await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: EMAILS.viewer, role: 'viewer' }), 409, 'PT409');
	});

	it('publisher and owner may archive; an archived workflow refuses draft writes and publishes (409)', async () => {
		const w = await freshWorkflow('To archive');
		const archived = expectOk(await as.owner.supabase.rpc('archive_workflow', { workflow_id: w.workflowId }));
		expect(archived.archived_at).not.toBeNull();
		expectError(await as.publisher.supabase.rpc('archive_workflow', { workflow_id: w.workflowId }), 409, 'PT409');
		expectError(
			await as.editor.supabase.rpc('save_draft', { workflow_id: w.workflowId, definition: VALID, expected_revision: 1 }),
			409,
			'PT409'
		);
		expectError(await as.publisher.supabase.rpc('publish_draft', { workflow_id: w.workflowId }), 409, 'PT409');
		// History stays readable.
		expectOk(await as.viewer.supabase.rpc('list_workflow_versions', { workflow_id: w.workflowId }));
	});
});

describe('conflicts, limits and bad input', () => {
	let wf: Awaited<ReturnType<typeof freshWorkflow>>;
	beforeAll(async () => {
		wf = await freshWorkflow('Errors');
	});

	it('409: stale revision writes nothing', async () => {
		const before = await eventCount(wf.workflowId);
		const res = await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: variant(9), expected_revision: 7 });
		expectError(res, 409, 'PT409');
		expect(res.error!.hint).toBeTruthy();
		expect(await eventCount(wf.workflowId)).toBe(before);
		const draft = expectOk(await as.editor.supabase.rpc('get_workflow_version', { version_id: wf.draft!.id }));
		expect(draft.revision).toBe(1);
	});

	it('409: create_draft from a version while a draft exists; the same without from_version_id returns the draft', async () => {
		expectError(
			await as.editor.supabase.rpc('create_draft', { workflow_id: wf.workflowId, from_version_id: wf.v1.id }),
			409,
			'PT409'
		);
		const same = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: wf.workflowId }));
		expect(same.id).toBe(wf.draft!.id);
	});

	it('409: nothing to publish (draft identical to live), rollback to the live version, no draft', async () => {
		expectError(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId }), 409, 'PT409');
		expectError(
			await as.publisher.supabase.rpc('rollback_workflow', { workflow_id: wf.workflowId, version_id: wf.v1.id }),
			409,
			'PT409'
		);
		expect((await as.editor.supabase.rpc('discard_draft', { workflow_id: wf.workflowId })).status).toBe(204);
		expectError(await as.editor.supabase.rpc('discard_draft', { workflow_id: wf.workflowId }), 409, 'PT409');
		expectError(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId }), 409, 'PT409');
		expectError(
			await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: VALID, expected_revision: 1 }),
			409,
			'PT409'
		);
		wf.draft = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: wf.workflowId }));
	});

	it('422: publishing an invalid definition lists every problem in details; nothing is written', async () => {
		const saved = expectOk(
			await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: INVALID, expected_revision: 1 })
		);
		const before = await eventCount(wf.workflowId);
		const res = await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId, expected_revision: saved.revision });
		expectError(res, 422, 'PT422');
		const problems = JSON.parse(res.error!.details!) as Array<{ code: string; message: string }>;
		expect(problems.map((p) => p.code)).toContain('trigger_missing');
		expect(await eventCount(wf.workflowId)).toBe(before);
		const check = expectOk(await as.viewer.supabase.rpc('validate_workflow_definition', { definition: INVALID }));
		expect(check).toMatchObject({ valid: false });
		expect(expectOk(await as.viewer.supabase.rpc('validate_workflow_definition', { definition: VALID }))).toMatchObject({
			valid: true,
			errors: []
		});
	});

	it('413: a definition over 1 MiB', async () => {
		const big = { ...VALID, settings: { blob: 'x'.repeat(1_100_000) } };
		expectError(
			await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: big, expected_revision: 2 }),
			413,
			'PT413'
		);
		expectError(await as.editor.supabase.rpc('validate_workflow_definition', { definition: big }), 413, 'PT413');
		expectError(await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name: 'Big', definition: big }), 413, 'PT413');
	});

	it('400: bad arguments (22023) and wrong types (22P02)', async () => {
		const s = as.owner.supabase;
		expectError(await s.rpc('list_workflow_versions', { workflow_id: wf.workflowId, page_size: 0 }), 400, '22023');
		expectError(await s.rpc('list_workflow_versions', { workflow_id: wf.workflowId, page_size: 201 }), 400, '22023');
		expectError(await s.rpc('create_project', { name: '  ' }), 400, '22023');
		expectError(await s.rpc('create_workflow', { project_id: acmeId, name: '' }), 400, '22023');
		expectError(
			await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: [1, 2] as never, expected_revision: 2 }),
			400,
			'22023'
		);
		const other = await freshWorkflow('Other', { draft: false });
		expectError(await s.rpc('diff_workflow_versions', { from_version_id: wf.v1.id, to_version_id: other.v1.id }), 400, '22023');
		expectError(await s.rpc('invite_project_member', { project_id: acmeId, email: 'x@example.com', role: 'boss' as never }), 400, '22P02');
		expectError(await s.rpc('get_workflow_version', { version_id: 'not-a-uuid' }), 400, '22P02');
	});

	it('404: unknown ids (PT404) and unknown argument sets (PGRST202)', async () => {
		expectError(await as.owner.supabase.rpc('get_workflow_version', { version_id: MISSING }), 404, 'PT404');
		expectError(await as.owner.supabase.rpc('create_draft', { workflow_id: MISSING }), 404, 'PT404');
		expectError(await as.owner.supabase.rpc('create_workflow', { project_id: globexId, name: 'x' }), 404, 'PT404');
		const res = await as.owner.supabase.rpc('publish_draft', { workflow: wf.workflowId } as never);
		expectError(res, 404, 'PGRST202');
	});
});

describe('reads', () => {
	let wf: Awaited<ReturnType<typeof freshWorkflow>>;
	let versions: Version[] = [];
	beforeAll(async () => {
		wf = await freshWorkflow('History');
		versions = [wf.v1];
		let draft = wf.draft!;
		for (let n = 2; n <= 5; n++) {
			const saved = expectOk(
				await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: variant(n), expected_revision: draft.revision })
			);
			versions.push(expectOk(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId, expected_revision: saved.revision })));
			draft = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: wf.workflowId }));
		}
		wf.draft = draft;
	});

	it('list_workflow_versions: draft first, then published newest first, is_live, no definition; keyset pages', async () => {
		const page1 = expectOk(await as.viewer.supabase.rpc('list_workflow_versions', { workflow_id: wf.workflowId, page_size: 2 }));
		expect(page1.map((v) => [v.state, v.version_number, v.is_live])).toEqual([
			['draft', null, false],
			['published', 5, true],
			['published', 4, false]
		]);
		expect(page1[0]).not.toHaveProperty('definition');
		const page2 = expectOk(
			await as.viewer.supabase.rpc('list_workflow_versions', { workflow_id: wf.workflowId, page_size: 2, before_version: 4 })
		);
		expect(page2.map((v) => v.version_number)).toEqual([3, 2]);
		const page3 = expectOk(
			await as.viewer.supabase.rpc('list_workflow_versions', { workflow_id: wf.workflowId, page_size: 2, before_version: 2 })
		);
		expect(page3.map((v) => v.version_number)).toEqual([1]);
	});

	it('get_workflow_version returns the definition; diff_workflow_versions the structural difference', async () => {
		const v1 = expectOk(await as.viewer.supabase.rpc('get_workflow_version', { version_id: versions[0].id }));
		expect(v1.definition).toEqual(VALID);
		const diff = expectOk(
			await as.viewer.supabase.rpc('diff_workflow_versions', { from_version_id: versions[0].id, to_version_id: versions[1].id })
		) as { nodes: { added: unknown[]; removed: unknown[]; changed: Array<{ id: string }> }; edges: { added: unknown[]; removed: unknown[] }; settings_changed: boolean };
		expect(diff.nodes.added).toEqual([]);
		expect(diff.nodes.removed).toEqual([]);
		expect(diff.nodes.changed.map((c) => c.id)).toEqual(['call']);
		expect(diff.edges).toEqual({ added: [], removed: [] });
		expect(diff.settings_changed).toBe(false);
	});

	it('tables: each caller sees only the rows of their projects', async () => {
		const outsiderProjects = expectOk(await as.outsider.supabase.from('projects').select('id, name'));
		expect(outsiderProjects.map((p) => p.id)).toContain(globexId);
		expect(outsiderProjects.map((p) => p.id)).not.toContain(acmeId);
		const outsiderWorkflows = expectOk(await as.outsider.supabase.from('workflows').select('id, project_id'));
		expect(outsiderWorkflows.every((w) => w.project_id !== acmeId)).toBe(true);
		const leaked = expectOk(await as.outsider.supabase.from('workflow_versions').select('id').eq('workflow_id', wf.workflowId));
		expect(leaked).toEqual([]);
		const events = expectOk(await as.outsider.supabase.from('workflow_version_events').select('project_id'));
		expect(events.every((e) => e.project_id !== acmeId)).toBe(true);

		const viewerWorkflows = expectOk(await as.viewer.supabase.from('workflows').select('id, project_id'));
		expect(viewerWorkflows.every((w) => w.project_id !== globexId)).toBe(true);
		expect(viewerWorkflows.map((w) => w.id)).toContain(wf.workflowId);
		const members = expectOk(await as.viewer.supabase.from('project_members').select('user_id, role').eq('project_id', acmeId));
		expect(members.map((m) => m.role).sort()).toEqual(['editor', 'owner', 'publisher', 'viewer']);
	});

	it('count=exact and range(): Content-Range total, 206 for a partial page', async () => {
		const all = await as.viewer.supabase
			.from('workflow_versions')
			.select('id', { count: 'exact' })
			.eq('workflow_id', wf.workflowId);
		expect(all.status).toBe(200);
		expect(all.count).toBe(6);
		expect(all.data).toHaveLength(6);
		const page = await as.viewer.supabase
			.from('workflow_versions')
			.select('id, version_number', { count: 'exact' })
			.eq('workflow_id', wf.workflowId)
			.eq('state', 'published')
			.order('version_number', { ascending: false })
			.range(1, 2);
		expect(page.status).toBe(206);
		expect(page.count).toBe(5);
		expect(page.data!.map((v) => v.version_number)).toEqual([4, 3]);
		const head = await as.viewer.supabase
			.from('workflow_version_events')
			.select('id', { count: 'exact', head: true })
			.eq('workflow_id', wf.workflowId);
		expect(head.error).toBeNull();
		// workflow_created, published ×5, draft_created ×5, draft_saved ×4
		expect(head.count).toBe(15);
	});

	it('the audit trail records who did what', async () => {
		const events = expectOk(
			await as.viewer.supabase
				.from('workflow_version_events')
				.select('action, actor_id, version_id')
				.eq('workflow_id', wf.workflowId)
				.eq('action', 'published')
				.order('id')
		);
		expect(events.map((e) => e.version_id)).toEqual(versions.map((v) => v.id));
		expect(events.every((e) => e.actor_id === as.publisher.userId)).toBe(true);
	});
});

describe('the database afterwards', () => {
	it('passes the integrity checker', async () => {
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
