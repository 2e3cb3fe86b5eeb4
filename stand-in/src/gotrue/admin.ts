// The two admin endpoints that end a user's access (docs/supabase-compat.md §4): PUT /admin/users/{id} with
// `ban_duration`, and DELETE /admin/users/{id} (hard, or soft with `should_soft_delete`). They write what
// GoTrue writes: a ban only sets banned_until (the user's sessions stay: the database refuses a banned user's
// tokens itself), a soft delete sets deleted_at and deletes the sessions, a hard delete removes the user row
// (sessions, identities and refresh tokens cascade). Only a service_role (or supabase_admin) token may call.
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import { json } from '../http.ts';
import type { Reply } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { bearerToken, gatewayAuthorization } from '../kong.ts';
import { AuthError, authErrors } from './errors.ts';
import { audit } from './sessions.ts';
import { findUserById, identitiesOf, userJson } from './users.ts';
import type { UserRow } from './users.ts';
import { inTx } from './support.ts';

const ADMIN_ROLES = ['service_role', 'supabase_admin'];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** Go's time.ParseDuration, in milliseconds ("24h", "1h30m", "90s"; "0" alone); undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
	const m = /^([+-]?)(.*)$/.exec(text)!;
	if (m[2] === '0') return 0;
	const parts = [...m[2].matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
	if (parts.length === 0 || parts.map((p) => p[0]).join('') !== m[2]) return undefined;
	const ms = parts.reduce((sum, p) => sum + Number(p[1]) * GO_UNITS[p[2]], 0);
	return m[1] === '-' ? -ms : ms;
}

/** requireAdminCredentials: a valid token of the local secret whose role is an admin role. */
function requireAdmin(req: IncomingMessage, secret: string): void {
	const token = bearerToken(gatewayAuthorization(req));
	if (!token) throw authErrors.noAuthorization();
	const r = verifyJwt(token, secret, { skew: 0, checkIat: false });
	if (!r.ok) throw authErrors.badJwt('invalid JWT: unable to parse or verify signature');
	if (!ADMIN_ROLES.includes(String(r.claims.role))) throw new AuthError(403, 'not_admin', 'User not allowed');
}

async function loadUser(db: pg.ClientBase, id: string): Promise<UserRow> {
	if (!UUID_RE.test(id)) throw authErrors.validation('user_id must be an UUID');
	const user = await findUserById(db, id);
	if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
	return user;
}

export async function adminUpdateUser(
	pool: pg.Pool,
	secret: string,
	req: IncomingMessage,
	id: string,
	body: Record<string, unknown>
): Promise<Reply> {
	requireAdmin(req, secret);
	const unsupported = Object.keys(body).filter((k) => k !== 'ban_duration');
	if (unsupported.length) throw authErrors.validation(`Only ban_duration is supported by the local stand-in's admin API (got ${unsupported.join(', ')})`);
	let banMs: number | undefined;
	if (typeof body.ban_duration === 'string' && body.ban_duration !== '') {
		banMs = body.ban_duration === 'none' ? 0 : parseGoDuration(body.ban_duration);
		if (banMs === undefined) throw authErrors.validation(`invalid format for ban duration: time: invalid duration "${body.ban_duration}"`);
	}
	return inTx(pool, async (db) => {
		const user = await loadUser(db, id);
		if (banMs !== undefined) {
			// user.Ban: a zero duration lifts the ban; the sessions are left as they are.
			await db.query(
				`update auth.users set banned_until = case when $2::float8 = 0 then null else now() + make_interval(secs => $2::float8 / 1000) end
				  where id = $1`,
				[user.id, banMs]
			);
		}
		await audit(db, 'user_modified', user, '');
		const fresh = (await findUserById(db, user.id))!;
		return json(200, userJson(fresh, await identitiesOf(db, user.id)));
	});
}

export async function adminDeleteUser(
	pool: pg.Pool,
	secret: string,
	req: IncomingMessage,
	id: string,
	body: Record<string, unknown>
): Promise<Reply> {
	requireAdmin(req, secret);
	return inTx(pool, async (db) => {
		const user = await loadUser(db, id);
		await audit(db, 'user_deleted', user, '');
		if (body.should_soft_delete === true) {
			if (!user.deleted_at) {
				await db.query(`update auth.users set deleted_at = now(), updated_at = now() where id = $1`, [user.id]);
				await db.query(`delete from auth.sessions where user_id = $1`, [user.id]);
			}
		} else {
			await db.query(`delete from auth.users where id = $1`, [user.id]);
		}
		return json(200, {});
	});
}
