// 2. Flat in history length: list, get and publish on a workflow with 10,000 published versions against
// one with 10, and the query plans the functions use on the long one (auto_explain).
import { integrityViolations, stageDraft } from '../../tests/integration/_support/db.ts';
import { definitionOfSize, validDefinition } from '../../tests/integration/_support/definitions.ts';
import { HISTORY, KB, log, n, type Bench } from '../lib/context.ts';
import { verdict } from '../lib/report.ts';
import { PUBLISH, connect, txAs } from '../lib/session.ts';
import { sideBySide } from '../lib/compare.ts';
import { ratio, summarize, timed } from '../lib/stats.ts';
import { cycleGraph, editCycle } from './edit-cycle.ts';

const RESOLVE = 'select * from public.resolve_workflow($1)';
const KEY_READ = 'select id, version_number, definition, definition_hash from public.workflow_versions where id = $1';

export async function flatInHistory(b: Bench): Promise<void> {
	const { admin, uid, claims, url, tenant, conn: c, report } = b;
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
	const h10 = await b.workflow('history 10');
	const h10k = await b.workflow('history 10,000');
	const t0 = performance.now();
	await seedHistory(h10, 10);
	await seedHistory(h10k, HISTORY);
	// Thousands of rows were just written and autovacuum is off here: vacuum as it would have.
	await admin.query('vacuum (analyze) public.workflow_versions, public.workflow_version_events, public.workflows, public.workflow_deployments');
	const seededIn = performance.now() - t0;
	const seedViolations = await integrityViolations(url);
	if (seedViolations.length) throw new Error(`seeded history is not valid: ${JSON.stringify(seedViolations.slice(0, 5))}`);
	report.notes.push(
		`History: ${HISTORY.toLocaleString('en')} published versions seeded in ${(seededIn / 1000).toFixed(1)} s with ` +
			`session_replication_role = replica, counter/live pointer/production deployment/events set as publish sets them, then VACUUM ANALYZE; ` +
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
		report.rows.push({
			measure: 'flat in history',
			a: `${label} @ ${HISTORY.toLocaleString('en')} versions`,
			aStats: sa,
			b: `same @ 10 versions`,
			bStats: sb,
			ratio: x,
			target: `≤ ${target}`,
			verdict: verdict(x <= target)
		});
		report.summaries.push(`${verdict(x <= target)} ${label} at 10,000 vs 10 versions: ${ratio(x)} at p50 (target ≤ ${target})`);
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
		report.rows.push({
			measure: 'resolve vs key read',
			a: `resolve_workflow @ ${HISTORY.toLocaleString('en')} versions`,
			aStats: r.a,
			b: 'the same version row by primary key',
			bStats: r.b,
			ratio: r.ratio,
			target: '≤ 1.5',
			verdict: verdict(r.ratio <= 1.5)
		});
		report.summaries.push(`${verdict(r.ratio <= 1.5)} resolve_workflow vs a primary-key read of the same row: ${ratio(r.ratio)} at p50 (target ≤ 1.5)`);
		log(`resolve vs key read: ${ratio(r.ratio)}`);
	}
	await flat('publish_draft 10 KB', n(120), async (wf, i) => {
		const rev = await stageDraft(admin, uid, wf, definitionOfSize(10 * KB, `h${i}`));
		return timed(() => txAs(c, claims, PUBLISH, [wf, rev]));
	});
	await flat('edit cycle (create + save + publish, 61 nodes, 10 KB)', n(100), (wf, i) =>
		timed(() => editCycle(c, claims, wf, JSON.stringify(cycleGraph(10 * KB, `hc${i}`))))
	);
	report.notes.push(
		`The publish_draft and edit-cycle history comparisons run after the read comparisons; each publish adds a version, so the ` +
			`"10 versions" workflow ends the run with ${10 + n(120) + n(100) + 20} and the big one with ${HISTORY + n(120) + n(100) + 20}.`
	);

	// EXPLAIN: the plans the functions' statements use on the 10,000-version workflow (auto_explain,
	// nested statements, sent back as NOTICEs).
	{
		const ex = await connect(url);
		b.clients.push(ex);
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
			report.plans.push(`#### ${title}\n\n\`\`\`\n${relevant.map((m) => m.replace(/^duration: [^\n]*\n/, '')).join('\n\n')}\n\`\`\``);
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
		report.summaries.push(
			`${verdict(!seq)} plans on the 10,000-version workflow: ${seq ? 'a Seq Scan on workflow_versions was used' : 'index scans only on workflow_versions (no Seq Scan)'}`
		);
	}
}
