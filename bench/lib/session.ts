// Connections that act like PostgREST: log in as `authenticator`, then per transaction set the role and
// the JWT claims of the signed-in user, call the function, commit.
import pg from 'pg';
import { SET_CLAIMS } from '../../tests/integration/_support/db.ts';

export function authenticatorUrl(url: string): string {
	const u = new URL(url);
	u.username = 'authenticator';
	u.password = 'postgres';
	return u.toString();
}

export async function connect(url: string): Promise<pg.Client> {
	const c = new pg.Client({ connectionString: url, application_name: 'bench' });
	await c.connect();
	return c;
}

/** One transaction as the user: begin; role + claims; the statement; commit (4 round trips). */
export async function txAs(c: pg.Client, claims: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
	await c.query('begin');
	try {
		await c.query(SET_CLAIMS, [claims]);
		const r = await c.query(text, values);
		await c.query('commit');
		return r;
	} catch (e) {
		await c.query('rollback').catch(() => {});
		throw e;
	}
}

export const PUBLISH = 'select id, version_number from public.publish_draft($1, $2, null)';
/** The baseline publish is measured against: one jsonb row inserted, one parent row updated. */
export const BASELINE = `with p as (update bench.parents set counter = counter + 1, updated_at = now() where id = $1 returning counter)
	insert into bench.versions (parent_id, n, definition) select $1, p.counter, $2::jsonb from p`;
