// save_draft writes by compare and set: one UPDATE of the draft at the expected revision. Every RPC takes
// the workflow's row lock first, so between RPCs the draft cannot change under it; a writer without that
// lock can (an operator in psql replacing the draft). If such a writer replaces the draft with another
// one at the same revision while the save waits on the old row, the save must still write its definition
// into the draft it finds, not answer as if it had saved while the stored draft is someone else's.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropDatabase } from '../../scripts/lib/postgres.ts';
import { addMembers, asUser, createUsers, rpcAs, waitUntilBlocked } from './_support/db.ts';

let url = '';
let admin: pg.Client;
let projectId = '';
const users = {} as Record<'owner' | 'editor', string>;

const definition = (label: string) => ({
	nodes: [{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label, config: {} } }],
	edges: [],
	settings: {}
});

beforeAll(async () => {
	url = await createThrowawayDatabase('wv_draft_race', { seed: false });
	admin = new pg.Client({ connectionString: url });
	await admin.connect();
	const ids = await createUsers(admin, ['owner@draft-race.example', 'editor@draft-race.example']);
	users.owner = ids.get('owner@draft-race.example')!;
	users.editor = ids.get('editor@draft-race.example')!;
	[{ id: projectId }] = await rpcAs<{ id: string }>(admin, users.owner, 'select id from public.create_project($1)', ['Drafts']);
	await addMembers(admin, projectId, [{ userId: users.editor, role: 'editor' }]);
}, 120_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	if (url) await dropDatabase(url);
});

describe('save_draft against a draft replaced by a writer without the workflow lock', () => {
	it('writes the caller’s definition into the draft it finds at the expected revision', async () => {
		const [wf] = await rpcAs<{ id: string }>(admin, users.editor, 'select id from public.create_workflow($1, $2, null, $3::jsonb)', [
			projectId,
			'Replaced draft',
			JSON.stringify(definition('first'))
		]);
		const operator = new pg.Client({ connectionString: url });
		const editor = new pg.Client({ connectionString: url });
		const watcher = new pg.Client({ connectionString: url });
		await Promise.all([operator.connect(), editor.connect(), watcher.connect()]);
		try {
			// The operator replaces the draft (revision 1) with a new draft at revision 1, and holds it open.
			await operator.query('begin');
			await operator.query(`delete from public.workflow_versions where workflow_id = $1 and state = 'draft'`, [wf.id]);
			await operator.query(
				`insert into public.workflow_versions (workflow_id, project_id, definition) values ($1, $2, $3::jsonb)`,
				[wf.id, projectId, JSON.stringify(definition('operator'))]
			);
			let settled = false;
			const save = asUser(editor, users.editor, () =>
				editor.query<{ revision: number }>('select revision from public.save_draft($1, $2::jsonb, 1)', [wf.id, JSON.stringify(definition('mine'))])
			).finally(() => (settled = true));
			const blocked = await waitUntilBlocked(watcher, editor, () => settled);
			await operator.query('commit');
			const saved = await save;
			expect(blocked, 'the save waited on the replaced row').toBe(true);
			expect(saved.rows[0].revision).toBe(2);
			const { rows } = await admin.query(
				`select revision, definition #>> '{nodes,0,data,label}' as label from public.workflow_versions where workflow_id = $1 and state = 'draft'`,
				[wf.id]
			);
			expect(rows).toEqual([{ revision: 2, label: 'mine' }]);
		} finally {
			await operator.query('rollback').catch(() => {});
			await Promise.all([operator.end(), editor.end(), watcher.end()]);
		}
	});
});
