// Everything a PostgREST handler needs about one request, resolved once by the router.
import type pg from 'pg';
import type { RestConfig } from '../config.ts';
import type { AuthResult, Media, Prefs } from './request.ts';
import type { SchemaCache } from './schema-cache.ts';
import type { TxContext } from './transaction.ts';

export interface RestContext {
	pool: pg.Pool;
	cache: SchemaCache;
	config: RestConfig;
	method: string;
	/** Path as PostgREST sees it (Kong strips `/rest/v1`), e.g. `/rpc/fn` or `/workflows`. */
	path: string;
	pairs: Array<[string, string]>;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	auth: AuthResult;
	schema: string;
	media: Media;
	prefs: Prefs;
	rangeHeader: string | undefined;
	/** The request transaction settings; handlers add readOnly and hoisted settings. */
	tx: Omit<TxContext, 'readOnly' | 'hoisted'>;
}

/** Columns every main query ends with: the response GUCs, read after the body has been aggregated. */
export const RESPONSE_GUCS_SQL =
	"nullif(current_setting('response.headers', true), '') AS response_headers, " +
	"nullif(current_setting('response.status', true), '') AS response_status";

export function qualifiedName(schema: string, name: string, ident: (s: string) => string): string {
	return `${ident(schema)}.${ident(name)}`;
}
