// Sample statistics for the benchmark: nearest-rank percentiles over milliseconds.

export interface Summary {
	n: number;
	p50: number;
	p99: number;
	mean: number;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p99: percentile(sorted, 99),
		mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)
	};
}

export function ms(x: number): string {
	if (!Number.isFinite(x)) return '–';
	if (x >= 100) return `${x.toFixed(0)} ms`;
	if (x >= 10) return `${x.toFixed(1)} ms`;
	return `${x.toFixed(2)} ms`;
}

export function ratio(x: number): string {
	return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
	const t0 = performance.now();
	await fn();
	return performance.now() - t0;
}
