// What the benchmark reports: one markdown table of medians, p99s and ratios, one PASS/MISS line per
// target, method notes and the query plans; printed, and written to bench/results/latest.md.
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/postgres.ts';
import { BASELINE } from './session.ts';
import { ms, ratio, type Summary } from './stats.ts';

export interface Row {
	measure: string;
	a: string;
	aStats?: Summary;
	aValue?: string;
	b?: string;
	bStats?: Summary;
	bValue?: string;
	ratio?: number;
	target?: string;
	verdict?: 'PASS' | 'MISS' | 'n/a';
}

export function verdict(ok: boolean): 'PASS' | 'MISS' {
	return ok ? 'PASS' : 'MISS';
}

export class Report {
	readonly rows: Row[] = [];
	readonly summaries: string[] = [];
	readonly notes: string[] = [];
	readonly plans: string[] = [];

	table(): string {
		const head = ['measure', 'A', 'n', 'A p50', 'A p99', 'B (compared with)', 'B p50', 'B p99', 'A/B p50', 'target', ''];
		const body = this.rows.map((r) => [
			r.measure,
			r.a,
			String(r.aStats?.n ?? ''),
			r.aValue ?? (r.aStats ? ms(r.aStats.p50) : ''),
			r.aStats ? ms(r.aStats.p99) : '',
			r.b ?? '',
			r.bValue ?? (r.bStats ? ms(r.bStats.p50) : ''),
			r.bStats ? ms(r.bStats.p99) : '',
			r.ratio !== undefined ? ratio(r.ratio) : '',
			r.target ?? '',
			r.verdict ?? ''
		]);
		const line = (c: string[]) => `| ${c.join(' | ')} |`;
		return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
	}

	/** Prints the table and the targets, and writes bench/results/latest.md. */
	write(env: { v: string; fsync: string; sync: string; sb: string }, quick: boolean, started: number): void {
		const table = this.table();
		const cpu = cpus();
		const header =
			`Run ${new Date().toISOString()} · ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}) · ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM · ` +
			`Node ${process.version} · PostgreSQL ${env.v} (fsync=${env.fsync}, synchronous_commit=${env.sync}, shared_buffers=${env.sb})` +
			`${quick ? ' · BENCH_QUICK (fewer samples)' : ''} · ${((Date.now() - started) / 1000).toFixed(0)} s`;
		console.log(header + '\n');
		console.log(table);
		console.log('\n' + this.summaries.join('\n'));

		const doc = [
			'# Benchmark results (latest run of `npm run bench`)',
			'',
			header,
			'',
			'Times are wall-clock per operation as the client sees it (one transaction each: `begin`, role + claims as PostgREST sets them, the call, `commit`). ' +
				'A and B are measured alternately, sample by sample, in the same run; ratios are A p50 / B p50. ' +
				'Absolute times are context only: this machine is shared and noisy.',
			'',
			table,
			'',
			'## Targets',
			'',
			...this.summaries.map((s) => `- ${s}`),
			'',
			'## Method notes',
			'',
			'- Baseline: one transaction that inserts one row with the same-size jsonb into a plain table (uuid primary key, unique (parent_id, n)) and updates one parent row, as a single statement: `' +
				BASELINE.replace(/\s+/g, ' ') +
				'`.',
			'- Publish: the draft is staged (create_draft + save_draft, untimed) before each timed `publish_draft`; every sample publishes a different definition.',
			...this.notes.map((s) => `- ${s}`),
			'',
			'## Plans used on the 10,000-version workflow',
			'',
			'Captured with auto_explain (`log_nested_statements`, `log_analyze`, timing off): the statements inside the functions that touch the version tables.',
			'',
			...this.plans,
			''
		].join('\n');
		mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
		writeFileSync(join(ROOT, 'bench', 'results', 'latest.md'), doc);
	}
}
