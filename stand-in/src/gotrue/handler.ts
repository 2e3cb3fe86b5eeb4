// The `/auth/v1` front door: the GoTrue endpoints supabase-js uses for email + password (docs/supabase-compat.md §4).
// GoTrue connects as supabase_auth_admin (owner of the auth tables, search_path=auth), as in the CLI stack.
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import type { AuthConfig } from '../config.ts';
import { AUTH_EXPOSED_HEADERS, clientIp, corsHeaders, header, json } from '../http.ts';
import type { Reply, RequestState } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { bearerToken, gatewayAuthorization } from '../kong.ts';
import { adminDeleteUser, adminUpdateUser } from './admin.ts';
import { AuthError, OAuthError, authErrors } from './errors.ts';
import {
	activeRefreshToken,
	audit,
	createSession,
	lockRefreshToken,
	markSignedIn,
	revokeTokenFamily,
	swapRefreshToken,
	tokenResponse
} from './sessions.ts';
import type { IssueOptions } from './sessions.ts';
import { AUDIENCE, INSTANCE_ID, findUserByEmail, findUserById, hasUnscannableNulls, identitiesOf, userJson } from './users.ts';
import type { UserRow } from './users.ts';
import {
	CommitWithError,
	EMAIL_RE,
	checkPassword,
	hashPassword,
	inTx,
	isBanned,
	parseJson,
	passwordMatches,
	str
} from './support.ts';
import type { RequestMeta } from './support.ts';

export interface AuthDeps {
	pool: pg.Pool;
	config: AuthConfig;
	jwtSecret: string;
	issuer: string;
	/** Levels of nesting a JSON body may have below its top-level value. */
	maxBodyDepth: number;
}

const API_VERSION = '2024-01-01';
class GoTrue {
	private readonly issue: IssueOptions;

	constructor(private readonly deps: AuthDeps) {
		this.issue = { secret: deps.jwtSecret, issuer: deps.issuer, expiry: deps.config.jwtExpiry };
	}

