// The fuzzy string set PostgREST builds its "Perhaps you meant …" hints with (the Haskell `fuzzyset` package, a
// port of fuzzyset.js): cosine similarity of 3-gram (then 2-gram) vectors of the normalised strings, the best 50
// re-scored by normalised Levenshtein similarity, kept when the score reaches the minimum. Hints for table and
// function names need 0.75, hints for parameter lists 0.33 (docs/supabase-compat.md §3.9).

/** Lowercase, keep letters, digits, whitespace and commas (fuzzyset's `normalized`). */
function normalized(s: string): string {
	return [...s.toLowerCase()].filter((c) => /[\p{L}\p{N}\s,]/u.test(c)).join('');
}

function gramVector(s: string, size: number): Map<string, number> {
	const chars = [...`-${normalized(s)}-`];
	const out = new Map<string, number>();
	for (let i = 0; i + size <= chars.length; i++) {
		const g = chars.slice(i, i + size).join('');
		out.set(g, (out.get(g) ?? 0) + 1);
	}
	return out;
}

function magnitude(v: Map<string, number>): number {
	let sum = 0;
	for (const n of v.values()) sum += n * n;
	return Math.sqrt(sum);
}

function levenshtein(a: string[], b: string[]): number {
	const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = dp[0];
		dp[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const tmp = dp[j];
			dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = tmp;
		}
	}
	return dp[b.length];
}

/** 1 − distance / longer length (text-metrics' `levenshteinNorm`). */
function similarity(a: string, b: string): number {
	const x = [...a];
	const y = [...b];
	const longest = Math.max(x.length, y.length);
	return longest === 0 ? 1 : 1 - levenshtein(x, y) / longest;
}

export class FuzzySet {
	private readonly exact = new Map<string, string>();
	private readonly keys: string[] = [];

	constructor(values: Iterable<string>) {
		for (const v of values) {
			const key = v.toLowerCase();
			if (this.exact.has(key)) continue;
			this.exact.set(key, v);
			this.keys.push(key);
		}
	}

	/** The closest entry scoring at least `minScore`, as `getOneWithMinScore` answers it. */
	getOne(value: string, minScore = 0.33): string | undefined {
		const key = value.toLowerCase();
		const exact = this.exact.get(key);
		if (exact !== undefined) return exact;
		for (const size of [3, 2]) {
			const query = gramVector(key, size);
			const queryMagnitude = magnitude(query);
			const scored: Array<{ score: number; key: string }> = [];
			for (const entry of this.keys) {
				const grams = gramVector(entry, size);
				let dot = 0;
				for (const [g, n] of query) dot += n * (grams.get(g) ?? 0);
				if (dot > 0) scored.push({ score: dot / (queryMagnitude * magnitude(grams)), key: entry });
			}
			const rescored = scored
				.sort((a, b) => b.score - a.score)
				.slice(0, 50)
				.map((m) => ({ score: similarity(key, m.key), key: m.key }))
				.sort((a, b) => b.score - a.score)
				.filter((m) => m.score >= minScore);
			if (rescored.length) return this.exact.get(rescored[0].key);
		}
		return undefined;
	}
}
