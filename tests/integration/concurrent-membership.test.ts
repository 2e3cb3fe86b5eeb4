// Two owners demoting each other at the same moment must not leave the project without an owner:
// membership changes of a project serialise, and the second caller's role is checked again once it
// holds the lock (by then it is an editor, so it is refused).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createThrowawayDatabase, dropDatabase } from '../../scripts/lib/postgres.ts';

let url = '';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
let project = '';

async function as(client: pg.Client, uid: string) {
	await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
		JSON.stringify({ sub: uid, role: 'authenticated' })
	]);
}

beforeAll(async () => {
	url = await createThrowawayDatabase('wv_members', { seed: false });
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	await c.query(`insert into auth.users (instance_id, id, aud, role, email, created_at, updated_at)
	               values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', 'a@example.com', now(), now()),
	                      ('00000000-0000-0000-0000-000000000000', $2, 'authenticated', 'authenticated', 'b@example.com', now(), now())`, [A, B]);
	await c.query('begin');
	await as(c, A);
	project = (await c.query(`select id from public.create_project('Two owners')`)).rows[0].id;
	await c.query('commit');
	// B joins as an operator adds members: a plain insert (the membership trigger audits it).
	await c.query(`insert into public.project_members (project_id, user_id, role) values ($1, $2, 'owner')`, [project, B]);
	await c.end();
});

afterAll(async () => {
	if (url) await dropDatabase(url);
});

it('owners demoting each other concurrently leave one owner; the later call is refused', async () => {
	const a = new pg.Client({ connectionString: url });
	const b = new pg.Client({ connectionString: url });
	// pg_stat_activity is a snapshot per transaction: watch from a connection outside both.
	const watcher = new pg.Client({ connectionString: url });
	await a.connect();
	await b.connect();
	await watcher.connect();
	try {
		await a.query('begin');
		await as(a, A);
		await a.query(`select public.set_member_role($1, $2, 'editor')`, [project, B]);
		// B's call waits for A's transaction (the project's membership lock) …
		await b.query('begin');
		await as(b, B);
		let settled = false;
		const second = b.query(`select public.set_member_role($1, $2, 'editor')`, [project, A]).then(
			() => null,
			(e: { code?: string }) => e.code ?? 'unknown'
		).finally(() => (settled = true));
		// Commit A only once B is inside its call: waiting on the lock (or, without one, already done).
		const bPid = (b as unknown as { processID: number }).processID;
		let blocked = false;
		for (let i = 0; i < 200 && !settled; i++) {
			const w = await watcher.query('select wait_event_type from pg_stat_activity where pid = $1', [bPid]);
			if (w.rows[0]?.wait_event_type === 'Lock') {
				blocked = true;
				break;
			}
			await new Promise((r) => setTimeout(r, 25));
		}
		await a.query('commit');
		// … and is then refused: B is no longer an owner.
		expect(await second).toBe('42501');
		expect(blocked, 'B waited for the membership lock').toBe(true);
		await b.query('rollback');
		const owners = await a.query(`select user_id from public.project_members where project_id = $1 and role = 'owner'`, [project]);
		expect(owners.rows.map((r) => r.user_id)).toEqual([A]);
	} finally {
		await a.end();
		await b.end();
		await watcher.end();
	}
});
