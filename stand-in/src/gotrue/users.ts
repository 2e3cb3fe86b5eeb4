// auth.users / auth.identities access as GoTrue does it (docs/supabase-compat.md §4: signup
// rows, password login lookup), and the JSON shapes of the user and identity objects.
import type pg from 'pg';

export const INSTANCE_ID = '00000000-0000-0000-0000-000000000000';
export const AUDIENCE = 'authenticated';

export interface UserRow {
	id: string;
	aud: string | null;
	role: string | null;
	email: string | null;
	encrypted_password: string | null;
	email_confirmed_at: string | null;
	invited_at: string | null;
	confirmation_token: string | null;
	confirmation_sent_at: string | null;
	recovery_token: string | null;
	recovery_sent_at: string | null;
	email_change_token_new: string | null;
	email_change: string | null;
	email_change_sent_at: string | null;
	last_sign_in_at: string | null;
	raw_app_meta_data: Record<string, unknown> | null;
	raw_user_meta_data: Record<string, unknown> | null;
	created_at: string | null;
	updated_at: string | null;
	phone: string | null;
	phone_confirmed_at: string | null;
	phone_change: string | null;
	phone_change_sent_at: string | null;
	confirmed_at: string | null;
	reauthentication_sent_at: string | null;
	banned_until: string | null;
	deleted_at: string | null;
	is_anonymous: boolean;
}

export interface IdentityRow {
	id: string;
	provider_id: string;
	user_id: string;
	identity_data: Record<string, unknown>;
	provider: string;
	last_sign_in_at: string | null;
	created_at: string | null;
	updated_at: string | null;
	email: string | null;
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, confirmation_token,
  confirmation_sent_at, recovery_token, recovery_sent_at, email_change_token_new, email_change, email_change_sent_at,
  last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, phone, phone_confirmed_at,
  phone_change, phone_change_sent_at, confirmed_at, reauthentication_sent_at, banned_until, deleted_at, is_anonymous`;

/**
 * Go's string scan fails on NULL ("converting NULL to string is unsupported"): real GoTrue answers 500
 * "Database error querying schema" for seeded users with NULL token columns (supabase/auth#1940).
 */
export function hasUnscannableNulls(u: UserRow): boolean {
	return u.confirmation_token === null || u.recovery_token === null || u.email_change_token_new === null || u.email_change === null;
}

/** FindUserByEmailAndAudience. */
export async function findUserByEmail(db: pg.ClientBase, email: string): Promise<UserRow | undefined> {
	const r = await db.query<UserRow>(
		`select ${USER_COLUMNS} from auth.users
		  where instance_id = $1 and lower(email) = lower($2) and aud = $3 and is_sso_user = false
		  limit 1`,
		[INSTANCE_ID, email, AUDIENCE]
	);
	return r.rows[0];
}

export async function findUserById(db: pg.ClientBase, id: string): Promise<UserRow | undefined> {
	const r = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1`, [id]);
	return r.rows[0];
}

export async function identitiesOf(db: pg.ClientBase, userId: string): Promise<IdentityRow[]> {
	const r = await db.query<IdentityRow>(
		`select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
		   from auth.identities where user_id = $1 order by created_at nulls last, id`,
		[userId]
	);
	return r.rows;
}

/** Go's time.Time JSON (RFC 3339, fractional seconds without trailing zeros, UTC as Z). */
export function goTime(pgText: string | null): string | null {
	if (pgText === null) return null;
	const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:([+-]\d{2})(?::?(\d{2}))?)?$/.exec(pgText);
	if (!m) return pgText;
	const frac = (m[3] ?? '').replace(/0+$/, '');
	const offset = !m[4] || (m[4] === '+00' && (!m[5] || m[5] === '00')) ? 'Z' : `${m[4]}:${m[5] ?? '00'}`;
	return `${m[1]}T${m[2]}${frac ? `.${frac}` : ''}${offset}`;
}

export function identityJson(i: IdentityRow): Record<string, unknown> {
	return {
		identity_id: i.id,
		id: i.provider_id,
		user_id: i.user_id,
		identity_data: i.identity_data,
		provider: i.provider,
		last_sign_in_at: goTime(i.last_sign_in_at),
		created_at: goTime(i.created_at),
		updated_at: goTime(i.updated_at),
		email: i.email ?? ''
	};
}

/** The user object, fields in GoTrue's JSON order; `omitempty` fields are dropped when empty. */
export function userJson(u: UserRow, identities: IdentityRow[]): Record<string, unknown> {
	const out: Record<string, unknown> = { id: u.id, aud: u.aud ?? '', role: u.role ?? '', email: u.email ?? '' };
	const opt = (key: string, v: string | null) => {
		if (v !== null && v !== '') out[key] = v;
	};
	opt('email_confirmed_at', goTime(u.email_confirmed_at));
	opt('invited_at', goTime(u.invited_at));
	out.phone = u.phone ?? '';
	opt('phone_confirmed_at', goTime(u.phone_confirmed_at));
	opt('confirmation_sent_at', goTime(u.confirmation_sent_at));
	opt('confirmed_at', goTime(u.confirmed_at));
	opt('recovery_sent_at', goTime(u.recovery_sent_at));
	opt('new_email', u.email_change);
	opt('email_change_sent_at', goTime(u.email_change_sent_at));
	opt('new_phone', u.phone_change);
	opt('phone_change_sent_at', goTime(u.phone_change_sent_at));
	opt('reauthentication_sent_at', goTime(u.reauthentication_sent_at));
	opt('last_sign_in_at', goTime(u.last_sign_in_at));
	out.app_metadata = u.raw_app_meta_data ?? {};
	out.user_metadata = u.raw_user_meta_data ?? {};
	out.identities = identities.map(identityJson);
	out.created_at = goTime(u.created_at);
	out.updated_at = goTime(u.updated_at);
	opt('banned_until', goTime(u.banned_until));
	opt('deleted_at', goTime(u.deleted_at));
	out.is_anonymous = u.is_anonymous;
	return out;
}
