// 1. publish_draft against a baseline (a plain insert of the same jsonb plus a parent update), measured
// alternately sample by sample; also used by the size section.
import { stageDraft } from '../../tests/integration/_support/db.ts';
import { definitionOfSize } from '../../tests/integration/_support/definitions.ts';
import { KB, log, n, type Bench } from '../lib/context.ts';
import { verdict } from '../lib/report.ts';
import { BASELINE, PUBLISH, txAs } from '../lib/session.ts';
import { ratio, summarize, timed, type Summary } from '../lib/stats.ts';

export async function publishVsBaseline(b: Bench, size: number, samples: number, label: string, warmup = 10): Promise<{ pub: Summary; base: Summary }> {
	const { admin, uid, claims, conn: c, parentId } = b;
	const wf = await b.workflow(`publish ${label}`);
	const pub: number[] = [];
	const base: number[] = [];
	for (let i = 0; i < samples + warmup; i++) {
		const rev = await stageDraft(admin, uid, wf, definitionOfSize(size, `p${i}`));
		const baseDef = JSON.stringify(definitionOfSize(size, `b${i}`));
		const doPub = () => timed(() => txAs(c, claims, PUBLISH, [wf, rev]));
		const doBase = () => timed(() => txAs(c, claims, BASELINE, [parentId, baseDef]));
		let p: number, q: number;
		if (i % 2) (p = await doPub(), q = await doBase());
		else (q = await doBase(), p = await doPub());
		if (i >= warmup) (pub.push(p), base.push(q));
	}
	return { pub: summarize(pub), base: summarize(base) };
}

export async function publishTargets(b: Bench): Promise<void> {
	for (const [size, label, samples] of [
		[10 * KB, '10 KB', n(150)],
		[100 * KB, '100 KB', n(80)]
	] as const) {
		const r = await publishVsBaseline(b, size, samples, label);
		const x = r.pub.p50 / r.base.p50;
		b.report.rows.push({
			measure: 'publish vs baseline',
			a: `publish_draft ${label}`,
			aStats: r.pub,
			b: `insert ${label} jsonb row + update parent`,
			bStats: r.base,
			ratio: x,
			target: '≤ 1.5',
			verdict: verdict(x <= 1.5)
		});
		b.report.summaries.push(`${verdict(x <= 1.5)} publish/baseline at ${label}: ${ratio(x)} at p50 (target ≤ 1.5)`);
		log(`publish vs baseline ${label}: ${ratio(x)}`);
	}
}