	async signup(body: Record<string, unknown>, meta: RequestMeta): Promise<Reply> {
		const email = str(body.email).trim().toLowerCase();
		const phone = str(body.phone).trim();
		const password = str(body.password);
		const data = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? (body.data as Record<string, unknown>) : {};
		if (password === '') throw authErrors.validation('Signup requires a valid password');
		checkPassword(password, this.deps.config);
		if (email === '' && phone === '') throw authErrors.validation('missing email or phone');
		if (email === '') throw authErrors.validation('Phone signups are not supported by the local stand-in');
		if (email.length > 255 || !EMAIL_RE.test(email)) throw authErrors.validation('Unable to validate email address: invalid format');
		const hash = await hashPassword(password);

		return inTx(this.deps.pool, async (db) => {
			const existing = await findUserByEmail(db, email);
			if (existing) throw authErrors.userExists();
			const id = crypto.randomUUID();
			const identityData = { ...data, sub: id, email, email_verified: false, phone_verified: false };
			try {
				// signupNewUser: role '' at INSERT, then SetRole (AFTER INSERT triggers see role '').
				await db.query(
					`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, confirmation_token, recovery_token,
					   email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at,
					   updated_at, is_sso_user, is_anonymous)
					 values ($1, $2, $3, '', $4, $5, '', '', '', '', $6, $7, false, now(), now(), false, false)`,
					[INSTANCE_ID, id, AUDIENCE, email, hash, { provider: 'email', providers: ['email'] }, data]
				);
				await db.query(`update auth.users set role = $2, updated_at = now() where id = $1`, [id, AUDIENCE]);
				await db.query(
					`insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
					 values ($1::text, $2::uuid, $3, 'email', now(), now(), now())`,
					[id, id, identityData]
				);
				await db.query(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2 where id = $1`, [
					id,
					identityData
				]);
			} catch (e) {
				if ((e as { code?: string }).code === '23505') throw authErrors.userExists();
				throw Object.assign(authErrors.databaseSaving(), { cause: e });
			}
			await audit(db, 'user_signedup', { id, email }, meta.ip, { provider: 'email' });
			if (!this.deps.config.autoconfirm) {
				await db.query(`update auth.users set confirmation_sent_at = now() where id = $1`, [id]);
				const user = (await findUserById(db, id))!;
				return json(200, userJson(user, await identitiesOf(db, id)));
			}
			// Autoconfirm: email_confirmed_at and email_verified=true, then a session (token response).
			await db.query(
				`update auth.users set email_confirmed_at = now(), updated_at = now(),
				        raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || '{"email_verified": true}'
				  where id = $1`,
				[id]
			);
			return this.issueSession(db, id, meta, 'login');
		});
	}

	private async issueSession(db: pg.PoolClient, userId: string, meta: RequestMeta, action: string): Promise<Reply> {
		const { sessionId, refreshToken } = await createSession(db, userId, meta);
		await markSignedIn(db, userId);
		const user = (await findUserById(db, userId))!;
		await audit(db, action, user, meta.ip, { provider: 'email' });
		return this.tokenReply(db, user, sessionId, refreshToken);
	}

	private async tokenReply(db: pg.PoolClient, user: UserRow, sessionId: string, refreshToken: string): Promise<Reply> {
		const resp = await tokenResponse(db, user, sessionId, refreshToken, this.issue);
		return json(200, resp, {
			'sb-auth-user-id': user.id,
			'sb-auth-session-id': sessionId,
			'sb-auth-refresh-token-prefix': refreshToken.slice(0, 5)
		});
	}

	async passwordGrant(body: Record<string, unknown>, meta: RequestMeta): Promise<Reply> {
		const email = str(body.email).trim();
		const password = str(body.password);
		if (email === '' && str(body.phone) === '') throw authErrors.validation('missing email or phone');
		if (email === '') throw authErrors.invalidCredentials();
		return inTx(this.deps.pool, async (db) => {
			const user = await findUserByEmail(db, email);
			if (!user) throw authErrors.invalidCredentials();
			if (hasUnscannableNulls(user)) throw authErrors.databaseQuerying();
			if (isBanned(user)) throw authErrors.userBanned();
			if (!(await passwordMatches(password, user.encrypted_password))) throw authErrors.invalidCredentials();
			if (!user.email_confirmed_at && !user.phone_confirmed_at) throw authErrors.emailNotConfirmed();
			return this.issueSession(db, user.id, meta, 'login');
		});
	}

	/** Refresh with rotation and reuse detection (10 s reuse interval, family revocation). */
	async refreshGrant(body: Record<string, unknown>, meta: RequestMeta): Promise<Reply> {
		const presented = str(body.refresh_token);
		if (presented === '') throw new OAuthError(400, 'invalid_request', 'refresh_token required');
		if (presented.length < 12 || !/^[a-zA-Z0-9_-]+$/.test(presented)) throw authErrors.validation('Refresh token is not valid');
		return inTx(this.deps.pool, async (db) => {
			const token = await lockRefreshToken(db, presented);
			if (!token) throw authErrors.refreshNotFound();
			const session = token.session_id
				? (await db.query('select id from auth.sessions where id = $1 for update', [token.session_id])).rows[0]
				: undefined;
			if (!session) throw authErrors.refreshSessionGone();
			const user = await findUserById(db, token.user_id);
			if (!user || user.deleted_at) throw authErrors.refreshNotFound();
			if (hasUnscannableNulls(user)) throw authErrors.databaseQuerying();
			// A ban stops new tokens by refresh too, not only at the password grant.
			if (isBanned(user)) throw authErrors.userBanned();

			let issued: string | undefined;
			if (token.revoked) {
				const active = await activeRefreshToken(db, token.session_id!);
				if (active && active.parent === token.token) {
					// The client lost the previous answer: hand back the currently active child.
					issued = active.token;
				} else if (token.age_seconds > this.deps.config.refreshTokenReuseInterval) {
					await revokeTokenFamily(db, token.session_id!);
					await audit(db, 'token_revoked', user, meta.ip);
					throw new CommitWithError(authErrors.refreshReused());
				}
			}
			issued ??= await swapRefreshToken(db, token);
			await audit(db, 'token_refreshed', user, meta.ip);
			return this.tokenReply(db, user, token.session_id!, issued);
		});
	}

	/** requireAuthentication + user and session load, as /user and /logout do it. */
	private async authenticate(req: IncomingMessage, db: pg.ClientBase): Promise<{ user: UserRow; sessionId: string | undefined; claims: Record<string, unknown> }> {
		const token = bearerToken(gatewayAuthorization(req));
		if (!token) throw authErrors.noAuthorization();
		const r = verifyJwt(token, this.deps.jwtSecret, { skew: 0, checkIat: false });
		const prefix = 'invalid JWT: unable to parse or verify signature, ';
		if (!r.ok) {
			switch (r.reason) {
				case 'expired':
					throw authErrors.badJwt(`${prefix}token has invalid claims: token is expired`);
				case 'not_yet_valid':
					throw authErrors.badJwt(`${prefix}token has invalid claims: token is not valid yet`);
				case 'signature':
					throw authErrors.badJwt(`${prefix}token signature is invalid: signature is invalid`);
				case 'algorithm':
					throw authErrors.badJwt(`${prefix}token is unverifiable: error while executing keyfunc: unexpected signing method`);
				default:
					throw authErrors.badJwt(`${prefix}token is malformed: could not parse the token`);
			}
		}
		const sub = r.claims.sub;
		if (typeof sub !== 'string' || sub === '') throw authErrors.badJwt('invalid claim: missing sub claim');
		if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)) {
			throw authErrors.badJwt('invalid claim: sub claim must be a UUID');
		}
		const user = await findUserById(db, sub);
		if (!user) throw authErrors.userNotFound();
		const sid = typeof r.claims.session_id === 'string' ? r.claims.session_id : undefined;
		if (sid) {
			const s = await db.query('select 1 from auth.sessions where id = $1 and user_id = $2', [sid, sub]).catch(() => ({ rowCount: 0 }));
			if (!s.rowCount) throw authErrors.sessionNotFound();
		}
		return { user, sessionId: sid, claims: r.claims };
	}

	async getUser(req: IncomingMessage): Promise<Reply> {
		return inTx(this.deps.pool, async (db) => {
			const { user } = await this.authenticate(req, db);
			return json(200, userJson(user, await identitiesOf(db, user.id)));
		});
	}

	/** PUT /user: user_metadata (`data`) and password; email/phone changes need a mailer and are refused. */
	async updateUser(req: IncomingMessage, body: Record<string, unknown>): Promise<Reply> {
		return inTx(this.deps.pool, async (db) => {
			const { user } = await this.authenticate(req, db);
			if ((typeof body.email === 'string' && body.email.toLowerCase() !== (user.email ?? '')) || typeof body.phone === 'string') {
				throw authErrors.validation('Changing the email or phone is not supported by the local stand-in');
			}
			if (typeof body.password === 'string') {
				checkPassword(body.password, this.deps.config);
				const hash = await hashPassword(body.password);
				await db.query('update auth.users set encrypted_password = $2, updated_at = now() where id = $1', [user.id, hash]);
			}
			if (body.data && typeof body.data === 'object' && !Array.isArray(body.data)) {
				await db.query(
					`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2, updated_at = now() where id = $1`,
					[user.id, body.data]
				);
			}
			const fresh = (await findUserById(db, user.id))!;
			await audit(db, 'user_modified', fresh, '');
			return json(200, userJson(fresh, await identitiesOf(db, user.id)));
		});
	}

	async logout(req: IncomingMessage, url: URL, meta: RequestMeta): Promise<Reply> {
		const scope = url.searchParams.get('scope') ?? 'global';
		if (!['global', 'local', 'others'].includes(scope)) throw authErrors.validation(`Unsupported logout scope "${scope}"`);
		return inTx(this.deps.pool, async (db) => {
			const { user, sessionId } = await this.authenticate(req, db);
			if (scope === 'global' || !sessionId) {
				await db.query('delete from auth.sessions where user_id = $1', [user.id]);
			} else if (scope === 'local') {
				await db.query('delete from auth.sessions where id = $1', [sessionId]);
			} else {
				await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, sessionId]);
			}
			await audit(db, 'logout', user, meta.ip);
			return { status: 204, headers: {} };
		});
	}

	settings(): Reply {
		const providers = ['anonymous_users', 'apple', 'azure', 'bitbucket', 'discord', 'facebook', 'figma', 'fly', 'github', 'gitlab', 'google', 'keycloak', 'kakao', 'linkedin', 'linkedin_oidc', 'notion', 'spotify', 'slack', 'slack_oidc', 'workos', 'twitch', 'twitter', 'x', 'zoom'];
		const external: Record<string, boolean> = Object.fromEntries(providers.map((p) => [p, false]));
		external.email = true;
		external.phone = false;
		return json(200, {
			external,
			disable_signup: false,
			mailer_autoconfirm: this.deps.config.autoconfirm,
			phone_autoconfirm: false,
			sms_provider: '',
			saml_enabled: false,
			anonymous_users_enabled: false
		});
	}
}

const instances = new WeakMap<AuthDeps, GoTrue>();

function isVersioned(req: IncomingMessage): boolean {
	const versionHeader = header(req, 'x-supabase-api-version');
	return !!versionHeader && Date.parse(versionHeader) >= Date.parse(API_VERSION);
}

function withAuthHeaders(reply: Reply, versioned: boolean): Reply {
	reply.headers = { ...corsHeaders(AUTH_EXPOSED_HEADERS), ...reply.headers };
	if (versioned) reply.headers['X-Supabase-Api-Version'] = API_VERSION;
	return reply;
}

/** A request refused before GoTrue sees it (the gateway's URL checks), worded as GoTrue's error body. */
export function authRejection(req: IncomingMessage): (status: number, message: string) => Reply {
	return (status, message) => {
		const versioned = isVersioned(req);
		return withAuthHeaders(new AuthError(status, 'validation_failed', message).reply(versioned), versioned);
	};
}

export async function handleAuth(
	deps: AuthDeps,
	req: IncomingMessage,
	url: URL,
	authPath: string,
	rawBody: string,
	state: RequestState
): Promise<Reply> {
	const gotrue = instances.get(deps) ?? instances.set(deps, new GoTrue(deps)).get(deps)!;
	const versioned = isVersioned(req);
	const method = req.method ?? 'GET';
	const meta: RequestMeta = { userAgent: header(req, 'user-agent'), ip: clientIp(req) };
	state.role = 'supabase_auth_admin';
	let reply: Reply;
	try {
		const route = `${method} ${authPath.replace(/\/+$/, '') || '/'}`;
		const adminUser = /^(PUT|DELETE) \/admin\/users\/([^/]+)$/.exec(route);
		switch (adminUser ? `${adminUser[1]} /admin/users/{id}` : route) {
			case 'PUT /admin/users/{id}':
				reply = await adminUpdateUser(deps.pool, deps.jwtSecret, req, adminUser![2], parseJson(rawBody, deps.maxBodyDepth));
				break;
			case 'DELETE /admin/users/{id}':
				reply = await adminDeleteUser(deps.pool, deps.jwtSecret, req, adminUser![2], parseJson(rawBody, deps.maxBodyDepth));
				break;
			case 'POST /signup':
				reply = await gotrue.signup(parseJson(rawBody, deps.maxBodyDepth), meta);
				break;
			case 'POST /token': {
				const grant = url.searchParams.get('grant_type');
				if (grant === 'password') reply = await gotrue.passwordGrant(parseJson(rawBody, deps.maxBodyDepth), meta);
				else if (grant === 'refresh_token') reply = await gotrue.refreshGrant(parseJson(rawBody, deps.maxBodyDepth), meta);
				else throw authErrors.validation('unsupported_grant_type');
				break;
			}
			case 'GET /user':
				reply = await gotrue.getUser(req);
				break;
			case 'PUT /user':
				reply = await gotrue.updateUser(req, parseJson(rawBody, deps.maxBodyDepth));
				break;
			case 'POST /logout':
				reply = await gotrue.logout(req, url, meta);
				break;
			case 'GET /.well-known/jwks.json':
				// Symmetric (HS256) keys are never published.
				reply = json(200, { keys: [] });
				break;
			case 'GET /settings':
				reply = gotrue.settings();
				break;
			case 'GET /health':
				reply = json(200, { version: 'v2.189.0', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
				break;
			default:
				throw authErrors.notFound();
		}
	} catch (e) {
		if (e instanceof AuthError) {
			reply = e.reply(versioned);
			if (e.cause) state.error = (e.cause as Error).message;
		}
		else if (e instanceof OAuthError) reply = e.reply();
		else {
			state.error = (e as Error).message;
			reply = authErrors.unexpected().reply(versioned);
		}
	}
	return withAuthHeaders(reply, versioned);
}
