// PostgREST's schema cache (reference A2, A3, B "Role settings"): the callable functions and the relations of
// the exposed schemas, and the API roles' settings. Loaded at startup, reloaded on demand and on
// `NOTIFY pgrst, 'reload schema'` (or 'reload config' for the role settings).
import pg from 'pg';
import { withClient } from '../db.ts';

export interface RoutineParam {
	name: string; // '' when unnamed
	/** Type as `format_type` prints it, usable in a cast (`integer`, `public.project_role`, `text[]`). */
	type: string;
	variadic: boolean;
	/** Required when its index < pronargs − pronargdefaults. */
	required: boolean;
}

export interface Routine {
	schema: string;
	name: string;
	params: RoutineParam[];
	returnsVoid: boolean;
	/** Composite class: row type, RETURNS TABLE, OUT/INOUT parameters (A3). */
	returnsComposite: boolean;
	returnsSetOf: boolean;
	volatility: 'v' | 's' | 'i';
	/** Hoisted settings from the function's SET clauses (B, "Hoisted function settings"). */
	hoisted: Array<[string, string]>;
	signature: string;
}

export interface Relation {
	schema: string;
	name: string;
	kind: string;
	columns: string[];
}

export interface SchemaCache {
	routines: Map<string, Routine[]>; // key: schema.name
	relations: Map<string, Relation>; // key: schema.name
	/** role → [[setting, value], …] in catalog order. */
	roleSettings: Map<string, Array<[string, string]>>;
	exposedSchemas: string[];
}

const HOISTABLE = new Set(['statement_timeout', 'plan_filter.statement_cost_limit', 'default_transaction_isolation']);

const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, p.pronargs as nargs, p.pronargdefaults as ndefaults,
       p.provolatile as volatility, p.proretset as setof,
       p.prorettype = 'pg_catalog.void'::regtype as returns_void,
       (coalesce(bt.typtype, rt.typtype) = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as composite,
       coalesce(p.proconfig, '{}') as config,
       coalesce((
         select json_agg(json_build_object('name', coalesce(a.name, ''), 'type', format_type(a.type, null),
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
 where n.nspname = any($1) and p.prokind = 'f' and p.prorettype <> 'pg_catalog.trigger'::regtype`;

const RELATIONS_SQL = `
select n.nspname as schema, c.relname as name, c.relkind as kind,
       coalesce(array_agg(a.attname::text order by a.attnum) filter (where a.attnum > 0), '{}') as columns
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
 where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')
 group by 1, 2, 3`;

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

function isAllowedUnnamed(params: RoutineParam[]): boolean {
	// A single unnamed json/jsonb/text/xml/bytea parameter is callable (A2); other unnamed params are not.
	return params.length === 1 && ['json', 'jsonb', 'text', 'xml', 'bytea'].includes(params[0].type);
}

export async function loadSchemaCache(client: pg.ClientBase, schemas: string[]): Promise<SchemaCache> {
	const existing = (
		await client.query<{ nspname: string }>('select nspname from pg_namespace where nspname = any($1)', [schemas])
	).rows.map((r) => r.nspname);
	const exposedSchemas = schemas.filter((s) => existing.includes(s) || s === schemas[0]);

	const routines = new Map<string, Routine[]>();
	const fnRows = await client.query(ROUTINES_SQL, [schemas]);
	for (const r of fnRows.rows) {
		const raw = r.params as Array<{ name: string; type: string; variadic: boolean }>;
		const nRequired = r.nargs - r.ndefaults;
		const params: RoutineParam[] = raw.map((p, i) => ({ ...p, required: i < nRequired }));
		if (params.some((p) => p.name === '') && !isAllowedUnnamed(params)) continue;
		const hoisted: Array<[string, string]> = (r.config as string[])
			.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string])
			.filter(([k]) => HOISTABLE.has(k));
		const routine: Routine = {
			schema: r.schema,
			name: r.name,
			params,
			returnsVoid: r.returns_void,
			returnsComposite: r.composite,
			returnsSetOf: r.setof,
			volatility: r.volatility,
			hoisted,
			signature: `${r.schema}.${r.name}(${params.map((p) => (p.name ? `${p.name} => ${p.type}` : p.type)).join(', ')})`
		};
		const key = `${r.schema}.${r.name}`;
		(routines.get(key) ?? routines.set(key, []).get(key)!).push(routine);
	}

	const relations = new Map<string, Relation>();
	for (const r of (await client.query(RELATIONS_SQL, [schemas])).rows) {
		relations.set(`${r.schema}.${r.name}`, { schema: r.schema, name: r.name, kind: r.kind, columns: r.columns });
	}

	const roleSettings = new Map<string, Array<[string, string]>>();
	for (const r of (await client.query(ROLE_SETTINGS_SQL)).rows) {
		(roleSettings.get(r.rolname) ?? roleSettings.set(r.rolname, []).get(r.rolname)!).push([r.key, r.value]);
	}

	return { routines, relations, roleSettings, exposedSchemas };
}

/** Holds the current cache, reloads it, and listens on the `pgrst` channel with automatic reconnection. */
export class SchemaCacheHolder {
	private current: SchemaCache | undefined;
	private loading: Promise<SchemaCache> | undefined;
	private listener: pg.Client | undefined;
	private closed = false;
	private retryTimer: NodeJS.Timeout | undefined;

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
			this.current = await withClient(this.pool, (client) => loadSchemaCache(client, this.schemas));
			return this.current;
		})().finally(() => (this.loading = undefined));
		return this.loading;
	}

	/** LISTEN pgrst; on 'reload schema' / 'reload config' / '' reload (section G, "DDL watch"). */
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
