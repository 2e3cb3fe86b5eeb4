// Tunables of the stand-in, with the Supabase CLI's local defaults (docs/supabase-compat.md §6).
import type { TxEnd } from './postgrest/prefs.ts';

export interface RestConfig {
	/** `db-schemas`: the first is the default profile. */
	schemas: string[];
	/** `db-extra-search-path`. */
	extraSearchPath: string[];
	/** `db-anon-role`. */
	anonRole: string;
	/** `db-max-rows` (Supabase's `max_rows`); undefined for no cap. */
	maxRows: number | undefined;
	/** `db-tx-end`: how every request transaction ends, and whether `Prefer: tx` may override it. */
	txEnd: TxEnd;
	/** `db-pool` size. */
	poolSize: number;
	/** `db-pool-acquisition-timeout` in milliseconds. */
	poolAcquisitionTimeoutMs: number;
}

export interface AuthConfig {
	jwtExpiry: number;
	refreshTokenReuseInterval: number;
	minimumPasswordLength: number;
	/** `GOTRUE_MAILER_AUTOCONFIRM` (= !enable_confirmations, on locally). */
	autoconfirm: boolean;
	poolSize: number;
}

/** The gateway's limits on request bodies, applied before any service parses them. */
export interface GatewayConfig {
	/** Larger bodies answer 413 without being read to the end. */
	maxBodyBytes: number;
	/** JSON bodies nesting arrays/objects deeper than this below their top-level value answer 400. */
	maxBodyDepth: number;
}

export const REST_DEFAULTS: RestConfig = {
	schemas: ['public', 'graphql_public'],
	extraSearchPath: ['public', 'extensions'],
	anonRole: 'anon',
	maxRows: 1000,
	txEnd: 'commit',
	poolSize: 10,
	poolAcquisitionTimeoutMs: 10_000
};

export const AUTH_DEFAULTS: AuthConfig = {
	jwtExpiry: 3600,
	refreshTokenReuseInterval: 10,
	minimumPasswordLength: 6,
	autoconfirm: true,
	poolSize: 5
};

export const GATEWAY_DEFAULTS: GatewayConfig = {
	maxBodyBytes: 20 * 1024 * 1024,
	maxBodyDepth: 64
};

/** PostgREST's JWT clock skew allowance (docs/supabase-compat.md §3.2). */
export const JWT_SKEW_SECONDS = 30;
