// The export, import, duplicate and rename routes (src/routes/api) through real HTTP: the production build
// in front of the local Supabase stand-in on a seeded throwaway database. Round trip: a version exported
// and imported into another workflow publishes with the same definition_hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAILS, signIn, startStack, type DemoRole, type SignedIn, type Stack } from './contract/stack';

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call', config: { url: 'https://example.org' } } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};
const MISSING = '00000000-0000-4000-8000-00000000dead';

let stack: Stack;
let app: string;
const as = {} as Record<DemoRole, SignedIn>;
let acmeId: string;
let globexId: string;

interface Answer {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(method: string, path: string, opts: { who?: DemoRole; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.who) headers.Authorization = `Bearer ${as[opts.who].token}`;
	const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(app + path, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

function expectError(a: Answer, status: number, code: string) {
	expect({ status: a.status, code: a.body?.code }, JSON.stringify(a.body)).toEqual({ status, code });
	expect(Object.keys(a.body).sort()).toEqual(['code', 'details', 'hint', 'message']);
}

async function publishedWorkflow(name: string): Promise<{ id: string; v1: string; hash: string }> {
	const wf = await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name, definition: VALID });
	expect(wf.error).toBeNull();
	const v1 = await as.publisher.supabase.rpc('publish_draft', { workflow_id: wf.data!.id, note: 'First' });
	expect(v1.error).toBeNull();
	return { id: wf.data!.id, v1: v1.data!.id, hash: v1.data!.definition_hash! };
}

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_api_export' });
	app = stack.appUrl!;
	for (const role of Object.keys(EMAILS) as DemoRole[]) as[role] = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS[role]);
	acmeId = (await as.owner.supabase.from('projects').select('id').eq('name', 'Acme automations').single()).data!.id;
	globexId = (await as.outsider.supabase.from('projects').select('id').eq('name', 'Globex').single()).data!.id;
}, 600_000);

afterAll(async () => {
	await stack?.stop();
});

describe('authentication', () => {
	it('every new route answers 401 / 42501 without a session, before any RPC', async () => {
		const routes: Array<[string, string, unknown?]> = [
			['GET', `/api/versions/${MISSING}/export`],
			['POST', `/api/workflows/${MISSING}/import`, { document: VALID }],
			['POST', `/api/versions/${MISSING}/duplicate`, { project_id: MISSING }],
			['PATCH', `/api/workflows/${MISSING}`, { name: 'x' }]
		];
		for (const [method, path, body] of routes) expectError(await call(method, path, { body }), 401, '42501');
	});
});

describe('GET /api/versions/{id}/export', () => {
	it('downloads the version as a document, as an attachment named after the workflow and number', async () => {
		const wf = await publishedWorkflow('Export Me');
		const a = await call('GET', `/api/versions/${wf.v1}/export`, { who: 'viewer' });
		expect(a.status).toBe(200);
		expect(a.headers.get('content-disposition')).toBe('attachment; filename="export-me-v1.json"');
		expect(a.headers.get('content-type')).toMatch(/^application\/json/);
		expect(a.body).toMatchObject({
			format: 'workflow-version/1',
			workflow: { id: wf.id, name: 'Export Me' },
			version: { id: wf.v1, number: 1, state: 'published', note: 'First', author: 'publisher@example.com', definition_hash: wf.hash },
			definition: VALID
		});
	});

	it('answers 404 for a version the caller cannot see, 401 without a session', async () => {
		const wf = await publishedWorkflow('Export Hidden');
		expectError(await call('GET', `/api/versions/${wf.v1}/export`, { who: 'outsider' }), 404, 'PT404');
		expectError(await call('GET', `/api/versions/${MISSING}/export`, { who: 'viewer' }), 404, 'PT404');
		expectError(await call('GET', `/api/versions/${wf.v1}/export`), 401, '42501');
	});
});

