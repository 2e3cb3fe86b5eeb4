// The database catalog docs/api.md is built from: every public function (signature, JSON arguments
// with types and defaults, return shape, volatility, comment, EXECUTE grants, source), the private
// helpers' sources, enums, composite types and the tables clients may read.
import pg from 'pg';

export interface Arg {
	name: string;
	type: string;
	default: string | null;
}

export interface Fn {
	name: string;
	identity: string;
	args: Arg[];
	result: string;
	returnsSet: boolean;
	returnType: string;
	returnTypeKind: string; // c = composite, b = base, p = pseudo (void), e = enum
	returnRelation: number; // typrelid
	outColumns: Array<{ name: string; type: string }>;
	volatility: 'volatile' | 'stable' | 'immutable';
	securityDefiner: boolean;
	comment: string | null;
	grants: string[];
	source: string;
}

/** Splits `a uuid, b jsonb DEFAULT '{"x": 1, "y": 2}'::jsonb` at top-level commas. */
function splitTopLevel(s: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let quote = false;
	let cur = '';
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (quote) {
			cur += ch;
			if (ch === "'") quote = s[i + 1] === "'" ? ((cur += s[++i]), true) : false;
			continue;
		}
		if (ch === "'") quote = true;
		else if (ch === '(' || ch === '[') depth++;
		else if (ch === ')' || ch === ']') depth--;
		else if (ch === ',' && depth === 0) {
			parts.push(cur.trim());
			cur = '';
			continue;
		}
		cur += ch;
	}
	if (cur.trim()) parts.push(cur.trim());
	return parts;
}

function parseArgs(text: string): Arg[] {
	return splitTopLevel(text)
		.filter((a) => !/^(OUT|TABLE)\b/.test(a))
		.map((a) => {
			const m = /^(?:IN\s+|INOUT\s+)?(\S+)\s+(.+?)(?:\s+DEFAULT\s+(.+))?$/s.exec(a);
			if (!m) throw new Error(`cannot parse argument "${a}"`);
			const def = m[3] === undefined ? null : /^NULL::/.test(m[3]) ? 'null' : m[3];
			return { name: m[1], type: m[2], default: def };
		});
}


export interface Catalog {
	functions: Fn[];
	helperSources: Map<string, string>; // "schema.name" → source
	/** BEFORE row triggers that fire on writes of named columns (`update of …`) of public tables. */
	columnTriggers: Array<{ table: string; columns: string[]; fn: string }>;
	enums: Map<string, string[]>;
	composites: Map<number, Array<{ name: string; type: string; notNull: boolean }>>;
	tables: Array<{
		name: string;
		comment: string | null;
		rls: boolean;
		grants: string[];
		relid: number;
	}>;
}

export async function readCatalog(url: string): Promise<Catalog> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const fns = await client.query(`
			select p.proname as name,
			       pg_get_function_identity_arguments(p.oid) as identity,
			       pg_get_function_arguments(p.oid) as args,
			       pg_get_function_result(p.oid) as result,
			       p.proretset as returns_set,
			       format_type(p.prorettype, null) as return_type,
			       t.typtype as return_kind,
			       t.typrelid::int as return_relid,
			       p.provolatile as volatility,
			       p.prosecdef as security_definer,
			       obj_description(p.oid, 'pg_proc') as comment,
			       p.prosrc as source,
			       array_remove(array[
			         case when has_function_privilege('anon', p.oid, 'execute') then 'anon' end,
			         case when has_function_privilege('authenticated', p.oid, 'execute') then 'authenticated' end,
			         case when has_function_privilege('service_role', p.oid, 'execute') then 'service_role' end
			       ], null) as grants,
			       coalesce((select json_agg(json_build_object('name', o.name, 'type', format_type(o.type, null)) order by o.ord)
			                 from unnest(p.proargnames, p.proargmodes::text[], p.proallargtypes) with ordinality as o(name, mode, type, ord)
			                 where o.mode in ('o', 't', 'b')), '[]') as out_columns
			from pg_proc p
			join pg_namespace n on n.oid = p.pronamespace
			join pg_type t on t.oid = p.prorettype
			where n.nspname = 'public' and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
			order by p.proname, pg_get_function_identity_arguments(p.oid)`);
		const helpers = await client.query(`
			select n.nspname || '.' || p.proname as name, p.prosrc as source
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname in ('public', 'private') and p.prokind = 'f'
			order by 1`);
		const columnTriggers = await client.query(`
			select c.relname as table, fn.nspname || '.' || p.proname as fn,
			       array(select a.attname::text from unnest(t.tgattr::int2[]) as k(attnum)
			             join pg_attribute a on a.attrelid = t.tgrelid and a.attnum = k.attnum order by 1) as columns
			from pg_trigger t
			join pg_class c on c.oid = t.tgrelid
			join pg_namespace n on n.oid = c.relnamespace
			join pg_proc p on p.oid = t.tgfoid
			join pg_namespace fn on fn.oid = p.pronamespace
			where n.nspname = 'public' and not t.tgisinternal and array_length(t.tgattr::int2[], 1) > 0
			order by 1, 2`);
		const enums = await client.query(`
			select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
			from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
			where n.nspname = 'public' group by t.typname order by t.typname`);
		const attrs = await client.query(`
			select a.attrelid::int as relid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
			from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped
			order by a.attrelid, a.attnum`);
		const tables = await client.query(`
			select c.relname as name, c.oid::int as relid, obj_description(c.oid, 'pg_class') as comment,
			       c.relrowsecurity as rls,
			       array_remove(array[
			         case when has_table_privilege('anon', c.oid, 'select') then 'anon' end,
			         case when has_table_privilege('authenticated', c.oid, 'select') then 'authenticated' end,
			         case when has_table_privilege('service_role', c.oid, 'select') then 'service_role' end
			       ], null) as grants
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'v', 'p')
			order by c.relname`);
		const composites = new Map<number, Array<{ name: string; type: string; notNull: boolean }>>();
		for (const r of attrs.rows) {
			if (!composites.has(r.relid)) composites.set(r.relid, []);
			composites.get(r.relid)!.push({ name: r.name, type: r.type, notNull: r.not_null });
		}
		return {
			functions: fns.rows.map((r) => ({
				name: r.name,
				identity: r.identity,
				args: parseArgs(r.args),
				result: r.result,
				returnsSet: r.returns_set,
				returnType: r.return_type,
				returnTypeKind: r.return_kind,
				returnRelation: r.return_relid,
				outColumns: r.out_columns,
				volatility: ({ v: 'volatile', s: 'stable', i: 'immutable' } as const)[r.volatility as 'v' | 's' | 'i'],
				securityDefiner: r.security_definer,
				comment: r.comment,
				grants: r.grants,
				source: r.source
			})),
			helperSources: new Map(helpers.rows.map((r) => [r.name as string, r.source as string])),
			columnTriggers: columnTriggers.rows.map((r) => ({ table: r.table, columns: r.columns, fn: r.fn })),
			enums: new Map(enums.rows.map((r) => [r.name as string, r.labels as string[]])),
			composites,
			tables: tables.rows.map((r) => ({ name: r.name, relid: r.relid, comment: r.comment, rls: r.rls, grants: r.grants }))
		};
	} finally {
		await client.end();
	}
}
