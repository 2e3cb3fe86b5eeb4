// Kysely vs raw pg on the hot path: the same 4-statement transaction through both clients, so the
// ratios elsewhere (raw pg) measure the database, not the client library.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { stageDraft } from '../../tests/integration/_support/db.ts';
import { validDefinition } from '../../tests/integration/_support/definitions.ts';
import { log, n, type Bench } from '../lib/context.ts';
import { PUBLISH, authenticatorUrl, txAs } from '../lib/session.ts';
import { ms, ratio, summarize, timed } from '../lib/stats.ts';

export async function clientLibrary(b: Bench): Promise<void> {
	const { admin, uid, claims, url, conn: c } = b;
	const wf = await b.workflow('kysely-vs-pg', validDefinition(8));
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
	const bs: number[] = [];
	for (let i = 0; i < n(300) + 20; i++) {
		const [x, y] = i % 2 ? [await timed(viaKysely), await timed(viaPg)] : [await timed(viaPg), await timed(viaKysely)].reverse();
		if (i >= 20) (a.push(x), bs.push(y));
	}
	await db.destroy();
	const sa = summarize(a);
	const sb = summarize(bs);
	b.report.rows.push({ measure: 'client library', a: 'Kysely get_workflow_version tx', aStats: sa, b: 'raw pg, same tx', bStats: sb, ratio: sa.p50 / sb.p50, target: 'info' });
	b.report.notes.push(
		`Kysely vs raw pg: the same 4-statement transaction costs ${ratio(sa.p50 / sb.p50)} at p50 through Kysely ` +
			`(${ms(sa.p50)} vs ${ms(sb.p50)}); the hot loops below use raw pg so the ratios measure the database, not the client.`
	);
	log('kysely vs pg done');
}
