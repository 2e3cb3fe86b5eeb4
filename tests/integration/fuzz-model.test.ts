// Model-based fuzzing with fast-check: random sequences of contract calls, made through
// supabase-js and the stand-in by random members of random roles (and a stranger from another tenant),
// each checked against a small in-memory model of the versioning rules: who may do what, numbering, which
// version is live, what the draft holds and its revision, and which error each bad call gets. After every
// sequence the workflow's history is re-read and the invariant checker must be empty.
//
//   fixed seed and bounded runs by default; a longer run:  FUZZ_RUNS=500 npx vitest run tests/integration/fuzz-model.test.ts
//   replay a failure:                                        FUZZ_SEED=<seed> FUZZ_PATH=<path> …
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { createTenant, createUsers, integrityViolations, rpcAs, type Tenant } from './_support/db.ts';
import { validDefinition } from './_support/definitions.ts';
import { signIn, startStack, type Client, type Stack } from './_support/stack.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const MAX_COMMANDS = Number(process.env.FUZZ_COMMANDS ?? 60);

type Role = 'owner' | 'publisher' | 'editor' | 'viewer' | 'outsider';
const RANK: Record<Role, number> = { outsider: -1, viewer: 0, editor: 1, publisher: 2, owner: 3 };

// Definitions: a small pool, so drafts often equal the live version (→ "nothing to publish").
const EMPTY = { nodes: [], edges: [] };
const CYCLE = {
	...validDefinition(3, 'cycle'),
	edges: [...validDefinition(3, 'cycle').edges, { id: 'back', source: 'n3', target: 'n2' }]
};
const POOL: unknown[] = [validDefinition(2, 'a'), validDefinition(2, 'b'), validDefinition(4, 'a'), CYCLE, EMPTY];
const VALID = (d: unknown) => d !== CYCLE && d !== EMPTY;

/** jsonb equality: same values, key order irrelevant. */
function canonical(v: unknown): string {
	if (v === null || typeof v !== 'object') return JSON.stringify(v);
	if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
	return `{${Object.keys(v as object)
		.sort()
		.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
		.join(',')}}`;
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

interface Version {
	id: string;
	number: number;
	definition: unknown;
}
interface Model {
	draft: { revision: number; definition: unknown } | null;
	published: Version[];
	currentId: string | null;
	archived: boolean;
}
interface Real {
	workflow: string;
}

type Expected = { status: number; code?: string } | 'ok';
const NOT_FOUND: Expected = { status: 404, code: 'PT404' };
const FORBIDDEN: Expected = { status: 403, code: '42501' };
const CONFLICT: Expected = { status: 409, code: 'PT409' };
const INVALID: Expected = { status: 422, code: 'PT422' };

let stack: Stack;
let admin: pg.Client;
let tenant: Tenant;
const clients = {} as Record<Role, Client>;
const BOGUS = '00000000-0000-4000-8000-0000000000ff';

/** Authorization first: strangers get 404, roles too low 403 (the RPCs check before anything else). */
function authorize(role: Role, min: Role): Expected | null {
	if (role === 'outsider') return NOT_FOUND;
	if (RANK[role] < RANK[min]) return FORBIDDEN;
	return null;
}

const tally = new Map<string, number>();

function check(res: { status: number; error: { code?: string; message: string; hint?: string | null } | null }, expected: Expected, what: string) {
	const key = `${what.replace(/^\w+\.|\(.*$/g, '')} ${res.status}`;
	tally.set(key, (tally.get(key) ?? 0) + 1);
	if (expected === 'ok') {
		expect(res.error, `${what}: expected success, got ${res.status} ${res.error?.code} ${res.error?.message}`).toBeNull();
		expect(res.status).toBeLessThan(300);
		return;
	}
	expect({ status: res.status, code: res.error?.code }, `${what}: ${res.error?.message}`).toEqual({ status: expected.status, code: expected.code });
	expect(res.error?.message.length).toBeGreaterThan(0);
	expect(res.error?.hint, `${what}: every error has a hint`).toBeTruthy();
}

type RevMode = 'current' | 'stale' | 'ahead' | 'omit';
function revisionFor(m: Model, mode: RevMode): number | undefined {
	const r = m.draft?.revision ?? 1;
	return mode === 'omit' ? undefined : mode === 'current' ? r : mode === 'stale' ? r - 1 : r + 1;
}
const revMatches = (m: Model, rev: number | undefined) => rev === undefined || rev === m.draft!.revision;
const pickVersion = (m: Model, idx: number | null): Version | null => (idx === null || m.published.length === 0 ? null : m.published[idx % m.published.length]);
const currentDefinition = (m: Model) => m.published.find((v) => v.id === m.currentId)?.definition;
/** A new draft without from_version_id starts from the latest published version (the highest number). */
const latest = (m: Model): Version | undefined => m.published[m.published.length - 1];

function publishNew(m: Model, id: string, definition: unknown): Version {
	const v = { id, number: m.published.length + 1, definition };
	m.published.push(v);
	m.currentId = id;
	return v;
}

function expectRow(row: Record<string, unknown>, fields: Record<string, unknown>, what: string) {
	for (const [k, v] of Object.entries(fields)) {
		if (k === 'definition') expect(same(row.definition, v), `${what}: definition`).toBe(true);
		else expect(row[k], `${what}: ${k}`).toEqual(v);
	}
}

// ── Commands ─────────────────────────────────────────────────────────────────────────────────────
class CreateDraft implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role, readonly from: number | null, readonly bogus: boolean) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const from = this.bogus ? BOGUS : pickVersion(m, this.from)?.id ?? null;
		const res = await clients[this.role].rpc('create_draft', from ? { workflow_id: r.workflow, from_version_id: from } : { workflow_id: r.workflow });
		let exp: Expected = authorize(this.role, 'editor') ?? (m.archived ? CONFLICT : 'ok');
		if (exp === 'ok' && m.draft) exp = from ? CONFLICT : 'ok';
		else if (exp === 'ok' && from && (this.bogus || !pickVersion(m, this.from))) exp = NOT_FOUND;
		check(res, exp, this.toString());
		if (exp !== 'ok') return;
		if (m.draft) return expectRow(res.data, { state: 'draft', revision: m.draft.revision, definition: m.draft.definition }, this.toString());
		const definition = from ? pickVersion(m, this.from)!.definition : latest(m)?.definition ?? EMPTY;
		m.draft = { revision: 1, definition };
		expectRow(res.data, { state: 'draft', revision: 1, definition, base_version_id: from ?? latest(m)?.id ?? null }, this.toString());
	}
	toString = () => `${this.role}.create_draft(${this.bogus ? 'bogus' : this.from === null ? '' : `v#${this.from}`})`;
}