describe('POST /api/workflows/{id}/import', () => {
	it('round trip: export → import into another workflow → publish gives the same definition_hash', async () => {
		const source = await publishedWorkflow('Round Trip Source');
		const doc = (await call('GET', `/api/versions/${source.v1}/export`, { who: 'editor' })).body;
		const target = await as.editor.supabase.rpc('create_workflow', { project_id: acmeId, name: 'Round Trip Target' });
		const imported = await call('POST', `/api/workflows/${target.data!.id}/import`, {
			who: 'editor',
			body: { document: doc },
			headers: { 'If-Match': '"1"' }
		});
		expect(imported.status).toBe(200);
		expect(imported.headers.get('etag')).toBe('"2"');
		expect(imported.body).toMatchObject({ state: 'draft', revision: 2, definition: VALID });
		const published = await as.publisher.supabase.rpc('publish_draft', { workflow_id: target.data!.id });
		expect(published.data?.definition_hash).toBe(source.hash);
	});

	it('creates the draft when there is none; a bare definition works too', async () => {
		const wf = await publishedWorkflow('Import Bare');
		const a = await call('POST', `/api/workflows/${wf.id}/import`, { who: 'editor', body: { document: { ...VALID, nodes: VALID.nodes.slice(0, 1), edges: [] } } });
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ state: 'draft', revision: 1 });
		expect(a.body.definition.nodes).toHaveLength(1);
	});

	it('refuses a changed document, a missing or stale revision, a viewer and bad bodies — and changes nothing', async () => {
		const wf = await publishedWorkflow('Import Refusals');
		const doc = (await call('GET', `/api/versions/${wf.v1}/export`, { who: 'editor' })).body;
		const tampered = { ...doc, definition: { ...doc.definition, settings: { retries: 9 } } };
		expectError(await call('POST', `/api/workflows/${wf.id}/import`, { who: 'editor', body: { document: tampered } }), 400, '22023');
		await as.editor.supabase.rpc('create_draft', { workflow_id: wf.id });
		expectError(await call('POST', `/api/workflows/${wf.id}/import`, { who: 'editor', body: { document: doc } }), 400, '22023');
		expectError(await call('POST', `/api/workflows/${wf.id}/import`, { who: 'editor', body: { document: doc, expected_revision: 7 } }), 409, 'PT409');
		expectError(await call('POST', `/api/workflows/${wf.id}/import`, { who: 'viewer', body: { document: doc, expected_revision: 1 } }), 403, '42501');
		expectError(await call('POST', `/api/workflows/${wf.id}/import`, { who: 'editor', body: {} }), 400, '22023');
		expectError(await call('POST', `/api/workflows/${wf.id}/import`, { who: 'editor', body: { document: [1], expected_revision: 1 } }), 400, '22023');
		const draft = await as.editor.supabase.from('workflow_versions').select('revision').eq('workflow_id', wf.id).eq('state', 'draft').single();
		expect(draft.data?.revision).toBe(1);
	});
});

describe('POST /api/versions/{id}/duplicate', () => {
	it('copies a version into another project where the caller is an editor, named "<name> (copy)" by default', async () => {
		const wf = await publishedWorkflow('Dup Source');
		const a = await call('POST', `/api/versions/${wf.v1}/duplicate`, { who: 'editor', body: { project_id: acmeId } });
		expect(a.status).toBe(201);
		expect(a.body).toMatchObject({ name: 'Dup Source (copy)', project_id: acmeId, current_version_id: null });
		const named = await call('POST', `/api/versions/${wf.v1}/duplicate`, { who: 'editor', body: { project_id: acmeId, name: 'Dup Named' } });
		expect(named.body.name).toBe('Dup Named');
		const draft = await as.editor.supabase.from('workflow_versions').select('definition').eq('workflow_id', named.body.id).single();
		expect(draft.data?.definition).toEqual(VALID);
	});

	it('refuses a project where the caller is not an editor, a missing project_id, and a name over 200 characters', async () => {
		const wf = await publishedWorkflow('Dup Refusals');
		expectError(await call('POST', `/api/versions/${wf.v1}/duplicate`, { who: 'viewer', body: { project_id: acmeId } }), 403, '42501');
		const foreign = await call('POST', `/api/versions/${wf.v1}/duplicate`, { who: 'editor', body: { project_id: globexId } });
		expect([403, 404]).toContain(foreign.status);
		expectError(await call('POST', `/api/versions/${wf.v1}/duplicate`, { who: 'editor', body: {} }), 400, '22023');
		expectError(await call('POST', `/api/versions/${wf.v1}/duplicate`, { who: 'editor', body: { project_id: acmeId, name: 'x'.repeat(201) } }), 400, '22023');
	});
});

describe('PATCH /api/workflows/{id}', () => {
	it('renames and describes; "" clears the description; a long name is refused, never cut', async () => {
		const wf = await publishedWorkflow('Rename Me');
		const a = await call('PATCH', `/api/workflows/${wf.id}`, { who: 'editor', body: { name: 'Renamed', description: 'Does things' } });
		expect(a.status).toBe(200);
		expect(a.body).toMatchObject({ id: wf.id, name: 'Renamed', description: 'Does things' });
		const cleared = await call('PATCH', `/api/workflows/${wf.id}`, { who: 'editor', body: { description: '' } });
		expect(cleared.body).toMatchObject({ name: 'Renamed', description: null });
		const long = await call('PATCH', `/api/workflows/${wf.id}`, { who: 'editor', body: { name: 'y'.repeat(483) } });
		expectError(long, 400, '22023');
		expect(long.body.message).toContain('483');
		expectError(await call('PATCH', `/api/workflows/${wf.id}`, { who: 'viewer', body: { name: 'Nope' } }), 403, '42501');
		expectError(await call('PATCH', `/api/workflows/${wf.id}`, { who: 'editor', body: { name: 5 } }), 400, '22023');
		const row = await as.viewer.supabase.from('workflows').select('name').eq('id', wf.id).single();
		expect(row.data?.name).toBe('Renamed');
	});
});
