// npm run db:check — the invariant checker (public.check_workflow_integrity) against DATABASE_URL.
//   npm run db:check                                  every workflow (and every audit chain)
//   npm run db:check -- <workflow uuid>               one workflow
//   npm run db:check -- --anchor > anchor.json        print the audit chains' heads (audit_chain_heads) as JSON,
//                                                     to keep somewhere the database's writers cannot reach
//   npm run db:check -- --verify-anchor anchor.json   the full check, plus: is every anchored head still there
//                                                     with the same hash (verify_audit_anchor)?
// Prints one table row per violation. Exit 0 = healthy, 1 = violations found, 2 = could not check.
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { databaseUrl } from './lib/postgres.ts';

interface Violation {
	workflow_id: string | null;
	version_id: string | null;
	check_name: string;
	detail: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function table(rows: Violation[]): string {
	const head = ['workflow_id', 'version_id', 'check', 'detail'];
	const cells = rows.map((r) => [r.workflow_id ?? '', r.version_id ?? '', r.check_name, r.detail.replace(/\|/g, '\\|')]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
	return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

const USAGE = 'Usage: npm run db:check [-- <workflow_id> | --anchor | --verify-anchor <file>]';

/** The anchor file's JSON, or an error message. */
function readAnchor(file: string | undefined): unknown {
	if (!file) throw new Error(`--verify-anchor needs the file written by --anchor. ${USAGE}`);
	return JSON.parse(readFileSync(file, 'utf8'));
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const anchorAt = args.indexOf('--verify-anchor');
	const anchorFile = anchorAt >= 0 ? args[anchorAt + 1] : undefined;
	const workflowId = args.find((a, i) => !a.startsWith('-') && !(anchorAt >= 0 && i === anchorAt + 1)) ?? null;
	if (workflowId !== null && !UUID.test(workflowId)) {
		console.error(`"${workflowId}" is not a workflow id (uuid). ${USAGE}`);
		return 2;
	}
	let anchor: unknown = null;
	try {
		if (anchorAt >= 0) anchor = readAnchor(anchorFile);
	} catch (e) {
		console.error(`db:check could not read the anchor: ${(e as Error).message}`);
		return 2;
	}
	const url = databaseUrl();
	const db = new Kysely<Record<string, never>>({
		dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) })
	});
	try {
		if (args.includes('--anchor')) {
			const heads = await sql<Record<string, unknown>>`
				select project_id, workflow_id, head_id, head_hash, events from public.audit_chain_heads()
				order by project_id, workflow_id nulls first`.execute(db);
			const chains = heads.rows.map((r) => ({ ...r, head_id: Number(r.head_id), events: Number(r.events) }));
			const { rows: at } = await sql<{ now: string }>`select now()::text as now`.execute(db);
			console.log(JSON.stringify({ taken_at: at[0].now, database: new URL(url).pathname.slice(1), chains }, null, 1));
			console.error(`anchor: ${chains.length} audit chain head(s); keep this output where the database's writers cannot change it`);
			return 0;
		}
		const started = performance.now();
		const { rows } = await sql<Violation>`
			select workflow_id, version_id, check_name, detail
			from public.check_workflow_integrity(${workflowId}::uuid)
			order by workflow_id nulls first, check_name, version_id nulls first`.execute(db);
		if (anchor !== null) {
			const anchored = await sql<Violation>`
				select workflow_id, null::uuid as version_id, check_name, detail
				from public.verify_audit_anchor(${JSON.stringify(anchor)}::jsonb)
				order by workflow_id nulls first`.execute(db);
			rows.push(...anchored.rows);
		}
		const counts = await sql<{ workflows: string; versions: string }>`
			select (select count(*) from public.workflows
			        where ${workflowId}::uuid is null or id = ${workflowId}::uuid) as workflows,
			       (select count(*) from public.workflow_versions
			        where ${workflowId}::uuid is null or workflow_id = ${workflowId}::uuid) as versions`.execute(db);
		const ms = Math.round(performance.now() - started);
		const where = `${new URL(url).host}${new URL(url).pathname}`;
		const scope =
			`${counts.rows[0].workflows} workflow(s), ${counts.rows[0].versions} version(s)` +
			(anchor !== null ? ', checked against the anchor' : '');
		if (rows.length === 0) {
			console.log(`OK: no integrity violations in ${where} (${scope}, ${ms} ms)`);
			return 0;
		}
		console.log(table(rows));
		console.log(`\nFAIL: ${rows.length} integrity violation(s) in ${where} (${scope}, ${ms} ms)`);
		return 1;
	} catch (e) {
		const err = e as Error & { code?: string };
		console.error(`db:check could not run against ${new URL(url).host}${new URL(url).pathname}: ${err.message}`);
		if (err.code === '42883') console.error('The migrations are not applied there: run npm run db:reset (or apply the migrations).');
		return 2;
	} finally {
		await db.destroy();
	}
}

process.exit(await main());
