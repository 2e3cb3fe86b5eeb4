// The migrations and the seed are what the real Supabase CLI (pinned in package.json) accepts: `supabase db
// push` applies them to a database that has only what a Supabase project already has (the local compat
// bootstrap stands in for it), and `supabase migration list` reads our bookkeeping as its own.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	BOOTSTRAP_FILE,
	ROOT,
	createDatabase,
	dropDatabase,
	ensureServer,
	migrationFiles,
	withDatabase
} from '../../scripts/lib/postgres.ts';

const CLI = join(ROOT, 'node_modules', '.bin', 'supabase');

function supabase(args: string[]) {
	const r = spawnSync(CLI, args, {
		cwd: ROOT,
		encoding: 'utf8',
		input: 'y\n',
		env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
		timeout: 120_000
	});
	return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('Supabase CLI compatibility', () => {
	let url = '';
	let cliUrl = '';

	beforeAll(async () => {
		url = withDatabase(await ensureServer(), `wv_cli_${process.pid}`);
		await dropDatabase(url);
		await createDatabase(url);
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		await client.query('set client_min_messages = warning');
		await client.query(readFileSync(BOOTSTRAP_FILE, 'utf8'));
		await client.end();
		cliUrl = `${url}?sslmode=disable`;
	});

	afterAll(async () => {
		if (url) await dropDatabase(url);
	});

	it('supabase db push applies every migration and the seed', async () => {
		const push = supabase(['db', 'push', '--db-url', cliUrl, '--include-seed', '--yes']);
		expect(push.status, push.out).toBe(0);

		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const versions = (await client.query('select version from supabase_migrations.schema_migrations order by version')).rows.map(
				(r) => r.version
			);
			expect(versions).toEqual(migrationFiles().map((f) => f.slice(0, 14)));
			const workflows = (await client.query('select name from public.workflows order by name')).rows.map((r) => r.name);
			expect(workflows).toEqual(['Globex onboarding', 'Nightly sync', 'Order intake']);
			const violations = await client.query('select * from public.check_workflow_integrity()');
			expect(violations.rows).toEqual([]);
		} finally {
			await client.end();
		}
	});

	it('supabase migration list sees every local migration applied', () => {
		const list = supabase(['migration', 'list', '--db-url', cliUrl]);
		expect(list.status, list.out).toBe(0);
		for (const f of migrationFiles()) {
			const version = f.slice(0, 14);
			// one column for local, one for remote
			expect(list.out.split(version).length - 1, `${version} in\n${list.out}`).toBe(2);
		}
	});
});
