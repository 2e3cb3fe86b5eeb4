// Database provisioning shared by every command (npm start, stack, db:reset, test, bench).
//
// Order of preference, as the README promises:
//   1. the server named by DATABASE_URL, if it answers;
//   2. a Debian cluster of the installed PostgreSQL (pg_ctlcluster … start);
//   3. a project-private cluster under .local/pgdata, made with the installed binaries (as `postgres` when root);
//   4. as root on Debian: apt-get install postgresql, then 2;
//   5. otherwise a message that says exactly what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, chownSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/workflow_versions';
const PRIVATE_PGDATA = join(ROOT, '.local', 'pgdata');

export function databaseUrl(): string {
	return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = '/' + database;
	return u.toString();
}

export function databaseName(url: string): string {
	return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function log(msg: string) {
	process.stderr.write(`[db] ${msg}\n`);
}

async function answers(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

async function waitFor(url: string, seconds: number): Promise<boolean> {
	for (let i = 0; i < seconds * 4; i++) {
		if (await answers(url)) return true;
		await new Promise((r) => setTimeout(r, 250));
	}
	return false;
}

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(cmd: string, args: string[], opts: { asPostgres?: boolean } = {}) {
	const [c, a] = opts.asPostgres && isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
	const r = spawnSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Directories holding initdb/pg_ctl, newest major first. */
function pgBinDirs(): string[] {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return [];
	return readdirSync(base)
		.filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a))
		.map((v) => join(base, v, 'bin'));
}

function aptInstall(packages: string[]): boolean {
	if (!isRoot() || !existsSync('/usr/bin/apt-get')) return false;
	log(`installing ${packages.join(' ')} with apt-get …`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	const r = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
	return r.status === 0;
}

function startDebianClusters(): boolean {
	if (!existsSync('/usr/bin/pg_lsclusters')) return false;
	const list = run('pg_lsclusters', ['--no-header']);
	let started = false;
	for (const line of list.out.split('\n').filter(Boolean)) {
		const [ver, name, , status] = line.split(/\s+/);
		if (status === 'online') continue;
		log(`starting Debian cluster ${ver}/${name}`);
		started = run('pg_ctlcluster', ['--skip-systemctl-redirect', ver, name, 'start']).ok || started;
	}
	return started;
}

function startPrivateCluster(port: string): boolean {
	const bin = pgBinDirs()[0];
	if (!bin) return false;
	mkdirSync(join(ROOT, '.local'), { recursive: true });
	if (!existsSync(join(PRIVATE_PGDATA, 'PG_VERSION'))) {
		log(`creating a project-private cluster in ${PRIVATE_PGDATA}`);
		mkdirSync(PRIVATE_PGDATA, { recursive: true });
		if (isRoot()) chownSync(PRIVATE_PGDATA, uidOf('postgres'), gidOf('postgres'));
		const r = run(join(bin, 'initdb'), ['-D', PRIVATE_PGDATA, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { asPostgres: true });
		if (!r.ok) throw new Error(`initdb failed:\n${r.out}`);
	}
	const logFile = join(PRIVATE_PGDATA, 'server.log');
	const r = run(join(bin, 'pg_ctl'), ['-D', PRIVATE_PGDATA, '-l', logFile, '-w', '-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`, 'start'], { asPostgres: true });
	if (!r.ok) log(`pg_ctl start: ${r.out.trim()}`);
	return r.ok;
}

function uidOf(user: string): number {
	return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gidOf(user: string): number {
	return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

const HOW_TO_INSTALL = `PostgreSQL 15+ is needed and none could be reached or started.
Install it (Debian: apt-get install postgresql postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl),
or set DATABASE_URL to a reachable server (a superuser connection, e.g. ${DEFAULT_DATABASE_URL}).`;

/** Makes sure a server answers at DATABASE_URL's host and port; returns the URL. */
export async function ensureServer(url = databaseUrl()): Promise<string> {
	if (await answers(url)) return url;
	const u = new URL(url);
	const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname);
	if (!local) throw new Error(`DATABASE_URL ${u.host} does not answer.\n${HOW_TO_INSTALL}`);
	const port = u.port || '5432';
	if (startDebianClusters() && (await waitFor(url, 20))) return url;
	if (startPrivateCluster(port) && (await waitFor(url, 20))) return url;
	if (pgBinDirs().length === 0 && aptInstall(['postgresql'])) {
		if (startDebianClusters() && (await waitFor(url, 20))) return url;
		if (startPrivateCluster(port) && (await waitFor(url, 20))) return url;
	}
	throw new Error(HOW_TO_INSTALL);
}

/** Makes sure the pgTAP extension and pg_prove are installed (Debian packages, as root). */
export async function ensurePgTap(url = databaseUrl()): Promise<void> {
	const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
	await client.connect();
	try {
		const { rows } = await client.query(
			`select current_setting('server_version_num')::int / 10000 as major,
			        exists (select 1 from pg_available_extensions where name = 'pgtap') as has_pgtap`
		);
		const missing: string[] = [];
		if (!rows[0].has_pgtap) missing.push(`postgresql-${rows[0].major}-pgtap`);
		if (!run('sh', ['-c', 'command -v pg_prove']).ok) missing.push('libtap-parser-sourcehandler-pgtap-perl');
		if (missing.length && !aptInstall(missing)) {
			throw new Error(`pgTAP is missing. Install: apt-get install ${missing.join(' ')}`);
		}
	} finally {
		await client.end();
	}
}

export async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

export async function dropDatabase(url: string): Promise<void> {
	const name = databaseName(url);
	await admin(url, (c) => c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`));
}

export async function createDatabase(url: string): Promise<void> {
	const name = databaseName(url);
	await admin(url, (c) => c.query(`create database ${pg.escapeIdentifier(name)}`));
}

export async function databaseExists(url: string): Promise<boolean> {
	return admin(url, async (c) => {
		const r = await c.query('select 1 from pg_database where datname = $1', [databaseName(url)]);
		return r.rowCount === 1;
	});
}

export const BOOTSTRAP_FILE = join(ROOT, 'db', 'bootstrap', 'local-supabase-compat.sql');
export const MIGRATIONS_DIR = join(ROOT, 'supabase', 'migrations');
export const SEED_FILE = join(ROOT, 'supabase', 'seed.sql');

export function migrationFiles(): string[] {
	return readdirSync(MIGRATIONS_DIR)
		.filter((f) => /^\d{14}_.+\.sql$/.test(f))
		.sort();
}

/** Runs one SQL file in its own transaction (simple-query protocol, so several statements are fine). */
export async function runFile(client: pg.Client, file: string): Promise<void> {
	const sql = readFileSync(file, 'utf8');
	try {
		await client.query('begin');
		await client.query(sql);
		await client.query('commit');
	} catch (e) {
		await client.query('rollback').catch(() => {});
		const err = e as Error & { where?: string; hint?: string };
		throw new Error([`${file}: ${err.message}`, err.where, err.hint].filter(Boolean).join('\n'));
	}
}

/**
 * The compat bootstrap. Its roles and their grants are cluster-wide, so two databases built at the same
 * moment (parallel test runs) can collide on them ("tuple concurrently updated"); the file is idempotent,
 * so it is simply run again.
 */
export async function runBootstrap(client: pg.Client): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await runFile(client, BOOTSTRAP_FILE);
		} catch (e) {
			if (attempt >= 5 || !/tuple concurrently (updated|deleted)|deadlock detected/.test(String(e))) throw e;
			await new Promise((r) => setTimeout(r, 100 * attempt));
		}
	}
}

/**
 * Builds the schema in an existing database: the local compat bootstrap, every migration (recorded in
 * supabase_migrations.schema_migrations like the Supabase CLI does), then the seed when asked.
 */
export async function applySchema(url: string, opts: { seed: boolean }): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query('set client_min_messages = warning');
		await runBootstrap(client);
		const applied = new Set(
			(await client.query('select version from supabase_migrations.schema_migrations')).rows.map((r) => r.version)
		);
		for (const f of migrationFiles()) {
			const version = f.slice(0, 14);
			if (applied.has(version)) continue;
			await runFile(client, join(MIGRATIONS_DIR, f));
			await client.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
				version,
				f.slice(15, -4)
			]);
		}
		if (opts.seed && existsSync(SEED_FILE)) await runFile(client, SEED_FILE);
	} finally {
		await client.end();
	}
}

/** Drops and recreates the database, then builds it from nothing. */
export async function resetDatabase(url: string, opts: { seed: boolean }): Promise<void> {
	await ensureServer(url);
	await dropDatabase(url);
	await createDatabase(url);
	await applySchema(url, opts);
}

/** A fresh throwaway database on the same server, for a test run. */
export async function createThrowawayDatabase(prefix: string, opts: { seed: boolean }): Promise<string> {
	const base = await ensureServer();
	const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
	const url = withDatabase(base, name);
	await resetDatabase(url, opts);
	return url;
}
