// Every page renders any definition the database accepts (docs/architecture.md, "Bounded input"): the
// deepest one it takes (64 levels), a huge label and odd unicode; and one stored deeper still, before the
// database limited depth, which the pages draw cut at 64 levels with a notice. The editor, version and compare
// pages answer 200 and raise no page error (the fixtures fail a test on any console error or page error).
import pg from 'pg';
import { test, expect, signIn, shot } from './fixtures';

const OWNER = 'outsider@example.com'; // owner of Globex, a project the other specs leave alone
const ODD = 'ע\u202eדכון\u202c 👩‍👩‍👧‍👦 e\u0301 \u200b\u2028 漢字 𝔘 "\\ <script>';

/** Arrays and objects nested `levels` deep as JSON text. */
function nested(levels: number): string {
	let s = '"bottom"';
	for (let i = 0; i < levels; i++) s = i % 2 ? `{"k":${s}}` : `[${s}]`;
	return s;
}
/** A valid two-node definition whose text nests `levels` deep (definition, nodes, node, data, config: 5). */
function definition(levels: number, label: string): string {
	const def = {
		nodes: [
			{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: ODD } },
			{ id: `step ${ODD}`, position: { x: 260, y: 0 }, data: { type: 'http_call', label, config: { deep: '@@' } } }
		],
		edges: [{ id: 'e1', source: 'trigger', target: `step ${ODD}` }],
		settings: { note: ODD.repeat(50) }
	};
	return JSON.stringify(def).replace('"@@"', nested(levels - 5));
}

/** Calls the RPCs as the owner, as PostgREST would (role + claims for the transaction). */
async function asOwner<T>(fn: (q: (text: string, params?: unknown[]) => Promise<pg.QueryResult>) => Promise<T>): Promise<T> {
	const c = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
	await c.connect();
	try {
		const { rows } = await c.query('select id from auth.users where email = $1', [OWNER]);
		await c.query('begin');
		await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
			JSON.stringify({ sub: rows[0].id, role: 'authenticated', aud: 'authenticated', email: OWNER })
		]);
		const result = await fn((text, params) => c.query(text, params));
		await c.query('commit');
		return result;
	} catch (e) {
		await c.query('rollback').catch(() => {});
		throw e;
	} finally {
		await c.end();
	}
}

/** A Globex workflow with v1 published and a draft that differs from it; null when the database refuses it. */
async function workflowWith(name: string, levels: number, label: string) {
	try {
		return await asOwner(async (q) => {
			const project = (await q(`select id from public.projects where name = 'Globex'`)).rows[0].id;
			const wf = (await q('select id from public.create_workflow($1, $2, null, $3::jsonb)', [project, name, definition(levels, label)])).rows[0].id;
			const v1 = (await q('select id from public.publish_draft($1)', [wf])).rows[0].id;
			const draft = (await q('select id, revision from public.create_draft($1)', [wf])).rows[0];
			await q('select public.save_draft($1, $2::jsonb, $3)', [wf, definition(levels, `${label} (changed)`), draft.revision]);
			return { wf, v1, draft: draft.id as string };
		});
	} catch (e) {
		if (/(22023|23514)/.test(String((e as { code?: string }).code))) return null;
		throw e;
	}
}

async function visitAll(page: import('@playwright/test').Page, w: { wf: string; v1: string; draft: string }, cut: boolean, shotName: string) {
	const editor = await page.goto(`/workflows/${w.wf}`);
	expect(editor?.status()).toBe(200);
	await expect(page.getByTestId('workflow-title')).toBeVisible();
	await expect(page.getByTestId('node-trigger')).toBeVisible();
	await page.getByTestId('tab-json').click();
	await expect(page.getByTestId('json-view')).toBeVisible();
	await expect(page.getByTestId('definition-cut')).toHaveCount(cut ? 1 : 0);
	await shot(page, `${shotName}-editor`);

	const version = await page.goto(`/workflows/${w.wf}/versions/${w.v1}`);
	expect(version?.status()).toBe(200);
	await expect(page.getByTestId('version-title')).toHaveText('v1');
	await page.getByRole('tab', { name: /json/i }).click();
	await expect(page.getByTestId('json-view')).toBeVisible();
	await expect(page.getByTestId('definition-cut')).toHaveCount(cut ? 1 : 0);

	const compare = await page.goto(`/workflows/${w.wf}/compare?from=${w.v1}&to=${w.draft}`);
	expect(compare?.status()).toBe(200);
	await expect(page.getByTestId('compare-summary')).toContainText('v1 → Draft');
	await expect(page.getByTestId('json-diff')).toBeVisible();
	await page.getByRole('tab', { name: 'JSON only' }).click();
	await expect(page.getByTestId('json-diff')).toBeVisible();
	await expect(page.getByTestId('definition-cut')).toHaveCount(cut ? 1 : 0);
	await shot(page, `${shotName}-compare`);
}

test('the deepest definition the database accepts, a 200 KB label and odd unicode: every page renders', async ({ page }) => {
	const w = await workflowWith('Hostile but accepted', 64, `${ODD} ${'L'.repeat(200_000)}`);
	expect(w, 'the database accepts 64 levels').not.toBeNull();
	await signIn(page, OWNER);
	await visitAll(page, w!, false, 'hostile-accepted');
	// The editor can still save it (the whole definition round-trips through the page).
	await page.goto(`/workflows/${w!.wf}`);
	await expect(page.getByTestId('save')).toBeVisible();
});

test('a definition stored deeper than the pages draw (from before the depth limit): cut at 64 levels with a notice', async ({ page }) => {
	const w = await workflowWith('Stored deep', 9_000, 'deep');
	test.skip(w === null, 'the database refuses definitions this deep, so none can be stored any more');
	await signIn(page, OWNER);
	await visitAll(page, w!, true, 'hostile-cut');
	// Editing is refused (saving the cut copy would lose the rest); the reason is shown.
	await page.goto(`/workflows/${w!.wf}`);
	await expect(page.getByTestId('definition-cut')).toContainText('It cannot be edited here');
	await expect(page.getByTestId('palette-http_call')).toBeDisabled();
});
