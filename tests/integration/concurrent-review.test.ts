// Review before publish under concurrency: a save racing an approval never lets a revision that was not
// approved be published. decide_review, save_draft and publish_draft all take the workflow's row lock, so
// either the save comes first (the request is superseded and the approval refused) or the approval comes
// first (the save supersedes it); publish_draft then finds no approval of the current revision.
//
// Separate connections act as the editor and two publishers the way PostgREST would: every RPC is its own
// transaction with `role` and `request.jwt.claims` set locally. Two ordered cases hold one transaction open
// while the other call waits for its lock; then rounds of unordered races, after which every published
// version must be the revision and hash of a request that was approved and then marked published.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropDatabase } from '../../scripts/lib/postgres.ts';
import { SET_CLAIMS, addMembers, asUser, claimsFor, createUsers, rpcAs, waitUntilBlocked } from './_support/db.ts';

const ROUNDS = 25;

let url = '';
let admin: pg.Client;
let projectId = '';
const users = {} as Record<'owner' | 'editor' | 'publisher' | 'reviewer', string>;

function definition(n: number) {
	return {
		nodes: [
			{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In', config: {} } },
			{ id: 'call', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Out', config: { url: `https://example.org/${n}` } } }
		],
		edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
		settings: {}
	};
}

/** A workflow in the review-required project whose draft (saved by the editor) has an open review request. */
async function workflowUnderReview(name: string, n: number): Promise<{ workflowId: string; requestId: string; revision: number }> {
	const [wf] = await rpcAs<{ id: string }>(admin, users.editor, 'select id from public.create_workflow($1, $2, null, $3::jsonb)', [
		projectId,
		name,
		JSON.stringify(definition(n))
	]);
	const [saved] = await rpcAs<{ revision: number }>(admin, users.editor, 'select revision from public.save_draft($1, $2::jsonb, 1)', [
		wf.id,
		JSON.stringify(definition(n + 1))
	]);
	const [request] = await rpcAs<{ id: string }>(admin, users.editor, 'select id from public.request_review($1, $2)', [wf.id, saved.revision]);
	return { workflowId: wf.id, requestId: request.id, revision: saved.revision };
}

/** The SQLSTATE of a failed call, or 'ok'. */
async function outcome(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		return (e as { code?: string }).code ?? String(e);
	}
}

async function requestState(id: string): Promise<string> {
	return (await admin.query('select state from public.publish_requests where id = $1', [id])).rows[0].state;
}

beforeAll(async () => {
	url = await createThrowawayDatabase('wv_review_race', { seed: false });
	admin = new pg.Client({ connectionString: url });
	await admin.connect();
	const ids = await createUsers(admin, ['owner@race.example', 'editor@race.example', 'publisher@race.example', 'reviewer@race.example']);
	users.owner = ids.get('owner@race.example')!;
	users.editor = ids.get('editor@race.example')!;
	users.publisher = ids.get('publisher@race.example')!;
	users.reviewer = ids.get('reviewer@race.example')!;
	[{ id: projectId }] = await rpcAs<{ id: string }>(admin, users.owner, 'select id from public.create_project($1)', ['Reviewed']);
	await addMembers(admin, projectId, [
		{ userId: users.editor, role: 'editor' },
		{ userId: users.publisher, role: 'publisher' },
		{ userId: users.reviewer, role: 'publisher' }
	]);
	await rpcAs(admin, users.owner, 'select public.set_project_settings($1, true)', [projectId]);
}, 120_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	if (url) await dropDatabase(url);
});

