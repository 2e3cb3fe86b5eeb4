// Direct PostgreSQL access for the integration tests and the benchmark: a Kysely handle typed by the
// generated types/kysely.ts, users with passwords GoTrue accepts, and
// "acting as a user" on a raw connection exactly like PostgREST does (role + request.jwt.claims, local
// to the transaction).
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../../types/kysely.ts';

/** The generated schema types (npm run types). */
export type Database = DB;

export function kysely(url: string, max = 4): Kysely<Database> {
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max }) }) });
}

export interface Violation {
	workflow_id: string;
	version_id: string | null;
	check_name: string;
	detail: string;
}

/** The invariant checker's rows (empty = healthy). */
export async function integrityViolations(url: string, workflowId: string | null = null): Promise<Violation[]> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return (await c.query('select * from public.check_workflow_integrity($1::uuid)', [workflowId])).rows;
	} finally {
		await c.end();
	}
}

export const PASSWORD = 'demo-password';

/**
 * Creates users that can sign in through GoTrue (bcrypt via pgcrypto, cost 4 to keep setup fast) and
 * returns their ids by email.
 */
export async function createUsers(client: pg.ClientBase, emails: string[], password = PASSWORD): Promise<Map<string, string>> {
	const ids = new Map(emails.map((e) => [e, randomUUID()]));
	await client.query(
		`with u as (
		   select * from unnest($1::uuid[], $2::text[]) as t(id, email)
		 ), ins as (
		   insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
		     confirmation_token, recovery_token, email_change_token_new, email_change,
		     raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		   select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
		          extensions.crypt($3, extensions.gen_salt('bf', 4)), now(), '', '', '', '',
		          '{"provider": "email", "providers": ["email"]}', '{}', now(), now()
		   from u returning id, email
		 )
		 insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
		 select ins.id::text, ins.id, jsonb_build_object('sub', ins.id::text, 'email', ins.email, 'email_verified', true),
		        'email', now(), now(), now()
		 from ins`,
		[[...ids.values()], [...ids.keys()], password]
	);
	return ids;
}

/**
 * The claims PostgREST puts in request.jwt.claims for an access token of this user. GoTrue's tokens name
 * their session (`session_id`), which the database checks on every call (private.require_user); pass the id
 * of a session made by startSession. Without one, the claims are those of a token minted with the JWT
 * secret by an operator, which carries no session_id and is checked for the account only.
 */
export function claimsFor(userId: string, email = `${userId}@example.com`, sessionId?: string): string {
	const now = Math.floor(Date.now() / 1000);
	return JSON.stringify({
		iss: 'http://127.0.0.1:54321/auth/v1',
		sub: userId,
		aud: 'authenticated',
		exp: now + 3600,
		iat: now,
		email,
		role: 'authenticated',
		aal: 'aal1',
		...(sessionId ? { session_id: sessionId } : {}),
		is_anonymous: false
	});
}

/** An auth.sessions row for the user, as GoTrue writes at sign-in; returns its id (the token's session_id). */
export async function startSession(client: pg.ClientBase, userId: string): Promise<string> {
	const id = randomUUID();
	await client.query(`insert into auth.sessions (id, user_id, created_at, updated_at, aal) values ($1, $2, now(), now(), 'aal1')`, [id, userId]);
	return id;
}

/** Acts as the user for the rest of the current transaction (what PostgREST does before the call). */
export const SET_CLAIMS = `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`;

/** Runs fn in one transaction as the user; rolls back on error. */
export async function asUser<T>(client: pg.ClientBase, userId: string, fn: () => Promise<T>): Promise<T> {
	await client.query('begin');
	try {
		await client.query(SET_CLAIMS, [claimsFor(userId)]);
		const result = await fn();
		await client.query('commit');
		return result;
	} catch (e) {
		await client.query('rollback').catch(() => {});
		throw e;
	}
}

/** One RPC call as the user, in its own transaction; returns the rows. */
export async function rpcAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
	client: pg.ClientBase,
	userId: string,
	text: string,
	values: unknown[] = []
): Promise<R[]> {
	return asUser(client, userId, async () => (await client.query<R>(text, values)).rows);
}

export interface Tenant {
	projectId: string;
	users: Record<'owner' | 'publisher' | 'editor' | 'viewer', string>;
	emails: Record<'owner' | 'publisher' | 'editor' | 'viewer', string>;
}

/**
 * A project with one user of every role: the owner creates it with create_project; the others are inserted
 * into project_members as operators add members (the membership trigger audits each, with no actor).
 */
export async function createTenant(client: pg.ClientBase, prefix: string, projectName = `${prefix} project`): Promise<Tenant> {
	const roles = ['owner', 'publisher', 'editor', 'viewer'] as const;
	const emails = Object.fromEntries(roles.map((r) => [r, `${prefix}-${r}-${randomUUID().slice(0, 8)}@example.com`])) as Tenant['emails'];
	const ids = await createUsers(client, Object.values(emails));
	const users = Object.fromEntries(roles.map((r) => [r, ids.get(emails[r])!])) as Tenant['users'];
	const [project] = await rpcAs<{ id: string }>(client, users.owner, 'select id from public.create_project($1)', [projectName]);
	await addMembers(
		client,
		project.id,
		(['publisher', 'editor', 'viewer'] as const).map((role) => ({ userId: users[role], role }))
	);
	return { projectId: project.id, users, emails };
}

/** Adds members the way operators do: a plain insert, nobody signed in (the trigger records member_added). */
export async function addMembers(client: pg.ClientBase, projectId: string, members: Array<{ userId: string; role: string }>): Promise<void> {
	await client.query(
		`insert into public.project_members (project_id, user_id, role)
		 select $1, m.user_id, m.role::public.project_role from unnest($2::uuid[], $3::text[]) as m(user_id, role)`,
		[projectId, members.map((m) => m.userId), members.map((m) => m.role)]
	);
}

/** create_workflow as the user; returns the workflow id. */
export async function createWorkflow(client: pg.ClientBase, userId: string, projectId: string, name: string, definition?: unknown): Promise<string> {
	const [w] = await rpcAs<{ id: string }>(client, userId, 'select id from public.create_workflow($1, $2, null, $3::jsonb)', [
		projectId,
		name,
		definition === undefined ? null : JSON.stringify(definition)
	]);
	return w.id;
}

/** Makes sure the workflow has a draft holding `definition`; returns the draft's revision. */
export async function stageDraft(client: pg.ClientBase, userId: string, workflowId: string, definition: unknown): Promise<number> {
	return asUser(client, userId, async () => {
		const { rows } = await client.query<{ revision: number }>('select revision from public.create_draft($1)', [workflowId]);
		const saved = await client.query<{ revision: number }>('select revision from public.save_draft($1, $2::jsonb, $3)', [
			workflowId,
			JSON.stringify(definition),
			rows[0].revision
		]);
		return saved.rows[0].revision;
	});
}

/** Waits until the backend of `client` is waiting for a lock (seen from a third connection). */
export async function waitUntilBlocked(watcher: pg.Client, client: pg.Client, settled: () => boolean): Promise<boolean> {
	const pid = (client as unknown as { processID: number }).processID;
	for (let i = 0; i < 400 && !settled(); i++) {
		const w = await watcher.query('select wait_event_type from pg_stat_activity where pid = $1', [pid]);
		if (w.rows[0]?.wait_event_type === 'Lock') return true;
		await new Promise((r) => setTimeout(r, 25));
	}
	return false;
}
