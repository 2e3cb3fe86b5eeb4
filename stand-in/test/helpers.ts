// Shared test plumbing: a throwaway database (migrations when they apply, else the compat bootstrap alone, so
// protocol tests never depend on the app schema), protocol fixtures in `public`, and a running stand-in.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import {
	BOOTSTRAP_FILE,
	createDatabase,
	createThrowawayDatabase,
	dropDatabase,
	ensureServer,
	withDatabase
} from '../../scripts/lib/postgres.ts';
import { ANON_KEY, JWT_SECRET } from '../src/keys.ts';
import { signJwt } from '../src/jwt.ts';
import { startStandIn } from '../src/server.ts';
import type { StandIn, StandInOptions } from '../src/server.ts';

export async function throwawayDatabase(prefix = 'wv_standin'): Promise<string> {
	try {
		return await createThrowawayDatabase(prefix, { seed: false });
	} catch (e) {
		// The migrations are someone else's work in progress: fall back to the Supabase compat layer only.
		process.stderr.write(`[stand-in test] migrations did not apply (${(e as Error).message.split('\n')[0]}); bootstrap only\n`);
		const url = withDatabase(await ensureServer(), `${prefix}_bootstrap_${process.pid}_${Date.now().toString(36)}`);
		await dropDatabase(url);
		await createDatabase(url);
		await sql(url, readFileSync(BOOTSTRAP_FILE, 'utf8'));
		return url;
	}
}

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values?: unknown[]): Promise<T[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query('set client_min_messages = warning');
		const r = await client.query<T>(text, values);
		return Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult<T>).rows : r.rows;
	} finally {
		await client.end();
	}
}

export interface Harness {
	db: string;
	standIn: StandIn;
	close(): Promise<void>;
}

export async function startHarness(fixtures: string, options: Partial<StandInOptions> = {}): Promise<Harness> {
	const db = await throwawayDatabase();
	if (fixtures) await sql(db, fixtures);
	const standIn = await startStandIn({ databaseUrl: db, port: 0, log: process.env.STAND_IN_LOG === '1', ...options });
	return {
		db,
		standIn,
		async close() {
			await standIn.close();
			await dropDatabase(db);
		}
	};
}

export function supabaseClient(url: string, key = ANON_KEY) {
	return createClient(url, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: { transport: ws as unknown as typeof WebSocket }
	});
}

/** A token signed with the local secret (or another), for JWT edge cases. */
export function token(claims: Record<string, unknown>, secret = JWT_SECRET): string {
	return signJwt(claims, secret);
}

export const now = () => Math.floor(Date.now() / 1000);

/** Protocol fixtures: one object per return shape, volatility, error path and permission case. */
export const PROTOCOL_FIXTURES = `
create table public.t_items (
  id int primary key,
  name text,
  score numeric,
  tags text[],
  meta jsonb,
  big bigint,
  created_at timestamptz not null default '2024-01-01T10:00:00Z'
);
insert into public.t_items (id, name, score, tags, meta, big)
select g, case when g % 5 = 0 then null else 'item ' || g end, g * 1.5, array['t' || (g % 3)],
       jsonb_build_object('kind', case when g % 2 = 0 then 'even' else 'odd' end), 9007199254740993 + g
  from generate_series(1, 12) g;
grant select, insert, update, delete on public.t_items to anon, authenticated, service_role;

create table public.t_secret (id int primary key);
revoke all on public.t_secret from anon, authenticated;

create table public.t_log (id serial primary key, note text);
grant select, insert on public.t_log to anon, authenticated;
grant usage on sequence public.t_log_id_seq to anon, authenticated;

create function public.t_void() returns void language sql volatile as $$ insert into public.t_log (note) values ('void') $$;
create function public.t_scalar(a int, b int default 10) returns int language sql immutable as $$ select a + b $$;
create function public.t_text(t text) returns text language sql stable as $$ select 'got ' || t $$;
create function public.t_item(item_id int) returns public.t_items language sql stable
  as $$ select * from public.t_items where id = item_id $$;
create function public.t_items_from(min_id int default 0) returns setof public.t_items language sql stable
  as $$ select * from public.t_items where id >= min_id order by id $$;
create function public.t_numbers(n int) returns setof int language sql immutable as $$ select generate_series(1, n) $$;
create function public.t_table(n int) returns table (big bigint, at timestamptz, amount numeric, flag boolean)
  language sql immutable
  as $$ select 9007199254740993::bigint, '2024-05-01 10:00:00.5+00'::timestamptz, 12.50::numeric, true from generate_series(1, n) $$;
create function public.t_overload(a int) returns text language sql immutable as $$ select 'int' $$;
create function public.t_overload(a text) returns text language sql immutable as $$ select 'text' $$;
create function public.t_arr(vals int[]) returns int language sql immutable as $$ select coalesce(array_length(vals, 1), 0) $$;
create function public.t_json(jsonb) returns jsonb language sql immutable as $$ select $1 $$;
create function public.t_write(note text) returns int language sql volatile
  as $$ insert into public.t_log (note) values (note) returning id $$;
create function public.t_raise(state text, msg text) returns void language plpgsql volatile as $$
begin
  raise exception using errcode = state, message = msg, detail = 'the detail', hint = 'the hint';
end $$;
create function public.t_context() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'user', current_user,
    'claims', nullif(current_setting('request.jwt.claims', true), '')::jsonb,
    'method', current_setting('request.method', true),
    'path', current_setting('request.path', true),
    'headers', nullif(current_setting('request.headers', true), '')::jsonb,
    'cookies', nullif(current_setting('request.cookies', true), '')::jsonb,
    'search_path', current_setting('search_path'),
    'statement_timeout', current_setting('statement_timeout'),
    'read_only', current_setting('transaction_read_only'),
    'isolation', current_setting('transaction_isolation'),
    'uid', auth.uid(),
    'role_claim', auth.role()
  ) $$;
create function public.t_volatile_context() returns jsonb language sql volatile as $$
  select jsonb_build_object('read_only', current_setting('transaction_read_only')) $$;
create function public.t_guc() returns int language plpgsql stable as $$
begin
  perform set_config('response.status', '418', true);
  perform set_config('response.headers', '[{"X-Teapot": "yes"}, {"Cache-Control": "max-age=1"}]', true);
  return 1;
end $$;
create function public.t_private() returns int language sql stable as $$ select 1 $$;
revoke execute on function public.t_private() from public, anon, authenticated;

grant execute on function public.t_void(), public.t_scalar(int, int), public.t_text(text), public.t_item(int),
  public.t_items_from(int), public.t_numbers(int), public.t_table(int), public.t_overload(int), public.t_overload(text),
  public.t_arr(int[]), public.t_json(jsonb), public.t_write(text), public.t_raise(text, text), public.t_context(),
  public.t_volatile_context(), public.t_guc()
  to anon, authenticated, service_role;
`;
