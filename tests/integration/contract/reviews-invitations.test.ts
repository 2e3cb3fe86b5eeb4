// The review-before-publish and invitation RPCs (docs/reviews-and-invitations.md), through supabase-js typed
// by the generated Database against the local stand-in (real HTTP, real database), as the seeded demo users
// and people who sign up during the test. Same switch as rpc-contract.test.ts: SUPABASE_URL,
// SUPABASE_ANON_KEY and DATABASE_URL select an existing stack, otherwise a seeded stand-in is started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAILS, DEMO_PASSWORD, client, signIn, startStack, type Client, type DemoRole, type SignedIn, type Stack } from './stack';

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call', config: { url: 'https://example.org' } } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};
function variant(n: number) {
	return { ...VALID, settings: { variant: n } };
}
const MISSING = '00000000-0000-4000-8000-00000000dead';
const RUN = Math.random().toString(36).slice(2, 8);

let stack: Stack | null = null;
let supabaseUrl: string;
let anonKey: string;
const as = {} as Record<DemoRole, SignedIn>;
let anon: Client;
let acmeId: string;

interface Res {
	data: unknown;
	error: { code: string; message: string; details: string | null; hint: string | null } | null;
	status: number;
}

function expectError(res: Res, status: number, code: string) {
	expect(res.error, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.data)}`).not.toBeNull();
	expect({ status: res.status, code: res.error!.code }).toEqual({ status, code });
	expect(res.error!.message.length).toBeGreaterThan(0);
	expect(res.error!.hint?.length ?? 0, `${code} carries a hint`).toBeGreaterThan(0);
}

function expectOk<T>(res: { data: T; error: unknown; status: number }, status = 200): NonNullable<T> {
	expect(res.error, JSON.stringify(res.error)).toBeNull();
	expect(res.status).toBe(status);
	expect(res.data).not.toBeNull();
	return res.data as NonNullable<T>;
}

/** A new person signs up with e-mail and password (the stand-in confirms at sign-up, as GoTrue with autoconfirm). */
async function signUp(email: string): Promise<SignedIn> {
	const supabase = client(supabaseUrl, anonKey);
	const { data, error } = await supabase.auth.signUp({ email, password: DEMO_PASSWORD });
	if (error || !data.session || !data.user) throw new Error(`sign-up of ${email} failed: ${error?.message}`);
	return { supabase, token: data.session.access_token, userId: data.user.id };
}

/** A workflow in Acme with v1 published and a draft saved by the editor (revision 2). */
async function workflowWithDraft(name: string) {
	const wf = expectOk(await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID }));
	expectOk(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.id }));
	const draft = expectOk(await as.editor.supabase.rpc('create_draft', { workflow_id: wf.id }));
	const saved = expectOk(
		await as.editor.supabase.rpc('save_draft', { workflow_id: wf.id, definition: variant(1), expected_revision: draft.revision })
	);
	return { workflowId: wf.id, revision: saved.revision };
}

beforeAll(async () => {
	if (process.env.SUPABASE_URL) {
		supabaseUrl = process.env.SUPABASE_URL;
		anonKey = process.env.SUPABASE_ANON_KEY ?? '';
		if (!anonKey) throw new Error('SUPABASE_URL needs SUPABASE_ANON_KEY too');
	} else {
		stack = await startStack({ app: false, prefix: 'wv_contract_reviews' });
		({ supabaseUrl, anonKey } = stack);
	}
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(supabaseUrl, anonKey, EMAILS[role]);
	anon = client(supabaseUrl, anonKey);
	acmeId = expectOk(await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single()).id;
}, 120_000);

afterAll(async () => {
	await stack?.stop();
});

describe('anonymous callers', () => {
	it('get 401 / 42501 from every review and invitation RPC, and read neither table', async () => {
		const calls: Array<[string, PromiseLike<Res>]> = [
			['set_project_settings', anon.rpc('set_project_settings', { project_id: MISSING, require_review: true })],
			['request_review', anon.rpc('request_review', { workflow_id: MISSING, expected_revision: 1 })],
			['decide_review', anon.rpc('decide_review', { request_id: MISSING, decision: 'approve' })],
			['withdraw_review', anon.rpc('withdraw_review', { request_id: MISSING })],
			['list_publish_requests', anon.rpc('list_publish_requests', { project_id: MISSING })],
			['invite_project_member', anon.rpc('invite_project_member', { project_id: MISSING, email: 'a@b.c', role: 'viewer' })],
			['list_my_invitations', anon.rpc('list_my_invitations')],
			['accept_invitation', anon.rpc('accept_invitation', { invitation_id: MISSING })],
			['decline_invitation', anon.rpc('decline_invitation', { invitation_id: MISSING })],
			['revoke_invitation', anon.rpc('revoke_invitation', { invitation_id: MISSING })],
			['set_member_role', anon.rpc('set_member_role', { project_id: MISSING, user_id: MISSING, role: 'viewer' })],
			['remove_project_member', anon.rpc('remove_project_member', { project_id: MISSING, user_id: MISSING })]
		];
		for (const [name, call] of calls) {
			const res = await call;
			expect({ name, status: res.status, code: res.error?.code }).toEqual({ name, status: 401, code: '42501' });
		}
		for (const table of ['publish_requests', 'project_invitations'] as const) {
			const res = await anon.from(table).select('*');
			expect({ table, status: res.status, code: res.error?.code }).toEqual({ table, status: 401, code: '42501' });
		}
	});

	it('add_project_member is gone: 404 PGRST202', async () => {
		const res = await (as.owner.supabase.rpc as unknown as (fn: string, args: object) => PromiseLike<Res>)('add_project_member', {
			project_id: acmeId,
			email: EMAILS.viewer,
			role: 'viewer'
		});
		expect({ status: res.status, code: res.error?.code }).toEqual({ status: 404, code: 'PGRST202' });
	});
});

describe('review before publish', () => {
	it('the owner requires review; publish needs an approval of exactly the current revision, by someone who did not change it', async () => {
		expectError(await as.publisher.supabase.rpc('set_project_settings', { project_id: acmeId, require_review: true }), 403, '42501');
		expectError(await as.outsider.supabase.rpc('set_project_settings', { project_id: acmeId, require_review: true }), 404, 'PT404');
		const wf = await workflowWithDraft(`Reviewed ${RUN}`);
		const project = expectOk(await as.owner.supabase.rpc('set_project_settings', { project_id: acmeId, require_review: true }));
		expect(project).toMatchObject({ id: acmeId, require_review: true });
		expectError(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId }), 409, 'PT409');

		// The editor asks; the editor (role) and a stranger cannot decide; a publisher rejects with a comment.
		const request = expectOk(
			await as.editor.supabase.rpc('request_review', { workflow_id: wf.workflowId, expected_revision: wf.revision, note: 'New call' })
		);
		expect(request).toMatchObject({ state: 'open', revision: wf.revision, note: 'New call', requested_by: as.editor.userId });
		expect(request.definition_hash).toMatch(/^[0-9a-f]{64}$/);
		expectError(await as.editor.supabase.rpc('decide_review', { request_id: request.id, decision: 'approve' }), 403, '42501');
		expectError(await as.outsider.supabase.rpc('decide_review', { request_id: request.id, decision: 'approve' }), 404, 'PT404');
		expectError(await as.publisher.supabase.rpc('decide_review', { request_id: request.id, decision: 'maybe' }), 400, '22023');
		expectError(await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId }), 409, 'PT409');
		const rejected = expectOk(
			await as.publisher.supabase.rpc('decide_review', { request_id: request.id, decision: 'reject', comment: 'Rename the call' })
		);
		expect(rejected).toMatchObject({ state: 'rejected', decided_by: as.publisher.userId, comment: 'Rename the call' });
		expectError(await as.owner.supabase.rpc('decide_review', { request_id: request.id, decision: 'approve' }), 409, 'PT409');

		// The editor fixes and asks again; the owner approves; the publisher publishes exactly that revision.
		const fixed = expectOk(
			await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: variant(2), expected_revision: wf.revision })
		);
		const again = expectOk(await as.editor.supabase.rpc('request_review', { workflow_id: wf.workflowId, expected_revision: fixed.revision }));
		const listed = expectOk(await as.viewer.supabase.rpc('list_publish_requests', { project_id: acmeId }));
		const mine = listed.filter((r) => r.workflow_id === wf.workflowId);
		expect(mine.map((r) => [r.id, r.state])).toEqual([
			[again.id, 'open'],
			[request.id, 'rejected']
		]);
		expect(mine[1]).toMatchObject({ workflow_name: `Reviewed ${RUN}`, requested_by_email: EMAILS.editor, decided_by_email: EMAILS.publisher });
		expect(expectOk(await as.owner.supabase.rpc('decide_review', { request_id: again.id, decision: 'approve' })).state).toBe('approved');
		const published = expectOk(
			await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.workflowId, expected_revision: fixed.revision })
		);
		expect(published).toMatchObject({ state: 'published', version_number: 2, definition_hash: again.definition_hash });
		const open = expectOk(await as.viewer.supabase.rpc('list_publish_requests', { project_id: acmeId, state: 'published' }));
		expect(open.map((r) => r.id)).toContain(again.id);

		// Members read the requests table; strangers see none of it.
		const rows = expectOk(await as.viewer.supabase.from('publish_requests').select('id, state').eq('workflow_id', wf.workflowId));
		expect(rows).toHaveLength(2);
		expect(expectOk(await as.outsider.supabase.from('publish_requests').select('id').eq('workflow_id', wf.workflowId))).toEqual([]);
		expectError(await as.outsider.supabase.rpc('list_publish_requests', { project_id: acmeId }), 404, 'PT404');
		expectOk(await as.owner.supabase.rpc('set_project_settings', { project_id: acmeId, require_review: false }));
	});

	it('a save supersedes an approval; only the requester withdraws', async () => {
		const wf = await workflowWithDraft(`Superseded ${RUN}`);
		const request = expectOk(await as.editor.supabase.rpc('request_review', { workflow_id: wf.workflowId, expected_revision: wf.revision }));
		expectOk(await as.publisher.supabase.rpc('decide_review', { request_id: request.id, decision: 'approve' }));
		const saved = expectOk(
			await as.editor.supabase.rpc('save_draft', { workflow_id: wf.workflowId, definition: variant(3), expected_revision: wf.revision })
		);
		const after = expectOk(await as.viewer.supabase.from('publish_requests').select('state').eq('id', request.id).single());
		expect(after.state).toBe('superseded');

		const second = expectOk(await as.editor.supabase.rpc('request_review', { workflow_id: wf.workflowId, expected_revision: saved.revision }));
		expectError(await as.owner.supabase.rpc('withdraw_review', { request_id: second.id }), 403, '42501');
		expectError(await as.outsider.supabase.rpc('withdraw_review', { request_id: second.id }), 404, 'PT404');
		expect(expectOk(await as.editor.supabase.rpc('withdraw_review', { request_id: second.id })).state).toBe('withdrawn');
		expectError(await as.editor.supabase.rpc('withdraw_review', { request_id: second.id }), 409, 'PT409');
		expectError(await as.editor.supabase.rpc('request_review', { workflow_id: wf.workflowId, expected_revision: 1 }), 409, 'PT409');
		expectError(await as.publisher.supabase.rpc('decide_review', { request_id: MISSING, decision: 'approve' }), 404, 'PT404');
	});
});

describe('invitations and members', () => {
	it('an owner invites a new address; that person signs up, sees the invitation and accepts', async () => {
		const email = `newcomer-${RUN}@example.com`;
		const invitation = expectOk(
			await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: email.toUpperCase(), role: 'editor' })
		);
		expect(invitation).toMatchObject({ project_id: acmeId, email, role: 'editor', invited_by: as.owner.userId, accepted_at: null });
		expectError(await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email, role: 'viewer' }), 409, 'PT409');
		// Only owners see the project's invitations.
		expect(expectOk(await as.owner.supabase.from('project_invitations').select('id').eq('id', invitation.id))).toHaveLength(1);
		expect(expectOk(await as.publisher.supabase.from('project_invitations').select('id').eq('id', invitation.id))).toEqual([]);

		const newcomer = await signUp(email);
		const mine = expectOk(await newcomer.supabase.rpc('list_my_invitations'));
		expect(mine).toEqual([
			expect.objectContaining({ id: invitation.id, project_name: 'Acme automations', role: 'editor', invited_by_email: EMAILS.owner })
		]);
		expect(expectOk(await newcomer.supabase.from('project_invitations').select('id'))).toEqual([{ id: invitation.id }]);
		expect(expectOk(await newcomer.supabase.from('projects').select('id'))).toEqual([]);

		// Nobody else may answer it.
		expectError(await as.outsider.supabase.rpc('accept_invitation', { invitation_id: invitation.id }), 404, 'PT404');
		expectError(await as.owner.supabase.rpc('decline_invitation', { invitation_id: invitation.id }), 404, 'PT404');

		const member = expectOk(await newcomer.supabase.rpc('accept_invitation', { invitation_id: invitation.id }));
		expect(member).toMatchObject({ project_id: acmeId, user_id: newcomer.userId, role: 'editor' });
		expectError(await newcomer.supabase.rpc('accept_invitation', { invitation_id: invitation.id }), 409, 'PT409');
		expect(expectOk(await newcomer.supabase.from('projects').select('id'))).toEqual([{ id: acmeId }]);
		expect(expectOk(await newcomer.supabase.rpc('list_my_invitations'))).toEqual([]);

		// The owner changes the new member's role, then removes them; the last owner stays.
		const changed = expectOk(await as.owner.supabase.rpc('set_member_role', { project_id: acmeId, user_id: newcomer.userId, role: 'viewer' }));
		expect(changed.role).toBe('viewer');
		expectError(await as.publisher.supabase.rpc('set_member_role', { project_id: acmeId, user_id: newcomer.userId, role: 'owner' }), 403, '42501');
		expectError(await as.owner.supabase.rpc('set_member_role', { project_id: acmeId, user_id: as.owner.userId, role: 'editor' }), 409, 'PT409');
		expectError(await as.owner.supabase.rpc('remove_project_member', { project_id: acmeId, user_id: as.owner.userId }), 409, 'PT409');
		const removed = await as.owner.supabase.rpc('remove_project_member', { project_id: acmeId, user_id: newcomer.userId });
		expect({ status: removed.status, error: removed.error }).toEqual({ status: 204, error: null });
		expectError(await as.owner.supabase.rpc('remove_project_member', { project_id: acmeId, user_id: newcomer.userId }), 404, 'PT404');
		expect(expectOk(await newcomer.supabase.from('projects').select('id'))).toEqual([]);
	});

	it('decline and revoke answer once; the answer to an invitation never depends on whether the address has an account', async () => {
		const email = `decliner-${RUN}@example.com`;
		const invitation = expectOk(await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email, role: 'viewer' }));
		const decliner = await signUp(email);
		const declined = expectOk(await decliner.supabase.rpc('decline_invitation', { invitation_id: invitation.id }));
		expect(declined.declined_at).not.toBeNull();
		expectError(await decliner.supabase.rpc('accept_invitation', { invitation_id: invitation.id }), 409, 'PT409');

		const revocable = expectOk(
			await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: `revoked-${RUN}@example.com`, role: 'viewer' })
		);
		expectError(await as.publisher.supabase.rpc('revoke_invitation', { invitation_id: revocable.id }), 403, '42501');
		expect(expectOk(await as.owner.supabase.rpc('revoke_invitation', { invitation_id: revocable.id })).revoked_at).not.toBeNull();
		expectError(await as.owner.supabase.rpc('revoke_invitation', { invitation_id: revocable.id }), 409, 'PT409');

		// outsider@example.com has an account; the other address does not. Same status, same fields.
		const withAccount = await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: EMAILS.outsider, role: 'viewer' });
		const withoutAccount = await as.owner.supabase.rpc('invite_project_member', {
			project_id: acmeId,
			email: `no-account-${RUN}@example.com`,
			role: 'viewer'
		});
		expect(withAccount.status).toBe(withoutAccount.status);
		const shape = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null]));
		expect(shape(expectOk(withAccount))).toEqual(shape(expectOk(withoutAccount)));
		const again = [
			await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: EMAILS.outsider, role: 'viewer' }),
			await as.owner.supabase.rpc('invite_project_member', { project_id: acmeId, email: `no-account-${RUN}@example.com`, role: 'viewer' })
		];
		expect(again.map((r) => [r.status, r.error?.code, r.error?.hint])).toEqual([
			[409, 'PT409', again[1].error?.hint],
			[409, 'PT409', again[1].error?.hint]
		]);
		// The outsider sees the invitation, but is not a member until accepting.
		expect(expectOk(await as.outsider.supabase.from('projects').select('id').eq('id', acmeId))).toEqual([]);
	});
});
