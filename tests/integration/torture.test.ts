// Concurrency torture: 16 signed-in clients through supabase-js and real HTTP to the stand-in,
// mixing save / publish / revert / rollback / discard / create_draft on 5 workflows with random, often
// stale, revisions, for a bounded time. Afterwards: the invariant checker is empty; every 2xx publish or
// rollback is a row with the number and hash it returned (and every published row was acknowledged);
// every non-2xx is a documented 4xx; no 5xx, no deadlock (40P01) or serialization (40001) error leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { addMembers, createUsers, createWorkflow, integrityViolations, kysely, rpcAs, stageDraft, createTenant, type Tenant } from './_support/db.ts';
import { validDefinition } from './_support/definitions.ts';
import { signIn, startStack, type Client, type Stack } from './_support/stack.ts';
import { Rng } from './_support/random.ts';

const CLIENTS = 16;
const WORKFLOWS = 5;
const DURATION_MS = Number(process.env.TORTURE_MS ?? 20_000);
const DOCUMENTED_4XX = new Set([400, 403, 404, 409, 422]);

type Op = 'save' | 'publish' | 'revert' | 'rollback' | 'discard' | 'create_draft' | 'list';
interface Outcome {
	client: number;
	op: Op;
	workflow: string;
	status: number;
	code?: string;
	message?: string;
	row?: { id: string; workflow_id: string; version_number: number | null; definition_hash: string | null; revision: number; state: string };
}

let stack: Stack;
let admin: pg.Client;
let tenant: Tenant;
const workflows: string[] = [];
const outcomes: Outcome[] = [];
let initialPublished = 0;

beforeAll(async () => {
	stack = await startStack('wv_torture');
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	tenant = await createTenant(admin, 'torture');
	// 16 members: half editors, half publishers.
	const emails = Array.from({ length: CLIENTS }, (_, i) => `torture-${i}-${i % 2 ? 'publisher' : 'editor'}@example.com`);
	const ids = await createUsers(admin, emails);
	await addMembers(
		admin,
		tenant.projectId,
		emails.map((email, i) => ({ userId: ids.get(email)!, role: i % 2 ? 'publisher' : 'editor' }))
	);
	// 5 workflows with two published versions each (targets for revert and rollback) and a draft.
	for (let w = 0; w < WORKFLOWS; w++) {
		const id = await createWorkflow(admin, tenant.users.publisher, tenant.projectId, `Torture ${w}`, validDefinition(2, `w${w}`));
		await rpcAs(admin, tenant.users.publisher, 'select public.publish_draft($1)', [id]);
		const rev = await stageDraft(admin, tenant.users.publisher, id, validDefinition(3, `w${w}`));
		await rpcAs(admin, tenant.users.publisher, 'select public.publish_draft($1, $2)', [id, rev]);
		await stageDraft(admin, tenant.users.editor, id, validDefinition(4, `w${w}`));
		workflows.push(id);
	}
	initialPublished = WORKFLOWS * 2;
	const clients: Client[] = [];
	for (const email of emails) clients.push((await signIn(stack.apiUrl, email)).client);

	// ── The storm ──────────────────────────────────────────────────────────────────────────────────
	const deadline = Date.now() + DURATION_MS;
	await Promise.all(clients.map((client, i) => storm(client, i, new Rng(1000 + i), deadline)));
}, 180_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	await stack?.close();
});

/** What one client knows (possibly out of date) about each workflow. */
interface Knowledge {
	revision: number | null;
	versions: string[];
}

async function storm(client: Client, index: number, rng: Rng, deadline: number) {
	const known = new Map<string, Knowledge>(workflows.map((w) => [w, { revision: 1, versions: [] }]));
	const ops: Exclude<Op, 'list'>[] = ['save', 'save', 'save', 'publish', 'publish', 'revert', 'rollback', 'discard', 'create_draft'];
	let step = 0;
	while (Date.now() < deadline) {
		step++;
		const workflow = rng.pick(workflows);
		const k = known.get(workflow)!;
		// Now and then, refresh what this client knows (through RLS-filtered reads, like the editor).
		if (k.versions.length === 0 || rng.chance(0.25)) {
			const list = await client.rpc('list_workflow_versions', { workflow_id: workflow, page_size: 20 });
			if (list.error) record(index, 'list', workflow, list.status, list.error);
			else {
				const rows = list.data as { id: string; state: string; revision: number }[];
				k.versions = rows.filter((r) => r.state === 'published').map((r) => r.id);
				k.revision = rows.find((r) => r.state === 'draft')?.revision ?? null;
			}
		}
		// Revisions: mostly what this client last saw (often stale by now), sometimes a guess or none.
		const revision = rng.chance(0.15) ? (k.revision ?? 1) + rng.int(-2, 2) : k.revision ?? rng.int(1, 5);
		const op = rng.pick(ops);
		// Mostly a published version of this workflow; sometimes one of another workflow (→ 404).
		const other = known.get(rng.pick(workflows))!;
		const version = () => rng.pick(rng.chance(0.1) && other.versions.length ? other.versions : k.versions);
		let r: { data: unknown; error: { code?: string; message: string } | null; status: number };
		switch (op) {
			case 'save': {
				// Mostly valid graphs; sometimes one with a cycle (so a later publish gets 422).
				const def = rng.chance(0.15)
					? { ...validDefinition(3), edges: [...validDefinition(3).edges, { id: 'back', source: 'n3', target: 'n2' }] }
					: validDefinition(rng.int(2, 6), `${index}-${step}`);
				r = await client.rpc('save_draft', { workflow_id: workflow, definition: def, expected_revision: revision });
				break;
			}
			case 'publish':
				r = await client.rpc('publish_draft', rng.chance(0.3) ? { workflow_id: workflow } : { workflow_id: workflow, expected_revision: revision, note: `by ${index}` });
				break;
			case 'revert':
				r = await client.rpc('revert_draft', { workflow_id: workflow, version_id: version(), expected_revision: revision });
				break;
			case 'rollback':
				r = await client.rpc('rollback_workflow', { workflow_id: workflow, version_id: version() });
				break;
			case 'discard':
				r = await client.rpc('discard_draft', rng.chance(0.3) ? { workflow_id: workflow } : { workflow_id: workflow, expected_revision: revision });
				break;
			case 'create_draft':
				r = await client.rpc('create_draft', rng.chance(0.3) ? { workflow_id: workflow, from_version_id: version() } : { workflow_id: workflow });
				break;
		}
		record(index, op, workflow, r.status, r.error, r.data);
		const row = r.data as Outcome['row'] | null;
		if (!r.error && row && typeof row === 'object') {
			if (row.state === 'draft') k.revision = row.revision;
			if (row.state === 'published') (k.versions.push(row.id), (k.revision = op === 'publish' ? null : k.revision));
		}
		if (!r.error && op === 'discard') k.revision = null;
	}
}

