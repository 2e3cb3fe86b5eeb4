// Verifying a Supabase access token without asking GoTrue on every request (docs/architecture.md, "Who is
// calling"). An HS256 token (the local stack, the stand-in and projects on the shared JWT secret) is checked
// here: the signature with the secret (constant-time), then the claims. Anything else — an asymmetric token
// with a `kid`, or an HS256 token when no secret is configured — goes to supabase-js's `auth.getClaims()`,
// which verifies with the project's JWKS or falls back to GoTrue's `GET /auth/v1/user`; the same claim checks
// apply to its answer. Nothing is cached here: every request is verified, so nothing outlives a token's `exp`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { User } from '@supabase/supabase-js';

/** The claims of a GoTrue access token that the app relies on. */
export interface AccessClaims {
	sub: string;
	role: string;
	aud: string | string[];
	exp: number;
	nbf?: number;
	email?: string;
	phone?: string;
	session_id?: string;
	is_anonymous?: boolean;
	app_metadata?: Record<string, unknown>;
	user_metadata?: Record<string, unknown>;
	[claim: string]: unknown;
}

export type Verdict = { ok: true; claims: AccessClaims } | { ok: false; reason: string };

interface Decoded {
	header: { alg?: unknown; kid?: unknown; typ?: unknown };
	payload: Record<string, unknown>;
	signingInput: string;
	signature: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const B64URL = /^[A-Za-z0-9_-]*$/;
/** A token that claims to start in the future is accepted this many seconds early (clock skew). */
const NBF_LEEWAY_SECONDS = 30;

function parsePart(part: string): Record<string, unknown> | null {
	if (!B64URL.test(part)) return null;
	try {
		const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

export function decodeJwt(token: string): Decoded | null {
	if (token.length > 16_384) return null;
	const parts = token.split('.');
	if (parts.length !== 3 || !B64URL.test(parts[2])) return null;
	const header = parsePart(parts[0]);
	const payload = parsePart(parts[1]);
	if (!header || !payload) return null;
	return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
}

/** The claims a signed-in user's access token must carry: `authenticated` role and audience, a uuid `sub`, unexpired. */
export function checkClaims(payload: Record<string, unknown>, nowSeconds: number): Verdict {
	const { sub, role, aud, exp, nbf } = payload;
	if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'no exp claim' };
	if (exp <= nowSeconds) return { ok: false, reason: 'expired' };
	if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + NBF_LEEWAY_SECONDS)) return { ok: false, reason: 'not valid yet' };
	const audiences = Array.isArray(aud) ? aud : [aud];
	if (!audiences.includes('authenticated')) return { ok: false, reason: 'wrong audience' };
	if (role !== 'authenticated') return { ok: false, reason: 'not a user token' };
	if (typeof sub !== 'string' || !UUID.test(sub)) return { ok: false, reason: 'no user in sub' };
	return { ok: true, claims: payload as AccessClaims };
}

/** HS256 with the shared secret: signature (constant-time) first, then the claims. */
export function verifyHs256(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Verdict {
	const d = decodeJwt(token);
	if (!d) return { ok: false, reason: 'malformed' };
	if (d.header.alg !== 'HS256') return { ok: false, reason: 'not HS256' };
	const expected = createHmac('sha256', secret).update(d.signingInput).digest();
	if (d.signature.length !== expected.length || !timingSafeEqual(d.signature, expected)) return { ok: false, reason: 'bad signature' };
	return checkClaims(d.payload, nowSeconds);
}

/** supabase-js's `auth.getClaims(token)`: JWKS for asymmetric tokens, GoTrue's /user otherwise. */
export type RemoteVerifier = (token: string) => Promise<Record<string, unknown> | null>;

/**
 * The user a bearer access token stands for, or null. HS256 with a configured secret is decided here and
 * never falls back (a bad signature stays refused); `alg: none` and tokens that do not parse are refused
 * here too; everything else is verified by `remote`, and its claims are checked the same way.
 */
export async function verifyAccessToken(token: string, secret: string | null, remote: RemoteVerifier): Promise<User | null> {
	const d = decodeJwt(token);
	if (!d || typeof d.header.alg !== 'string' || d.header.alg.toLowerCase() === 'none') return null;
	const now = Math.floor(Date.now() / 1000);
	let verdict: Verdict;
	if (d.header.alg === 'HS256' && secret) {
		verdict = verifyHs256(token, secret, now);
	} else {
		const claims = await remote(token).catch(() => null);
		verdict = claims ? checkClaims(claims, now) : { ok: false, reason: 'refused by the Supabase API' };
	}
	return verdict.ok ? userFromClaims(verdict.claims) : null;
}

/** `locals.user` built from verified claims: id, e-mail, phone, role, audience and metadata (no timestamps). */
export function userFromClaims(c: AccessClaims): User {
	return {
		id: c.sub,
		aud: Array.isArray(c.aud) ? c.aud.join(' ') : c.aud,
		role: c.role,
		email: typeof c.email === 'string' ? c.email : undefined,
		phone: typeof c.phone === 'string' ? c.phone : undefined,
		is_anonymous: c.is_anonymous === true,
		app_metadata: (c.app_metadata ?? {}) as User['app_metadata'],
		user_metadata: (c.user_metadata ?? {}) as User['user_metadata'],
		created_at: ''
	};
}
