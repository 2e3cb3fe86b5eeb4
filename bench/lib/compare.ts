// Two operations measured side by side: samples alternate A/B and B/A (this machine is noisy, so neither
// side gets the quiet moments), after a warm-up that is not kept.
import { summarize, type Summary } from './stats.ts';

export async function sideBySide(
	samples: number,
	warmup: number,
	a: () => Promise<number>,
	b: () => Promise<number>
): Promise<{ a: Summary; b: Summary; ratio: number }> {
	const as: number[] = [];
	const bs: number[] = [];
	for (let i = 0; i < samples + warmup; i++) {
		let x: number, y: number;
		if (i % 2) (x = await a(), y = await b());
		else (y = await b(), x = await a());
		if (i >= warmup) (as.push(x), bs.push(y));
	}
	const sa = summarize(as);
	const sb = summarize(bs);
	return { a: sa, b: sb, ratio: sa.p50 / sb.p50 };
}
