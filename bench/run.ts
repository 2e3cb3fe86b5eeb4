// npm run bench — the versioning benchmark (issue 5 §1). Not a test: no timed assertions. It builds its own
// throwaway database, warms up, measures every comparison side by side in the same run (alternating the
// two sides sample by sample, because this machine is noisy), prints ONE markdown table of medians, p99s
// and ratios plus a PASS/MISS line per target, and writes the same to bench/results/latest.md with the
// machine's CPU count, the PostgreSQL version and settings, and the EXPLAIN plans the read paths used.
//
//   npm run bench                  the whole run (about 3–5 minutes on 2 cores)
//   BENCH_QUICK=1 npm run bench    fewer samples (a smoke run; the figures are noisier)
//   BENCH_BUILD=1 npm run bench    rebuild the SvelteKit app before measuring its /api route
//   KEEP_BENCH_DB=1 npm run bench  keep the database for inspection
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ROOT, createThrowawayDatabase, dropDatabase } from '../scripts/lib/postgres.ts';
import {
	SET_CLAIMS,
	claimsFor,
	createTenant,
	createWorkflow,
	integrityViolations,
	stageDraft,
	type Tenant
} from '../tests/integration/_support/db.ts';
import { compactGraph, definitionOfSize, jsonbTextLength, validDefinition } from '../tests/integration/_support/definitions.ts';
import { anonClient, signIn } from '../tests/integration/_support/stack.ts';
import { ensureAppBuild, spawnApp, spawnStandIn, type Child } from './lib/processes.ts';
import { ms, ratio, summarize, timed, type Summary } from './lib/stats.ts';
import { sideBySide } from './lib/compare.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const n = (full: number) => (QUICK ? Math.max(5, Math.round(full / 5)) : full);
const KB = 1024;
const HISTORY = 10_000;
const started = Date.now();

