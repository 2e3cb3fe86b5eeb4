// npm run db:check — the invariant checker (public.check_workflow_integrity) against DATABASE_URL.
//   npm run db:check                     every workflow
//   npm run db:check -- <workflow uuid>  one workflow
// Prints one table row per violation. Exit 0 = healthy, 1 = violations found, 2 = could not check.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { databaseUrl } from './lib/postgres.ts';

interface Violation {
	workflow_id: string;
	version_id: string | null;
	check_name: string;
	detail: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function table(rows: Violation[]): string {
	const head = ['workflow_id', 'version_id', 'check', 'detail'];
	const cells = rows.map((r) => [r.workflow_id, r.version_id ?? '', r.check_name, r.detail.replace(/\|/g, '\\|')]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
	return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<number> {
	const workflowId = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? null;
	if (workflowId !== null && !UUID.test(workflowId)) {
		console.error(`"${workflowId}" is not a workflow id (uuid). Usage: npm run db:check [-- <workflow_id>]`);
		return 2;
	}
	const url = databaseUrl();
	const db = new Kysely<Record<string, never>>({
		dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) })
	});
	try {
		const started = performance.now();
		const { rows } = await sql<Violation>`
			select workflow_id, version_id, check_name, detail
			from public.check_workflow_integrity(${workflowId}::uuid)
			order by workflow_id, check_name, version_id nulls first`.execute(db);
		const counts = await sql<{ workflows: string; versions: string }>`
			select (select count(*) from public.workflows
			        where ${workflowId}::uuid is null or id = ${workflowId}::uuid) as workflows,
			       (select count(*) from public.workflow_versions
			        where ${workflowId}::uuid is null or workflow_id = ${workflowId}::uuid) as versions`.execute(db);
		const ms = Math.round(performance.now() - started);
		const where = `${new URL(url).host}${new URL(url).pathname}`;
		const scope = `${counts.rows[0].workflows} workflow(s), ${counts.rows[0].versions} version(s)`;
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