class SaveDraft implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role, readonly def: number, readonly rev: Exclude<RevMode, 'omit'>) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const rev = revisionFor(m, this.rev)!;
		const definition = POOL[this.def];
		const res = await clients[this.role].rpc('save_draft', { workflow_id: r.workflow, definition, expected_revision: rev });
		let exp: Expected = authorize(this.role, 'editor') ?? (m.archived ? CONFLICT : 'ok');
		if (exp === 'ok' && (!m.draft || !revMatches(m, rev))) exp = CONFLICT;
		check(res, exp, this.toString());
		if (exp !== 'ok') return;
		m.draft = { revision: m.draft!.revision + 1, definition };
		expectRow(res.data, { state: 'draft', revision: m.draft.revision, definition }, this.toString());
	}
	toString = () => `${this.role}.save_draft(def#${this.def}, rev=${this.rev})`;
}

class Publish implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role, readonly rev: Exclude<RevMode, 'ahead'>) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const rev = revisionFor(m, this.rev);
		const res = await clients[this.role].rpc('publish_draft', rev === undefined ? { workflow_id: r.workflow } : { workflow_id: r.workflow, expected_revision: rev });
		let exp: Expected = authorize(this.role, 'publisher') ?? (m.archived ? CONFLICT : 'ok');
		if (exp === 'ok') {
			if (!m.draft || !revMatches(m, rev)) exp = CONFLICT;
			else if (m.currentId && same(m.draft.definition, currentDefinition(m))) exp = CONFLICT;
			else if (!VALID(POOL.find((d) => same(d, m.draft!.definition)))) exp = INVALID;
		}
		check(res, exp, this.toString());
		if (exp === INVALID) expect(JSON.parse(res.error!.details ?? '[]').length).toBeGreaterThan(0);
		if (exp !== 'ok') return;
		const definition = m.draft!.definition;
		const v = publishNew(m, res.data.id, definition);
		m.draft = null;
		expectRow(res.data, { state: 'published', version_number: v.number, definition, workflow_id: r.workflow }, this.toString());
	}
	toString = () => `${this.role}.publish_draft(rev=${this.rev})`;
}

