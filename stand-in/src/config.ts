// Tunables of the stand-in, with the Supabase CLI's local defaults (reference/supabase-protocol.md, section G).

export interface RestConfig {
	/** `db-schemas`: the first is the default profile. */
	schemas: string[];
	/** `db-extra-search-path`. */
	extraSearchPath: string[];
	/** `db-anon-role`. */
	anonRole: string;
	/** `db-max-rows`. */
	maxRows: number;
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

export const REST_DEFAULTS: RestConfig = {
	schemas: ['public', 'graphql_public'],
	extraSearchPath: ['public', 'extensions'],
	anonRole: 'anon',
	maxRows: 1000,
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

/** PostgREST's JWT clock skew allowance (section B, "JWT verification"). */
export const JWT_SKEW_SECONDS = 30;
