// What every part of the benchmark shares: the run's settings, the log, the database connections and
// fixtures, and the report it fills in.
import type pg from 'pg';
import type { Tenant } from '../../tests/integration/_support/db.ts';
import type { Child } from './processes.ts';
import type { Report } from './report.ts';

export const QUICK = process.env.BENCH_QUICK === '1';
/** A sample count: `full`, or a fifth of it (at least 5) with BENCH_QUICK=1. */
export const n = (full: number) => (QUICK ? Math.max(5, Math.round(full / 5)) : full);
export const KB = 1024;
/** Published versions of the long-history workflow. */
export const HISTORY = 10_000;
export const started = Date.now();

export function log(s: string) {
	process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${s}\n`);
}

export interface Bench {
	url: string;
	/** Superuser connection for fixtures (staging drafts, seeding history). */
	admin: pg.Client;
	/** A connection acting as the publisher, the way PostgREST does (session.ts). */
	conn: pg.Client;
	/** The publisher's JWT claims. */
	claims: string;
	/** The publisher's user id. */
	uid: string;
	tenant: Tenant;
	/** The baseline's parent row. */
	parentId: string;
	/** A new workflow of the tenant's project; returns its id. */
	workflow(name: string, def?: unknown): Promise<string>;
	/** Closed when the run ends. */
	clients: pg.Client[];
	/** Stopped when the run ends. */
	children: Child[];
	report: Report;
}