function record(client: number, op: Op, workflow: string, status: number, error: { code?: string; message: string } | null, data?: unknown) {
	outcomes.push({
		client,
		op,
		workflow,
		status,
		code: error?.code,
		message: error?.message,
		row: !error && data && typeof data === 'object' ? (data as Outcome['row']) : undefined
	});
}

describe('concurrency torture: 16 clients, 5 workflows', () => {
	it('did real work: many calls, successes and conflicts of every kind', () => {
		const ok = outcomes.filter((o) => o.status < 300);
		const published = ok.filter((o) => o.op === 'publish' || o.op === 'rollback');
		const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
		console.log(
			`torture: ${outcomes.length} calls in ${DURATION_MS / 1000} s, ${ok.length} 2xx (${published.length} publishes/rollbacks), statuses ${statuses.join(', ')}`
		);
		expect(outcomes.length).toBeGreaterThan(200);
		expect(published.length).toBeGreaterThan(10);
		expect(outcomes.some((o) => o.status === 409)).toBe(true);
	});

	it('answers every failure with a documented 4xx: no 5xx, no deadlock or serialization error', () => {
		const undocumented = outcomes.filter((o) => o.status >= 300 && !DOCUMENTED_4XX.has(o.status));
		expect(undocumented.slice(0, 5)).toEqual([]);
		const leaked = outcomes.filter((o) => o.code === '40P01' || o.code === '40001' || /deadlock|serializ/i.test(o.message ?? ''));
		expect(leaked.slice(0, 5)).toEqual([]);
		// Each 4xx carries the project's SQLSTATE for it.
		const codeOf: Record<number, RegExp> = { 400: /^(22023|22P02|PGRST)/, 403: /^42501$/, 404: /^(PT404|PGRST)/, 409: /^PT409$/, 422: /^PT422$/ };
		const mismatched = outcomes.filter((o) => o.status >= 400 && !codeOf[o.status]?.test(o.code ?? ''));
		expect(mismatched.slice(0, 5)).toEqual([]);
	});

	it('every 2xx publish and rollback is a row with the number and hash it returned', async () => {
		const acked = outcomes.filter((o) => o.status < 300 && (o.op === 'publish' || o.op === 'rollback')).map((o) => o.row!);
		const db = kysely(stack.databaseUrl, 1);
		const rows = await db
			.selectFrom('workflow_versions')
			.select(['id', 'workflow_id', 'version_number', 'definition_hash'])
			.where('workflow_id', 'in', workflows)
			.where('state', '=', 'published')
			.execute()
			.finally(() => db.destroy());
		const byId = new Map(rows.map((r) => [r.id, r]));
		for (const a of acked) {
			expect(byId.get(a.id), `acknowledged ${a.id}`).toEqual({
				id: a.id,
				workflow_id: a.workflow_id,
				version_number: a.version_number,
				definition_hash: a.definition_hash
			});
		}
		// …and nothing was published that no client was told about.
		expect(rows.length).toBe(initialPublished + acked.length);
		const perWorkflow = new Map<string, number[]>();
		for (const a of acked) perWorkflow.set(a.workflow_id, [...(perWorkflow.get(a.workflow_id) ?? []), a.version_number!]);
		for (const numbers of perWorkflow.values()) expect(new Set(numbers).size).toBe(numbers.length);
	});

	it('wrote one published/rolled_back event per acknowledged publish', async () => {
		const acked = outcomes.filter((o) => o.status < 300 && (o.op === 'publish' || o.op === 'rollback')).length;
		const db = kysely(stack.databaseUrl, 1);
		const { n } = await db
			.selectFrom('workflow_version_events')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('workflow_id', 'in', workflows)
			.where('action', 'in', ['published', 'rolled_back'])
			.executeTakeFirstOrThrow()
			.finally(() => db.destroy());
		expect(Number(n)).toBe(initialPublished + acked);
	});

	it('leaves check_workflow_integrity empty', async () => {
		expect(await integrityViolations(stack.databaseUrl)).toEqual([]);
	});
});
