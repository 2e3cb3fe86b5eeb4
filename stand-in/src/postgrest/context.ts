// Everything a PostgREST handler needs about one request, resolved once by the router (handler.ts).
import type pg from 'pg';
import type { RestConfig } from '../config.ts';
import type { Prefs } from './prefs.ts';
import type { AuthResult } from './request.ts';
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
	/** Levels of nesting a JSON body may have below its top-level value. */
	maxBodyDepth: number;
	auth: AuthResult;
	schema: string;
	/** The Accept header; handlers negotiate it once the target is known (404s come before 406s). */
	accept: string | undefined;
	prefs: Prefs;
	/** The transaction ends in ROLLBACK (db-tx-end, or an allowed `Prefer: tx=rollback`). */
	rollback: boolean;
	rangeHeader: string | undefined;
	/** The request transaction settings; handlers add readOnly and hoisted settings. */
	tx: Omit<TxContext, 'readOnly' | 'hoisted'>;
}
