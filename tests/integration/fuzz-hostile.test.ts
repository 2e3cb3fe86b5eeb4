// Hostile input through HTTP, with fast-check: random JSON for definitions (deep nesting, huge
// arrays, unicode, control characters without NUL, numbers at the limits), oversize names and notes,
// SQL-looking strings, wrong types for every argument, missing and extra arguments, forged or tampered
// JWTs, and the ids of another tenant. Every refusal is a documented 4xx with a clear message, never a
// 5xx; a refused call writes nothing (fingerprint of every API-writable table unchanged); nothing of
// another tenant leaks.
//
//   fixed seed, bounded runs by default; longer:  FUZZ_RUNS=300 npx vitest run tests/integration/fuzz-hostile.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { asUser, createWorkflow } from './_support/db.ts';
import { DOCUMENTED_4XX, errorBody, fingerprint, read, rpc, sign, type Reply } from './_support/hostile.ts';
import { signIn, startStack, type Stack } from './_support/stack.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 5150);
const params = (runs = RUNS) => ({ numRuns: runs, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK !== '1' });

let stack: Stack;
let admin: pg.Client;
const tokens = {} as Record<'owner' | 'publisher' | 'editor' | 'viewer' | 'outsider', string>;
const ids = {} as {
	acmeProject: string;
	globexProject: string;
	orderIntake: string;
	nightlySync: string;
	globexWorkflow: string;
	acmeVersions: string[];
	globexVersions: string[];
	editorId: string;
	sacrificial: string;
};
/** Strings of Acme's data that must never reach a stranger. */
const ACME_SECRETS = ['Order intake', 'Nightly sync', 'Acme automations', 'Notify warehouse', 'example.org/warehouse'];

beforeAll(async () => {
	stack = await startStack('wv_fuzz_hostile', { seed: true });
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	for (const who of ['owner', 'publisher', 'editor', 'viewer', 'outsider'] as const) {
		tokens[who] = (await signIn(stack.apiUrl, `${who}@example.com`)).accessToken;
	}
	const q = async (sql: string, v: unknown[] = []) => (await admin.query(sql, v)).rows;
	ids.acmeProject = (await q(`select id from public.projects where name = 'Acme automations'`))[0].id;
	ids.globexProject = (await q(`select id from public.projects where name = 'Globex'`))[0].id;
	ids.orderIntake = (await q(`select id from public.workflows where name = 'Order intake'`))[0].id;
	ids.nightlySync = (await q(`select id from public.workflows where name = 'Nightly sync'`))[0].id;
	ids.globexWorkflow = (await q(`select id from public.workflows where project_id = $1`, [ids.globexProject]))[0].id;
	ids.acmeVersions = (await q(`select id from public.workflow_versions where project_id = $1 order by created_at`, [ids.acmeProject])).map((r) => r.id);
	ids.globexVersions = (await q(`select id from public.workflow_versions where project_id = $1`, [ids.globexProject])).map((r) => r.id);
	ids.editorId = (await q(`select id from auth.users where email = 'editor@example.com'`))[0].id;
	// The workflow a valid archive_workflow call may archive (the others must stay writable).
	ids.sacrificial = await createWorkflow(admin, ids.editorId, ids.acmeProject, 'Sacrificial');
}, 120_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	await stack?.close();
});

/** The draft of a workflow exists (created as the editor when missing); returns its revision. */
async function draftRevision(workflow: string): Promise<number> {
	return asUser(admin, ids.editorId, async () => (await admin.query('select revision from public.create_draft($1)', [workflow])).rows[0].revision);
}

