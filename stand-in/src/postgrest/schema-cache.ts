// PostgREST's schema cache (docs/supabase-compat.md §3.11): the callable functions and the relations of the
// exposed schemas, the API roles' settings and the time zone names. Loaded at startup, reloaded on demand and on
// `NOTIFY pgrst, 'reload schema'` (or 'reload config' for the role settings).
import pg from 'pg';
import { withClient } from '../db.ts';

export interface RoutineParam {
	name: string; // '' when unnamed
	/** Type as `regtype` prints it with an empty search_path (`integer`, `public.project_role`, `text[]`). */
	type: string;
	/** The type the JSON body is read as: `character`/`bit` widened to their varying forms, as PostgREST does. */
	bodyType: string;
	variadic: boolean;
	/** Required when its index < pronargs − pronargdefaults. */
	required: boolean;
}

export interface Routine {
	schema: string;
	name: string;
	description: string | null;
	params: RoutineParam[];
	returnsVoid: boolean;
	/** Composite class: row type, RETURNS TABLE, OUT/INOUT parameters. */
	returnsComposite: boolean;
	returnsSetOf: boolean;
	volatility: 'v' | 's' | 'i';
	/** Hoisted settings from the function's SET clauses. */
	hoisted: Array<[string, string]>;
	/** `schema.name(a => integer, b => text)`, as PGRST203 lists candidates. */
	signature: string;
}

export interface Column {
	name: string;
	/** The type a JSON payload is read as (PostgREST's `data_type`). */
	type: string;
	/** The default expression (identity columns: their sequence's nextval), qualified; null when none. */
	default: string | null;
}

export interface Relation {
	schema: string;
	name: string;
	kind: string;
	columns: Column[];
	pk: string[];
}

export interface SchemaCache {
	routines: Map<string, Routine[]>; // key: schema.name, overloads in PostgREST's order
	relations: Map<string, Relation>; // key: schema.name
	/** role → [[setting, value], …] in catalog order. */
	roleSettings: Map<string, Array<[string, string]>>;
	exposedSchemas: string[];
	/** pg_timezone_names, for `Prefer: timezone`. */
	timezones: Set<string>;
}

const HOISTABLE = new Set(['statement_timeout', 'plan_filter.statement_cost_limit', 'default_transaction_isolation']);

