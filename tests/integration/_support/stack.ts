// A whole local stack for one test file: a throwaway database (bootstrap + migrations, seed optional)
// and the Supabase stand-in in front of it on a free port, plus signed-in supabase-js clients.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { createThrowawayDatabase, dropDatabase } from '../../../scripts/lib/postgres.ts';
import { startStandIn, type StandIn } from '../../../stand-in/src/server.ts';
import { ANON_KEY, SERVICE_ROLE_KEY } from '../../../stand-in/src/keys.ts';
import { PASSWORD } from './db.ts';

export { ANON_KEY, SERVICE_ROLE_KEY };

export interface Stack {
	databaseUrl: string;
	apiUrl: string;
	standIn: StandIn;
	close(): Promise<void>;
}

/** Throwaway database + stand-in (in this process, port chosen by the OS). Always call close(). */
export async function startStack(prefix: string, opts: { seed?: boolean; poolSize?: number } = {}): Promise<Stack> {
	const databaseUrl = await createThrowawayDatabase(prefix, { seed: opts.seed ?? false });
	let standIn: StandIn;
	try {
		standIn = await startStandIn({
			databaseUrl,
			port: 0,
			log: process.env.STAND_IN_LOG === '1',
			...(opts.poolSize ? { rest: { poolSize: opts.poolSize } } : {})
		});
	} catch (e) {
		await dropDatabase(databaseUrl).catch(() => {});
		throw e;
	}
	return {
		databaseUrl,
		apiUrl: standIn.url,
		standIn,
		async close() {
			await standIn.close().catch(() => {});
			if (!process.env.KEEP_TEST_DB) await dropDatabase(databaseUrl).catch(() => {});
		}
	};
}

export type Client = SupabaseClient;

/** A supabase-js client with the anon key, no stored session (server-side style). */
export function anonClient(apiUrl: string, key = ANON_KEY, headers?: Record<string, string>): Client {
	return createClient(apiUrl, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: { transport: ws as unknown as typeof WebSocket },
		...(headers ? { global: { headers } } : {})
	});
}

/** Signs in through GoTrue (POST /auth/v1/token?grant_type=password); returns the client and its token. */
export async function signIn(apiUrl: string, email: string, password = PASSWORD): Promise<{ client: Client; accessToken: string }> {
	const client = anonClient(apiUrl);
	const { data, error } = await client.auth.signInWithPassword({ email, password });
	if (error || !data.session) throw new Error(`sign-in of ${email} failed: ${error?.message ?? 'no session'}`);
	return { client, accessToken: data.session.access_token };
}

/** A client that sends the given bearer token (forged or real) with the anon key as apikey. */
export function tokenClient(apiUrl: string, token: string): Client {
	return anonClient(apiUrl, ANON_KEY, { Authorization: `Bearer ${token}` });
}
