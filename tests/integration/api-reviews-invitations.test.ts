// The /api routes of review before publish and invitations (docs/reviews-and-invitations.md) through real
// HTTP: the production build of the app in front of the local Supabase stand-in on a seeded throwaway
// database, as the demo users and as people who sign up during the test (Authorization: Bearer <token>).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, EMAILS, client, signIn, startStack, type DemoRole, type SignedIn, type Stack } from './contract/stack';

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call' } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};
const variant = (n: number) => ({ ...VALID, settings: { variant: n } });
const MISSING = '00000000-0000-4000-8000-00000000dead';
const RUN = Math.random().toString(36).slice(2, 8);

let stack: Stack;
let app: string;
const as = {} as Record<DemoRole, SignedIn>;

interface Answer {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
	method: string,
	path: string,
	opts: { who?: DemoRole | SignedIn | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}
): Promise<Answer> {
	const headers: Record<string, string> = { ...opts.headers };
	const who = typeof opts.who === 'string' ? as[opts.who] : opts.who;
	if (who) headers.Authorization = `Bearer ${who.token}`;
	let body: string | undefined;
	if (opts.raw !== undefined) body = opts.raw;
	else if (opts.body !== undefined) body = JSON.stringify(opts.body);
	if (body !== undefined) headers['Content-Type'] ??= 'application/json';
	const res = await fetch(app + path, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

function expectErrorBody(a: Answer, status: number, code: string) {
	expect({ status: a.status, code: a.body?.code }, JSON.stringify(a.body)).toEqual({ status, code });
	expect(Object.keys(a.body).sort()).toEqual(['code', 'details', 'hint', 'message']);
	expect(a.body.message).toBeTruthy();
}

/** A new person signs up (the stand-in confirms at sign-up, as GoTrue with autoconfirm). */
async function signUp(email: string): Promise<SignedIn> {
	const supabase = client(stack.supabaseUrl, stack.anonKey);
	const { data, error } = await supabase.auth.signUp({ email, password: DEMO_PASSWORD });
	if (error || !data.session || !data.user) throw new Error(`sign-up of ${email} failed: ${error?.message}`);
	return { supabase, token: data.session.access_token, userId: data.user.id };
}

/** Invites `email` as `role` to `projectId` (owner) and accepts as `who`, all through /api. */
async function join(projectId: string, who: DemoRole, role: string) {
	const inv = await call('POST', `/api/projects/${projectId}/invitations`, { who: 'owner', body: { email: EMAILS[who], role } });
	expect(inv.status, JSON.stringify(inv.body)).toBe(201);
	const acc = await call('POST', `/api/invitations/${inv.body.id}/accept`, { who });
	expect(acc.status, JSON.stringify(acc.body)).toBe(200);
	expect(acc.body).toMatchObject({ project_id: projectId, user_id: as[who].userId, role });
}

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_api_reviews' });
	app = stack.appUrl!;
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role]);
}, 600_000);

afterAll(async () => {
	await stack?.stop();
});

describe('authentication', () => {
	it('every review and invitation route answers 401 / 42501 without a session, and with a forged token', async () => {
		const routes: Array<[string, string, unknown?]> = [
			['POST', `/api/workflows/${MISSING}/reviews`, { expected_revision: 1 }],
			['GET', `/api/projects/${MISSING}/reviews`],
			['POST', `/api/reviews/${MISSING}/decision`, { decision: 'approve' }],
			['POST', `/api/reviews/${MISSING}/withdraw`],
			['POST', `/api/projects/${MISSING}/invitations`, { email: 'a@example.com', role: 'editor' }],
			['GET', '/api/invitations'],
			['POST', `/api/invitations/${MISSING}/accept`],
			['POST', `/api/invitations/${MISSING}/decline`],
			['DELETE', `/api/invitations/${MISSING}`]
		];
		for (const [method, path, body] of routes) {
			expectErrorBody(await call(method, path, { body }), 401, '42501');
			expectErrorBody(await call(method, path, { body, headers: { Authorization: 'Bearer a.b.c' } }), 401, '42501');
		}
	});
});