// Callable functions as PostgREST's schema cache finds them (docs/supabase-compat.md §3.4): every input argument
// named, or exactly one unnamed and the first argument of type bytea, json, jsonb, text or xml.
const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, d.description, p.pronargs as nargs, p.pronargdefaults as ndefaults,
       p.provolatile as volatility, p.proretset as setof,
       p.prorettype = 'pg_catalog.void'::regtype as returns_void,
       (coalesce(bt.typtype, rt.typtype) = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as composite,
       coalesce(p.proconfig, '{}') as config,
       coalesce((
         select json_agg(json_build_object(
                  'name', coalesce(a.name, ''), 'type', a.type::regtype::text,
                  'bodyType', case a.type when 'bit'::regtype then 'bit varying' when 'bit[]'::regtype then 'bit varying[]'
                                          when 'character'::regtype then 'character varying'
                                          when 'character[]'::regtype then 'character varying[]'
                                          else a.type::regtype::text end,
                  'variadic', a.mode = 'v') order by a.ord)
           from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                       coalesce(p.proargmodes::text[], array_fill('i'::text, array[p.pronargs::int])),
                       p.proargnames) with ordinality as a(type, mode, name, ord)
          where a.mode in ('i', 'b', 'v')
       ), '[]') as params
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type rt on rt.oid = p.prorettype
  left join pg_type bt on bt.oid = rt.typbasetype and rt.typtype = 'd'
  left join pg_description d on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
 where n.nspname = any($1) and p.prokind = 'f' and p.prorettype <> 'pg_catalog.trigger'::regtype`;

// Columns with PostgREST's payload type (domains over pg_catalog types read as their base type) and defaults.
const RELATIONS_SQL = `
select n.nspname as schema, c.relname as name, c.relkind as kind,
       coalesce((
         select json_agg(json_build_object(
                  'name', a.attname,
                  'type', case when t.typtype = 'd' and bt.typnamespace = 'pg_catalog'::regnamespace
                                 then format_type(t.typbasetype, null)
                               when t.typnamespace = 'pg_catalog'::regnamespace then format_type(a.atttypid, null)
                               else format_type(a.atttypid, a.atttypmod) end,
                  'default', case when a.attidentity in ('a', 'd')
                                    then format('nextval(%L::regclass)', pg_get_serial_sequence(c.oid::regclass::text, a.attname))
                                  when a.attgenerated = 's' then null
                                  else pg_get_expr(ad.adbin, ad.adrelid) end
                ) order by a.attnum)
           from pg_attribute a
           join pg_type t on t.oid = a.atttypid
           left join pg_type bt on bt.oid = t.typbasetype
           left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       ), '[]') as columns,
       coalesce((
         select array_agg(a.attname::text order by k.ord)
           from pg_constraint pk
           cross join lateral unnest(pk.conkey) with ordinality as k(attnum, ord)
           join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
          where pk.conrelid = c.oid and pk.contype = 'p'
       ), '{}') as pk
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`;

// Settings of the roles the authenticator may switch to, database-specific ones winning; only those a user
// may set (pg_settings.context = 'user'); values lowercased like PostgREST's queryRoleSettings.
const ROLE_SETTINGS_SQL = `
with granted as (
  select r.oid, r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid
   where m.member = current_user::regrole
), kv as (
  select g.rolname, s.setdatabase, split_part(c.setting, '=', 1) as key,
         lower(substr(c.setting, strpos(c.setting, '=') + 1)) as value, c.ord
    from granted g
    join pg_db_role_setting s on s.setrole = g.oid
     and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
    cross join lateral unnest(s.setconfig) with ordinality as c(setting, ord)
)
select distinct on (kv.rolname, kv.key) kv.rolname, kv.key, kv.value
  from kv join pg_settings ps on ps.name = kv.key and ps.context = 'user'
 order by kv.rolname, kv.key, kv.setdatabase desc`;

const UNNAMED_CALLABLE = new Set(['bytea', 'json', 'jsonb', 'text', 'xml']);

/** PostgREST's `callable`: no unnamed argument, or exactly one and the first argument's type is in the list. */
function isCallable(params: RoutineParam[]): boolean {
	const unnamed = params.filter((p) => p.name === '').length;
	if (unnamed === 0) return true;
	return unnamed === 1 && UNNAMED_CALLABLE.has(params[0].type);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** PostgREST's `Ord Routine` for overloads: fewer parameters first, then description, then the parameters. */
export function compareOverloads(a: Routine, b: Routine): number {
	if (a.params.length !== b.params.length) return a.params.length - b.params.length;
	if (a.description !== b.description) {
		if (a.description === null) return -1;
		if (b.description === null) return 1;
		return cmp(a.description, b.description);
	}
	for (let i = 0; i < a.params.length; i++) {
		const x = a.params[i];
		const y = b.params[i];
		const c = cmp(x.name, y.name) || cmp(x.type, y.type) || cmp(x.bodyType, y.bodyType) ||
			Number(x.required) - Number(y.required) || Number(x.variadic) - Number(y.variadic);
		if (c) return c;
	}
	return 0;
}

export async function loadSchemaCache(client: pg.ClientBase, schemas: string[], timezones: Set<string>): Promise<SchemaCache> {
	await client.query('begin read only');
	try {
		// An empty search_path makes regtype and pg_get_expr qualify every name (PostgREST does the same).
		await client.query(`set local search_path = ''`);
		const cache = await loadInTransaction(client, schemas, timezones);
		await client.query('commit');
		return cache;
	} catch (e) {
		await client.query('rollback').catch(() => {});
		throw e;
	}
}

async function loadInTransaction(client: pg.ClientBase, schemas: string[], timezones: Set<string>): Promise<SchemaCache> {
	const existing = (
		await client.query<{ nspname: string }>('select nspname from pg_catalog.pg_namespace where nspname = any($1)', [schemas])
	).rows.map((r) => r.nspname);
	const exposedSchemas = schemas.filter((s) => existing.includes(s) || s === schemas[0]);

	const routines = new Map<string, Routine[]>();
	for (const r of (await client.query(ROUTINES_SQL, [schemas])).rows) {
		const raw = r.params as Array<{ name: string; type: string; bodyType: string; variadic: boolean }>;
		const nRequired = r.nargs - r.ndefaults;
		const params: RoutineParam[] = raw.map((p, i) => ({ ...p, required: i < nRequired }));
		if (!isCallable(params)) continue;
		const hoisted: Array<[string, string]> = (r.config as string[])
			.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string])
			.filter(([k]) => HOISTABLE.has(k));
		const routine: Routine = {
			schema: r.schema,
			name: r.name,
			description: r.description ?? null,
			params,
			returnsVoid: r.returns_void,
			returnsComposite: r.composite,
			returnsSetOf: r.setof,
			volatility: r.volatility,
			hoisted,
			signature: `${r.schema}.${r.name}(${params.map((p) => `${p.name} => ${p.type}`).join(', ')})`
		};
		const key = `${r.schema}.${r.name}`;
		(routines.get(key) ?? routines.set(key, []).get(key)!).push(routine);
	}
	for (const list of routines.values()) list.sort(compareOverloads);

	const relations = new Map<string, Relation>();
	for (const r of (await client.query(RELATIONS_SQL, [schemas])).rows) {
		relations.set(`${r.schema}.${r.name}`, { schema: r.schema, name: r.name, kind: r.kind, columns: r.columns, pk: r.pk });
	}

	const roleSettings = new Map<string, Array<[string, string]>>();
	for (const r of (await client.query(ROLE_SETTINGS_SQL)).rows) {
		(roleSettings.get(r.rolname) ?? roleSettings.set(r.rolname, []).get(r.rolname)!).push([r.key, r.value]);
	}

	if (timezones.size === 0) {
		for (const r of (await client.query('select name from pg_catalog.pg_timezone_names')).rows) timezones.add(r.name);
	}
	return { routines, relations, roleSettings, exposedSchemas, timezones };
}

/** Holds the current cache, reloads it, and listens on the `pgrst` channel with automatic reconnection. */
export class SchemaCacheHolder {
	private current: SchemaCache | undefined;
	private loading: Promise<SchemaCache> | undefined;
	private listener: pg.Client | undefined;
	private closed = false;
	private retryTimer: NodeJS.Timeout | undefined;
	/** The time zone names never change with the schema: loaded once. */
	private readonly timezones = new Set<string>();

	constructor(
		private readonly pool: pg.Pool,
		private readonly listenUrl: string,
		private readonly schemas: string[]
	) {}

	async get(): Promise<SchemaCache> {
		if (this.current) return this.current;
		return this.reload();
	}

	/** Reloads from the catalog; concurrent callers share one load. */
	reload(): Promise<SchemaCache> {
		this.loading ??= (async () => {
			this.current = await withClient(this.pool, (client) => loadSchemaCache(client, this.schemas, this.timezones));
			return this.current;
		})().finally(() => (this.loading = undefined));
		return this.loading;
	}

	/** LISTEN pgrst; on 'reload schema' / 'reload config' / '' reload (docs/supabase-compat.md §3.11). */
	async listen(): Promise<void> {
		if (this.closed) return;
		const client = new pg.Client({ connectionString: this.listenUrl, application_name: 'stand-in listener' });
		client.on('error', () => this.scheduleRelisten(client));
		client.on('end', () => this.scheduleRelisten(client));
		client.on('notification', (n) => {
			if (n.channel !== 'pgrst') return;
			const payload = (n.payload ?? '').trim();
			if (payload === '' || payload === 'reload schema' || payload === 'reload config') this.reload().catch(() => {});
		});
		try {
			await client.connect();
			await client.query('listen pgrst');
			this.listener = client;
		} catch {
			this.scheduleRelisten(client);
		}
	}

	private scheduleRelisten(client: pg.Client): void {
		if (this.closed || this.retryTimer || (this.listener && this.listener !== client)) return;
		this.listener = undefined;
		client.end().catch(() => {});
		this.retryTimer = setTimeout(() => {
			this.retryTimer = undefined;
			// After reconnecting, the catalog may have changed while we were away: reload, as PostgREST does.
			this.listen()
				.then(() => (this.listener ? this.reload() : undefined))
				.catch(() => {});
		}, 1000);
		this.retryTimer.unref();
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.retryTimer) clearTimeout(this.retryTimer);
		await this.listener?.end().catch(() => {});
	}
}
