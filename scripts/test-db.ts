// npm run test:db — the pgTAP suite, with pg_prove, on a throwaway database built from the migrations.
//   npm run test:db                       all of db-tests/**/*.test.sql
//   npm run test:db -- db-tests/publish   only the files under that path
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { ROOT, createThrowawayDatabase, dropDatabase, ensurePgTap, ensureServer } from './lib/postgres.ts';

const TESTS_DIR = join(ROOT, 'db-tests');
const HELPERS_DIR = join(TESTS_DIR, '_helpers');

function walk(dir: string, pick: (f: string) => boolean): string[] {
	if (statSync(dir).isFile()) return pick(dir) ? [dir] : [];
	return readdirSync(dir)
		.sort()
		.flatMap((name) => walk(join(dir, name), pick));
}

const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = (targets.length ? targets : [TESTS_DIR])
	.flatMap((t) => walk(t, (f) => f.endsWith('.test.sql') && !f.includes('/_helpers/')))
	.map((f) => relative(ROOT, f));
if (files.length === 0) {
	console.error('no db-tests/**/*.test.sql files found');
	process.exit(1);
}

await ensureServer();
await ensurePgTap();
const url = await createThrowawayDatabase('wv_pgtap', { seed: false });
let status = 1;
try {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	await client.query('set client_min_messages = warning');
	await client.query('create extension if not exists pgtap with schema extensions');
	for (const f of walk(HELPERS_DIR, (f) => f.endsWith('.sql'))) await client.query(readFileSync(f, 'utf8'));
	await client.end();

	const u = new URL(url);
	const r = spawnSync('pg_prove', ['--failures', '--comments', ...files], {
		cwd: ROOT,
		stdio: 'inherit',
		env: {
			...process.env,
			PGHOST: u.hostname,
			PGPORT: u.port || '5432',
			PGUSER: decodeURIComponent(u.username || 'postgres'),
			PGPASSWORD: decodeURIComponent(u.password || ''),
			PGDATABASE: u.pathname.slice(1),
			// pgTAP lives in `extensions`, as `supabase test db` installs it; tests also see the helper schema.
			PGOPTIONS: '-c search_path=public,extensions,tests -c client_min_messages=warning'
		}
	});
	status = r.status ?? 1;
} finally {
	if (!process.env.KEEP_TEST_DB) await dropDatabase(url);
	else console.error(`kept ${url}`);
}
process.exit(status);
