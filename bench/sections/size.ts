// 3. Size: publish and validate at 1 KB to 1 MiB, and validation time per node from 100 to 10,000 nodes
// (a shallow tree, and a chain as deep as it is long: the worst case for graph walks).
import { compactGraph, definitionOfSize, jsonbTextLength } from '../../tests/integration/_support/definitions.ts';
import { KB, log, n, type Bench } from '../lib/context.ts';
import { verdict } from '../lib/report.ts';
import { txAs } from '../lib/session.ts';
import { ms, ratio, summarize, timed } from '../lib/stats.ts';
import { publishVsBaseline } from './publish.ts';

export async function sizes(b: Bench): Promise<void> {
	const { claims, conn: c, report } = b;
	const sizes = [
		[1 * KB, '1 KB', n(60)],
		[100 * KB, '100 KB', n(40)],
		[1_040_000, '1 MiB (1,040,000 B)', n(15)]
	] as const;
	for (const [size, label, samples] of sizes) {
		const r = await publishVsBaseline(b, size, samples, `size ${label}`, 3);
		log(`size publish ${label}: ${ms(r.pub.p50)}`);
		report.rows.push({ measure: 'size: publish', a: `publish_draft ${label}`, aStats: r.pub, b: 'baseline, same size', bStats: r.base, ratio: r.pub.p50 / r.base.p50, target: 'info' });
	}
	for (const [size, label, samples] of sizes) {
		const defs = [0, 1].map((v) => JSON.stringify(definitionOfSize(size, `v${v}`)));
		const s: number[] = [];
		for (let i = 0; i < samples + 3; i++) {
			const t = await timed(() => txAs(c, claims, 'select public.validate_workflow_definition($1::jsonb) as r', [defs[i % 2]]));
			if (i >= 3) s.push(t);
		}
		report.rows.push({ measure: 'size: validate', a: `validate_workflow_definition ${label}`, aStats: summarize(s), target: 'info' });
	}
	log('sizes done');
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
			report.rows.push({
				measure: 'size: nodes',
				a: `validate a ${shape} of ${count.toLocaleString('en')} nodes (${Math.round(jsonbTextLength(compactGraph(count, shape)) / KB)} KB)`,
				aStats: st,
				b: 'per node',
				bValue: `${per[count].toFixed(1)} µs`,
				target: count === 10_000 ? '≤ 2× of 100' : undefined
			});
		}
		const growth = per[10_000] / per[100];
		report.rows[report.rows.length - 1].ratio = growth;
		report.rows[report.rows.length - 1].verdict = verdict(growth <= 2);
		report.summaries.push(`${verdict(growth <= 2)} validation time per node, ${shape} of 10,000 vs 100 nodes: ${ratio(growth)} (target ≤ 2×)`);
		log(`nodes growth (${shape}) ${ratio(growth)}`);
	}
}
