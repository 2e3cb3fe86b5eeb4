// npm run docs        → regenerate docs/api.md
// npm run docs:check  → fail when docs/api.md is stale ("docs/api.md is stale: run npm run docs")
//
// docs/api.md is built from:
//   - the database catalog of a FRESH throwaway database made from supabase/migrations: every public RPC's
//     signature, JSON arguments (types, defaults), return shape, `comment on function`, who may execute it
//     (grants + the project role its body asks private.require_*_role for) and the SQLSTATEs it can raise
//     (found in its body and the private helpers it calls); the tables clients may read;
//   - the /api route files (src/routes/api/**/+server.ts): methods, RPCs called, success status;
//   - the metrics declared in src/lib/server/api/metrics.ts;
//   - hand-written examples: docs/examples/curl.ts (curl) and docs/examples/supabase-js.ts (regions), both
//     executed by tests/integration/docs-examples.test.ts.
// The generator refuses SQLSTATEs without a row in the error table and examples whose target does not exist.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import pg from 'pg';
import { ROOT, createThrowawayDatabase, dropDatabase } from './lib/postgres.ts';
import { VARIABLES, curlExamples, type CurlExample } from '../docs/examples/curl.ts';

const OUT = join(ROOT, 'docs', 'api.md');
const SUPABASE_JS_EXAMPLES = join(ROOT, 'docs', 'examples', 'supabase-js.ts');
const API_ROUTES = join(ROOT, 'src', 'routes', 'api');
const METRICS_FILE = join(ROOT, 'src', 'lib', 'server', 'api', 'metrics.ts');

/** The contract's order (design.md "RPC contract"); any other public function follows alphabetically. */
const RPC_ORDER = [
	'create_project',
	'add_project_member',
	'create_workflow',
	'create_draft',
	'save_draft',
	'publish_draft',
	'revert_draft',
	'discard_draft',
	'rollback_workflow',
	'list_workflow_versions',
	'get_workflow_version',
	'diff_workflow_versions',
	'validate_workflow_definition',
	'archive_workflow',
	'create_environment',
	'deploy_version',
	'list_workflow_deployments',
	'resolve_workflow',
	'start_run',
	'finish_run',
	'replay_run',
	'list_workflow_runs'
];

/** SQLSTATE → HTTP → when. Every code an RPC can raise must have a row here (checked below). */
const ERRORS: Array<{ code: string; http: string; when: string }> = [
	{ code: '42501', http: '401', when: 'Not signed in (no or anon token): the RPC is not granted to `anon`, or `private.require_user()` refuses' },
	{ code: '42501', http: '403', when: 'Signed in, but your role in the project is too low for the operation' },
	{ code: 'PT404', http: '404', when: 'Not found, or not visible to you (not a member of its project): the same answer, so ids of other tenants leak nothing' },
	{ code: 'PT409', http: '409', when: 'Stale `expected_revision`; draft already exists (create_draft with from_version_id); no draft; nothing to publish (draft identical to live); rollback to the live version; archived workflow; last owner; update/delete of a published version or the audit log, truncate; environment name taken; version already deployed to that environment; run already finished; a run\'s version changed or current_version_id moved without the production deployment (direct SQL)' },
	{ code: 'PT413', http: '413', when: 'Definition larger than 1 MiB (1,048,576 bytes of JSON text)' },
	{ code: 'PT422', http: '422', when: 'Publish of an invalid definition; `details` is the JSON array of problems `[{code, message, node_id?, edge_id?}]`' },
	{ code: '22023', http: '400', when: 'Bad argument: missing/empty name, unknown role, page_size outside 1..200, definition not an object, versions of different workflows, environment name not a lower-case slug, deploy_role viewer, finish_run status running' },
	{ code: '22P02', http: '400', when: 'An argument of the wrong type (e.g. not a uuid, not an integer); raised by PostgreSQL while reading the arguments' },
	{ code: 'PGRST202', http: '404', when: 'PostgREST found no function with that name and set of argument names (misspelt or missing required argument, or an extra one)' },
	{ code: 'PGRST102', http: '400', when: 'The body is not valid JSON (PostgREST and the /api routes)' },
	{ code: 'PGRST301/PGRST303', http: '401', when: 'The JWT is malformed, badly signed or expired (PostgREST)' }
];
const CODE_ORDER = ['42501', 'PT404', 'PT409', 'PT413', 'PT422', '22023'];

