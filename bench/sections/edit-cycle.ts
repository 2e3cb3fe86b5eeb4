// 6. The edit cycle: create_draft + save_draft + publish_draft of a 61-node graph (about 10 KB, and the same
// graph at 100 KB) in one transaction as the publisher, against the same raw writes in one transaction on
// plain tables: insert the draft row (a copy of the live definition), update its definition, publish it
// (number, state) together with the parent's counter and live pointer. The plain table stores the
// definition as workflow_versions does (lz4 compression), so the ratio measures the RPCs' work, not a
// storage setting. Three statements each side, the same role and claims, measured alternately. Each
// measurement starts from the tables as autovacuum would have left them; then once with nothing vacuuming
// (autovacuum is off on this machine), once with an autovacuum-like pass between samples (untimed), to see
// whether any per-publish cost depends on dead tuples.
import type pg from 'pg';
import { SET_CLAIMS } from '../../tests/integration/_support/db.ts';
import { jsonbTextLength } from '../../tests/integration/_support/definitions.ts';
import { KB, log, n, type Bench } from '../lib/context.ts';
import { verdict } from '../lib/report.ts';
import { ratio, summarize, timed } from '../lib/stats.ts';

/** A 61-node graph (a webhook and 60 steps in a chain), padded in its node configs to `bytes` of jsonb text. */
export function cycleGraph(bytes: number, variant: string | number, nodes = 61) {
	const types = ['http_call', 'transform', 'branch', 'delay'];
	const build = (pad: number) => ({
		nodes: Array.from({ length: nodes }, (_, k) => ({
			id: `n${k + 1}`,
			position: { x: k * 240, y: (k % 3) * 120 },
			data: {
				type: k === 0 ? 'webhook' : types[k % types.length],
				label: k === 0 ? `Trigger ${variant}` : `Step ${k + 1}`,
				config: { url: `https://example.org/steps/${k + 1}`, body: 'b'.repeat(pad) }
			}
		})),
		edges: Array.from({ length: nodes - 1 }, (_, k) => ({ id: `e${k + 2}`, source: `n${k + 1}`, target: `n${k + 2}` })),
		settings: { timezone: 'UTC' }
	});
	const bare = jsonbTextLength(build(0));
	return build(Math.max(0, Math.floor((bytes - bare) / nodes)));
}

const CREATE = 'select revision from public.create_draft($1)';
const SAVE = 'select revision from public.save_draft($1, $2::jsonb, $3)';
const PUBLISH = 'select id from public.publish_draft($1, $2, null)';
const RAW_INSERT = `insert into bench.cycle_versions (parent_id, definition)
	select p.id, coalesce(v.definition, '{}') from bench.cycle_parents p left join bench.cycle_versions v on v.id = p.current_id
	where p.id = $1 returning id`;
const RAW_SAVE = 'update bench.cycle_versions set definition = $2::jsonb, revision = revision + 1, updated_at = now() where id = $1';
const RAW_PUBLISH = `with p as (update bench.cycle_parents set counter = counter + 1, current_id = $2, updated_at = now() where id = $1 returning counter)
	update bench.cycle_versions v set n = p.counter, state = 'published', updated_at = now() from p where v.id = $2`;
const TABLES = [
	'public.workflow_versions', 'public.workflows', 'public.workflow_version_events', 'public.workflow_deployments',
	'public.publish_requests', 'bench.cycle_versions', 'bench.cycle_parents'
];

async function inTx<T>(c: pg.Client, claims: string, fn: () => Promise<T>): Promise<T> {
	await c.query('begin');
	try {
		await c.query(SET_CLAIMS, [claims]);
		const r = await fn();
		await c.query('commit');
		return r;
	} catch (e) {
		await c.query('rollback').catch(() => {});
		throw e;
	}
}

/** One edit cycle through the RPCs (the workflow has a live version and no draft). */
export async function editCycle(c: pg.Client, claims: string, wf: string, definition: string): Promise<void> {
	await inTx(c, claims, async () => {
		const d = await c.query(CREATE, [wf]);
		const s = await c.query(SAVE, [wf, definition, d.rows[0].revision]);
		await c.query(PUBLISH, [wf, s.rows[0].revision]);
	});
}

async function rawCycle(c: pg.Client, claims: string, parent: string, definition: string): Promise<void> {
	await inTx(c, claims, async () => {
		const id = (await c.query(RAW_INSERT, [parent])).rows[0].id;
		await c.query(RAW_SAVE, [id, definition]);
		await c.query(RAW_PUBLISH, [parent, id]);
	});
}

/**
 * What autovacuum would do now, with its default thresholds: VACUUM (ANALYZE) each table whose dead rows
 * pass 50 + 20 % of its rows, ANALYZE each whose rows changed since the last analyze pass 50 + 10 %.
 * The ANALYZE matters as much as the VACUUM: a session keeps the plans it made, and without new statistics
 * (autovacuum is off here) a plan made while a table was small (a sequential scan of the events table,
 * the foreign-key checks' scans) stays in use however large the table grows. Returns the tables done.
 */
