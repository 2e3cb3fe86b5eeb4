// A project-private PostgreSQL cluster for tests that must crash the server (kill -9 of the postmaster):
// initdb into a temporary directory (as the `postgres` OS user when running as root: initdb refuses
// root), started with pg_ctl on a free port, sockets in the same directory. destroy() stops it and
// removes every file, whatever state it is in.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/lib/ports.ts';

function binDir(): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions.length) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
	return join(base, versions[0], 'bin');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
	const [c, a] = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
	const r = spawnSync(c, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
	return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}


export interface Cluster {
	/** Superuser URL of the cluster's `postgres` database. */
	url: string;
	port: number;
	dir: string;
	postmasterPid(): number;
	/** SIGKILL the postmaster (the "power cut"); returns its pid. */
	kill9(): number;
	/** pg_ctl start -w (crash recovery runs here after kill9); retries while old backends still exit. */
	start(): Promise<void>;
	log(): string;
	destroy(): Promise<void>;
}

export async function startPrivateCluster(): Promise<Cluster> {
	const bin = binDir();
	const dir = mkdtempSync(join(tmpdir(), 'wv-cluster-'));
	if (isRoot()) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, uid, gid);
	}
	const data = join(dir, 'data');
	const port = await freePort();
	const logFile = join(dir, 'server.log');
	const init = run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
	if (!init.ok) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`initdb failed:\n${init.out}`);
	}
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=60 -c shared_buffers=32MB`;
	const cluster: Cluster = {
		url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
		port,
		dir,
		postmasterPid() {
			return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		},
		kill9() {
			const pid = cluster.postmasterPid();
			process.kill(pid, 'SIGKILL');
			return pid;
		},
		async start() {
			let last = '';
			for (let attempt = 0; attempt < 20; attempt++) {
				const r = run(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
				if (r.ok) return;
				last = r.out;
				await new Promise((res) => setTimeout(res, 500));
			}
			throw new Error(`pg_ctl start failed:\n${last}\n${cluster.log().slice(-3000)}`);
		},
		log() {
			return existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
		},
		async destroy() {
			if (existsSync(join(data, 'postmaster.pid'))) run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
			rmSync(dir, { recursive: true, force: true });
		}
	};
	try {
		await cluster.start();
	} catch (e) {
		await cluster.destroy();
		throw e;
	}
	return cluster;
}