/** A refusal is a documented 4xx with PostgREST's error body and a readable message; a success is 2xx. */
function expectDocumented(r: Reply, what: string) {
	expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
	if (r.status < 300) return;
	expect(DOCUMENTED_4XX.has(r.status), `${what} → undocumented ${r.status} ${r.text.slice(0, 300)}`).toBe(true);
	const e = r.json as Record<string, unknown> | null;
	if (typeof e?.code === 'number') {
		// GoTrue's error shape: {"code": 403, "error_code": "bad_jwt", "msg": "…"}.
		expect(typeof e.error_code, `${what}: error_code`).toBe('string');
		expect(String(e.msg ?? '').length, `${what}: msg`).toBeGreaterThan(3);
		return;
	}
	expect(typeof e?.code, `${what}: error code`).toBe('string');
	expect(String(e?.message ?? '').length, `${what}: error message`).toBeGreaterThan(3);
}

/** Runs a call; if it was refused, nothing may have changed. Returns the reply. */
async function refusedWritesNothing(what: string, call: () => Promise<Reply>): Promise<Reply> {
	const before = await fingerprint(admin);
	const r = await call();
	expectDocumented(r, what);
	if (r.status >= 300) expect(await fingerprint(admin), `${what} was refused (${r.status}) but wrote`).toBe(before);
	return r;
}

// ── Arbitraries ──────────────────────────────────────────────────────────────────────────────────
const CONTROL = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).concat(['\u007f', '\u2028', '\u2029', '\ufeff', '\u200b']);
const SQLISH = [
	`'); drop table public.workflow_versions; --`,
	`' or '1'='1`,
	`"; select pg_sleep(10); --`,
	`$$ language sql $$`,
	`\\x00\\'`,
	`%s%n%x`,
	`Robert'); DELETE FROM workflows WHERE ('1'='1`,
	`select * from auth.users`,
	`${'{'}"nodes": []}`,
	`<script>alert(1)</script>`,
	`../../etc/passwd`,
	`𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 漢字 عربى`
];
const hostileString = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/\u0000/g, '')),
	fc.string({ unit: fc.constantFrom(...CONTROL), maxLength: 10 }),
	fc.constantFrom(...SQLISH)
);
const limitNumber = fc.oneof(
	fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, 5e-324, -5e-324, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 63, 2 ** 31, -(2 ** 31) - 1, 1.7976931348623157e308),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.integer()
);
const { value: jsonValue } = fc.letrec((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		hostileString,
		limitNumber,
		fc.boolean(),
		fc.constant(null),
		fc.array(tie('value'), { maxLength: 5 }),
		fc.dictionary(hostileString, tie('value'), { maxKeys: 5 })
	)
}));
function nest(depth: number, leaf: unknown = 1): unknown {
	let v = leaf;
	for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
	return v;
}
const nodeish = fc.record({ id: fc.oneof(hostileString, jsonValue), position: jsonValue, data: fc.record({ type: fc.oneof(fc.constantFrom('webhook', 'http_call', 'schedule'), hostileString, jsonValue) }) }, { requiredKeys: [] });
const edgeish = fc.record({ id: fc.oneof(hostileString, jsonValue), source: fc.oneof(fc.constantFrom('n1', 'n2'), hostileString), target: fc.oneof(fc.constantFrom('n1', 'n2'), jsonValue) }, { requiredKeys: [] });
const hostileDefinition = fc.oneof(
	jsonValue,
	fc.record({ nodes: jsonValue, edges: jsonValue }),
	fc.record({ nodes: fc.array(nodeish, { maxLength: 8 }), edges: fc.array(edgeish, { maxLength: 8 }), settings: jsonValue }),
	// Deep nesting, within what PostgreSQL's JSON parser takes (see the depth test below).
	fc.integer({ min: 10, max: 3000 }).map((d) => ({ nodes: [], edges: [], settings: nest(d) })),
	// Huge arrays: up to 150,000 elements.
	fc.integer({ min: 1000, max: 150_000 }).map((n) => ({ nodes: Array.from({ length: n }, (_, i) => i), edges: [] })),
	fc.integer({ min: 1000, max: 10_000 }).map((n) => ({ nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, data: { type: 'http_call' } })), edges: [] }))
);

