// Test stack for the API tests: a seeded throwaway database, the local Supabase stand-in in front of it
// (random port), and optionally the built SvelteKit app (`node build`, real HTTP) pointed at the stand-in.
// Real parts only: PostgreSQL, HTTP, GoTrue/PostgREST protocol, the production build of the app.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createServerClient } from '@supabase/ssr';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { ROOT, createThrowawayDatabase, dropDatabase } from '../../../scripts/lib/postgres';
import { buildIfStale } from '../../../scripts/start';
import { startStandIn, type StandIn } from '../../../stand-in/src/server';
import { ANON_KEY } from '../../../stand-in/src/keys';
import type { Database } from '../../../types/database';
import { freePort } from '../../../scripts/lib/ports.ts';

export type Client = SupabaseClient<Database>;
export const DEMO_PASSWORD = 'demo-password';
export const EMAILS = {
	owner: 'owner@example.com',
	publisher: 'publisher@example.com',
	editor: 'editor@example.com',
	viewer: 'viewer@example.com',
	outsider: 'outsider@example.com'
} as const;
export type DemoRole = keyof typeof EMAILS;

export interface Stack {
	supabaseUrl: string;
	anonKey: string;
	databaseUrl: string;
	appUrl: string | null;
	/** Every line the app wrote to stdout (the structured API logs among them). */
	appStdout: string[];
	stop(): Promise<void>;
}


async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output()}`);
		try {
			const res = await fetch(url);
			await res.body?.cancel();
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`the app did not answer at ${url}:\n${output()}`);
}

export interface AppProcess {
	url: string;
	stop: () => Promise<void>;
}

/**
 * Builds the app when build/ is stale and serves it with `node build` on a free port, pointed at the
 * Supabase API `supabaseUrl`. `databaseUrl` (or null) becomes the app's DATABASE_URL (used by /api/health).
 * `env` adds or overrides variables (METRICS_TOKEN, PUBLIC_LOCAL_MODE, SUPABASE_JWT_SECRET…).
 */
export async function startApp(
	supabaseUrl: string,
	databaseUrl: string | null,
	stdout: string[] = [],
	env: Record<string, string> = {}
): Promise<AppProcess> {
	buildIfStale();
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [join(ROOT, 'build')], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			PUBLIC_SUPABASE_URL: supabaseUrl,
			PUBLIC_SUPABASE_ANON_KEY: ANON_KEY,
			DATABASE_URL: databaseUrl ?? '',
			BODY_SIZE_LIMIT: '4M',
			API_LOG: 'on',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	let partial = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		const lines = (partial + chunk).split('\n');
		partial = lines.pop()!;
		stdout.push(...lines);
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	await waitForHttp(`${origin}/api/health`, child, () => stdout.join('\n') + stderr);
	return {
		url: origin,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
		}
	};
}

export async function startStack(opts: { app: boolean; prefix?: string }): Promise<Stack> {
	const databaseUrl = await createThrowawayDatabase(opts.prefix ?? 'wv_api', { seed: true });
	let standIn: StandIn | null = null;
	let app: { url: string; stop: () => Promise<void> } | null = null;
	const appStdout: string[] = [];
	try {
		standIn = await startStandIn({ databaseUrl, port: 0, log: false });
		if (opts.app) app = await startApp(standIn.url, databaseUrl, appStdout);
	} catch (e) {
		await standIn?.close().catch(() => {});
		await dropDatabase(databaseUrl).catch(() => {});
		throw e;
	}
	const s = standIn;
	return {
		supabaseUrl: s.url,
		anonKey: ANON_KEY,
		databaseUrl,
		appUrl: app?.url ?? null,
		appStdout,
		stop: async () => {
			await app?.stop().catch(() => {});
			await s.close().catch(() => {});
			await dropDatabase(databaseUrl);
		}
	};
}

/** A supabase-js client typed by the generated Database (no session persistence, Node 20 realtime transport). */
export function client(supabaseUrl: string, anonKey: string): Client {
	return createClient<Database>(supabaseUrl, anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: { transport: ws as unknown as typeof WebSocket }
	});
}

export interface SignedIn {
	supabase: Client;
	token: string;
	userId: string;
}

export async function signIn(supabaseUrl: string, anonKey: string, email: string): Promise<SignedIn> {
	const supabase = client(supabaseUrl, anonKey);
	const { data, error } = await supabase.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
	if (error || !data.session) throw new Error(`sign-in of ${email} failed: ${error?.message}`);
	return { supabase, token: data.session.access_token, userId: data.user.id };
}

/**
 * The `Cookie` header a browser would send after signing in through @supabase/ssr (the same library the
 * app's hooks read the session with): the cookies its setAll produced, chunked and encoded as it does.
 */
export async function sessionCookieHeader(supabaseUrl: string, anonKey: string, email: string): Promise<string> {
	const jar = new Map<string, string>();
	const ssr = createServerClient<Database>(supabaseUrl, anonKey, {
		cookies: {
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			setAll: (cookies) => {
				for (const { name, value } of cookies) {
					if (value) jar.set(name, value);
					else jar.delete(name);
				}
			}
		},
		realtime: { transport: ws as unknown as typeof WebSocket }
	});
	const { error } = await ssr.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
	if (error) throw new Error(`cookie sign-in of ${email} failed: ${error.message}`);
	// setAll may be deferred to the end of the auth call chain; give it a tick.
	await new Promise((r) => setTimeout(r, 0));
	if (jar.size === 0) throw new Error('@supabase/ssr set no session cookie');
	return [...jar].map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('; ');
}
