// Request-level PostgREST concerns shared by RPC and tables: authentication (docs/supabase-compat.md §3.2),
// schema profiles (§3.3) and the requested range (§3.8). Prefer is in prefs.ts, media types in media.ts.
import { JWT_SKEW_SECONDS } from '../config.ts';
import { verifyJwt } from '../jwt.ts';
import { bearerToken } from '../kong.ts';
import { ApiError, errors } from './errors.ts';

export interface AuthResult {
	role: string;
	claims: Record<string, unknown>;
}

/**
 * PostgREST's authentication: no token → the anon role with claims `{"role":"anon"}`; otherwise the token must
 * verify (HS256, ±30 s on exp/nbf/iat) and its `role` claim picks the role; `role` is written into the claims.
 */
export function authenticate(authorization: string | undefined, secret: string, anonRole: string): AuthResult {
	const token = bearerToken(authorization);
	if (token === undefined) return { role: anonRole, claims: { role: anonRole } };
	const r = verifyJwt(token, secret, { skew: JWT_SKEW_SECONDS, checkIat: true });
	if (!r.ok) {
		switch (r.reason) {
			case 'empty':
				throw errors.jwt('PGRST301', 'Empty JWT is sent in Authorization header');
			case 'parts':
				throw errors.jwt('PGRST301', `Expected 3 parts in JWT; got ${r.parts}`);
			case 'expired':
				throw errors.jwt('PGRST303', 'JWT expired');
			case 'not_yet_valid':
				throw errors.jwt('PGRST303', 'JWT not yet valid');
			case 'issued_in_future':
				throw errors.jwt('PGRST303', 'JWT issued at future');
			case 'malformed':
				throw errors.jwt('PGRST303', 'Parsing claims failed');
			default:
				throw errors.jwt('PGRST301', 'JWT cryptographic operation failed');
		}
	}
	const role = typeof r.claims.role === 'string' && r.claims.role !== '' ? r.claims.role : anonRole;
	return { role, claims: { ...r.claims, role } };
}

/** The schema from Accept-Profile (GET/HEAD) or Content-Profile (others); 406 PGRST106 if not exposed. */
export function profileSchema(method: string, headers: Record<string, string | string[] | undefined>, exposed: string[]): string {
	const name = method === 'GET' || method === 'HEAD' ? 'accept-profile' : 'content-profile';
	const v = headers[name];
	const schema = (Array.isArray(v) ? v[0] : v)?.trim();
	if (!schema) return exposed[0];
	if (!exposed.includes(schema)) throw errors.schema(schema, exposed);
	return schema;
}

export interface Range {
	offset: number;
	limit: number | undefined;
}

/**
 * The top-level range: the Range header (GET only) intersected with offset/limit, then capped at max_rows
 * (the effective limit is min(limit, max_rows)).
 */
export function effectiveRange(
	rangeHeader: string | undefined,
	offsetParam: number | undefined,
	limitParam: number | undefined,
	maxRows: number | undefined
): Range {
	let lower = 0;
	let upper = Infinity;
	if (rangeHeader) {
		const m = /^\s*(?:items=)?(\d+)-(\d*)\s*$/.exec(rangeHeader);
		if (m) {
			lower = Number(m[1]);
			upper = m[2] === '' ? Infinity : Number(m[2]);
			if (lower > upper) {
				throw new ApiError(
					416,
					'PGRST103',
					'Requested range not satisfiable',
					'The lower boundary must be lower than or equal to the upper boundary in the Range header.'
				);
			}
		}
	}
	if (offsetParam !== undefined) lower = Math.max(lower, offsetParam);
	if (limitParam !== undefined) upper = Math.min(upper, lower + limitParam - 1);
	if (maxRows !== undefined) upper = Math.min(upper, lower + maxRows - 1);
	return { offset: lower, limit: upper === Infinity ? undefined : Math.max(0, upper - lower + 1) };
}