describe('hostile input through HTTP', () => {
	it('random definitions: validate answers 200 or a documented 4xx; save and publish refuse without writing', async () => {
		let saved = 0;
		let published = 0;
		const statuses = new Set<number>();
		await fc.assert(
			fc.asyncProperty(hostileDefinition, async (definition) => {
				const v = await refusedWritesNothing('validate_workflow_definition', () =>
					rpc(stack.apiUrl, 'validate_workflow_definition', { definition }, tokens.viewer)
				);
				statuses.add(v.status);
				if (v.status === 200) {
					const body = v.json as { valid: boolean; errors: { code: string; message: string }[] };
					expect(typeof body.valid).toBe('boolean');
					for (const e of body.errors) expect(e.code.length && e.message.length).toBeTruthy();
				}
				const rev = await draftRevision(ids.nightlySync);
				const s = await refusedWritesNothing('save_draft', () =>
					rpc(stack.apiUrl, 'save_draft', { workflow_id: ids.nightlySync, definition, expected_revision: rev }, tokens.editor)
				);
				statuses.add(s.status);
				if (s.status >= 300) return;
				saved++;
				expect((s.json as { revision: number }).revision).toBe(rev + 1);
				const p = await refusedWritesNothing('publish_draft', () =>
					rpc(stack.apiUrl, 'publish_draft', { workflow_id: ids.nightlySync, expected_revision: rev + 1 }, tokens.publisher)
				);
				statuses.add(p.status);
				if (p.status === 422) {
					const problems = JSON.parse(errorBody(p).details!);
					expect(Array.isArray(problems) && problems.length > 0).toBe(true);
				}
				if (p.status < 300) published++;
			}),
			params()
		);
		console.log(`hostile definitions: ${RUNS} inputs, ${saved} saved, ${published} published, statuses ${[...statuses].sort().join(', ')}`);
	}, 300_000);

	it('NUL characters and lone surrogates are refused with 400, writing nothing', async () => {
		const rev = await draftRevision(ids.nightlySync);
		for (const body of [
			`{"workflow_id":"${ids.nightlySync}","expected_revision":${rev},"definition":{"nodes":[],"edges":[],"s":"a\\u0000b"}}`,
			`{"workflow_id":"${ids.nightlySync}","expected_revision":${rev},"definition":{"nodes":[],"edges":[],"s":"a\\ud800b"}}`,
			`{"workflow_id":"${ids.nightlySync}","expected_revision":${rev},"definition":{"nodes":[],"edges":[]`
		]) {
			const r = await refusedWritesNothing('save_draft with bad text', () => rpc(stack.apiUrl, 'save_draft', body, tokens.editor));
			expect(r.status).toBe(400);
		}
	});

	// Found by this suite: PostgreSQL's JSON parser recurses per nesting level, so a body nested about
	// 20,000 levels deep used to fail while converting the arguments (54001 → HTTP 500). The API now
	// measures a body's nesting before parsing it and refuses anything deeper than a definition may be.
	it('a definition nested 20,000 levels deep is refused with a 4xx, not a 500', async () => {
		const deep = `{"definition":{"nodes":[],"edges":[],"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
		const r = await refusedWritesNothing('validate 20,000 levels', () => rpc(stack.apiUrl, 'validate_workflow_definition', deep, tokens.viewer));
		expect(r.status).toBeLessThan(500);
	});

	it('oversize names, descriptions and notes are refused with 400/413, writing nothing', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('create_workflow.name', 'create_workflow.description', 'create_project.name', 'publish_draft.note', 'rollback_workflow.note'),
				fc.oneof(fc.integer({ min: 2001, max: 5000 }), fc.constantFrom(2_001, 65_536, 1_100_000, 3_000_000)),
				fc.constantFrom('x', 'é', '😀', '\u0007', ' x'),
				async (field, length, unit) => {
					// length counts characters (code points), as PostgreSQL's length() does.
					const big = unit.repeat(Math.ceil(length / [...unit].length));
					const [fn, arg] = field.split('.');
					const body: Record<string, unknown> =
						fn === 'create_workflow'
							? { project_id: ids.acmeProject, name: arg === 'name' ? big : 'Fine name', ...(arg === 'description' ? { description: big } : {}) }
							: fn === 'create_project'
								? { name: big }
								: fn === 'publish_draft'
									? { workflow_id: ids.nightlySync, note: big }
									: { workflow_id: ids.orderIntake, version_id: ids.acmeVersions[0], note: big };
				const r = await refusedWritesNothing(field, () => rpc(stack.apiUrl, fn, body, tokens.publisher));
				expect([400, 413], `${field} × ${length} → ${r.status} ${r.text.slice(0, 200)}`).toContain(r.status);
				}
			),
			params(Math.min(RUNS, 30))
		);
		// Blank names too.
		for (const name of ['', '   ']) {
			const r = await refusedWritesNothing('blank name', () => rpc(stack.apiUrl, 'create_workflow', { project_id: ids.acmeProject, name }, tokens.editor));
			expect(r.status).toBe(400);
		}
	}, 300_000);

	// Found by this suite: btrim() stripped spaces only, so a name of tabs/newlines was accepted
	// (fixed by migration 20261127002200_refuse_whitespace_only_names).
	it('a name made only of tabs and newlines is refused with 400', async () => {
		const r = await refusedWritesNothing('whitespace name', () => rpc(stack.apiUrl, 'create_workflow', { project_id: ids.acmeProject, name: '\t\n' }, tokens.editor));
		expect(r.status).toBe(400);
	});

	it('SQL-looking and unicode strings are stored verbatim, never executed', async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.constantFrom(...SQLISH), hostileString), async (s) => {
				const r = await refusedWritesNothing('create_workflow', () =>
					rpc(stack.apiUrl, 'create_workflow', { project_id: ids.acmeProject, name: s, description: s }, tokens.editor)
				);
				// Names are trimmed of ASCII white space; 1..200 characters remain, else 400. Lone surrogates cannot be stored (400).
				const name = s.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');
				const fits = [...name].length >= 1 && [...name].length <= 200 && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
				expect(r.status, r.text.slice(0, 200)).toBe(fits ? 200 : 400);
				if (r.status >= 300) return;
				const row = r.json as { id: string; name: string; description: string };
				expect(row.name).toBe(name);
				const back = await read(stack.apiUrl, `workflows?select=name,description&id=eq.${row.id}`, tokens.viewer);
				expect(back.json).toEqual([{ name, description: s }]);
				// Filters with the same string are values, not SQL.
				const filtered = await read(stack.apiUrl, `workflows?select=id&name=eq.${encodeURIComponent(name)}`, tokens.viewer);
				expectDocumented(filtered, 'filter');
			}),
			params()
		);
		const tables = await admin.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
		expect(tables.rows[0].n).toBeGreaterThanOrEqual(6);
	}, 300_000);

	// Every RPC with valid arguments for the seeded data (as the publisher; the owner for members).
	type Kind = 'uuid' | 'int' | 'text' | 'jsonb' | 'role';
	const SPEC: Record<string, { args: Record<string, [Kind, boolean]>; valid: () => Record<string, unknown>; as?: 'owner' }> = {
		create_project: { args: { name: ['text', true] }, valid: () => ({ name: 'Fuzz project' }) },
		invite_project_member: { args: { project_id: ['uuid', true], email: ['text', true], role: ['role', true] }, valid: () => ({ project_id: ids.acmeProject, email: 'fuzz.invitee@example.com', role: 'viewer' }), as: 'owner' },
		set_member_role: { args: { project_id: ['uuid', true], user_id: ['uuid', true], role: ['role', true] }, valid: () => ({ project_id: ids.acmeProject, user_id: ids.editorId, role: 'editor' }), as: 'owner' },
		request_review: { args: { workflow_id: ['uuid', true], expected_revision: ['int', true], note: ['text', false] }, valid: () => ({ workflow_id: ids.orderIntake, expected_revision: 0 }) },
		decide_review: { args: { request_id: ['uuid', true], decision: ['text', true], comment: ['text', false] }, valid: () => ({ request_id: '00000000-0000-4000-8000-00000000dead', decision: 'approve' }) },
		list_publish_requests: { args: { project_id: ['uuid', true], state: ['text', false] }, valid: () => ({ project_id: ids.acmeProject }) },
		create_workflow: { args: { project_id: ['uuid', true], name: ['text', true], description: ['text', false], definition: ['jsonb', false] }, valid: () => ({ project_id: ids.acmeProject, name: 'Typed' }) },
		create_draft: { args: { workflow_id: ['uuid', true], from_version_id: ['uuid', false] }, valid: () => ({ workflow_id: ids.orderIntake }) },
		save_draft: { args: { workflow_id: ['uuid', true], definition: ['jsonb', true], expected_revision: ['int', true] }, valid: () => ({ workflow_id: ids.orderIntake, definition: { nodes: [], edges: [] }, expected_revision: 0 }) },
		publish_draft: { args: { workflow_id: ['uuid', true], expected_revision: ['int', false], note: ['text', false] }, valid: () => ({ workflow_id: ids.orderIntake, expected_revision: 0 }) },
		revert_draft: { args: { workflow_id: ['uuid', true], version_id: ['uuid', true], expected_revision: ['int', false] }, valid: () => ({ workflow_id: ids.orderIntake, version_id: ids.acmeVersions[0], expected_revision: 0 }) },
		discard_draft: { args: { workflow_id: ['uuid', true], expected_revision: ['int', false] }, valid: () => ({ workflow_id: ids.orderIntake, expected_revision: 0 }) },
		rollback_workflow: { args: { workflow_id: ['uuid', true], version_id: ['uuid', true], note: ['text', false] }, valid: () => ({ workflow_id: ids.orderIntake, version_id: ids.acmeVersions[0] }) },
		list_workflow_versions: { args: { workflow_id: ['uuid', true], page_size: ['int', false], before_version: ['int', false] }, valid: () => ({ workflow_id: ids.orderIntake }) },
		get_workflow_version: { args: { version_id: ['uuid', true] }, valid: () => ({ version_id: ids.acmeVersions[0] }) },
		diff_workflow_versions: { args: { from_version_id: ['uuid', true], to_version_id: ['uuid', true] }, valid: () => ({ from_version_id: ids.acmeVersions[0], to_version_id: ids.acmeVersions[1] }) },
		validate_workflow_definition: { args: { definition: ['jsonb', true] }, valid: () => ({ definition: { nodes: [], edges: [] } }) },
		archive_workflow: { args: { workflow_id: ['uuid', true] }, valid: () => ({ workflow_id: ids.sacrificial }) }
	};
	const wrongFor: Record<Kind, fc.Arbitrary<unknown>> = {
		uuid: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), hostileString, fc.array(fc.uuid(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.uuid(), { maxKeys: 2 })),
		int: fc.oneof(fc.constant(null), hostileString, fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e20, true, [], {}), jsonValue),
		text: fc.oneof(fc.constant(null), limitNumber, fc.boolean(), jsonValue),
		jsonb: fc.oneof(fc.constant(null), limitNumber, hostileString, fc.boolean(), fc.array(jsonValue, { maxLength: 3 })),
		role: fc.oneof(fc.constant(null), hostileString, limitNumber, fc.constantFrom('OWNER', 'admin', 'service_role', 'postgres'))
	};
	const functions = Object.keys(SPEC);

	it('wrong types for every argument: a documented 4xx (or a harmless success), never 5xx, nothing written when refused', async () => {
		const statuses = new Map<number, number>();
		const cases = fc.constantFrom(...functions).chain((fn) =>
			fc.constantFrom(...Object.keys(SPEC[fn].args)).chain((arg) => wrongFor[SPEC[fn].args[arg][0]].map((value) => ({ fn, arg, value })))
		);
		await fc.assert(
			fc.asyncProperty(cases, async ({ fn, arg, value }) => {
				const body = { ...SPEC[fn].valid(), [arg]: value };
				const r = await refusedWritesNothing(`${fn}(${arg} = ${JSON.stringify(value)?.slice(0, 60)})`, () =>
					rpc(stack.apiUrl, fn, body, tokens[SPEC[fn].as ?? 'publisher'])
				);
				statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
			}),
			params(RUNS * 3)
		);
		console.log(`wrong types: statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
	}, 300_000);

	it('missing and extra arguments: 404 PGRST202 (function not found), nothing written', async () => {
		const cases = fc.constantFrom(...functions).chain((fn) =>
			fc.record({
				fn: fc.constant(fn),
				drop: fc.subarray(Object.keys(SPEC[fn].args)),
				extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in SPEC[fn].args)), jsonValue, { maxKeys: 2 })
			})
		);
		await fc.assert(
			fc.asyncProperty(cases, async ({ fn, drop, extra }) => {
				const body: Record<string, unknown> = { ...SPEC[fn].valid(), ...extra };
				for (const k of drop) delete body[k];
				const requiredMissing = drop.some((k) => SPEC[fn].args[k][1]);
				const r = await refusedWritesNothing(`${fn} without ${drop.join(',')} with ${Object.keys(extra).join(',')}`, () =>
					rpc(stack.apiUrl, fn, body, tokens[SPEC[fn].as ?? 'publisher'])
				);
				if (requiredMissing || Object.keys(extra).length > 0) {
					expect({ status: r.status, code: errorBody(r).code }).toEqual({ status: 404, code: 'PGRST202' });
				}
			}),
			params(RUNS * 2)
		);
	}, 300_000);

	it('forged and tampered JWTs get 401 everywhere and write nothing', async () => {
		const now = Math.floor(Date.now() / 1000);
		const realPayload = JSON.parse(Buffer.from(tokens.editor.split('.')[1], 'base64url').toString());
		const forgery = fc.oneof(
			fc.record({ kind: fc.constant('wrong secret'), secret: fc.string({ minLength: 1, maxLength: 64 }), role: fc.constantFrom('authenticated', 'service_role', 'postgres', 'anon') }),
			fc.record({ kind: fc.constant('alg none'), secret: fc.constant(''), role: fc.constantFrom('authenticated', 'service_role') }),
			fc.record({ kind: fc.constant('expired'), secret: fc.constant('real'), role: fc.constantFrom('authenticated', 'service_role') }),
			fc.record({ kind: fc.constant('self-signed service_role'), secret: fc.string({ minLength: 32, maxLength: 64 }), role: fc.constant('service_role') }),
			fc.record({ kind: fc.constant('tampered payload'), secret: fc.constant(''), role: fc.constantFrom('service_role', 'postgres', 'authenticated') }),
			fc.record({ kind: fc.constant('garbage'), secret: fc.stringMatching(/^[A-Za-z0-9_\-.=+/]{0,80}$/), role: fc.constant('') })
		);
		const target = fc.constantFrom('publish', 'save', 'create_project', 'read workflows', 'read versions', 'auth user');
		await fc.assert(
			fc.asyncProperty(forgery, target, async (f, t) => {
				const claims = { ...realPayload, role: f.role, exp: f.kind === 'expired' ? now - 3600 : now + 3600, iat: f.kind === 'expired' ? now - 7200 : now };
				let token: string;
				switch (f.kind) {
					case 'alg none':
						token = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
						break;
					case 'expired':
						token = sign(claims);
						break;
					case 'tampered payload': {
						const [h, , s] = tokens.editor.split('.');
						token = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
						break;
					}
					case 'garbage':
						token = `${f.secret}.${f.secret}.${f.secret}`;
						break;
					default:
						token = sign(claims, f.secret === 'super-secret-jwt-token-with-at-least-32-characters-long' ? 'x' : f.secret);
				}
				const r = await refusedWritesNothing(`${f.kind} (${f.role}) → ${t}`, async () => {
					switch (t) {
						case 'publish':
							return rpc(stack.apiUrl, 'publish_draft', { workflow_id: ids.orderIntake }, token);
						case 'save':
							return rpc(stack.apiUrl, 'save_draft', { workflow_id: ids.orderIntake, definition: { nodes: [], edges: [] }, expected_revision: 1 }, token);
						case 'create_project':
							return rpc(stack.apiUrl, 'create_project', { name: 'Forged' }, token);
						case 'read workflows':
							return read(stack.apiUrl, 'workflows?select=*', token);
						case 'read versions':
							return read(stack.apiUrl, 'workflow_versions?select=*', token);
						default: {
							const res = await fetch(`${stack.apiUrl}/auth/v1/user`, { headers: { apikey: 'x', Authorization: `Bearer ${token}` } });
							const text = await res.text();
							return { status: res.status, text, json: JSON.parse(text || 'null') };
						}
					}
				});
				if (t === 'auth user') expect([401, 403], r.text).toContain(r.status);
				else expect({ status: r.status, code: errorBody(r).code }).toMatchObject({ status: 401, code: expect.stringMatching(/^PGRST30[123]$/) });
				for (const secret of ACME_SECRETS) expect(r.text).not.toContain(secret);
			}),
			params(RUNS * 2)
		);
	}, 300_000);

	it("other tenants' ids: 404 for every call, empty reads, nothing of theirs in any answer", async () => {
		const asStranger = fc.record({
			who: fc.constantFrom('outsider', 'editor') as fc.Arbitrary<'outsider' | 'editor'>,
			fn: fc.constantFrom(...functions.filter((f) => !['create_project', 'validate_workflow_definition'].includes(f))),
			pick: fc.nat()
		});
		await fc.assert(
			fc.asyncProperty(asStranger, async ({ who, fn, pick }) => {
				// The outsider aims at Acme, Acme's editor at Globex.
				const theirs =
					who === 'outsider'
						? { project: ids.acmeProject, workflow: pick % 2 ? ids.orderIntake : ids.nightlySync, versions: ids.acmeVersions }
						: { project: ids.globexProject, workflow: ids.globexWorkflow, versions: ids.globexVersions };
				const v = theirs.versions[pick % theirs.versions.length];
				const body: Record<string, unknown> = { ...SPEC[fn].valid() };
				if ('project_id' in body) body.project_id = theirs.project;
				if ('workflow_id' in body) body.workflow_id = theirs.workflow;
				for (const k of ['version_id', 'from_version_id', 'to_version_id']) if (k in body) body[k] = v;
				const r = await refusedWritesNothing(`${who} ${fn} on another tenant`, () => rpc(stack.apiUrl, fn, body, tokens[who]));
				expect({ status: r.status, code: errorBody(r)?.code }, r.text).toEqual({ status: 404, code: 'PT404' });
				if (who === 'outsider') for (const secret of ACME_SECRETS) expect(r.text).not.toContain(secret);
			}),
			params(RUNS * 2)
		);
		// Table reads of the other tenant's rows come back empty, whatever the filter.
		for (const [path, who] of [
			[`workflows?select=*&id=eq.${ids.orderIntake}`, 'outsider'],
			[`workflow_versions?select=*&workflow_id=eq.${ids.orderIntake}`, 'outsider'],
			[`workflow_version_events?select=*&project_id=eq.${ids.acmeProject}`, 'outsider'],
			[`project_members?select=*&project_id=eq.${ids.acmeProject}`, 'outsider'],
			[`projects?select=*&id=eq.${ids.acmeProject}`, 'outsider'],
			[`workflows?select=*&id=eq.${ids.globexWorkflow}`, 'editor']
		] as const) {
			const r = await read(stack.apiUrl, path, tokens[who]);
			expect({ path, status: r.status, body: r.json }).toEqual({ path, status: 200, body: [] });
		}
		// A stranger's diff across tenants: not found, nothing leaked.
		const d = await rpc(stack.apiUrl, 'diff_workflow_versions', { from_version_id: ids.globexVersions[0], to_version_id: ids.acmeVersions[0] }, tokens.outsider);
		expect(d.status).toBe(404);
		for (const secret of ACME_SECRETS) expect(d.text).not.toContain(secret);
	}, 300_000);
});