interface Arg {
	name: string;
	type: string;
	default: string | null;
}
interface Fn {
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

// ── Catalog ─────────────────────────────────────────────────────────────────────────────────────

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

interface Catalog {
	functions: Fn[];
	helperSources: Map<string, string>; // "schema.name" → source
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

async function readCatalog(url: string): Promise<Catalog> {
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
			enums: new Map(enums.rows.map((r) => [r.name as string, r.labels as string[]])),
			composites,
			tables: tables.rows.map((r) => ({ name: r.name, relid: r.relid, comment: r.comment, rls: r.rls, grants: r.grants }))
		};
	} finally {
		await client.end();
	}
}

// ── Derived facts ───────────────────────────────────────────────────────────────────────────────

/** SQLSTATEs a function can raise: its own raise_error calls plus those of every function it calls. */
function raisedCodes(source: string, catalog: Catalog, seen = new Set<string>()): Set<string> {
	const codes = new Set<string>();
	for (const m of source.matchAll(/raise_error\(\s*'([0-9A-Z]{5})'/g)) codes.add(m[1]);
	for (const m of source.matchAll(/\b(private|public)\.(\w+)\s*\(/g)) {
		const key = `${m[1]}.${m[2]}`;
		if (seen.has(key) || !catalog.helperSources.has(key)) continue;
		seen.add(key);
		for (const c of raisedCodes(catalog.helperSources.get(key)!, catalog, seen)) codes.add(c);
	}
	return codes;
}

const ROLE_LADDER = ['viewer', 'editor', 'publisher', 'owner'];

/** Who may call: the project role the body asks private.require_*_role for, else what it checks. */
function requiredRole(fn: Fn, catalog: Catalog): string {
	if (!fn.grants.includes('authenticated')) {
		return fn.grants.length ? `only ${fn.grants.map((g) => `\`${g}\``).join(', ')} (not exposed to users)` : 'nobody (no EXECUTE grant)';
	}
	const m = /private\.require_(?:workflow|project|run)_(?:role|caller)\([^;]*?,\s*'(viewer|editor|publisher|owner)'/s.exec(fn.source);
	if (m) {
		const i = ROLE_LADDER.indexOf(m[1]);
		const roles = ROLE_LADDER.slice(i);
		// The runtime RPCs also admit the run orchestrator's key (private.require_*_caller).
		const orchestrator = /private\.require_(?:workflow|run)_caller\(/.test(fn.source) && fn.grants.includes('service_role');
		return (
			(roles.length === 1 ? `project **${roles[0]}**` : `project **${roles.join(', ')}**`) +
			(orchestrator ? ', and the `service_role` key (the run orchestrator)' : '')
		);
	}
	if (/member_role\(/.test(fn.source) || /public\.get_workflow_version\(/.test(fn.source)) {
		return 'project **viewer, editor, publisher, owner** (any member)';
	}
	if (/require_user\(/.test(fn.source) || raisedCodes(fn.source, catalog).has('42501')) return 'any signed-in user';
	return 'any signed-in user';
}

function jsonType(pgType: string, catalog: Catalog): string {
	const t = pgType.replace(/^public\./, '');
	if (catalog.enums.has(t)) return catalog.enums.get(t)!.map((l) => `"${l}"`).join(' \\| ');
	const map: Record<string, string> = {
		uuid: 'string (uuid)',
		text: 'string',
		integer: 'integer',
		bigint: 'integer',
		boolean: 'boolean',
		jsonb: 'JSON',
		json: 'JSON',
		'timestamp with time zone': 'string (timestamptz, ISO 8601)'
	};
	return map[t] ?? t;
}

function returnShape(fn: Fn, catalog: Catalog): string[] {
	if (fn.returnType === 'void') return ['Nothing: **204 No Content**, empty body.'];
	const columns =
		fn.outColumns.length > 0
			? fn.outColumns.map((c) => ({ name: c.name, type: c.type, notNull: false }))
			: fn.returnTypeKind === 'c'
				? (catalog.composites.get(fn.returnRelation) ?? [])
				: [];
	const lines: string[] = [];
	if (columns.length) {
		lines.push(
			fn.returnsSet
				? `A JSON **array** of objects (\`${fn.result}\`), 200:`
				: `One JSON **object** (\`${fn.result}\`), 200:`,
			'',
			'| field | type |',
			'|---|---|',
			...columns.map((c) => `| \`${c.name}\` | ${jsonType(c.type, catalog)}${c.notNull ? '' : ' \\| null'} |`)
		);
	} else {
		lines.push(`One JSON value (\`${fn.result}\`), 200.`);
	}
	return lines;
}

