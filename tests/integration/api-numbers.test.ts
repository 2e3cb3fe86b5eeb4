// Numbers a JavaScript double cannot hold exactly (docs/architecture.md, "Bounded input"): the /api routes
// parse bodies with JSON.parse, so 12345678901234567890, 1e400 or 0.1000000000000000055511151231257827 would
// reach the database changed, without a word. They are refused with 400 `22003` and nothing is written;
// numbers a double holds exactly are stored with the value sent. The Supabase API itself (PostgREST, the
// stand-in) hands the body text to PostgreSQL, so an RPC called directly keeps such numbers exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Json } from '../../types/database';
import { EMAILS, signIn, startStack, type SignedIn, type Stack } from './contract/stack';
import { fingerprint } from './_support/hostile';

let stack: Stack;
let app: string;
let admin: pg.Client;
let editor: SignedIn;
let projectId: string;

const VALID = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'In' } },
		{ id: 'call', position: { x: 200, y: 0 }, data: { type: 'http_call', label: 'Call', config: {} } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'call' }],
	settings: {}
};

/** Body text of a draft save whose node config holds `value` (written verbatim into the JSON). */
function saveBody(value: string, revision: number): string {
	return `{"definition":${JSON.stringify(VALID).replace('"config":{}', `"config":{"n":${value}}`)},"expected_revision":${revision}}`;
}

async function draftOf(workflowId: string): Promise<{ revision: number; n: string | null }> {
	const { rows } = await admin.query(
		`select revision, definition #>> '{nodes,1,data,config,n}' as n from public.workflow_versions where workflow_id = $1 and state = 'draft'`,
		[workflowId]
	);
	return { revision: rows[0].revision, n: rows[0].n };
}

beforeAll(async () => {
	stack = await startStack({ app: true, prefix: 'wv_api_numbers' });
	app = stack.appUrl!;
	admin = new pg.Client({ connectionString: stack.databaseUrl });
	await admin.connect();
	editor = await signIn(stack.supabaseUrl, stack.anonKey, EMAILS.editor);
	projectId = (await editor.supabase.from('projects').select('id').eq('name', 'Acme automations').single()).data!.id;
}, 600_000);

afterAll(async () => {
	await admin?.end().catch(() => {});
	await stack?.stop();
});

async function put(workflowId: string, body: string): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
	const res = await fetch(`${app}/api/workflows/${workflowId}/draft`, {
		method: 'PUT',
		headers: { Authorization: `Bearer ${editor.token}`, 'Content-Type': 'application/json' },
		body
	});
	return { status: res.status, json: await res.json() };
}

describe('numbers in /api bodies', () => {
	it('a number JSON.parse would change is 400 22003 naming it, and nothing is written (was stored changed)', async () => {
		const wf = (await editor.supabase.rpc('create_workflow', { project_id: projectId, name: 'Inexact', definition: VALID as unknown as Json })).data!;
		for (const value of ['12345678901234567890', '1e400', '0.1000000000000000055511151231257827', '[1, -9007199254740993]']) {
			const before = await fingerprint(admin);
			const a = await put(wf.id, saveBody(value, 1));
			expect({ status: a.status, code: a.json.code }, JSON.stringify(a.json)).toEqual({ status: 400, code: '22003' });
			expect(a.json.message).toContain(value.replace(/^\[1, /, '').replace(/\]$/, ''));
			expect(a.json.hint).toContain('string');
			expect(await fingerprint(admin)).toBe(before);
		}
		expect((await draftOf(wf.id)).revision).toBe(1);
		// The same numbers inside strings are text, and arrive as sent.
		const ok = await put(wf.id, saveBody('"12345678901234567890"', 1));
		expect(ok.status).toBe(200);
		expect((await draftOf(wf.id)).n).toBe('12345678901234567890');
	});

	it('numbers a double holds exactly are stored with the value sent', async () => {
		const wf = (await editor.supabase.rpc('create_workflow', { project_id: projectId, name: 'Exact', definition: VALID as unknown as Json })).data!;
		let revision = 1;
		for (const [value, stored] of [
			['0.1', '0.1'],
			['1.0', '1'],
			['1e2', '100'],
			['9007199254740991', '9007199254740991'],
			['-0', '0'],
			['1.7976931348623157e308', null]
		] as const) {
			const a = await put(wf.id, saveBody(value, revision));
			expect(a.status, `${value}: ${JSON.stringify(a.json)}`).toBe(200);
			revision = a.json.revision;
			const { rows } = await admin.query(
				`select (definition #> '{nodes,1,data,config,n}')::numeric = $2::numeric as equal, definition #>> '{nodes,1,data,config,n}' as n
				   from public.workflow_versions where workflow_id = $1 and state = 'draft'`,
				[wf.id, value]
			);
			expect(rows[0].equal, `${value} stored as ${rows[0].n}`).toBe(true);
			if (stored) expect(rows[0].n).toBe(stored);
		}
	});

	it('the Supabase API called directly keeps such numbers exactly (what the hint points to)', async () => {
		const wf = (await editor.supabase.rpc('create_workflow', { project_id: projectId, name: 'Via RPC', definition: VALID as unknown as Json })).data!;
		const res = await fetch(`${stack.supabaseUrl}/rest/v1/rpc/save_draft`, {
			method: 'POST',
			headers: { apikey: stack.anonKey, Authorization: `Bearer ${editor.token}`, 'Content-Type': 'application/json' },
			body: `{"workflow_id":"${wf.id}",${saveBody('12345678901234567890.000000000000000001', 1).slice(1)}`
		});
		expect(res.status, await res.clone().text()).toBe(200);
		expect((await draftOf(wf.id)).n).toBe('12345678901234567890.000000000000000001');
	});
});