describe('a save racing an approval', () => {
	it('approval first, save waiting on it: the save supersedes the approval and the saved revision cannot be published', async () => {
		const wf = await workflowUnderReview('Approval first', 10);
		const a = new pg.Client({ connectionString: url });
		const b = new pg.Client({ connectionString: url });
		const watcher = new pg.Client({ connectionString: url });
		await Promise.all([a.connect(), b.connect(), watcher.connect()]);
		try {
			await a.query('begin');
			await a.query(SET_CLAIMS, [claimsFor(users.reviewer)]);
			await a.query(`select public.decide_review($1, 'approve')`, [wf.requestId]);
			let settled = false;
			const save = outcome(
				asUser(b, users.editor, () => b.query('select public.save_draft($1, $2::jsonb, $3)', [wf.workflowId, JSON.stringify(definition(99)), wf.revision]))
			).finally(() => (settled = true));
			const blocked = await waitUntilBlocked(watcher, b, () => settled);
			await a.query('commit');
			expect(await save).toBe('ok');
			expect(blocked, 'the save waited for the approval').toBe(true);
			expect(await requestState(wf.requestId)).toBe('superseded');
			const publish = await outcome(rpcAs(admin, users.publisher, 'select public.publish_draft($1)', [wf.workflowId]));
			expect(publish).toBe('PT409');
		} finally {
			await Promise.all([a.end(), b.end(), watcher.end()]);
		}
	});

	it('save first, approval waiting on it: the approval is refused and nothing can be published', async () => {
		const wf = await workflowUnderReview('Save first', 20);
		const a = new pg.Client({ connectionString: url });
		const b = new pg.Client({ connectionString: url });
		const watcher = new pg.Client({ connectionString: url });
		await Promise.all([a.connect(), b.connect(), watcher.connect()]);
		try {
			await b.query('begin');
			await b.query(SET_CLAIMS, [claimsFor(users.editor)]);
			await b.query('select public.save_draft($1, $2::jsonb, $3)', [wf.workflowId, JSON.stringify(definition(99)), wf.revision]);
			let settled = false;
			const approve = outcome(asUser(a, users.reviewer, () => a.query(`select public.decide_review($1, 'approve')`, [wf.requestId]))).finally(
				() => (settled = true)
			);
			const blocked = await waitUntilBlocked(watcher, a, () => settled);
			await b.query('commit');
			expect(await approve).toBe('PT409');
			expect(blocked, 'the approval waited for the save').toBe(true);
			expect(await requestState(wf.requestId)).toBe('superseded');
			const publish = await outcome(rpcAs(admin, users.publisher, 'select public.publish_draft($1)', [wf.workflowId]));
			expect(publish).toBe('PT409');
		} finally {
			await Promise.all([a.end(), b.end(), watcher.end()]);
		}
	});

	it(`${ROUNDS} rounds of approve, save and publish racing: only approved revisions are ever published`, async () => {
		const wf = await workflowUnderReview('Raced', 1000);
		const [editor, reviewer, publisher] = [0, 1, 2].map(() => new pg.Client({ connectionString: url }));
		await Promise.all([editor.connect(), reviewer.connect(), publisher.connect()]);
		const tally = new Map<string, number>();
		const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
		try {
			let requestId = wf.requestId;
			let revision = wf.revision;
			for (let round = 0; round < ROUNDS; round++) {
				const [approve, save, publish] = await Promise.all([
					outcome(rpcAs(reviewer, users.reviewer, `select public.decide_review($1, 'approve')`, [requestId])),
					outcome(
						rpcAs(editor, users.editor, 'select public.save_draft($1, $2::jsonb, $3)', [
							wf.workflowId,
							JSON.stringify(definition(2000 + round)),
							revision
						])
					),
					outcome(rpcAs(publisher, users.publisher, 'select public.publish_draft($1)', [wf.workflowId]))
				]);
				count(`approve ${approve}, save ${save}, publish ${publish}`);
				for (const [call, code] of [
					['approve', approve],
					['save', save],
					['publish', publish]
				]) {
					expect(['ok', 'PT409'], `${call} in round ${round}`).toContain(code);
				}
				// Next round: a draft (create_draft returns the existing one), a fresh save, a new request.
				const [draft] = await rpcAs<{ revision: number }>(admin, users.editor, 'select revision from public.create_draft($1)', [wf.workflowId]);
				const [saved] = await rpcAs<{ revision: number }>(admin, users.editor, 'select revision from public.save_draft($1, $2::jsonb, $3)', [
					wf.workflowId,
					JSON.stringify(definition(3000 + round)),
					draft.revision
				]);
				revision = saved.revision;
				[{ id: requestId }] = await rpcAs<{ id: string }>(admin, users.editor, 'select id from public.request_review($1, $2)', [
					wf.workflowId,
					revision
				]);
			}
		} finally {
			await Promise.all([editor.end(), reviewer.end(), publisher.end()]);
		}

		// Every published version is exactly a revision and hash some request approved, and that request is
		// the one marked published; no request is published without a version.
		const { rows: versions } = await admin.query(
			`select v.id, v.revision, v.definition_hash, r.id as request_id, r.decided_by
			 from public.workflow_versions v
			 left join public.publish_requests r
			   on r.draft_id = v.id and r.revision = v.revision and r.definition_hash = v.definition_hash and r.state = 'published'
			 where v.workflow_id = $1 and v.state = 'published'`,
			[wf.workflowId]
		);
		expect(versions.filter((v) => v.request_id === null)).toEqual([]);
		expect(versions.every((v) => v.decided_by === users.reviewer)).toBe(true);
		const { rows: published } = await admin.query(
			`select count(*)::int as n from public.publish_requests where workflow_id = $1 and state = 'published'`,
			[wf.workflowId]
		);
		expect(published[0].n).toBe(versions.length);
		// How the races fell (informative only: scheduling decides, so it is not asserted).
		console.info(`review races: ${versions.length} of ${ROUNDS} rounds published; ${[...tally].map(([k, n]) => `${k} ×${n}`).join('; ')}`);
	});
});
