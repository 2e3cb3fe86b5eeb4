// Request-level PostgREST concerns shared by RPC and table reads: authentication (B, "JWT verification"),
// schema profiles (A5), Accept negotiation (A5), Prefer parsing, ranges and Content-Range (D), and the
// response GUC overrides (C, "GUC response overrides").
import { JWT_SKEW_SECONDS } from '../config.ts';
import type { Headers } from '../http.ts';
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

export type MediaKind = 'json' | 'object' | 'array';

export interface Media {
	kind: MediaKind;
	stripNulls: boolean;
	contentType: string;
}

/** Accept negotiation over the media types the stand-in produces; 406 PGRST107 otherwise. */
export function negotiateMedia(accept: string | undefined): Media {
	if (!accept || accept.trim() === '') return { kind: 'json', stripNulls: false, contentType: 'application/json; charset=utf-8' };
	const ranges = accept
		.split(',')
		.map((part, i) => {
			const [type, ...params] = part.split(';').map((s) => s.trim());
			const p = Object.fromEntries(params.map((x) => x.split('=').map((s) => s.trim().toLowerCase())));
			return { type: type.toLowerCase(), params: p as Record<string, string>, q: p.q ? Number(p.q) : 1, i };
		})
		.filter((r) => r.q > 0)
		.sort((a, b) => b.q - a.q || a.i - b.i);
	for (const r of ranges) {
		const stripped = r.params.nulls === 'stripped';
		if (r.type === '*/*' || r.type === 'application/*' || r.type === 'application/json') {
			return { kind: 'json', stripNulls: false, contentType: 'application/json; charset=utf-8' };
		}
		if (r.type === 'application/vnd.pgrst.object+json' || r.type === 'application/vnd.pgrst.object') {
			return {
				kind: 'object',
				stripNulls: stripped,
				contentType: `application/vnd.pgrst.object+json;${stripped ? ' nulls=stripped;' : ''} charset=utf-8`
			};
		}
		if (r.type === 'application/vnd.pgrst.array+json' || r.type === 'application/vnd.pgrst.array') {
			return stripped
				? { kind: 'array', stripNulls: true, contentType: 'application/vnd.pgrst.array+json; nulls=stripped; charset=utf-8' }
				: { kind: 'json', stripNulls: false, contentType: 'application/json; charset=utf-8' };
		}
	}
	throw errors.accept(accept);
}

export interface Prefs {
	count?: 'exact' | 'planned' | 'estimated';
	return?: 'minimal' | 'representation' | 'headers-only';
	missing?: 'default' | 'null';
	timezone?: string;
	applied: string[];
}

const KNOWN_PREFS: Record<string, RegExp> = {
	count: /^(exact|planned|estimated)$/,
	return: /^(minimal|representation|headers-only)$/,
	handling: /^(strict|lenient)$/,
	resolution: /^(merge-duplicates|ignore-duplicates)$/,
	missing: /^(default|null)$/,
	tx: /^(commit|rollback)$/,
	timezone: /^.+$/,
	'max-affected': /^\d+$/,
	params: /^single-object$/
};

/** `Prefer` (one comma-joined header, or several); handling=strict rejects unknown ones with PGRST122. */
export function parsePrefer(header: string | undefined): Prefs {
	const prefs: Prefs = { applied: [] };
	if (!header) return prefs;
	const invalid: string[] = [];
	let strict = false;
	for (const raw of header.split(',').map((s) => s.trim()).filter(Boolean)) {
		const [k, v = ''] = raw.split('=').map((s) => s.trim());
		if (!KNOWN_PREFS[k] || !KNOWN_PREFS[k].test(v)) {
			invalid.push(raw);
			continue;
		}
		if (k === 'handling') strict = v === 'strict';
		if (k === 'count') prefs.count = v as Prefs['count'];
		if (k === 'return') prefs.return = v as Prefs['return'];
		if (k === 'missing') prefs.missing = v as Prefs['missing'];
		if (k === 'timezone' && /^[A-Za-z0-9_/+\-]+$/.test(v)) prefs.timezone = v;
	}
	if (strict && invalid.length) throw errors.prefs(invalid);
	if (prefs.count) prefs.applied.push(`count=${prefs.count}`);
	return prefs;
}

export interface Range {
	offset: number;
	limit: number | undefined;
}

/**
 * The top-level range: the Range header (GET only) intersected with offset/limit, then capped at max_rows
 * (D: "the effective limit is min(limit, max_rows)").
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

/** Content-Range and the status (RangeQuery.hs): 206 when fewer rows than the total, 416 past the end. */
export function rangeResponse(
	offset: number,
	pageTotal: number,
	total: number | undefined
): { status: number; contentRange: string } {
	const totalText = total === undefined ? '*' : String(total);
	const contentRange = pageTotal > 0 ? `${offset}-${offset + pageTotal - 1}/${totalText}` : `*/${totalText}`;
	if (total === undefined) return { status: 200, contentRange };
	if (offset > total) throw errors.range(offset, total);
	const upper = offset + pageTotal - 1;
	return { status: 1 + upper - offset < total ? 206 : 200, contentRange };
}

/** Applies `response.headers` / `response.status` set by SQL (PGRST111 / PGRST112 when malformed). */
export function applyGucOverrides(
	status: number,
	headers: Headers,
	gucHeaders: string | null | undefined,
	gucStatus: string | null | undefined
): number {
	if (gucHeaders) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(gucHeaders);
		} catch {
			throw errors.gucHeaders();
		}
		if (!Array.isArray(parsed)) throw errors.gucHeaders();
		for (const entry of parsed) {
			const pairs = entry && typeof entry === 'object' ? Object.entries(entry) : [];
			if (pairs.length !== 1 || typeof pairs[0][1] !== 'string') throw errors.gucHeaders();
			const [name, value] = pairs[0] as [string, string];
			for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
			headers[name] = value;
		}
	}
	if (gucStatus) {
		if (!/^\d{3}$/.test(gucStatus.trim())) throw errors.gucStatus(gucStatus);
		return Number(gucStatus);
	}
	return status;
}