describe('review before publish', () => {
	let projectId: string;
	let workflowId: string;
	let revision: number;
	let first: string;

	beforeAll(async () => {
		// A project of our own that requires review, with the editor and publisher joining by invitation.
		const project = await as.owner.supabase.rpc('create_project', { name: `Four eyes ${RUN}` });
		expect(project.error).toBeNull();
		projectId = project.data!.id;
		await join(projectId, 'editor', 'editor');
		await join(projectId, 'publisher', 'publisher');
		await join(projectId, 'viewer', 'viewer');
		expect((await as.owner.supabase.rpc('set_project_settings', { project_id: projectId, require_review: true })).error).toBeNull();
		const wf = await as.editor.supabase.rpc('create_workflow', { project_id: projectId, name: 'Reviewed', definition: VALID });
		expect(wf.error).toBeNull();
		workflowId = wf.data!.id;
		revision = 1;
	});

	it('POST /workflows/{id}/reviews opens a request of the current revision (201); bad input and roles are refused', async () => {
		const path = `/api/workflows/${workflowId}/reviews`;
		expectErrorBody(await call('POST', path, { who: 'editor' }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'editor', body: { expected_revision: 'two' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'editor', raw: '[1]' }), 400, 'PGRST102');
		expectErrorBody(await call('POST', path, { who: 'editor', body: { expected_revision: 7 } }), 409, 'PT409');
		expectErrorBody(await call('POST', path, { who: 'viewer', body: { expected_revision: revision } }), 403, '42501');
		expectErrorBody(await call('POST', path, { who: 'outsider', body: { expected_revision: revision } }), 404, 'PT404');

		const a = await call('POST', path, { who: 'editor', body: { note: 'First look' }, headers: { 'If-Match': `"${revision}"` } });
		expect(a.status, JSON.stringify(a.body)).toBe(201);
		expect(a.body).toMatchObject({ workflow_id: workflowId, revision, state: 'open', note: 'First look', requested_by: as.editor.userId });
		expect(a.body.definition_hash).toMatch(/^[0-9a-f]{64}$/);
		first = a.body.id;
	});

	it('GET /projects/{id}/reviews lists requests with names and e-mails; ?state filters; a bad state is 400', async () => {
		const all = await call('GET', `/api/projects/${projectId}/reviews`, { who: 'viewer' });
		expect(all.status).toBe(200);
		expect(all.body).toHaveLength(1);
		expect(all.body[0]).toMatchObject({ id: first, workflow_name: 'Reviewed', requested_by_email: EMAILS.editor, state: 'open' });
		expect((await call('GET', `/api/projects/${projectId}/reviews?state=open`, { who: 'viewer' })).body).toHaveLength(1);
		expect((await call('GET', `/api/projects/${projectId}/reviews?state=approved`, { who: 'viewer' })).body).toEqual([]);
		expectErrorBody(await call('GET', `/api/projects/${projectId}/reviews?state=bogus`, { who: 'viewer' }), 400, '22P02');
		expectErrorBody(await call('GET', `/api/projects/${projectId}/reviews`, { who: 'outsider' }), 404, 'PT404');
	});

	it('POST /reviews/{id}/decision: four eyes, a comment travels, decided once', async () => {
		const path = `/api/reviews/${first}/decision`;
		expectErrorBody(await call('POST', path, { who: 'publisher' }), 400, 'PGRST102');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: {} }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { decision: 'maybe' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'viewer', body: { decision: 'approve' } }), 403, '42501');
		// The editor created the workflow: requester and author.
		expectErrorBody(await call('POST', path, { who: 'editor', body: { decision: 'approve' } }), 403, '42501');
		expectErrorBody(await call('POST', path, { who: 'outsider', body: { decision: 'approve' } }), 404, 'PT404');

		const a = await call('POST', path, { who: 'publisher', body: { decision: 'reject', comment: 'Add a delay first' } });
		expect(a.status, JSON.stringify(a.body)).toBe(200);
		expect(a.body).toMatchObject({ id: first, state: 'rejected', comment: 'Add a delay first', decided_by: as.publisher.userId });
		expectErrorBody(await call('POST', path, { who: 'owner', body: { decision: 'approve' } }), 409, 'PT409');
	});

	it('POST /reviews/{id}/withdraw: only the requester, only while open or approved', async () => {
		const saved = await as.editor.supabase.rpc('save_draft', { workflow_id: workflowId, definition: variant(1), expected_revision: revision });
		expect(saved.error).toBeNull();
		revision = saved.data!.revision;
		const again = await call('POST', `/api/workflows/${workflowId}/reviews`, { who: 'editor', body: { expected_revision: revision } });
		expect(again.status).toBe(201);
		const path = `/api/reviews/${again.body.id}/withdraw`;
		expectErrorBody(await call('POST', path, { who: 'publisher' }), 403, '42501');
		expectErrorBody(await call('POST', path, { who: 'outsider' }), 404, 'PT404');
		const a = await call('POST', path, { who: 'editor' });
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ id: again.body.id, state: 'withdrawn' });
		expectErrorBody(await call('POST', path, { who: 'editor' }), 409, 'PT409');
		expectErrorBody(await call('POST', `/api/reviews/${first}/withdraw`, { who: 'editor' }), 409, 'PT409');
	});

	it('publishing needs an approval of exactly the current revision; then the request is published', async () => {
		const publish = `/api/workflows/${workflowId}/versions/publish`;
		expectErrorBody(await call('POST', publish, { who: 'publisher', body: { expected_revision: revision } }), 409, 'PT409');
		const req = await call('POST', `/api/workflows/${workflowId}/reviews`, { who: 'editor', body: { expected_revision: revision } });
		expect(req.status).toBe(201);
		const approved = await call('POST', `/api/reviews/${req.body.id}/decision`, { who: 'owner', body: { decision: 'approve', comment: 'Looks good' } });
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(approved.body.state).toBe('approved');

		const v1 = await call('POST', publish, { who: 'publisher', body: { expected_revision: revision, note: 'Reviewed' } });
		expect(v1.status, JSON.stringify(v1.body)).toBe(201);
		expect(v1.body).toMatchObject({ version_number: 1, state: 'published' });
		const list = await call('GET', `/api/projects/${projectId}/reviews?state=published`, { who: 'viewer' });
		expect(list.body.map((r: { id: string; decided_by_email: string }) => [r.id, r.decided_by_email])).toEqual([[req.body.id, EMAILS.owner]]);

		// The operation's log line names the workflow, the draft and the publish request; request_id stays the HTTP request's.
		let line: Record<string, unknown> | undefined;
		for (let i = 0; i < 50 && !line; i++) {
			line = stack.appStdout
				.filter((l) => l.includes('"decide_review"'))
				.map((l) => JSON.parse(l) as Record<string, unknown>)
				.find((l) => l.path === `/api/reviews/${req.body.id}/decision` && l.status === 200);
			if (!line) await new Promise((r) => setTimeout(r, 100));
		}
		expect(line).toMatchObject({ action: 'decide_review', workflow_id: workflowId, version_id: req.body.draft_id, publish_request_id: req.body.id, decision: 'approved' });
		expect(line!.request_id).toEqual(expect.any(String));
		expect(line!.request_id).not.toBe(req.body.id);
	});
});

