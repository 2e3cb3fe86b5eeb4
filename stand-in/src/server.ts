// The local Supabase stand-in: one HTTP server on 127.0.0.1:54321 serving `/rest/v1` (PostgREST subset),
// `/auth/v1` (GoTrue subset) and `/realtime/v1/websocket` (broadcast and presence) in front of a real
// PostgreSQL, with the Supabase CLI's keys and secret (docs/supabase-compat.md). The gateway part (CORS, body
// limits, URL checks) happens here, before the services.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { AUTH_DEFAULTS, GATEWAY_DEFAULTS, REST_DEFAULTS } from './config.ts';
import type { AuthConfig, GatewayConfig, RestConfig } from './config.ts';
import { createPool, urlForRole } from './db.ts';
import { authRejection, handleAuth } from './gotrue/handler.ts';
import type { AuthDeps } from './gotrue/handler.ts';
import { BodyTooLargeError, isPreflight, json, malformedPercentEncoding, preflightReply, readBody, send } from './http.ts';
import type { Reply, RequestState } from './http.ts';
import { JWT_SECRET, authIssuer } from './keys.ts';
import { createLogger, loggingEnabled } from './log.ts';
import { handleRest, restRejection } from './postgrest/handler.ts';
import type { RestDeps } from './postgrest/handler.ts';
import { SchemaCacheHolder } from './postgrest/schema-cache.ts';
import { attachRealtime } from './realtime/websocket.ts';

export interface StandInOptions {
	/** A URL of the target database (any user; the stand-in logs in as authenticator / supabase_auth_admin). */
	databaseUrl: string;
	port?: number;
	host?: string;
	/** Request log on stderr; default: on unless STAND_IN_LOG=0. */
	log?: boolean;
	rest?: Partial<RestConfig>;
	auth?: Partial<AuthConfig>;
	gateway?: Partial<GatewayConfig>;
}

export interface StandIn {
	url: string;
	port: number;
	/** Reloads the PostgREST schema cache (same as `NOTIFY pgrst, 'reload schema'`). */
	reloadSchema(): Promise<void>;
	/** Stops accepting requests, lets in-flight ones finish, closes the pools. */
	close(): Promise<void>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DRAIN_TIMEOUT_MS = 10_000;

/** Timestamps as the text PostgreSQL sent, for GoTrue's own formatting (auth pool only). */
const authTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === 1184 || oid === 1114) return (v: string) => v;
		return pg.types.getTypeParser(oid, format ?? 'text');
	}
} as unknown as pg.CustomTypesConfig;

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
	const host = options.host ?? '127.0.0.1';
	const restConfig: RestConfig = { ...REST_DEFAULTS, ...options.rest };
	const authConfig: AuthConfig = { ...AUTH_DEFAULTS, ...options.auth };
	const gateway: GatewayConfig = { ...GATEWAY_DEFAULTS, ...options.gateway };
	const log = createLogger(loggingEnabled(options.log));

	const restPool = createPool({
		databaseUrl: options.databaseUrl,
		role: 'authenticator',
		max: restConfig.poolSize,
		acquisitionTimeoutMs: restConfig.poolAcquisitionTimeoutMs,
		applicationName: 'stand-in postgrest'
	});
	const authPool = createPool({
		databaseUrl: options.databaseUrl,
		role: 'supabase_auth_admin',
		max: authConfig.poolSize,
		acquisitionTimeoutMs: restConfig.poolAcquisitionTimeoutMs,
		applicationName: 'stand-in gotrue',
		settings: { search_path: 'auth' },
		types: authTypes
	});
	const cache = new SchemaCacheHolder(restPool, urlForRole(options.databaseUrl, 'authenticator'), restConfig.schemas);
	await cache.reload(); // fail fast when the database is unreachable or the roles are missing
	await cache.listen();

	let inFlight = 0;
	let closing = false;
	let drained: (() => void) | undefined;
	const restDeps: RestDeps = { pool: restPool, cache, config: restConfig, jwtSecret: JWT_SECRET, maxBodyDepth: gateway.maxBodyDepth };
	let authDeps: AuthDeps;

	async function route(req: IncomingMessage, url: URL, state: RequestState): Promise<Reply> {
		const path = url.pathname;
		const method = req.method ?? 'GET';
		for (const [prefix, handler, reject] of [
			['/rest/v1', (p: string, body: string) => handleRest(restDeps, req, url, p, body, state), restRejection],
			['/auth/v1', (p: string, body: string) => handleAuth(authDeps, req, url, p, body, state), authRejection(req)]
		] as const) {
			if (path !== prefix && !path.startsWith(prefix + '/')) continue;
			if (isPreflight(req)) return preflightReply(req);
			// Like the gateway's nginx, refuse a target that is not valid percent-encoded UTF-8 before any service.
			const malformed = malformedPercentEncoding(req.url ?? '/');
			if (malformed) return reject(400, `Invalid percent-encoding in the request URL ${malformed}`);
			const body = BODY_METHODS.has(method) ? await readBody(req, gateway.maxBodyBytes) : '';
			return handler(path.slice(prefix.length) || '/', body);
		}
		// Kong's answer for a path no route matches.
		return json(404, { message: 'no Route matched with those values' });
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = performance.now();
		inFlight++;
		const state: RequestState = { role: null };
		let path = req.url ?? '/';
		let reply: Reply;
		try {
			const url = new URL(req.url ?? '/', 'http://stand-in');
			path = url.pathname;
			reply = await route(req, url, state);
		} catch (e) {
			state.error = (e as Error).message;
			if (e instanceof BodyTooLargeError) {
				// Kong's request-size limit; the rest of the body is read and dropped so the answer arrives.
				reply = json(413, { message: 'Request size limit exceeded' });
				req.resume();
			} else if (e instanceof TypeError && /Invalid URL/.test((e as Error).message)) {
				reply = json(400, { message: 'Bad request' });
			} else {
				reply = json(500, { message: 'An unexpected error occurred' });
			}
		}
		if (closing) reply.headers.Connection = 'close';
		try {
			send(res, reply, req.method !== 'HEAD');
		} finally {
			log({
				method: req.method ?? '',
				path,
				status: reply.status,
				duration_ms: Math.round((performance.now() - started) * 100) / 100,
				role: state.role,
				...(state.error ? { error: state.error } : {})
			});
			inFlight--;
			if (closing && inFlight === 0) drained?.();
		}
	}

	const server = createServer((req, res) => {
		onRequest(req, res).catch(() => res.destroy());
	});
	server.keepAliveTimeout = 5_000;
	const realtime = attachRealtime(server, {
		jwtSecret: JWT_SECRET,
		maxPayloadBytes: gateway.maxBodyBytes,
		maxDepth: gateway.maxBodyDepth
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 54321, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://${host}:${port}`;
	authDeps = { pool: authPool, config: authConfig, jwtSecret: JWT_SECRET, issuer: authIssuer(url), maxBodyDepth: gateway.maxBodyDepth };

	let closed: Promise<void> | undefined;
	return {
		url,
		port,
		async reloadSchema() {
			await cache.reload();
		},
		close() {
			closed ??= (async () => {
				closing = true;
				realtime.close();
				const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
				server.closeIdleConnections();
				const allDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
				const timeout = new Promise<void>((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS).unref());
				await Promise.race([allDone, timeout]);
				server.closeAllConnections();
				await Promise.race([serverClosed, timeout]);
				await cache.close();
				await Promise.all([restPool.end(), authPool.end()]);
			})();
			return closed;
		}
	};
}