// ── Examples ────────────────────────────────────────────────────────────────────────────────────

function dedent(lines: string[]): string {
	const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
	return lines.map((l) => l.slice(indent)).join('\n').trim();
}

function supabaseJsRegions(): Map<string, string> {
	const text = readFileSync(SUPABASE_JS_EXAMPLES, 'utf8').split('\n');
	const regions = new Map<string, string>();
	let name: string | null = null;
	let buf: string[] = [];
	for (const line of text) {
		const start = /\/\/ #region (\w+)/.exec(line);
		if (start) {
			name = start[1];
			buf = [];
		} else if (/\/\/ #endregion/.test(line) && name) {
			regions.set(name, dedent(buf));
			name = null;
		} else if (name) buf.push(line);
	}
	return regions;
}

function curlBlock(e: CurlExample): string[] {
	return [`<a id="example-${e.id}"></a>${e.title} → **${e.status}**`, '', '```sh', e.command, '```', ''];
}

// ── /api routes ─────────────────────────────────────────────────────────────────────────────────

interface Route {
	key: string; // "POST /api/workflows/[id]/versions"
	path: string; // "/api/workflows/{id}/versions"
	method: string;
	rpcs: string[];
	operation: string | null;
	status: string;
	doc: string;
	file: string;
}

function walk(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.sort()
		.flatMap((f) => {
			const p = join(dir, f);
			return statSync(p).isDirectory() ? walk(p) : f === '+server.ts' ? [p] : [];
		});
}