describe('invitations', () => {
	let projectId: string;
	const newcomer = `newcomer-${RUN}@example.com`;
	let invitationId: string;
	let person: SignedIn;

	beforeAll(async () => {
		const project = await as.owner.supabase.rpc('create_project', { name: `Invitations ${RUN}` });
		expect(project.error).toBeNull();
		projectId = project.data!.id;
		await join(projectId, 'publisher', 'publisher');
	});

	it('POST /projects/{id}/invitations answers the same whether or not the address has an account', async () => {
		const path = `/api/projects/${projectId}/invitations`;
		const unknown = await call('POST', path, { who: 'owner', body: { email: ` ${newcomer.toUpperCase()} `, role: 'editor' } });
		const known = await call('POST', path, { who: 'owner', body: { email: EMAILS.viewer, role: 'editor' } });
		expect([unknown.status, known.status]).toEqual([201, 201]);
		expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
		expect(unknown.body).toMatchObject({ project_id: projectId, email: newcomer, role: 'editor', accepted_at: null });
		invitationId = unknown.body.id;

		expectErrorBody(await call('POST', path, { who: 'owner', body: { email: newcomer, role: 'viewer' } }), 409, 'PT409');
		expectErrorBody(await call('POST', path, { who: 'owner', body: { email: EMAILS.publisher, role: 'viewer' } }), 409, 'PT409');
		expectErrorBody(await call('POST', path, { who: 'owner', body: { email: 'not an address', role: 'viewer' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'owner', body: { email: 'x@example.com', role: 'king' } }), 400, '22P02');
		expectErrorBody(await call('POST', path, { who: 'owner', body: { role: 'viewer' } }), 400, '22023');
		expectErrorBody(await call('POST', path, { who: 'publisher', body: { email: 'x@example.com', role: 'viewer' } }), 403, '42501');
		expectErrorBody(await call('POST', path, { who: 'outsider', body: { email: 'x@example.com', role: 'viewer' } }), 404, 'PT404');
	});

	it('the newcomer signs up, sees the invitation (nobody else does) and accepts it once', async () => {
		person = await signUp(newcomer);
		const mine = await call('GET', '/api/invitations', { who: person });
		expect(mine.status).toBe(200);
		expect(mine.body).toEqual([
			expect.objectContaining({ id: invitationId, project_id: projectId, project_name: `Invitations ${RUN}`, role: 'editor', invited_by_email: EMAILS.owner })
		]);
		expect((await call('GET', '/api/invitations', { who: 'outsider' })).body).toEqual([]);

		expectErrorBody(await call('POST', `/api/invitations/${invitationId}/accept`, { who: 'outsider' }), 404, 'PT404');
		expectErrorBody(await call('POST', `/api/invitations/${invitationId}/accept`, { who: 'owner' }), 404, 'PT404');
		const a = await call('POST', `/api/invitations/${invitationId}/accept`, { who: person });
		expect(a.status, JSON.stringify(a.body)).toBe(200);
		expect(a.body).toMatchObject({ project_id: projectId, user_id: person.userId, role: 'editor' });
		expectErrorBody(await call('POST', `/api/invitations/${invitationId}/accept`, { who: person }), 409, 'PT409');
		expectErrorBody(await call('POST', `/api/invitations/${invitationId}/decline`, { who: person }), 409, 'PT409');
		expect((await call('GET', '/api/invitations', { who: person })).body).toEqual([]);
		const projects = await person.supabase.from('projects').select('id');
		expect(projects.data?.map((p) => p.id)).toEqual([projectId]);
	});

	it('POST /invitations/{id}/decline: only the invitee, once', async () => {
		const inv = await call('POST', `/api/projects/${projectId}/invitations`, { who: 'owner', body: { email: EMAILS.outsider, role: 'viewer' } });
		expect(inv.status).toBe(201);
		expectErrorBody(await call('POST', `/api/invitations/${inv.body.id}/decline`, { who: 'publisher' }), 404, 'PT404');
		const a = await call('POST', `/api/invitations/${inv.body.id}/decline`, { who: 'outsider' });
		expect(a.status).toBe(200);
		expect(a.body.declined_at).toBeTruthy();
		expectErrorBody(await call('POST', `/api/invitations/${inv.body.id}/decline`, { who: 'outsider' }), 409, 'PT409');
	});

	it('DELETE /invitations/{id} revokes a pending invitation (owners); the invitee can no longer accept', async () => {
		const email = `revoked-${RUN}@example.com`;
		const inv = await call('POST', `/api/projects/${projectId}/invitations`, { who: 'owner', body: { email, role: 'viewer' } });
		expect(inv.status).toBe(201);
		expectErrorBody(await call('DELETE', `/api/invitations/${inv.body.id}`, { who: 'publisher' }), 403, '42501');
		expectErrorBody(await call('DELETE', `/api/invitations/${inv.body.id}`, { who: 'outsider' }), 404, 'PT404');
		expectErrorBody(await call('DELETE', `/api/invitations/not-a-uuid`, { who: 'owner' }), 400, '22P02');
		const a = await call('DELETE', `/api/invitations/${inv.body.id}`, { who: 'owner' });
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ id: inv.body.id, email });
		expect(a.body.revoked_at).toBeTruthy();
		expectErrorBody(await call('DELETE', `/api/invitations/${inv.body.id}`, { who: 'owner' }), 409, 'PT409');
		const late = await signUp(email);
		expect((await call('GET', '/api/invitations', { who: late })).body).toEqual([]);
		expectErrorBody(await call('POST', `/api/invitations/${inv.body.id}/accept`, { who: late }), 409, 'PT409');
	});
});