export async function autovacuumLike(admin: pg.Client, tables = TABLES): Promise<number> {
	const { rows } = await admin.query(
		`select format('%I.%I', s.schemaname, s.relname) as t, s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) as vacuum
		 from pg_stat_user_tables s join pg_class c on c.oid = s.relid
		 where format('%I.%I', s.schemaname, s.relname) = any($1)
		   and (s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) or s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0))`,
		[tables]
	);
	for (const r of rows) await admin.query(r.vacuum ? `vacuum (analyze) ${r.t}` : `analyze ${r.t}`);
	return rows.length;
}

export async function editCycles(b: Bench): Promise<void> {
	const { admin, conn: c, claims, report } = b;
	await admin.query(`
		create table bench.cycle_parents (id uuid primary key, counter integer not null default 0, current_id uuid, updated_at timestamptz not null default now());
		create table bench.cycle_versions (
			id uuid primary key default gen_random_uuid(),
			parent_id uuid not null references bench.cycle_parents (id),
			n integer, state text not null default 'draft', revision integer not null default 1,
			definition jsonb compression lz4 not null, updated_at timestamptz not null default now(),
			unique (parent_id, n));
		grant select, insert, update on bench.cycle_parents, bench.cycle_versions to authenticated;`);
	const autovacuum = (await admin.query(`select current_setting('autovacuum') as v`)).rows[0].v;
	report.notes.push(
		`Autovacuum is ${autovacuum} on this server, so the benchmark vacuums itself: VACUUM ANALYZE after it writes thousands of rows ` +
			`(the seeded history, the throughput runs), and the edit cycle starts each measurement from an autovacuum-like pass (untimed: ` +
			`VACUUM ANALYZE each version/workflow/event/deployment/request/baseline table whose dead rows exceed 50 + 20 % of its rows, ANALYZE each ` +
			`whose changes since the last analyze exceed 50 + 10 %), then is measured twice: with nothing vacuuming, and with that pass every 10 samples. ` +
			`The ANALYZE matters: a session keeps its plans, and one made on the statistics of a nearly empty table (a sequential scan of the ` +
			`events to find a chain's head, the foreign-key checks' scans) stays in use as the table grows until new statistics invalidate it.`
	);
	const graphBytes = jsonbTextLength(cycleGraph(10 * KB, 0));
	for (const [bytes, label, samples, target] of [
		[10 * KB, '10 KB', n(150), 2.0],
		[100 * KB, '100 KB', n(60), 1.5]
	] as const) {
		for (const vacuuming of [false, true]) {
			// Start where autovacuum would have left the tables after the sections before this one (they
			// wrote hundreds of versions; autovacuum is off here): neither side pays for their dead rows or
			// for plans made on statistics from before them.
			await autovacuumLike(admin);
			const wf = await b.workflow(`edit cycle ${label}${vacuuming ? ' vacuumed' : ''}`, cycleGraph(bytes, 'v0'));
			await inTx(c, claims, () => c.query(PUBLISH, [wf, null]));
			const parent = (await admin.query(`insert into bench.cycle_parents (id) values (gen_random_uuid()) returning id`)).rows[0].id;
			await rawCycle(c, claims, parent, JSON.stringify(cycleGraph(bytes, 'r0')));
			const a: number[] = [];
			const base: number[] = [];
			let vacuums = 0;
			const warm = 10;
			for (let i = 0; i < samples + warm; i++) {
				const defA = JSON.stringify(cycleGraph(bytes, `a${i}`));
				const defB = JSON.stringify(cycleGraph(bytes, `b${i}`));
				const doA = () => timed(() => editCycle(c, claims, wf, defA));
				const doB = () => timed(() => rawCycle(c, claims, parent, defB));
				let x: number, y: number;
				if (i % 2) (x = await doA(), y = await doB());
				else (y = await doB(), x = await doA());
				if (i >= warm) (a.push(x), base.push(y));
				if (vacuuming && i % 10 === 9) vacuums += await autovacuumLike(admin);
			}
			const sa = summarize(a);
			const sb = summarize(base);
			const x = sa.p50 / sb.p50;
			const how = vacuuming ? `autovacuum-like pass every 10 samples (${vacuums} tables vacuumed or analyzed)` : 'no vacuum';
			report.rows.push({
				measure: 'edit cycle vs raw writes',
				a: `create + save + publish, 61 nodes, ${label}; ${how}`,
				aStats: sa,
				b: 'insert + 2 updates + parent update, same jsonb (lz4, as ours), one tx',
				bStats: sb,
				ratio: x,
				target: `≤ ${target}`,
				verdict: verdict(x <= target)
			});
			report.summaries.push(`${verdict(x <= target)} edit cycle/raw writes at ${label} (${how}): ${ratio(x)} at p50 (target ≤ ${target})`);
			log(`edit cycle ${label} ${vacuuming ? 'vacuumed' : 'no vacuum'}: ${ratio(x)}`);
		}
	}
	report.notes.push(
		`Edit cycle: a 61-node graph (webhook + 60 chained steps, ${graphBytes.toLocaleString('en')} bytes of jsonb text at "10 KB"; the 100 KB graph is the same 61 nodes with larger configs), ` +
			`one transaction of create_draft + save_draft + publish_draft as the publisher, every sample a new definition; ` +
			`the baseline is the same three statements' worth of raw writes in one transaction: \`${RAW_INSERT.replace(/\s+/g, ' ')}\`; \`${RAW_SAVE}\`; \`${RAW_PUBLISH.replace(/\s+/g, ' ')}\`.`
	);
}
