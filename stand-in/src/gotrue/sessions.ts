// Sessions, refresh tokens and access tokens as GoTrue writes and issues them (docs/supabase-compat.md §4:
// access-token claims, the session rows signup and sign-in write, refresh-token rotation).
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { signJwt } from '../jwt.ts';
import { AUDIENCE, INSTANCE_ID, identitiesOf, userJson } from './users.ts';
import type { UserRow } from './users.ts';

export interface IssueOptions {
	secret: string;
	issuer: string;
	expiry: number;
}

export interface RefreshTokenRow {
	id: string;
	token: string;
	user_id: string;
	revoked: boolean;
	parent: string | null;
	session_id: string | null;
	/** Seconds since updated_at, computed by the database clock. */
	age_seconds: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 12 lowercase alphanumerics, like GoTrue's refresh tokens. */
export function newRefreshToken(): string {
	const bytes = randomBytes(12);
	let s = '';
	for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
	return s;
}

export async function audit(
	db: pg.ClientBase,
	action: string,
	user: { id: string; email: string | null },
	ip: string,
	traits: Record<string, unknown> = {}
): Promise<void> {
	await db.query(
		`insert into auth.audit_log_entries (instance_id, id, payload, created_at, ip_address)
		 values ($1, $2, $3, now(), $4)`,
		[
			INSTANCE_ID,
			randomUUID(),
			JSON.stringify({
				action,
				actor_id: user.id,
				actor_username: user.email ?? '',
				actor_via_sso: false,
				log_type: ['login', 'logout', 'token_refreshed', 'token_revoked'].includes(action) ? (action === 'logout' ? 'account' : 'token') : 'team',
				traits
			}),
			ip.slice(0, 64)
		]
	);
}

/** A new session with its password AMR claim and first refresh token (signup and password grant). */
export async function createSession(
	db: pg.ClientBase,
	userId: string,
	meta: { userAgent: string | undefined; ip: string }
): Promise<{ sessionId: string; refreshToken: string }> {
	const sessionId = randomUUID();
	const refreshToken = newRefreshToken();
	await db.query(
		`with s as (
		   insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
		   values ($1, $2, now(), now(), 'aal1', $3, $4::inet) returning id
		 ), amr as (
		   insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
		   select id, now(), now(), 'password', gen_random_uuid() from s
		 )
		 insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
		 select $5, $6, $2::text, false, now(), now(), null, id from s`,
		[sessionId, userId, meta.userAgent ?? null, safeIp(meta.ip), INSTANCE_ID, refreshToken]
	);
	return { sessionId, refreshToken };
}

function safeIp(ip: string): string | null {
	return /^[0-9a-fA-F:.]+$/.test(ip) ? ip : null;
}

export async function markSignedIn(db: pg.ClientBase, userId: string): Promise<void> {
	await db.query(
		`with u as (update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1)
		 update auth.identities set last_sign_in_at = now(), updated_at = now() where user_id = $1 and provider = 'email'`,
		[userId]
	);
}

/** The session's AMR entries, newest first. */
async function amrOf(db: pg.ClientBase, sessionId: string): Promise<Array<{ method: string; timestamp: number }>> {
	const r = await db.query<{ method: string; ts: string }>(
		`select authentication_method as method, extract(epoch from updated_at)::bigint::text as ts
		   from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
		[sessionId]
	);
	return r.rows.map((x) => ({ method: x.method, timestamp: Number(x.ts) }));
}

/** GoTrue's AccessTokenResponse for a user, session and refresh token. */
export async function tokenResponse(
	db: pg.ClientBase,
	user: UserRow,
	sessionId: string,
	refreshToken: string,
	opts: IssueOptions
): Promise<Record<string, unknown>> {
	const [identities, amr, aalRow] = [
		await identitiesOf(db, user.id),
		await amrOf(db, sessionId),
		(await db.query<{ aal: string | null }>('select aal::text as aal from auth.sessions where id = $1', [sessionId])).rows[0]
	];
	const iat = Math.floor(Date.now() / 1000);
	const exp = iat + opts.expiry;
	const claims = {
		iss: opts.issuer,
		sub: user.id,
		aud: user.aud ?? AUDIENCE,
		exp,
		iat,
		email: user.email ?? '',
		phone: user.phone ?? '',
		app_metadata: user.raw_app_meta_data ?? {},
		user_metadata: user.raw_user_meta_data ?? {},
		role: user.role ?? '',
		aal: aalRow?.aal ?? 'aal1',
		amr,
		session_id: sessionId,
		is_anonymous: user.is_anonymous
	};
	return {
		access_token: signJwt(claims, opts.secret),
		token_type: 'bearer',
		expires_in: exp - iat,
		expires_at: exp,
		refresh_token: refreshToken,
		user: userJson(user, identities)
	};
}

export async function lockRefreshToken(db: pg.ClientBase, token: string): Promise<RefreshTokenRow | undefined> {
	const r = await db.query<RefreshTokenRow>(
		`select id::text, token, user_id, coalesce(revoked, false) as revoked, parent, session_id,
		        extract(epoch from (now() - coalesce(updated_at, created_at, now())))::float8 as age_seconds
		   from auth.refresh_tokens where token = $1 for update`,
		[token]
	);
	return r.rows[0];
}

export async function activeRefreshToken(db: pg.ClientBase, sessionId: string): Promise<RefreshTokenRow | undefined> {
	const r = await db.query<RefreshTokenRow>(
		`select id::text, token, user_id, revoked, parent, session_id, 0::float8 as age_seconds
		   from auth.refresh_tokens where session_id = $1 and revoked is false order by id desc limit 1`,
		[sessionId]
	);
	return r.rows[0];
}

/** Rotation: revoke the presented token, issue its child (GrantRefreshTokenSwap). */
export async function swapRefreshToken(db: pg.ClientBase, old: RefreshTokenRow): Promise<string> {
	const token = newRefreshToken();
	await db.query(
		`with rv as (update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1::bigint),
		      sess as (update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now() where id = $3)
		 insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
		 values ($4, $2, $5, false, now(), now(), $6, $3)`,
		[old.id, token, old.session_id, INSTANCE_ID, old.user_id, old.token]
	);
	return token;
}

/** Reuse outside the interval: revoke every token of the session (RevokeTokenFamily). */
export async function revokeTokenFamily(db: pg.ClientBase, sessionId: string): Promise<void> {
	await db.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false`, [
		sessionId
	]);
}
