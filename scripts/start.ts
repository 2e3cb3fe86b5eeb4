// npm start — the main command: database (provisioned if needed; migrations and seed when it is missing
// or empty), the local Supabase stand-in on :54321, and the built app on http://127.0.0.1:3000 (PORT).
// One process; Ctrl-C stops everything.
//
// Also exports the pieces the Playwright setup reuses (build when stale, serve the built app).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ROOT, applySchema, databaseExists, databaseName, databaseUrl, ensureServer, resetDatabase } from './lib/postgres';

export const DEMO_LOGINS = [
	['owner@example.com', 'owner of Acme automations'],
	['publisher@example.com', 'publisher in Acme automations'],
	['editor@example.com', 'editor in Acme automations'],
	['viewer@example.com', 'viewer in Acme automations'],
	['outsider@example.com', 'owner of Globex (not in Acme)']
] as const;
export const DEMO_PASSWORD = 'demo-password';

function log(msg: string) {
	process.stderr.write(`[start] ${msg}\n`);
}

// ── Database ──────────────────────────────────────────────────────────────────────────────────────

/** True when the database has the schema and at least one workflow. */
async function hasData(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const t = await client.query(`select to_regclass('public.workflows') is not null as present`);
		if (!t.rows[0].present) return false;
		const r = await client.query('select exists (select 1 from public.workflows) as any');
		return r.rows[0].any === true;
	} finally {
		await client.end();
	}
}

/** Provisions the server; resets with the seed when the database is missing or empty, else applies new migrations. */
export async function prepareDatabase(url = databaseUrl()): Promise<string> {
	await ensureServer(url);
	const name = databaseName(url);
	if (!(await databaseExists(url)) || !(await hasData(url))) {
		log(`database ${name} is missing or empty: creating it (bootstrap, migrations, seed)…`);
		await resetDatabase(url, { seed: true });
	} else {
		try {
			await applySchema(url, { seed: false });
		} catch (e) {
			log(`could not apply pending migrations to ${name}: ${(e as Error).message}`);
			log('run `npm run db:reset` to rebuild it from nothing');
		}
	}
	return url;
}

// ── Build ─────────────────────────────────────────────────────────────────────────────────────────

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(path)) {
		if (entry === 'node_modules' || entry.startsWith('.')) continue;
		newest = Math.max(newest, newestMtime(join(path, entry)));
	}
	return newest;
}

const BUILD_INPUTS = ['src', 'types', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

export function buildIsStale(): boolean {
	const out = join(ROOT, 'build', 'handler.js');
	if (!existsSync(out)) return true;
	const built = statSync(out).mtimeMs;
	return BUILD_INPUTS.some((p) => newestMtime(join(ROOT, p)) > built);
}

/** Runs `vite build` when build/ is missing or older than its sources. */
export function buildIfStale(force = false): void {
	if (!force && !buildIsStale()) return;
	log('building the app (vite build)…');
	const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
		cwd: ROOT,
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, NODE_ENV: 'production' }
	});
	if (r.status !== 0) throw new Error('vite build failed');
}

// ── Serve the built app ───────────────────────────────────────────────────────────────────────────

export interface AppServer {
	url: string;
	close(): Promise<void>;
}

/**
 * Serves build/ (adapter-node's handler) in this process. adapter-node assumes https when no proxy says
 * otherwise, which breaks form actions over plain http; every request here is plain http, so say so.
 */
export async function serveApp(opts: {
	port: number;
	host?: string;
	supabaseUrl: string;
	anonKey?: string;
	localMode?: boolean;
	/** Directory of the adapter-node output (default build/). */
	buildDir?: string;
}): Promise<AppServer> {
	const host = opts.host ?? '127.0.0.1';
	process.env.PUBLIC_SUPABASE_URL = opts.supabaseUrl;
	if (opts.anonKey) process.env.PUBLIC_SUPABASE_ANON_KEY = opts.anonKey;
	if (opts.localMode !== undefined) process.env.PUBLIC_LOCAL_MODE = opts.localMode ? 'true' : 'false';
	process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
	process.env.BODY_SIZE_LIMIT ??= '4M'; // definitions may be 1 MiB of JSON; the database enforces the limit
	const { handler } = (await import(pathToFileURL(join(opts.buildDir ?? join(ROOT, 'build'), 'handler.js')).href)) as {
		handler: (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;
	};
	const server = http.createServer((req, res) => {
		if (!req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			})
	};
}

// ── The stand-in ──────────────────────────────────────────────────────────────────────────────────

export interface Closable {
	close?: () => unknown;
	stop?: () => unknown;
}

export async function startApi(
	databaseUrl: string,
	port: number,
	opts: { log?: boolean } = {}
): Promise<{ url: string; stop: () => Promise<void> }> {
	// Loaded by path at run time: the stand-in is a separate dev/test component, not part of the app's type graph.
	const standIn = pathToFileURL(join(ROOT, 'stand-in', 'src', 'server.ts')).href;
	const mod = (await import(standIn)) as {
		startStandIn: (o: { databaseUrl: string; port: number; log?: boolean }) => Promise<unknown>;
	};
	const handle = (await mod.startStandIn({ databaseUrl, port, ...opts })) as (Closable & { url?: string; port?: number }) | undefined;
	const actualPort = handle?.port ?? port;
	return {
		url: handle?.url ?? `http://127.0.0.1:${actualPort}`,
		stop: async () => {
			if (handle?.close) await handle.close();
			else if (handle?.stop) await handle.stop();
		}
	};
}

// ── Main ──────────────────────────────────────────────────────────────────────────────────────────

async function main() {
	const port = Number(process.env.PORT ?? 3000);
	const apiPort = Number(process.env.SUPABASE_PORT ?? 54321);
	const url = await prepareDatabase();
	const api = await startApi(url, apiPort);
	buildIfStale();
	const app = await serveApp({ port, host: process.env.HOST ?? '127.0.0.1', supabaseUrl: process.env.PUBLIC_SUPABASE_URL ?? api.url });

	const line = '─'.repeat(64);
	console.log(`\n${line}`);
	console.log(`  Workflow versions is running:  ${app.url}`);
	console.log(`  Supabase API (local stand-in): ${api.url}`);
	console.log(`  Database:                      ${databaseName(url)} on ${new URL(url).host}`);
	console.log(`\n  Demo logins (password: ${DEMO_PASSWORD}):`);
	for (const [email, what] of DEMO_LOGINS) console.log(`    ${email.padEnd(24)} ${what}`);
	console.log(`\n  Ctrl-C stops everything.`);
	console.log(`${line}\n`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		log('stopping…');
		const force = setTimeout(() => process.exit(0), 5000);
		force.unref();
		await app.close().catch(() => {});
		await api.stop().catch(() => {});
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch((e) => {
		console.error(`[start] ${(e as Error).stack ?? e}`);
		process.exit(1);
	});
}
