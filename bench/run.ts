// npm run bench — the versioning benchmark. Not a test: no timed assertions. It builds its own
// throwaway database, warms up, measures every comparison side by side in the same run (alternating the
// two sides sample by sample, because this machine is noisy), prints ONE markdown table of medians, p99s
// and ratios plus a PASS/MISS line per target, and writes the same to bench/results/latest.md with the
// machine's CPU count, the PostgreSQL version and settings, and the EXPLAIN plans the read paths used.
// The measurements are in bench/sections/ (in the order they run), the shared parts in bench/lib/.
//
//   npm run bench                  the whole run (about 3–5 minutes on 2 cores)
//   BENCH_QUICK=1 npm run bench    fewer samples (a smoke run; the figures are noisier)
//   BENCH_BUILD=1 npm run bench    rebuild the SvelteKit app before measuring its /api route
//   KEEP_BENCH_DB=1 npm run bench  keep the database for inspection
//   BENCH_ONLY=edit-cycle,http     only these sections (a partial table: for work on one path, not for the README)
import type pg from 'pg';
import { createThrowawayDatabase, dropDatabase } from '../scripts/lib/postgres.ts';
import { claimsFor, createTenant, createWorkflow, integrityViolations, startSession } from '../tests/integration/_support/db.ts';
import { QUICK, log, started, type Bench } from './lib/context.ts';

import type { Child } from './lib/processes.ts';
import { Report, verdict } from './lib/report.ts';
import { authenticatorUrl, connect } from './lib/session.ts';
import { clientLibrary } from './sections/client-library.ts';
import { flatInHistory } from './sections/history.ts';
import { overHttp } from './sections/http.ts';
import { publishTargets } from './sections/publish.ts';
import { sizes } from './sections/size.ts';
import { throughputs } from './sections/throughput.ts';
import { editCycles } from './sections/edit-cycle.ts';

const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

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
	const tenant = await createTenant(admin, 'bench', 'Bench');
	const uid = tenant.users.publisher;

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

	const conn = await connect(authenticatorUrl(url));
	clients.push(conn);

	const bench: Bench = {
		url,
		admin,
		conn,
		claims: claimsFor(uid, tenant.emails.publisher, await startSession(admin, uid)),
		uid,
		tenant,
		parentId,
		workflow: (name, def) => createWorkflow(admin, uid, tenant.projectId, name, def),
		clients,
		children,
		report: new Report()
	};

	const sections: [string, (b: Bench) => Promise<void>][] = [
		['client-library', clientLibrary],
		['publish', publishTargets],
		['edit-cycle', editCycles],
		['history', flatInHistory],
		['size', sizes],
		['throughput', throughputs],
		// The throughput runs write thousands of versions; autovacuum is off here, so vacuum as it would.
		['vacuum', () => admin.query('vacuum (analyze)').then(() => {})],
		['http', overHttp]
	];
	if (ONLY) bench.report.notes.push(`Partial run: BENCH_ONLY=${process.env.BENCH_ONLY}.`);
	for (const [name, section] of sections) if (!ONLY || ONLY.includes(name)) await section(bench);

	// ── Integrity after everything ─────────────────────────────────────────────────────────────────
	const v = await integrityViolations(url);
	bench.report.summaries.push(`${verdict(v.length === 0)} check_workflow_integrity() after the whole run: ${v.length} violations`);

	bench.report.write(env, QUICK, started);
	log('wrote bench/results/latest.md');
}

await main();