function log(s: string) {
	process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${s}\n`);
}

// ── Result table ─────────────────────────────────────────────────────────────────────────────────
interface Row {
	measure: string;
	a: string;
	aStats?: Summary;
	aValue?: string;
	b?: string;
	bStats?: Summary;
	bValue?: string;
	ratio?: number;
	target?: string;
	verdict?: 'PASS' | 'MISS' | 'n/a';
}
const rows: Row[] = [];
const summaries: string[] = [];
const notes: string[] = [];
const plans: string[] = [];

function verdict(ok: boolean): 'PASS' | 'MISS' {
	return ok ? 'PASS' : 'MISS';
}

function renderTable(): string {
	const head = ['measure', 'A', 'n', 'A p50', 'A p99', 'B (compared with)', 'B p50', 'B p99', 'A/B p50', 'target', ''];
	const body = rows.map((r) => [
		r.measure,
		r.a,
		String(r.aStats?.n ?? ''),
		r.aValue ?? (r.aStats ? ms(r.aStats.p50) : ''),
		r.aStats ? ms(r.aStats.p99) : '',
		r.b ?? '',
		r.bValue ?? (r.bStats ? ms(r.bStats.p50) : ''),
		r.bStats ? ms(r.bStats.p99) : '',
		r.ratio !== undefined ? ratio(r.ratio) : '',
		r.target ?? '',
		r.verdict ?? ''
	]);
	const line = (c: string[]) => `| ${c.join(' | ')} |`;
	return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

// ── Connections acting like PostgREST (login as authenticator, role + claims per transaction) ──────
function authenticatorUrl(url: string): string {
	const u = new URL(url);
	u.username = 'authenticator';
	u.password = 'postgres';
	return u.toString();
}

async function connect(url: string): Promise<pg.Client> {
	const c = new pg.Client({ connectionString: url, application_name: 'bench' });
	await c.connect();
	return c;
}

/** One transaction as the user: begin; role + claims; the statement; commit (4 round trips). */
async function txAs(c: pg.Client, claims: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
	await c.query('begin');
	try {
		await c.query(SET_CLAIMS, [claims]);
		const r = await c.query(text, values);
		await c.query('commit');
		return r;
	} catch (e) {
		await c.query('rollback').catch(() => {});
		throw e;
	}
}

const PUBLISH = 'select id, version_number from public.publish_draft($1, $2, null)';
const RESOLVE = 'select * from public.resolve_workflow($1)';
const KEY_READ = 'select id, version_number, definition, definition_hash from public.workflow_versions where id = $1';
const BASELINE = `with p as (update bench.parents set counter = counter + 1, updated_at = now() where id = $1 returning counter)
	insert into bench.versions (parent_id, n, definition) select $1, p.counter, $2::jsonb from p`;

async function main() {
	const url = await createThrowawayDatabase('wv_bench', { seed: false });
	const children: Child[] = [];
	const clients: pg.Client[] = [];
	try {
		await run(url, children, clients);
	} finally {
		for (const c of clients) await c.end().catch(() => {});
		for (const ch of children) await ch.stop().catch(() => {});
		if (process.env.KEEP_BENCH_DB) log(`kept ${url}`);
		else await dropDatabase(url).catch(() => {});
	}
}

async function run(url: string, children: Child[], clients: pg.Client[]) {
	const admin = await connect(url);
	clients.push(admin);
	const env = (
		await admin.query(`select version() as version, current_setting('server_version') as v,
			current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync,
			current_setting('shared_buffers') as sb, current_setting('max_connections') as maxc`)
	).rows[0];
	log(`database ${new URL(url).pathname.slice(1)} on PostgreSQL ${env.v}`);

	// ── Fixtures ───────────────────────────────────────────────────────────────────────────────────
	const tenant: Tenant = await createTenant(admin, 'bench', 'Bench');
	const uid = tenant.users.publisher;
	const claims = claimsFor(uid, tenant.emails.publisher);
	const workflow = (name: string, def?: unknown) => createWorkflow(admin, uid, tenant.projectId, name, def);

	await admin.query(`
		create schema bench;
		create table bench.parents (id uuid primary key, counter integer not null default 0, updated_at timestamptz not null default now());
		create table bench.versions (
			id uuid primary key default gen_random_uuid(),
			parent_id uuid not null references bench.parents (id),
			n integer not null,
			definition jsonb not null,
			created_at timestamptz not null default now(),
			unique (parent_id, n));
		grant usage on schema bench to authenticated;
		grant select, insert, update on all tables in schema bench to authenticated;`);
	const parentId = (await admin.query(`insert into bench.parents (id) values (gen_random_uuid()) returning id`)).rows[0].id;
	// A populated workflows table (2,000 other workflows in another project), so the planner picks the
	// plans of a real database rather than a sequential scan of five rows.
	const filler = await createTenant(admin, 'filler', 'Filler');
	await admin.query(
		`insert into public.workflows (project_id, name, created_by) select $1, 'filler ' || g, $2 from generate_series(1, 2000) g`,
		[filler.projectId, filler.users.owner]
	);
	await admin.query('analyze');

	const c = await connect(authenticatorUrl(url));
	clients.push(c);

	// ── Kysely vs raw pg on the hot path ───────────────────────────────────────────────────────────
	{
		const wf = await workflow('kysely-vs-pg', validDefinition(8));
		await stageDraft(admin, uid, wf, validDefinition(8, 'k'));
		const vid = (await txAs(c, claims, PUBLISH, [wf, null])).rows[0].id;
		const db = new Kysely<Record<string, never>>({
			dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: authenticatorUrl(url), max: 1 }) })
		});
		const viaKysely = () =>
			db.transaction().execute(async (trx) => {
				await sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`.execute(trx);
				await sql`select * from public.get_workflow_version(${vid})`.execute(trx);
			});
		const viaPg = () => txAs(c, claims, 'select * from public.get_workflow_version($1)', [vid]);
		const a: number[] = [];
		const b: number[] = [];
		for (let i = 0; i < n(300) + 20; i++) {
			const [x, y] = i % 2 ? [await timed(viaKysely), await timed(viaPg)] : [await timed(viaPg), await timed(viaKysely)].reverse();
			if (i >= 20) (a.push(x), b.push(y));
		}
		await db.destroy();
		const sa = summarize(a);
		const sb = summarize(b);
		rows.push({ measure: 'client library', a: 'Kysely get_workflow_version tx', aStats: sa, b: 'raw pg, same tx', bStats: sb, ratio: sa.p50 / sb.p50, target: 'info' });
		notes.push(
			`Kysely vs raw pg: the same 4-statement transaction costs ${ratio(sa.p50 / sb.p50)} at p50 through Kysely ` +
				`(${ms(sa.p50)} vs ${ms(sb.p50)}); the hot loops below use raw pg so the ratios measure the database, not the client.`
		);
		log('kysely vs pg done');
	}

	// ── 1. publish vs baseline ─────────────────────────────────────────────────────────────────────
	async function publishVsBaseline(size: number, samples: number, label: string, warmup = 10) {
		const wf = await workflow(`publish ${label}`);
		const pub: number[] = [];
		const base: number[] = [];
		for (let i = 0; i < samples + warmup; i++) {
			const rev = await stageDraft(admin, uid, wf, definitionOfSize(size, `p${i}`));
			const baseDef = JSON.stringify(definitionOfSize(size, `b${i}`));
			const doPub = () => timed(() => txAs(c, claims, PUBLISH, [wf, rev]));
			const doBase = () => timed(() => txAs(c, claims, BASELINE, [parentId, baseDef]));
			let p: number, b: number;
			if (i % 2) (p = await doPub(), b = await doBase());
			else (b = await doBase(), p = await doPub());
			if (i >= warmup) (pub.push(p), base.push(b));
		}
		return { pub: summarize(pub), base: summarize(base) };
	}
	for (const [size, label, samples] of [
		[10 * KB, '10 KB', n(150)],
		[100 * KB, '100 KB', n(80)]
	] as const) {
		const r = await publishVsBaseline(size, samples, label);
		const x = r.pub.p50 / r.base.p50;
		rows.push({
			measure: 'publish vs baseline',
			a: `publish_draft ${label}`,
			aStats: r.pub,
			b: `insert ${label} jsonb row + update parent`,
			bStats: r.base,
			ratio: x,
			target: '≤ 1.5',
			verdict: verdict(x <= 1.5)
		});
		summaries.push(`${verdict(x <= 1.5)} publish/baseline at ${label}: ${ratio(x)} at p50 (target ≤ 1.5)`);
		log(`publish vs baseline ${label}: ${ratio(x)}`);
	}

	// ── 2. flat in history length ──────────────────────────────────────────────────────────────────
	// History is seeded with direct SQL with the triggers off (session_replication_role = replica), then
	// the counter, the live pointer and the audit events are set as publish would have; the result is
	// verified with check_workflow_integrity before anything is measured.
	async function seedHistory(wf: string, count: number) {
		await admin.query('begin');
		await admin.query('set local session_replication_role = replica');
		await admin.query(
			`insert into public.workflow_versions (workflow_id, project_id, version_number, state, definition, definition_hash,
			   revision, note, created_by, published_by, published_at, created_at)
			 select $1, $2, g, 'published', d.def, encode(sha256(convert_to(d.def::text, 'UTF8')), 'hex'), 1, 'seeded',
			        $3, $3, now() - make_interval(secs => $4 - g), now() - make_interval(secs => $4 - g)
			 from generate_series(1, $4::int) g, lateral (select jsonb_set($5::jsonb, '{settings,seq}', to_jsonb(g)) as def) d`,
			[wf, tenant.projectId, uid, count, JSON.stringify(validDefinition(6))]
		);
		await admin.query(
			`insert into public.workflow_version_events (project_id, workflow_id, version_id, action, actor_id, occurred_at, details)
			 select project_id, workflow_id, id, 'published', published_by, published_at,
			        jsonb_build_object('version_number', version_number, 'definition_hash', definition_hash, 'seeded', true)
			 from public.workflow_versions where workflow_id = $1 and state = 'published' order by version_number`,
			[wf]
		);
		await admin.query(
			`update public.workflows set last_version_number = $2,
			   current_version_id = (select id from public.workflow_versions where workflow_id = $1 and version_number = $2)
			 where id = $1`,
			[wf, count]
		);
		await admin.query(
			`insert into public.workflow_deployments (workflow_id, environment, project_id, version_id, deployed_by)
			 select id, 'production', project_id, current_version_id, $2 from public.workflows where id = $1`,
			[wf, uid]
		);
		await admin.query('commit');
	}
	const h10 = await workflow('history 10');
	const h10k = await workflow('history 10,000');
	const t0 = performance.now();
	await seedHistory(h10, 10);
	await seedHistory(h10k, HISTORY);
	await admin.query('analyze');
	const seededIn = performance.now() - t0;
	const seedViolations = await integrityViolations(url);
	if (seedViolations.length) throw new Error(`seeded history is not valid: ${JSON.stringify(seedViolations.slice(0, 5))}`);
	notes.push(
		`History: ${HISTORY.toLocaleString('en')} published versions seeded in ${(seededIn / 1000).toFixed(1)} s with ` +
			`session_replication_role = replica, counter/live pointer/production deployment/events set as publish sets them; ` +
			`check_workflow_integrity() was empty before measuring.`
	);
	log(`history seeded in ${(seededIn / 1000).toFixed(1)} s, integrity verified`);

	async function flat(label: string, samples: number, op: (wf: string, i: number) => Promise<number>, target = 1.2) {
		const a: number[] = [];
		const b: number[] = [];
		const warm = 10;
		for (let i = 0; i < samples + warm; i++) {
			let x: number, y: number;
			if (i % 2) (x = await op(h10k, i), y = await op(h10, i));
			else (y = await op(h10, i), x = await op(h10k, i));
			if (i >= warm) (a.push(x), b.push(y));
		}
		const sa = summarize(a);
		const sb = summarize(b);
		const x = sa.p50 / sb.p50;
		rows.push({
			measure: 'flat in history',
			a: `${label} @ ${HISTORY.toLocaleString('en')} versions`,
			aStats: sa,
			b: `same @ 10 versions`,
			bStats: sb,
			ratio: x,
			target: `≤ ${target}`,
			verdict: verdict(x <= target)
		});
		summaries.push(`${verdict(x <= target)} ${label} at 10,000 vs 10 versions: ${ratio(x)} at p50 (target ≤ ${target})`);
		log(`flat ${label}: ${ratio(x)}`);
	}
	// Reads first, while the small workflow really has 10 versions. page_size 10 so both pages hold the
	// same rows (the draft + 10 versions); with the default 50 the small workflow's page would be smaller.
	await flat('list_workflow_versions first page (page_size 10)', n(300), (wf) =>
		timed(() => txAs(c, claims, 'select * from public.list_workflow_versions($1, 10)', [wf]))
	);
	const midIds = new Map<string, string>();
	for (const [wf, num] of [
		[h10, 5],
		[h10k, HISTORY / 2]
	] as const) {
		midIds.set(wf, (await admin.query('select id from public.workflow_versions where workflow_id = $1 and version_number = $2', [wf, num])).rows[0].id);
	}
	await flat('get_workflow_version (a middle version)', n(300), (wf) =>
		timed(() => txAs(c, claims, 'select * from public.get_workflow_version($1)', [midIds.get(wf)]))
	);
	// The orchestrator's read path: flat in history, and against a primary-key read of the same version row
	// (both as a member through RLS, one transaction each).
	await flat('resolve_workflow (production)', n(300), (wf) => timed(() => txAs(c, claims, RESOLVE, [wf])));
	{
		const live = (await admin.query('select current_version_id as id from public.workflows where id = $1', [h10k])).rows[0].id;
		const r = await sideBySide(n(300), 20, () => timed(() => txAs(c, claims, RESOLVE, [h10k])), () => timed(() => txAs(c, claims, KEY_READ, [live])));
		rows.push({
			measure: 'resolve vs key read',
			a: `resolve_workflow @ ${HISTORY.toLocaleString('en')} versions`,
			aStats: r.a,
			b: 'the same version row by primary key',
			bStats: r.b,
			ratio: r.ratio,
			target: '≤ 1.5',
			verdict: verdict(r.ratio <= 1.5)
		});
		summaries.push(`${verdict(r.ratio <= 1.5)} resolve_workflow vs a primary-key read of the same row: ${ratio(r.ratio)} at p50 (target ≤ 1.5)`);
		log(`resolve vs key read: ${ratio(r.ratio)}`);
	}
	await flat('publish_draft 10 KB', n(120), async (wf, i) => {
		const rev = await stageDraft(admin, uid, wf, definitionOfSize(10 * KB, `h${i}`));
		return timed(() => txAs(c, claims, PUBLISH, [wf, rev]));
	});
	notes.push(
		`The publish_draft history comparison runs after the read comparisons; each publish adds a version, so the ` +
			`"10 versions" workflow ends the run with ${10 + n(120) + 10} and the big one with ${HISTORY + n(120) + 10}.`
	);

	// EXPLAIN: the plans the functions' statements use on the 10,000-version workflow (auto_explain,
	// nested statements, sent back as NOTICEs).
	{
		const ex = await connect(url);
		clients.push(ex);
		const captured: string[] = [];
		ex.on('notice', (m) => captured.push(m.message ?? ''));
		await ex.query(`load 'auto_explain'`);
		await ex.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on;
			set auto_explain.log_analyze = on; set auto_explain.log_timing = off; set auto_explain.log_level = notice;
			set client_min_messages = notice`);
		const explain = async (title: string, fn: () => Promise<unknown>) => {
			captured.length = 0;
			await fn();
			const relevant = captured.filter((m) => /workflow_versions|public\.workflows|workflow_version_events|workflow_deployments/.test(m));
			plans.push(`#### ${title}\n\n\`\`\`\n${relevant.map((m) => m.replace(/^duration: [^\n]*\n/, '')).join('\n\n')}\n\`\`\``);
			return relevant.join('\n');
		};
		const rev = await stageDraft(admin, uid, h10k, definitionOfSize(10 * KB, 'explain'));
		const all = [
			await explain(`list_workflow_versions(${HISTORY.toLocaleString('en')}-version workflow, page_size 10)`, () =>
				txAs(ex, claims, 'select * from public.list_workflow_versions($1, 10)', [h10k])
			),
			await explain('get_workflow_version (version 5,000)', () =>
				txAs(ex, claims, 'select * from public.get_workflow_version($1)', [midIds.get(h10k)])
			),
			await explain(`resolve_workflow (${HISTORY.toLocaleString('en')}-version workflow)`, () => txAs(ex, claims, RESOLVE, [h10k])),
			await explain(`publish_draft (${HISTORY.toLocaleString('en')}-version workflow)`, () => txAs(ex, claims, PUBLISH, [h10k, rev]))
		].join('\n');
		const seq = /Seq Scan on workflow_versions/.test(all);
		log('plans captured');
		summaries.push(
			`${verdict(!seq)} plans on the 10,000-version workflow: ${seq ? 'a Seq Scan on workflow_versions was used' : 'index scans only on workflow_versions (no Seq Scan)'}`
		);
	}

	// ── 3. size ────────────────────────────────────────────────────────────────────────────────────
	const sizes = [
		[1 * KB, '1 KB', n(60)],
		[100 * KB, '100 KB', n(40)],
		[1_040_000, '1 MiB (1,040,000 B)', n(15)]
	] as const;
	for (const [size, label, samples] of sizes) {
		const r = await publishVsBaseline(size, samples, `size ${label}`, 3);
		log(`size publish ${label}: ${ms(r.pub.p50)}`);
		rows.push({ measure: 'size: publish', a: `publish_draft ${label}`, aStats: r.pub, b: 'baseline, same size', bStats: r.base, ratio: r.pub.p50 / r.base.p50, target: 'info' });
	}
	for (const [size, label, samples] of sizes) {
		const defs = [0, 1].map((v) => JSON.stringify(definitionOfSize(size, `v${v}`)));
		const s: number[] = [];
		for (let i = 0; i < samples + 3; i++) {
			const t = await timed(() => txAs(c, claims, 'select public.validate_workflow_definition($1::jsonb) as r', [defs[i % 2]]));
			if (i >= 3) s.push(t);
		}
		rows.push({ measure: 'size: validate', a: `validate_workflow_definition ${label}`, aStats: summarize(s), target: 'info' });
	}
	log('sizes done');
	// Both shapes: a shallow tree and a chain as deep as it is long (the worst case for graph walks).
	for (const shape of ['tree', 'chain'] as const) {
		const per: Record<number, number> = {};
		for (const [count, samples] of [
			[100, n(60)],
			[1000, n(25)],
			[10_000, n(10)]
		] as const) {
			const def = JSON.stringify(compactGraph(count, shape));
			const s: number[] = [];
			for (let i = 0; i < samples + 2; i++) {
				const t = await timed(async () => {
					const r = await txAs(c, claims, 'select public.validate_workflow_definition($1::jsonb) as r', [def]);
					if (!r.rows[0].r.valid) throw new Error(`${shape} of ${count} nodes is not valid: ${JSON.stringify(r.rows[0].r.errors.slice(0, 3))}`);
				});
				if (i >= 2) s.push(t);
			}
			const st = summarize(s);
			per[count] = (st.p50 * 1000) / count;
			rows.push({
				measure: 'size: nodes',
				a: `validate a ${shape} of ${count.toLocaleString('en')} nodes (${Math.round(jsonbTextLength(compactGraph(count, shape)) / KB)} KB)`,
				aStats: st,
				b: 'per node',
				bValue: `${per[count].toFixed(1)} µs`,
				target: count === 10_000 ? '≤ 2× of 100' : undefined
			});
		}
		const growth = per[10_000] / per[100];
		rows[rows.length - 1].ratio = growth;
		rows[rows.length - 1].verdict = verdict(growth <= 2);
		summaries.push(`${verdict(growth <= 2)} validation time per node, ${shape} of 10,000 vs 100 nodes: ${ratio(growth)} (target ≤ 2×)`);
		log(`nodes growth (${shape}) ${ratio(growth)}`);
	}

	// ── 4. throughput (direct, one connection per client) ──────────────────────────────────────────
	// One operation = one transaction as the publisher: create_draft (returns or creates the draft),
	// save_draft (a new 10 KB definition), publish_draft; commit. Every committed operation is one publish.
	{
		const many: string[] = [];
		for (let i = 0; i < 100; i++) many.push(await workflow(`throughput ${i}`));
		const one = await workflow('throughput single');
		// One 10 KB template; each operation stamps a unique 12-digit number in it (same size, never equal to the live one).
		const template = JSON.stringify(definitionOfSize(10 * KB, 'SEQ#########'));
		const nextDef = () => template.replace('SEQ#########', String(seq++).padStart(12, '0'));
		const pool = [] as pg.Client[];
		for (let i = 0; i < 8; i++) pool.push(await connect(authenticatorUrl(url)));
		clients.push(...pool);
		let seq = 0;
		async function editAndPublish(conn: pg.Client, wf: string) {
			await conn.query('begin');
			try {
				await conn.query(SET_CLAIMS, [claims]);
				const d = await conn.query('select revision from public.create_draft($1)', [wf]);
				const s = await conn.query('select revision from public.save_draft($1, $2::jsonb, $3)', [wf, nextDef(), d.rows[0].revision]);
				await conn.query(PUBLISH, [wf, s.rows[0].revision]);
				await conn.query('commit');
			} catch (e) {
				await conn.query('rollback').catch(() => {});
				throw e;
			}
		}
		const seconds = QUICK ? 1.5 : 4;
		async function throughput(clientCount: number, targets: (k: number) => string[]) {
			const deadline = performance.now() + seconds * 1000;
			let done = 0;
			let errors = 0;
			const lat: number[] = [];
			const t = performance.now();
			await Promise.all(
				Array.from({ length: clientCount }, async (_, k) => {
					const mine = targets(k);
					for (let j = 0; performance.now() < deadline; j++) {
						try {
							lat.push(await timed(() => editAndPublish(pool[k], mine[j % mine.length])));
							done++;
						} catch (e) {
							errors++;
							if (errors < 3) log(`throughput error: ${(e as Error).message}`);
						}
					}
				})
			);
			return { perSecond: done / ((performance.now() - t) / 1000), errors, lat: summarize(lat) };
		}
		await throughput(2, (k) => many.filter((_, i) => i % 2 === k)); // warm-up
		const base: Record<number, number> = {};
		for (const cc of [1, 2, 4, 8]) {
			const r = await throughput(cc, (k) => many.filter((_, i) => i % cc === k));
			base[cc] = r.perSecond;
			rows.push({
				measure: 'throughput',
				a: `100 workflows, ${cc} client${cc > 1 ? 's' : ''}`,
				aStats: r.lat,
				aValue: `${r.perSecond.toFixed(0)} publishes/s`,
				b: cc > 1 ? 'same, 1 client' : undefined,
				bValue: cc > 1 ? `${base[1].toFixed(0)} publishes/s` : undefined,
				ratio: cc > 1 ? r.perSecond / base[1] : undefined,
				target: r.errors ? `${r.errors} errors` : 'scale to 2 cores'
			});
			log(`throughput 100 workflows × ${cc}: ${r.perSecond.toFixed(0)}/s`);
		}
		const single: Record<number, { perSecond: number; errors: number }> = {};
		for (const cc of [1, 2, 4, 8]) {
			const r = await throughput(cc, () => [one]);
			single[cc] = r;
			rows.push({
				measure: 'throughput',
				a: `1 workflow, ${cc} client${cc > 1 ? 's' : ''}`,
				aStats: r.lat,
				aValue: `${r.perSecond.toFixed(0)} publishes/s`,
				b: cc > 1 ? 'same, 1 client' : undefined,
				bValue: cc > 1 ? `${single[1].perSecond.toFixed(0)} publishes/s` : undefined,
				ratio: cc > 1 ? r.perSecond / single[1].perSecond : undefined,
				target: r.errors ? `${r.errors} errors` : 'serializes, 0 errors'
			});
			log(`throughput 1 workflow × ${cc}: ${r.perSecond.toFixed(0)}/s`);
		}
		const errors = Object.values(single).reduce((s, r) => s + r.errors, 0);
		const v = await integrityViolations(url, one);
		const count = (await admin.query('select last_version_number from public.workflows where id = $1', [one])).rows[0].last_version_number;
		summaries.push(
			`${verdict(errors === 0 && v.length === 0)} one workflow under 1–8 concurrent publishers: ${count} versions, ${errors} errors, ` +
				`${v.length} integrity violations (serializes on the workflow row lock)`
		);
		const scale = base[2] / base[1];
		summaries.push(
			`${scale >= 1.3 ? 'PASS' : 'MISS'} throughput on 100 workflows scales to the 2 cores: ${base[1].toFixed(0)} → ${base[2].toFixed(0)} publishes/s ` +
				`with 1 → 2 clients (${ratio(scale)}), ${base[4].toFixed(0)} with 4, ${base[8].toFixed(0)} with 8 (target: ≥ 1.3× at 2 clients, then flat)`
		);
	}

	// ── 5. through HTTP ────────────────────────────────────────────────────────────────────────────
	{
		log('starting the stand-in …');
		const standIn = await spawnStandIn(url);
		children.push(standIn);
		const { client: sb, accessToken } = await signIn(standIn.url, tenant.emails.publisher);
		const build = ensureAppBuild(log);
		let app: Child | null = null;
		if (build) {
			try {
				app = await spawnApp(build.entry, standIn.url);
				children.push(app);
				notes.push(`SvelteKit: build/index.js built ${build.builtAt.toISOString()}, run with node (adapter-node) against the stand-in.`);
			} catch (e) {
				notes.push(`SvelteKit /api route not measured: ${(e as Error).message.split('\n')[0]}`);
			}
		} else {
			notes.push('SvelteKit /api route not measured: no src/routes/api or the build failed.');
		}
		const viaApp = async (wf: string, rev: number) => {
			const r = await fetch(`${app!.url}/api/workflows/${wf}/versions/publish`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ expected_revision: rev })
			});
			const body = await r.text();
			if (r.status !== 201 && r.status !== 200) throw new Error(`POST /api/…/publish → ${r.status} ${body.slice(0, 300)}`);
		};
		const viaStandIn = (client: typeof sb) => async (wf: string, rev: number) => {
			const r = await client.rpc('publish_draft', { workflow_id: wf, expected_revision: rev });
			if (r.error) throw new Error(`rpc publish_draft → ${r.status} ${r.error.message}`);
		};
		const direct = (conn: pg.Client) => async (wf: string, rev: number) => {
			await txAs(conn, claims, PUBLISH, [wf, rev]);
		};

		// 1 client: the three paths interleaved sample by sample, each on its own workflow.
		const paths: [string, (wf: string, rev: number) => Promise<void>][] = [
			['direct', direct(c)],
			['stand-in', viaStandIn(sb)]
		];
		if (app) paths.push(['sveltekit', viaApp]);
		const wfs = new Map<string, string>();
		for (const [name] of paths) wfs.set(name, await workflow(`http 1 ${name}`));
		const lat = new Map<string, number[]>(paths.map(([name]) => [name, []]));
		const samples = n(100);
		for (let i = 0; i < samples + 10; i++) {
			const order = i % 2 ? paths : [...paths].reverse();
			for (const [name, fn] of order) {
				const wf = wfs.get(name)!;
				const rev = await stageDraft(admin, uid, wf, definitionOfSize(10 * KB, `${name}${i}`));
				const t = await timed(() => fn(wf, rev));
				if (i >= 10) lat.get(name)!.push(t);
			}
		}
		const d1 = summarize(lat.get('direct')!);
		const s1 = summarize(lat.get('stand-in')!);
		rows.push({ measure: 'HTTP, 1 client', a: 'supabase-js → stand-in → publish_draft 10 KB', aStats: s1, b: 'direct pg', bStats: d1, ratio: s1.p50 / d1.p50, target: '≤ 3', verdict: verdict(s1.p50 / d1.p50 <= 3) });
		summaries.push(`${verdict(s1.p50 / d1.p50 <= 3)} HTTP (supabase-js → stand-in)/direct, 1 client: ${ratio(s1.p50 / d1.p50)} at p50 (target ≤ 3)`);
		if (app) {
			const a1 = summarize(lat.get('sveltekit')!);
			rows.push({ measure: 'HTTP, 1 client', a: 'POST /api/workflows/{id}/versions/publish 10 KB', aStats: a1, b: 'direct pg', bStats: d1, ratio: a1.p50 / d1.p50, target: '≤ 3', verdict: verdict(a1.p50 / d1.p50 <= 3) });
			summaries.push(`${verdict(a1.p50 / d1.p50 <= 3)} HTTP (SvelteKit /api → stand-in)/direct, 1 client: ${ratio(a1.p50 / d1.p50)} at p50 (target ≤ 3)`);
		} else {
			summaries.push('MISS HTTP (SvelteKit /api)/direct: not measured (see notes)');
		}
		log('HTTP 1 client done');

		// 8 clients: each its own workflow and connection/client; one path at a time.
		const conc = 8;
		const perClient = n(30);
		const directConns: pg.Client[] = [];
		const prepConns: pg.Client[] = [];
		for (let k = 0; k < conc; k++) {
			directConns.push(await connect(authenticatorUrl(url)));
			prepConns.push(await connect(url));
		}
		clients.push(...directConns, ...prepConns);
		const sbClients = [] as (typeof sb)[];
		for (let k = 0; k < conc; k++) {
			const cl = anonClient(standIn.url, undefined, { Authorization: `Bearer ${accessToken}` });
			sbClients.push(cl);
		}
		const results = new Map<string, Summary>();
		for (const [name] of paths) {
			const targets: string[] = [];
			for (let k = 0; k < conc; k++) targets.push(await workflow(`http ${conc} ${name} ${k}`));
			const all: number[] = [];
			await Promise.all(
				targets.map(async (wf, k) => {
					const fn = name === 'direct' ? direct(directConns[k]) : name === 'stand-in' ? viaStandIn(sbClients[k]) : viaApp;
					for (let i = 0; i < perClient + 3; i++) {
						const rev = await stageDraft(prepConns[k], uid, wf, definitionOfSize(10 * KB, `${name}${k}-${i}`));
						const t = await timed(() => fn(wf, rev));
						if (i >= 3) all.push(t);
					}
				})
			);
			results.set(name, summarize(all));
		}
		const d8 = results.get('direct')!;
		rows.push({ measure: `HTTP, ${conc} clients`, a: 'supabase-js → stand-in', aStats: results.get('stand-in')!, b: `direct pg, ${conc} clients`, bStats: d8, ratio: results.get('stand-in')!.p50 / d8.p50, target: 'info' });
		if (app) {
			rows.push({ measure: `HTTP, ${conc} clients`, a: 'SvelteKit /api route', aStats: results.get('sveltekit')!, b: `direct pg, ${conc} clients`, bStats: d8, ratio: results.get('sveltekit')!.p50 / d8.p50, target: 'info' });
		}
		notes.push(
			`HTTP with ${conc} clients: each client publishes to its own workflow (staging each draft untimed over its own connection); ` +
				`the paths run one after another, so compare them as ratios to the direct run, not across machines.`
		);
		log('HTTP 8 clients done');
	}

	// ── Integrity after everything ─────────────────────────────────────────────────────────────────
	const v = await integrityViolations(url);
	summaries.push(`${verdict(v.length === 0)} check_workflow_integrity() after the whole run: ${v.length} violations`);

	// ── Output ─────────────────────────────────────────────────────────────────────────────────────
	const table = renderTable();
	const cpu = cpus();
	const header = [
		`Run ${new Date().toISOString()} · ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}) · ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM · ` +
			`Node ${process.version} · PostgreSQL ${env.v} (fsync=${env.fsync}, synchronous_commit=${env.sync}, shared_buffers=${env.sb})` +
			`${QUICK ? ' · BENCH_QUICK (fewer samples)' : ''} · ${((Date.now() - started) / 1000).toFixed(0)} s`
	];
	console.log(header[0] + '\n');
	console.log(table);
	console.log('\n' + summaries.join('\n'));

	const doc = [
		'# Benchmark results (latest run of `npm run bench`)',
		'',
		header[0],
		'',
		'Times are wall-clock per operation as the client sees it (one transaction each: `begin`, role + claims as PostgREST sets them, the call, `commit`). ' +
			'A and B are measured alternately, sample by sample, in the same run; ratios are A p50 / B p50. ' +
			'Absolute times are context only: this machine is shared and noisy.',
		'',
		table,
		'',
		'## Targets',
		'',
		...summaries.map((s) => `- ${s}`),
		'',
		'## Method notes',
		'',
		'- Baseline: one transaction that inserts one row with the same-size jsonb into a plain table (uuid primary key, unique (parent_id, n)) and updates one parent row, as a single statement: `' +
			BASELINE.replace(/\s+/g, ' ') +
			'`.',
		'- Publish: the draft is staged (create_draft + save_draft, untimed) before each timed `publish_draft`; every sample publishes a different definition.',
		...notes.map((s) => `- ${s}`),
		'',
		'## Plans used on the 10,000-version workflow',
		'',
		'Captured with auto_explain (`log_nested_statements`, `log_analyze`, timing off): the statements inside the functions that touch the version tables.',
		'',
		...plans,
		''
	].join('\n');
	mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench', 'results', 'latest.md'), doc);
	log('wrote bench/results/latest.md');
}

await main();
