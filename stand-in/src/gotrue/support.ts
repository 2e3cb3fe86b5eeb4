// GoTrue helpers: the auth transaction, request bodies, passwords (docs/supabase-compat.md §4).
import bcrypt from 'bcryptjs';
import type pg from 'pg';
import type { AuthConfig } from '../config.ts';
import { nestsDeeperThan } from '../postgrest/payload.ts';
import { isConnectionError } from '../postgrest/errors.ts';
import { AuthError, authErrors } from './errors.ts';
import type { UserRow } from './users.ts';

export const EMAIL_RE =
	/^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Runs `fn` in a transaction on the auth pool; an error rolls back unless it asks to commit (reuse detection). */
export async function inTx<T>(pool: pg.Pool, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
	const db = await pool.connect();
	let broken: Error | undefined;
	try {
		await db.query('begin');
		try {
			const out = await fn(db);
			await db.query('commit');
			return out;
		} catch (e) {
			if (e instanceof CommitWithError) {
				await db.query('commit');
				throw e.error;
			}
			await db.query('rollback').catch((re) => (broken = re));
			throw e;
		}
	} catch (e) {
		if (isConnectionError(e)) broken ??= e as Error;
		throw e;
	} finally {
		db.release(broken);
	}
}

/** storage.NewCommitWithError: keep the writes (the revoked family), answer with the error. */
export class CommitWithError extends Error {
	constructor(readonly error: AuthError) {
		super(error.message);
	}
}

/** The JSON object body; the depth is checked by a linear scan first, and no parser text reaches the answer. */
export function parseJson(body: string, maxDepth: number): Record<string, unknown> {
	if (body.trim() === '') return {};
	if (nestsDeeperThan(body, maxDepth)) throw authErrors.badJson(`the body nests arrays and objects more than ${maxDepth} levels deep`);
	let v: unknown;
	try {
		v = JSON.parse(body);
	} catch {
		throw authErrors.badJson('the body is not valid JSON');
	}
	if (v === null || typeof v !== 'object' || Array.isArray(v)) throw authErrors.badJson('the body must be a JSON object');
	return v as Record<string, unknown>;
}

export function str(v: unknown): string {
	return typeof v === 'string' ? v : '';
}

/** Go's bcrypt writes `$2a$`; bcryptjs writes `$2b$`, the same algorithm for inputs up to 72 bytes. */
export async function hashPassword(password: string): Promise<string> {
	return (await bcrypt.hash(password, 10)).replace(/^\$2b\$/, () => '$2a$');
}

/** bcrypt check for both GoTrue's `$2a$10$` hashes and pgcrypto's `crypt(pw, gen_salt('bf'))` (`$2a$06$`). */
export async function passwordMatches(password: string, hash: string | null): Promise<boolean> {
	if (!hash || !/^\$2[abxy]\$\d\d\$/.test(hash)) return false;
	try {
		return await bcrypt.compare(password, hash);
	} catch {
		return false;
	}
}

export function checkPassword(password: string, cfg: AuthConfig): void {
	if (Buffer.byteLength(password) > 72) throw authErrors.validation('Password cannot be longer than 72 characters');
	if ([...password].length < cfg.minimumPasswordLength) throw authErrors.weakPassword(cfg.minimumPasswordLength);
}

export interface RequestMeta {
	userAgent: string | undefined;
	ip: string;
}

export function isBanned(user: UserRow): boolean {
	return !!user.banned_until && Date.parse(user.banned_until.replace(' ', 'T').replace(/\+00$/, 'Z')) > Date.now();
}

