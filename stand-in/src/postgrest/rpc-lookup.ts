// Which function `/rpc/<name>` calls (docs/supabase-compat.md §3.4), as PostgREST's findProc decides it: the
// overloads whose parameters match the argument keys (all required ones given, nothing unknown; an unnamed
// parameter is the key ""), else for a JSON POST the one overload with a single unnamed json/jsonb parameter.
// None → 404 PGRST202 with PostgREST's wording and fuzzy hint; several → 300 PGRST203 listing them in order.
import type { Reply } from '../http.ts';
import { ApiError } from './errors.ts';
import { FuzzySet } from './fuzzy.ts';
import type { Routine, SchemaCache } from './schema-cache.ts';

/** PostgREST's matchesParams over the set of argument keys. */
function matches(r: Routine, keys: Set<string>): boolean {
	if (r.params.length === 0) return keys.size === 0;
	const required = new Set(r.params.filter((p) => p.required).map((p) => p.name));
	const optional = new Set(r.params.filter((p) => !p.required).map((p) => p.name));
	for (const k of keys) if (!required.has(k) && !optional.has(k)) return false;
	for (const k of required) if (!keys.has(k)) return false;
	return true;
}

/** A single unnamed json/jsonb parameter takes the whole body of a JSON POST. */
export function takesWholeBody(r: Routine): boolean {
	return r.params.length === 1 && r.params[0].name === '' && (r.params[0].type === 'json' || r.params[0].type === 'jsonb');
}

/** The function called with one positional argument (the raw body): a single unnamed parameter. */
export function isPositional(r: Routine): boolean {
	return r.params.length === 1 && r.params[0].name === '';
}

/** Argument keys as PostgREST lists them: a set, sorted. */
function sortedKeys(keys: Iterable<string>): string[] {
	return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function noRpcHint(cache: SchemaCache, schema: string, name: string, keys: string[], overloads: Routine[]): string | null {
	const paramText = (names: string[]) => `(${sortedKeys(names).join(', ')})`;
	if (overloads.length === 0) {
		const names = [...cache.routines.values()].filter((rs) => rs[0].schema === schema).map((rs) => rs[0].name);
		const best = new FuzzySet(names).getOne(name, 0.75);
		return best === undefined ? null : `Perhaps you meant to call the function ${schema}.${best}`;
	}
	const best = new FuzzySet(overloads.map((r) => paramText(r.params.map((p) => p.name)))).getOne(paramText(keys));
	return best === undefined ? null : `Perhaps you meant to call the function ${schema}.${name}${best}`;
}

function notFound(cache: SchemaCache, schema: string, name: string, keyList: string[], post: boolean, overloads: Routine[]): ApiError {
	const keys = sortedKeys(keyList);
	const qn = `${schema}.${name}`;
	const message = `Could not find the function ${qn}${keys.length ? `(${keys.join(', ')})` : ' without parameters'} in the schema cache`;
	const withParams = keys.length === 0 ? ' without parameters' : ` with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
	const details = `Searched for the function ${qn}${withParams}${post ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`;
	return new ApiError(404, 'PGRST202', message, details, noRpcHint(cache, schema, name, keys, overloads));
}

export function findRoutine(cache: SchemaCache, schema: string, name: string, keys: string[], post: boolean): Routine {
	const overloads = cache.routines.get(`${schema}.${name}`) ?? [];
	const keySet = new Set(keys);
	const matched = overloads.filter((r) => matches(r, keySet));
	const fallback = post ? overloads.filter((r) => !matches(r, keySet) && takesWholeBody(r)) : [];
	const found = matched.length ? matched : fallback;
	if (found.length === 1) return found[0];
	if (found.length === 0) throw notFound(cache, schema, name, keys, post, overloads);
	throw new ApiError(
		300,
		'PGRST203',
		`Could not choose the best candidate function between: ${found.map((r) => r.signature).join(', ')}`,
		null,
		'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
	);
}

/** `Allow` for OPTIONS /rpc/fn. */
export function rpcOptions(cache: SchemaCache, schema: string, name: string): Reply {
	const candidates = cache.routines.get(`${schema}.${name}`) ?? [];
	if (candidates.length === 0) throw notFound(cache, schema, name, [], false, []);
	const volatile = candidates.some((r) => r.volatility === 'v');
	return { status: 200, headers: { Allow: volatile ? 'OPTIONS,POST' : 'OPTIONS,GET,HEAD,POST' } };
}