class Revert implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role, readonly version: number | null, readonly rev: RevMode) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const target = pickVersion(m, this.version);
		const rev = revisionFor(m, this.rev);
		const args: Record<string, unknown> = { workflow_id: r.workflow, version_id: target?.id ?? BOGUS };
		if (rev !== undefined) args.expected_revision = rev;
		const res = await clients[this.role].rpc('revert_draft', args);
		let exp: Expected = authorize(this.role, 'editor') ?? (m.archived ? CONFLICT : 'ok');
		if (exp === 'ok' && !target) exp = NOT_FOUND;
		else if (exp === 'ok' && m.draft && !revMatches(m, rev)) exp = CONFLICT;
		check(res, exp, this.toString());
		if (exp !== 'ok') return;
		m.draft = { revision: m.draft ? m.draft.revision + 1 : 1, definition: target!.definition };
		expectRow(res.data, { state: 'draft', revision: m.draft.revision, definition: target!.definition, source_version_id: target!.id }, this.toString());
	}
	toString = () => `${this.role}.revert_draft(${this.version === null ? 'bogus' : `v#${this.version}`}, rev=${this.rev})`;
}

class Discard implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role, readonly rev: Exclude<RevMode, 'ahead'>) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const rev = revisionFor(m, this.rev);
		const res = await clients[this.role].rpc('discard_draft', rev === undefined ? { workflow_id: r.workflow } : { workflow_id: r.workflow, expected_revision: rev });
		let exp: Expected = authorize(this.role, 'editor') ?? (m.archived ? CONFLICT : 'ok');
		if (exp === 'ok' && (!m.draft || !revMatches(m, rev))) exp = CONFLICT;
		check(res, exp, this.toString());
		if (exp !== 'ok') return;
		expect(res.status).toBe(204);
		m.draft = null;
	}
	toString = () => `${this.role}.discard_draft(rev=${this.rev})`;
}

class Rollback implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role, readonly version: number | null) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const target = pickVersion(m, this.version);
		const res = await clients[this.role].rpc('rollback_workflow', { workflow_id: r.workflow, version_id: target?.id ?? BOGUS });
		let exp: Expected = authorize(this.role, 'publisher') ?? (m.archived ? CONFLICT : 'ok');
		if (exp === 'ok' && !target) exp = NOT_FOUND;
		else if (exp === 'ok' && target!.id === m.currentId) exp = CONFLICT;
		check(res, exp, this.toString());
		if (exp !== 'ok') return;
		const v = publishNew(m, res.data.id, target!.definition);
		expectRow(res.data, { state: 'published', version_number: v.number, definition: target!.definition, source_version_id: target!.id }, this.toString());
	}
	toString = () => `${this.role}.rollback_workflow(${this.version === null ? 'bogus' : `v#${this.version}`})`;
}

class Archive implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const res = await clients[this.role].rpc('archive_workflow', { workflow_id: r.workflow });
		const exp: Expected = authorize(this.role, 'publisher') ?? (m.archived ? CONFLICT : 'ok');
		check(res, exp, this.toString());
		if (exp === 'ok') m.archived = true;
	}
	toString = () => `${this.role}.archive_workflow()`;
}

/** Reads the history back (as a member or a stranger) and compares it with the model. */
class ReadBack implements fc.AsyncCommand<Model, Real> {
	constructor(readonly role: Role) {}
	check = () => true;
	async run(m: Model, r: Real) {
		const res = await clients[this.role].rpc('list_workflow_versions', { workflow_id: r.workflow, page_size: 200 });
		if (this.role === 'outsider') return check(res, NOT_FOUND, this.toString());
		check(res, 'ok', this.toString());
		const rows = res.data as { id: string; state: string; version_number: number | null; revision: number; is_live: boolean }[];
		const draft = rows.filter((x) => x.state === 'draft');
		expect(draft.map((d) => d.revision), `${this}: draft`).toEqual(m.draft ? [m.draft.revision] : []);
		const published = rows.filter((x) => x.state === 'published');
		expect(published.map((p) => [p.id, p.version_number, p.is_live]), `${this}: history`).toEqual(
			[...m.published].reverse().map((v) => [v.id, v.number, v.id === m.currentId])
		);
		if (m.draft) {
			const d = await clients[this.role].rpc('get_workflow_version', { version_id: draft[0].id });
			check(d, 'ok', `${this} get draft`);
			expect(same(d.data.definition, m.draft.definition), `${this}: draft definition`).toBe(true);
		}
	}
	toString = () => `${this.role}.read_back()`;
}

