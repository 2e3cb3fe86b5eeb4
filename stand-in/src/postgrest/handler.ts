// The `/rest/v1` front door: gateway key mapping, authentication, schema cache, Prefer, then RPC or table
// handling; every failure becomes PostgREST's error body (docs/supabase-compat.md §3.9).
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import type { RestConfig } from '../config.ts';
import { corsHeaders, header, queryPairs, REST_EXPOSED_HEADERS } from '../http.ts';
import type { Reply, RequestState } from '../http.ts';
import { gatewayAuthorization } from '../kong.ts';
import type { RestContext } from './context.ts';
import { ApiError, errors, fromPgError } from './errors.ts';
import { parsePrefer, shouldRollback } from './prefs.ts';
import { authenticate, profileSchema } from './request.ts';
import { handleRpc, rpcOptions } from './rpc.ts';
import type { SchemaCacheHolder } from './schema-cache.ts';
import { handleTable } from './table.ts';

export interface RestDeps {
	pool: pg.Pool;
	cache: SchemaCacheHolder;
	config: RestConfig;
	jwtSecret: string;
	/** Levels of nesting a JSON body may have below its top-level value. */
	maxBodyDepth: number;
}

/** A request refused before PostgREST sees it (the gateway's URL checks), worded as PostgREST's error body. */
export function restRejection(status: number, message: string): Reply {
	const reply = new ApiError(status, 'PGRST100', message, null, 'Encode a literal % as %25 and other bytes as %XX of their UTF-8 encoding.').reply();
	reply.headers = { ...corsHeaders(REST_EXPOSED_HEADERS), ...reply.headers };
	return reply;
}

function parseCookies(cookieHeader: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!cookieHeader) return out;
	for (const part of cookieHeader.split(';')) {
		const i = part.indexOf('=');
		if (i <= 0) continue;
		out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
	}
	return out;
}

/** `request.headers`: names lowercased (Node already does), Cookie excluded, Authorization as the gateway set it. */
function requestHeaders(req: IncomingMessage, authorization: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) {
		if (k === 'cookie' || k === 'authorization' || v === undefined) continue;
		out[k] = Array.isArray(v) ? v.join(', ') : v;
	}
	if (authorization !== undefined) out.authorization = authorization;
	return out;
}

function quoteSchema(s: string): string {
	return `"${s.replace(/"/g, '""')}"`;
}

export async function handleRest(
	deps: RestDeps,
	req: IncomingMessage,
	url: URL,
	restPath: string,
	body: string,
	state: RequestState
): Promise<Reply> {
	const method = req.method ?? 'GET';
	let authed = false;
	try {
		const authorization = gatewayAuthorization(req);
		const auth = authenticate(authorization, deps.jwtSecret, deps.config.anonRole);
		state.role = auth.role;
		authed = auth.role !== deps.config.anonRole;

		let cache;
		try {
			cache = await deps.cache.get();
		} catch (e) {
			state.error = (e as Error).message;
			throw new ApiError(503, 'PGRST002', 'Could not query the database for the schema cache. Retrying.');
		}
		const segments = restPath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
		if (segments.length === 0) {
			throw errors.notImplemented('The OpenAPI description at the API root is not served by the local stand-in');
		}
		const schema = profileSchema(method, req.headers, cache.exposedSchemas);
		if (method === 'OPTIONS') {
			if (segments[0] === 'rpc' && segments.length === 2) return rpcOptions(cache, schema, segments[1]);
			if (segments.length === 1) return { status: 200, headers: { Allow: 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE' } };
			throw errors.path();
		}
		const prefs = parsePrefer(header(req, 'prefer'), deps.config.txEnd, cache.timezones);
		const ctx: RestContext = {
			pool: deps.pool,
			cache,
			config: deps.config,
			method,
			path: '/' + segments.join('/'),
			pairs: queryPairs(url.search),
			headers: req.headers,
			body,
			maxBodyDepth: deps.maxBodyDepth,
			auth,
			schema,
			accept: header(req, 'accept'),
			prefs,
			rollback: shouldRollback(prefs, deps.config.txEnd),
			rangeHeader: header(req, 'range'),
			tx: {
				role: auth.role,
				claims: auth.claims,
				method,
				path: '/' + segments.join('/'),
				headers: requestHeaders(req, authorization),
				cookies: parseCookies(header(req, 'cookie')),
				searchPath: [schema, ...deps.config.extraSearchPath].map(quoteSchema).join(', '),
				roleSettings: cache.roleSettings.get(auth.role) ?? [],
				timezone: prefs.timezone
			}
		};
		let reply: Reply;
		if (segments[0] === 'rpc' && segments.length === 2) reply = await handleRpc(ctx, segments[1]);
		else if (segments.length === 1 && segments[0] !== 'rpc') reply = await handleTable(ctx, segments[0]);
		else throw errors.path();
		reply.headers = { ...corsHeaders(REST_EXPOSED_HEADERS), ...reply.headers };
		return reply;
	} catch (e) {
		const err = fromPgError(e, authed);
		if (!(e instanceof ApiError)) state.error = (e as Error).message;
		const reply = err.reply();
		reply.headers = { ...corsHeaders(REST_EXPOSED_HEADERS), ...reply.headers };
		return reply;
	}
}
