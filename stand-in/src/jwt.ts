// HS256 JSON Web Tokens with node:crypto: signing for GoTrue's access tokens, and verification that reports
// *why* a token failed, so PostgREST-style and GoTrue-style callers can word the error their own way.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Claims = Record<string, unknown>;

export type JwtFailure =
	| { reason: 'empty' }
	| { reason: 'parts'; parts: number }
	| { reason: 'malformed' }
	| { reason: 'algorithm'; alg: unknown }
	| { reason: 'signature' }
	| { reason: 'expired' }
	| { reason: 'not_yet_valid' }
	| { reason: 'issued_in_future' };

export type JwtResult = { ok: true; claims: Claims } | ({ ok: false } & JwtFailure);

function base64url(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

function hmac(secret: string, data: string): Buffer {
	return createHmac('sha256', secret).update(data).digest();
}

export function signJwt(claims: Claims, secret: string, header: Record<string, string> = {}): string {
	const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header }));
	const body = base64url(JSON.stringify(claims));
	return `${head}.${body}.${base64url(hmac(secret, `${head}.${body}`))}`;
}

function parseJsonSegment(segment: string): unknown {
	const text = Buffer.from(segment, 'base64url').toString('utf8');
	return JSON.parse(text);
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface VerifyOptions {
	/** Allowed clock skew in seconds for exp/nbf/iat (PostgREST: 30, GoTrue: 0). */
	skew: number;
	/** Reject tokens whose `iat` lies in the future (PostgREST v13+). */
	checkIat: boolean;
	now?: number;
}

/** Verifies an HS256 token: structure, algorithm, signature, then the time claims. */
export function verifyJwt(token: string, secret: string, opts: VerifyOptions): JwtResult {
	if (token === '') return { ok: false, reason: 'empty' };
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'parts', parts: parts.length };
	const [head, body, sig] = parts;
	let header: unknown;
	let claims: unknown;
	try {
		header = parseJsonSegment(head);
		claims = parseJsonSegment(body);
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (!isObject(header) || !isObject(claims)) return { ok: false, reason: 'malformed' };
	// Only HS256 is configured; `alg: none` and asymmetric algorithms never verify.
	if (header.alg !== 'HS256') return { ok: false, reason: 'algorithm', alg: header.alg };
	const expected = hmac(secret, `${head}.${body}`);
	const given = Buffer.from(sig, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };

	const now = opts.now ?? Math.floor(Date.now() / 1000);
	const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
	const exp = num(claims.exp);
	if (claims.exp !== undefined && exp === undefined) return { ok: false, reason: 'malformed' };
	if (exp !== undefined && now > exp + opts.skew) return { ok: false, reason: 'expired' };
	const nbf = num(claims.nbf);
	if (nbf !== undefined && now < nbf - opts.skew) return { ok: false, reason: 'not_yet_valid' };
	const iat = num(claims.iat);
	if (opts.checkIat && iat !== undefined && iat > now + opts.skew) return { ok: false, reason: 'issued_in_future' };
	return { ok: true, claims };
}