const role = fc.oneof(
	{ weight: 7, arbitrary: fc.constant<Role>('publisher') },
	{ weight: 3, arbitrary: fc.constant<Role>('editor') },
	{ weight: 3, arbitrary: fc.constant<Role>('owner') },
	{ weight: 1, arbitrary: fc.constant<Role>('viewer') },
	{ weight: 1, arbitrary: fc.constant<Role>('outsider') }
);
const version = fc.option(fc.nat(20), { freq: 10, nil: null });
const saveDraft = fc
	.tuple(role, fc.nat(POOL.length - 1), fc.constantFrom('current', 'current', 'current', 'current', 'stale', 'ahead') as fc.Arbitrary<'current' | 'stale' | 'ahead'>)
	.map(([r, d, v]) => new SaveDraft(r, d, v));
const publish = fc
	.tuple(role, fc.constantFrom('current', 'current', 'current', 'omit', 'omit', 'stale') as fc.Arbitrary<'current' | 'omit' | 'stale'>)
	.map(([r, v]) => new Publish(r, v));
// One weighted choice per step: archiving is rare (it freezes the rest of the sequence).
const commands = [
	fc.oneof(
		{ weight: 25, arbitrary: saveDraft },
		{ weight: 20, arbitrary: publish },
		{ weight: 10, arbitrary: fc.tuple(role, version, fc.boolean()).map(([r, v, b]) => new CreateDraft(r, v, b && v === null)) },
		{
			weight: 10,
			arbitrary: fc
				.tuple(role, version, fc.constantFrom('current', 'omit', 'stale', 'ahead') as fc.Arbitrary<RevMode>)
				.map(([r, v, x]) => new Revert(r, v, x))
		},
		{ weight: 10, arbitrary: fc.tuple(role, version).map(([r, v]) => new Rollback(r, v)) },
		{
			weight: 5,
			arbitrary: fc.tuple(role, fc.constantFrom('current', 'omit', 'stale') as fc.Arbitrary<'current' | 'omit' | 'stale'>).map(([r, v]) => new Discard(r, v))
		},
		{ weight: 10, arbitrary: role.map((r) => new ReadBack(r)) },
		{ weight: 1, arbitrary: role.map((r) => new Archive(r)) }
	)
];

beforeAll(async () => {
	stack = await startStack('wv_fuzz_model');
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	tenant = await createTenant(admin, 'model');
	const outsider = 'model-outsider@example.com';
	const ids = await createUsers(admin, [outsider]);
	await rpcAs(admin, ids.get(outsider)!, 'select public.create_project($1)', ['Outsider project']);
	for (const r of ['owner', 'publisher', 'editor', 'viewer'] as const) clients[r] = (await signIn(stack.apiUrl, tenant.emails[r])).client;
	clients.outsider = (await signIn(stack.apiUrl, outsider)).client;
}, 120_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	await stack?.close();
});

describe('model-based fuzzing of the versioning contract', () => {
	it(`${RUNS} random call sequences agree with the model (seed ${SEED})`, async () => {
		let sequence = 0;
		let calls = 0;
		await fc.assert(
			fc.asyncProperty(fc.commands(commands, { maxCommands: MAX_COMMANDS, size: 'max' }), async (cmds) => {
				// Half the workflows start with a publishable draft, half with the default empty one.
				const start = sequence % 2 ? POOL[0] : undefined;
				const created = await clients.editor.rpc('create_workflow', {
					project_id: tenant.projectId,
					name: `Fuzz ${++sequence}`,
					...(start ? { definition: start } : {})
				});
				check(created, 'ok', 'create_workflow');
				const real: Real = { workflow: created.data.id };
				const model: Model = { draft: { revision: 1, definition: start ?? EMPTY }, published: [], currentId: null, archived: false };
				await fc.asyncModelRun(() => ({ model, real }), [...cmds, new ReadBack('viewer')]);
				calls += [...cmds].length + 1;
				expect(await integrityViolations(stack.databaseUrl, real.workflow)).toEqual([]);
			}),
			{
				numRuns: RUNS,
				seed: SEED,
				...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
				endOnFailure: process.env.FUZZ_SHRINK !== '1' // shrinking replays HTTP sequences; opt in
			}
		);
		console.log(
			`fuzz-model: ${sequence} sequences, ${calls} calls, seed ${SEED}; outcomes: ` +
				[...tally].sort().map(([k, n]) => `${k}×${n}`).join(', ')
		);
		// The sequences reached the interesting states, not only refusals.
		for (const key of ['publish_draft 200', 'rollback_workflow 200', 'revert_draft 200', 'save_draft 200', 'publish_draft 409', 'publish_draft 422']) {
			expect(tally.get(key) ?? 0, key).toBeGreaterThan(0);
		}
		expect(await integrityViolations(stack.databaseUrl)).toEqual([]);
	}, 600_000);
});