function readRoutes(): Route[] {
	const routes: Route[] = [];
	for (const file of walk(API_ROUTES)) {
		const dir = relative(join(ROOT, 'src', 'routes'), file).split(sep).slice(0, -1).join('/');
		if (dir.includes('[...')) continue; // the JSON 404 fallback
		const text = readFileSync(file, 'utf8');
		const header = text
			.split('\n')
			.filter((l) => l.startsWith('//'))
			.map((l) => l.replace(/^\/\/\s?/, ''));
		const exports = [...text.matchAll(/export const (GET|POST|PUT|DELETE|PATCH)\b/g)];
		exports.forEach((m, i) => {
			const seg = text.slice(m.index, i + 1 < exports.length ? exports[i + 1].index : text.length);
			const jsdoc = /\/\*\*((?:(?!\/\*\*)[^])*?)\*\/\s*$/
				.exec(text.slice(0, m.index))?.[1]
				.replace(/^\s*\* ?/gm, '')
				.replace(/\s+/g, ' ')
				.trim();
			const statuses = [...seg.matchAll(/json\((\d{3})\b/g)].map((s) => s[1]).filter((s) => s.startsWith('2'));
			routes.push({
				key: `${m[1]} /${dir}`,
				path: '/' + dir.replace(/\[(\w+)\]/g, '{$1}'),
				method: m[1],
				rpcs: [...new Set([...seg.matchAll(/ctx\.rpc\('(\w+)'/g)].map((r) => r[1]))],
				operation: /operation\('(\w+)'/.exec(seg)?.[1] ?? null,
				status: statuses.length ? [...new Set(statuses)].join(', ') : '200',
				doc: jsdoc || header.join(' ').replace(/\s+/g, ' ').trim(),
				file: relative(ROOT, file)
			});
		});
	}
	return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function readMetrics(): Array<{ name: string; type: string; help: string }> {
	const text = readFileSync(METRICS_FILE, 'utf8');
	return [...text.matchAll(/new client\.(Counter|Gauge|Histogram)\(\{\s*name: '(\w+)',\s*help: '((?:[^'\\]|\\.)*)'/g)].map((m) => ({
		type: m[1].toLowerCase(),
		name: m[2],
		help: m[3].replace(/\\'/g, "'")
	}));
}

// ── Rendering ───────────────────────────────────────────────────────────────────────────────────

function esc(s: string): string {
	return s.replace(/\|/g, '\\|');
}

export function render(catalog: Catalog): string {
	const regions = supabaseJsRegions();
	const routes = readRoutes();
	const documented = new Set(ERRORS.flatMap((e) => e.code.split('/')));
	const exposed = catalog.functions
		.filter((f) => f.grants.includes('authenticated') || f.grants.includes('anon'))
		.sort((a, b) => {
			const ia = RPC_ORDER.indexOf(a.name);
			const ib = RPC_ORDER.indexOf(b.name);
			return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.name.localeCompare(b.name);
		});
	const internal = catalog.functions.filter((f) => !exposed.includes(f));

	// Drift checks: every example targets something that exists; every raised code is in the table.
	const targets = new Set<string>([
		'auth',
		...exposed.map((f) => `rpc:${f.name}`),
		...catalog.tables.map((t) => `table:${t.name}`),
		...routes.map((r) => `api:${r.key}`)
	]);
	for (const e of curlExamples) {
		if (!targets.has(e.target)) throw new Error(`docs/examples/curl.ts: example ${e.id} targets unknown ${e.target}`);
	}
	for (const name of regions.keys()) {
		if (!['client', 'table_read'].includes(name) && !exposed.some((f) => f.name === name)) {
			throw new Error(`docs/examples/supabase-js.ts: region ${name} names no exposed RPC`);
		}
	}

	const out: string[] = [];
	const p = (...lines: string[]) => out.push(...lines);
	p(
		'# API reference',
		'',
		'<!-- Generated by `npm run docs` (scripts/docs.ts) from the database catalog of a fresh database built from',
		'     supabase/migrations, the /api route files and docs/examples/*. Do not edit: `npm run docs:check` fails',
		'     when this file is stale. Every example below is executed by tests/integration/docs-examples.test.ts. -->',
		'',
		'Two ways in, same rules and same errors:',
		'',
		'- **Supabase API** (PostgREST + GoTrue): `POST $SUPABASE_URL/rest/v1/rpc/<function>` with the JSON arguments below,',
		'  table reads under `/rest/v1/<table>`, sessions under `/auth/v1`. Locally `npm run stack` serves it on',
		'  `http://127.0.0.1:54321` (the local stand-in; `supabase start` or a hosted project work the same).',
		'  Every request sends `apikey: $ANON_KEY`; signed-in requests add `Authorization: Bearer $ACCESS_TOKEN`.',
		'- **App REST routes** under `$APP_URL/api/...` (SvelteKit): the PRD endpoints, calling the same RPCs as the caller',
		'  (`Authorization: Bearer $ACCESS_TOKEN` or the app\'s session cookies).',
		'',
		'Clients never write tables: every change goes through an RPC, which checks the caller\'s project role,',
		'writes one audit event (`workflow_version_events`) and either does everything or nothing.',
		'',
		'## Contents',
		'',
		'- [Variables used in the examples](#variables)',
		'- [Errors](#errors)',
		'- [Signing in](#signing-in)',
		'- [RPC reference](#rpc-reference)',
		...exposed.map((f) => `  - [\`${f.name}\`](#${f.name})`),
		'- [Table reads](#table-reads)',
		'- [App REST routes (`/api`)](#app-rest-routes-api)',
		'- [Observability](#observability)',
		'',
		'## Variables',
		'',
		'| variable | meaning |',
		'|---|---|',
		...VARIABLES.map(([n, m]) => `| \`${n}\` | ${esc(m)} |`),
		'',
		'## Errors',
		'',
		'Every error is a JSON object with the same four fields, from PostgREST and from the `/api` routes alike:',
		'',
		'```json',
		'{ "code": "PT409", "message": "The draft changed since you loaded it: it is at revision 3, you expected 2",',
		'  "details": null, "hint": "Reload the draft, re-apply your change and send the new revision as expected_revision" }',
		'```',
		'',
		'`code` is the SQLSTATE (or PostgREST\'s `PGRST…` code); PostgREST maps it to the HTTP status (`PTxyz` → xyz).',
		'Every error the RPCs raise has a `hint` saying what to do next. supabase-js puts the same fields on `error`',
		'and the status on `status`.',
		'',
		'| SQLSTATE | HTTP | when |',
		'|---|---|---|',
		...ERRORS.map((e) => `| \`${e.code}\` | ${e.http} | ${esc(e.when)} |`),
		'',
		'## Signing in',
		'',
		...curlExamples.filter((e) => e.target === 'auth').flatMap(curlBlock),
		'With supabase-js:',
		'',
		'```ts',
		regions.get('client') ?? '',
		'```',
		'',
		'## RPC reference',
		'',
		'Arguments are JSON keys of the body (`POST`), or query parameters (`GET`, read-only functions only).',
		'Optional arguments may be left out; PostgREST picks the function by the set of keys, so a misspelt or extra key',
		'answers 404 `PGRST202`.',
		''
	);

	for (const fn of exposed) {
		const codes = [...raisedCodes(fn.source, catalog)];
		if (!fn.grants.includes('anon')) codes.push('42501');
		for (const c of codes) {
			if (!documented.has(c)) throw new Error(`${fn.name} can raise SQLSTATE ${c}, which the error table does not document`);
		}
		const sorted = [...new Set(codes)].sort((a, b) => CODE_ORDER.indexOf(a) - CODE_ORDER.indexOf(b) || a.localeCompare(b));
		const statusOf = (c: string) =>
			c === '42501' ? '401/403' : /^PT\d{3}$/.test(c) ? c.slice(2) : (ERRORS.find((e) => e.code === c)?.http ?? '400');
		const readOnly = fn.volatility !== 'volatile';
		p(
			`### \`${fn.name}\``,
			'',
			esc(fn.comment ?? '(no comment on function)'),
			'',
			'```sql',
			`public.${fn.name}(${fn.args.map((a) => `${a.name} ${a.type}${a.default ? ` default ${a.default}` : ''}`).join(', ')})`,
			`  returns ${fn.result}  -- ${fn.volatility}${fn.securityDefiner ? ', security definer' : ''}`,
			'```',
			'',
			`- **Endpoint:** \`POST /rest/v1/rpc/${fn.name}\`${readOnly ? ` (or \`GET\` with query parameters; runs read-only)` : ' (writes: POST only)'}`,
			`- **Who may call:** ${requiredRole(fn, catalog)}${fn.grants.includes('anon') ? '' : '; anonymous callers get 401'}`,
			`- **Errors:** ${sorted.map((c) => `\`${c}\` (${statusOf(c)})`).join(', ')}`,
			'',
			'| JSON argument | type | required | default |',
			'|---|---|---|---|',
			...fn.args.map(
				(a) => `| \`${a.name}\` | ${jsonType(a.type, catalog)} | ${a.default ? 'no' : 'yes'} | ${a.default ? `\`${esc(a.default)}\`` : ''} |`
			),
			'',
			'**Returns:** ' + returnShape(fn, catalog).join('\n'),
			''
		);
		const curls = curlExamples.filter((e) => e.target === `rpc:${fn.name}`);
		if (curls.length) p('**curl:**', '', ...curls.flatMap(curlBlock));
		const js = regions.get(fn.name);
		if (js) p('**supabase-js:**', '', '```ts', js, '```', '');
	}

	if (internal.length) {
		p(
			'### Not exposed to users',
			'',
			'These public functions are not executable by `anon` or `authenticated` (operators, service_role only):',
			'',
			...internal.map((f) => `- \`${f.name}(${f.identity})\`: ${esc(f.comment ?? '')}`),
			''
		);
	}

	p(
		'## Table reads',
		'',
		'Signed-in users may `SELECT` these tables through `/rest/v1/<table>` (filters `eq, neq, gt, gte, lt, lte, like, ilike,',
		'is, in`, `not.`, `order`, `limit`/`offset`, `Prefer: count=exact` → `Content-Range`). Row-level security shows',
		'each caller only the rows of projects they are a member of; nobody may insert, update or delete through them.',
		'',
		'| table | RLS | readable by | what |',
		'|---|---|---|---|',
		...catalog.tables.map(
			(t) => `| \`${t.name}\` | ${t.rls ? 'on' : '**off**'} | ${t.grants.map((g) => `\`${g}\``).join(', ') || '—'} | ${esc(t.comment ?? '')} |`
		),
		'',
		...curlExamples.filter((e) => e.target.startsWith('table:')).flatMap(curlBlock),
		'With supabase-js:',
		'',
		'```ts',
		regions.get('table_read') ?? '',
		'```',
		''
	);

	p(
		'## App REST routes (`/api`)',
		'',
		'The PRD\'s endpoints, served by the SvelteKit app (`src/routes/api`). Each calls the RPC named below **as the',
		'caller** (their session: `Authorization: Bearer <access token>` or the app\'s cookies), so the rules, status codes',
		'and error bodies are the RPC\'s. On top of that:',
		'',
		'- no session (or an invalid/expired token) → **401** `{"code": "42501", …}` before any RPC is called;',
		'- a body that is not a JSON object → **400** `PGRST102`; a field of the wrong type (e.g. `expected_revision: "x"`) → **400** `22023`;',
		'  **unknown fields are ignored**; send `Content-Type: application/json` (SvelteKit refuses cross-site form posts);',
		'- the draft revision may travel as `If-Match: "<revision>"` instead of `expected_revision` (both given and different → 400);',
		'  answers carrying a draft send `ETag: "<revision>"`;',
		'- `GET …/versions` sends `Link: </api/workflows/{id}/versions?page_size=N&before_version=M>; rel="next"` when another page may follow;',
		'- every answer has `Server-Timing` (`auth`, each `rpc`, `total`) and `X-Request-Id` (yours, if you sent one);',
		'- the Supabase API unreachable → **502** `PGRST000`; an unexpected failure → **500** `XX000`; unknown `/api` paths → **404** `PGRST125`.',
		'- the app\'s request body limit is adapter-node\'s `BODY_SIZE_LIMIT` (`npm start` sets 4M, so the database\'s 1 MiB limit answers first).',
		'',
		'| method | path | RPC | success | what |',
		'|---|---|---|---|---|',
		...routes.map(
			(r) => `| ${r.method} | \`${r.path}\` | ${r.rpcs.map((x) => `[\`${x}\`](#${x})`).join(', ') || '—'} | ${r.status} | ${esc(r.doc)} |`
		),
		''
	);
	for (const r of routes) {
		const ex = curlExamples.filter((e) => e.target === `api:${r.key}`);
		if (!ex.length) continue;
		p(`### ${r.method} \`${r.path}\``, '', ...ex.flatMap(curlBlock));
	}

	p(
		'## Observability',
		'',
		'Every version operation of the `/api` routes (one code path: `src/lib/server/api/observe.ts`) writes **one JSON line** to',
		'stdout: `ts`, `level`, `msg: "version_operation"`, `source` (`api`, or `action` for form actions that call',
		'`recordOperation()`), `action`, `method`, `path`, `workflow_id`, `version_id`, `actor` (user id),',
		'`outcome` (`success`, `client_error`, `server_error`), `status`, `code` (the error code, or null), `duration_ms`, `request_id`,',
		'plus per-operation fields (`version_number`, `source_version_id`, `revision`, `count`…). `API_LOG=off` silences it.',
		'',
		'`GET /api/metrics` serves Prometheus text (prom-client; no session, keep it on an internal network):',
		'',
		'| metric | type | help |',
		'|---|---|---|',
		...readMetrics().map((m) => `| \`${m.name}\` | ${m.type} | ${esc(m.help)} |`),
		'| `process_*`, `nodejs_*` | | Node.js process metrics (prom-client default metrics: CPU, memory, event-loop lag, handles) |',
		'',
		'`GET /api/health` answers 200 `{"status": "ok", "checks": {"database": {…}}}` when the database answers (`select 1` through',
		'`DATABASE_URL` when the app has it, else an anonymous read through the Supabase API), 503 `{"status": "unavailable", …}` otherwise.',
		''
	);
	return out.join('\n');
}

export async function generateDocs(): Promise<string> {
	const url = await createThrowawayDatabase('wv_docs', { seed: false });
	try {
		return render(await readCatalog(url));
	} finally {
		await dropDatabase(url);
	}
}

async function main() {
	const text = await generateDocs();
	if (process.argv.includes('--check')) {
		const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
		if (current !== text) {
			console.error('docs/api.md is stale: run npm run docs');
			process.exitCode = 1;
			return;
		}
		console.log('docs: up to date');
		return;
	}
	writeFileSync(OUT, text);
	console.log('docs: wrote docs/api.md');
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
