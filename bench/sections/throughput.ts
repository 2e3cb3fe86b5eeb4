// 4. Throughput, direct, one connection per client. One operation = one transaction as the publisher:
// create_draft (returns or creates the draft), save_draft (a new 10 KB definition), publish_draft; commit.
// Every committed operation is one publish.
import type pg from 'pg';
import { SET_CLAIMS, integrityViolations } from '../../tests/integration/_support/db.ts';
import { definitionOfSize } from '../../tests/integration/_support/definitions.ts';
import { KB, QUICK, log, type Bench } from '../lib/context.ts';
import { verdict } from '../lib/report.ts';
import { PUBLISH, authenticatorUrl, connect } from '../lib/session.ts';
import { ratio, summarize, timed } from '../lib/stats.ts';

export async function throughputs(b: Bench): Promise<void> {
	const { admin, claims, url, report } = b;
	const many: string[] = [];
	for (let i = 0; i < 100; i++) many.push(await b.workflow(`throughput ${i}`));
	const one = await b.workflow('throughput single');
	// One 10 KB template; each operation stamps a unique 12-digit number in it (same size, never equal to the live one).
	const template = JSON.stringify(definitionOfSize(10 * KB, 'SEQ#########'));
	const nextDef = () => template.replace('SEQ#########', String(seq++).padStart(12, '0'));
	const pool = [] as pg.Client[];
	for (let i = 0; i < 8; i++) pool.push(await connect(authenticatorUrl(url)));
	b.clients.push(...pool);
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
		report.rows.push({
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
		report.rows.push({
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
	report.summaries.push(
		`${verdict(errors === 0 && v.length === 0)} one workflow under 1–8 concurrent publishers: ${count} versions, ${errors} errors, ` +
			`${v.length} integrity violations (serializes on the workflow row lock)`
	);
	const scale = base[2] / base[1];
	report.summaries.push(
		`${scale >= 1.3 ? 'PASS' : 'MISS'} throughput on 100 workflows scales to the 2 cores: ${base[1].toFixed(0)} → ${base[2].toFixed(0)} publishes/s ` +
			`with 1 → 2 clients (${ratio(scale)}), ${base[4].toFixed(0)} with 4, ${base[8].toFixed(0)} with 8 (target: ≥ 1.3× at 2 clients, then flat)`
	);
}
