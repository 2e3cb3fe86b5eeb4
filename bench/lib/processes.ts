// Child processes the HTTP part of the benchmark talks to: the Supabase stand-in and the built SvelteKit
// app (adapter-node), each in its own process so they do not share the benchmark client's event loop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/postgres.ts';
import { ANON_KEY } from '../../stand-in/src/keys.ts';
import { freePort } from '../../scripts/lib/ports.ts';


export interface Child {
	url: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
	return () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 5000).unref();
		});
}

/** `node --import tsx stand-in/src/main.ts` on a free port, request log off. */
export async function spawnStandIn(databaseUrl: string): Promise<Child> {
	const port = await freePort();
	const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'stand-in', 'src', 'main.ts')], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', STAND_IN_LOG: '0' },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let err = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`stand-in did not start within 30 s:\n${err}`)), 30_000);
		child.stderr!.on('data', (d) => {
			err += d;
			if (err.includes('listening on')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`stand-in exited with ${code}:\n${err}`));
		});
	});
	return { url: `http://127.0.0.1:${port}`, process: child, stop: stopper(child) };
}

/** The SvelteKit build (build/index.js), building it first when it is missing. Null when there is no app. */
export function ensureAppBuild(log: (s: string) => void): { entry: string; builtAt: Date } | null {
	const entry = join(ROOT, 'build', 'index.js');
	if (!existsSync(join(ROOT, 'src', 'routes', 'api'))) return null;
	if (!existsSync(entry) || process.env.BENCH_BUILD === '1') {
		log('building the SvelteKit app (npm run build) …');
		const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
		if (r.status !== 0 || !existsSync(entry)) {
			log(`build failed:\n${(r.stderr ?? '').slice(-2000)}`);
			return null;
		}
	}
	return { entry, builtAt: statSync(entry).mtime };
}

/** `node build/index.js` pointed at the stand-in; waits for GET /api/health. */
export async function spawnApp(entry: string, supabaseUrl: string): Promise<Child> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [entry], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			PUBLIC_SUPABASE_URL: supabaseUrl,
			PUBLIC_SUPABASE_ANON_KEY: ANON_KEY,
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let err = '';
	child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${err}`);
		try {
			const r = await fetch(`${url}/api/health`);
			await r.arrayBuffer();
			if (r.status < 500) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`the app did not answer within 30 s:\n${err}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return { url, process: child, stop: stopper(child) };
}
