// The editor polish (issue 12): each numbered item the first users noticed, checked in a real browser at
// 1440×900 and at phone width, with screenshots in test-results/screenshots/polish-*.png.
import { readFileSync } from 'node:fs';
import { test, expect, signIn, newSignedInPage, addNode, save, shot, workflowId } from './fixtures';
import { as, canvasZoom, graph, horizontalOverflow, makeWorkflow, unique } from './polish-helpers';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const CHAIN = graph(
	[
		['webhook-1', 'webhook', 'Order received'],
		['http_call-1', 'http_call', 'Fetch', { url: 'https://api.example.org/orders' }],
		['transform-1', 'transform', 'Transform'],
		['delay-1', 'delay', 'Wait'],
		['http_call-2', 'http_call', 'Notify'],
		['terminate-1', 'terminate', 'Done']
	],
	[
		['webhook-1', 'http_call-1'],
		['http_call-1', 'transform-1'],
		['transform-1', 'delay-1'],
		['delay-1', 'http_call-2'],
		['http_call-2', 'terminate-1']
	]
);

test.describe('editor polish', () => {
	test.use({ viewport: DESKTOP });

	test('1 & 4: a cycle’s closing edge is a distinct loop, and the cycle is ONE message in labels that selects it', async ({ page }) => {
		const def = graph(
			[
				['webhook-1', 'webhook', 'Order received'],
				['http_call-1', 'http_call', 'Fetch'],
				['transform-1', 'transform', 'Transform'],
				['delay-1', 'delay', 'Wait']
			],
			[
				['webhook-1', 'http_call-1'],
				['http_call-1', 'transform-1'],
				['transform-1', 'http_call-1']
			]
		);
		const wf = await makeWorkflow(unique('Cycle polish'), def);
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${wf.id}`);

		const back = page.getByTestId('edge-e-transform-1-http_call-1');
		await expect(back).toHaveAttribute('data-back', 'true');
		await expect(back).toHaveAttribute('data-cycle', 'true');
		await expect(page.getByTestId('edge-e-http_call-1-transform-1')).toHaveAttribute('data-cycle', 'true');
		await expect(page.getByTestId('edge-e-webhook-1-http_call-1')).not.toHaveAttribute('data-cycle', 'true');
		// drawn apart from the forward edge between the same two nodes: it loops well below them
		const forwardBox = (await page.getByTestId('edge-e-http_call-1-transform-1').locator('path.svelte-flow__edge-path').boundingBox())!;
		const backBox = (await back.locator('path.svelte-flow__edge-path').boundingBox())!;
		expect(backBox.height).toBeGreaterThan(forwardBox.height + 40);
		expect(backBox.y + backBox.height).toBeGreaterThan(forwardBox.y + forwardBox.height + 40);

		await page.getByTestId('tab-validation').click();
		const cycles = page.locator('[data-testid="problem"][data-code="graph_cycle"]');
		await expect(cycles).toHaveCount(1);
		await expect(cycles).toContainText('Cycle: Fetch → Transform → Fetch');
		await expect(page.locator('[data-testid="warning"][data-code="node_unreachable"]')).toContainText('Node “Wait” cannot be reached');
		// no internal ids in any message
		for (const text of await page.getByTestId('validation-panel').locator('li').allInnerTexts()) {
			expect(text).not.toMatch(/http_call-1|transform-1|delay-1/);
		}
		await shot(page, 'polish-cycle');

		await cycles.click();
		await expect(back).toHaveClass(/selected/);
		await page.getByTestId('tab-node').click();
		await expect(page.getByTestId('edge-name')).toHaveText('From Transform to Fetch');
		await shot(page, 'polish-cycle-selected');
	});

	test('3 & 12: a six-step chain fits at a readable zoom with large handles; edges are named by labels and show a focus ring', async ({ page }) => {
		const wf = await makeWorkflow(unique('Readable'), CHAIN);
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${wf.id}`);
		await expect(page.getByTestId('node-webhook-1')).toBeVisible();
		await expect.poll(() => canvasZoom(page)).toBeGreaterThanOrEqual(0.85);
		const label = page.getByTestId('node-webhook-1').locator('.wf-node__label');
		const fontPx = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(fontPx * (await canvasZoom(page))).toBeGreaterThanOrEqual(12);
		const handle = (await page.getByTestId('handle-source-http_call-1').boundingBox())!;
		expect(Math.min(handle.width, handle.height)).toBeGreaterThanOrEqual(12);
		// the chain starts at the trigger, on screen
		await expect(page.getByTestId('node-webhook-1')).toBeInViewport();
		await shot(page, 'polish-readable');

		// Edges: focusable, named by labels, with a visible ring
		const edge = page.getByRole('group', { name: 'Edge from Fetch to Transform' });
		await expect(edge).toHaveAttribute('tabindex', '0');
		await page.keyboard.press('Shift');
		await edge.focus();
		const ring = edge.locator('.wf-edge__ring');
		await expect.poll(() => ring.evaluate((el) => getComputedStyle(el).strokeOpacity)).toBe('0.35');
		await shot(page, 'polish-edge-focus');
	});

	test('2: the history works on a phone — no sideways overflow, every field and action reachable', async ({ page }) => {
		const wf = await makeWorkflow(unique('Phone history'), CHAIN, ['First version', 'Second: retry the fetch', 'Third']);
		await (await as('editor@example.com')).rpc('create_draft', { workflow_id: wf.id });
		await page.setViewportSize(PHONE);
		await signIn(page, 'publisher@example.com');
		await page.goto(`/workflows/${wf.id}/history`);
		const rows = page.getByTestId('version-row');
		await expect(rows).toHaveCount(4);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		const v2 = page.locator('[data-testid="version-row"][data-version="v2"]');
		for (const target of [
			v2.getByRole('link', { name: 'Open' }),
			v2.getByTestId('row-compare'),
			v2.getByTestId('row-restore'),
			v2.getByTestId('row-rollback'),
			v2.getByTestId('row-export'),
			v2.getByText('Second: retry the fetch'),
			v2.locator('code')
		]) {
			await target.scrollIntoViewIfNeeded();
			const box = (await target.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
		}
		await page.evaluate(() => window.scrollTo(0, 0));
		await shot(page, 'polish-history-phone');
		await v2.scrollIntoViewIfNeeded();
		await shot(page, 'polish-history-phone-row');
	});

	test('5: history rows restore and roll back, and name who last edited the draft', async ({ page }) => {
		const wf = await makeWorkflow(unique('Row actions'), CHAIN, ['First version', 'Second', 'Third']);
		// the publisher starts the draft, the editor saves it last
		await (await as('publisher@example.com')).rpc('create_draft', { workflow_id: wf.id });
		const editor = await as('editor@example.com');
		const d = await editor.from('workflow_versions').select('revision, definition').eq('workflow_id', wf.id).eq('state', 'draft').single();
		await editor.rpc('save_draft', { workflow_id: wf.id, definition: { ...(d.data!.definition as object), settings: { by: 'editor' } }, expected_revision: d.data!.revision });

		await signIn(page, 'publisher@example.com');
		await page.goto(`/workflows/${wf.id}/history`);
		await expect(page.locator('[data-testid="version-row"][data-version="Draft"]').getByTestId('version-author')).toHaveText('editor@example.com');
		await shot(page, 'polish-history');

		// Roll back live (v3) to v1 from its row
		await page.locator('[data-testid="version-row"][data-version="v1"]').getByTestId('row-rollback').click();
		const dialog = page.getByTestId('confirm-dialog').filter({ visible: true });
		await expect(dialog).toContainText('published again as v4');
		await dialog.getByTestId('rollback-note').fill('Back to the first');
		await dialog.getByTestId('confirm-rollback').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'v4 is live' })).toBeVisible();
		await expect(page.getByTestId('version-row').nth(1)).toHaveAttribute('data-version', 'v4');
		await expect(page.locator('[data-testid="version-row"][data-version="v4"]')).toHaveAttribute('data-live', 'true');

		// Restore v2 into the draft from its row
		await page.locator('[data-testid="version-row"][data-version="v2"]').getByTestId('row-restore').click();
		await page.getByTestId('confirm-dialog').filter({ visible: true }).getByTestId('confirm-revert').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'Draft reverted to v2' })).toBeVisible();
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');
	});

	test('6: on a read-only version page a clicked step shows its label, type and configuration', async ({ page }) => {
		const wf = await makeWorkflow(unique('Read only'), CHAIN, ['First version']);
		await signIn(page, 'viewer@example.com');
		await page.goto(`/workflows/${wf.id}/versions/${wf.versions[0]}`);
		await page.getByTestId('node-http_call-1').click();
		const inspector = page.getByTestId('readonly-inspector');
		await expect(inspector.getByTestId('inspector-label')).toHaveValue('Fetch');
		await expect(inspector.getByTestId('inspector-label')).toBeDisabled();
		await expect(inspector).toContainText('http_call');
		await expect(inspector.getByTestId('inspector-config')).toHaveValue(/api\.example\.org\/orders/);
		await expect(inspector.getByTestId('inspector-config')).not.toBeEditable();
		await expect(inspector).toContainText('from Order received');
		await shot(page, 'polish-version-inspector');
		await page.setViewportSize(PHONE);
		await expect(page.getByTestId('version-action-reasons')).toContainText('Read-only: you are a viewer here');
		await shot(page, 'polish-version-phone');
	});

	test('8: a conflict names who saved and shows my unsaved edits as a graph', async ({ page, browser }) => {
		const wf = await makeWorkflow(unique('Who saved'), CHAIN);
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${wf.id}`);
		const bob = await newSignedInPage(browser, 'publisher@example.com');
		try {
			await bob.page.setViewportSize(DESKTOP);
			await bob.page.goto(`/workflows/${wf.id}`);
			await expect(bob.page.getByTestId('node-webhook-1')).toBeVisible();
			await addNode(page, 'branch');
			await save(page);
			await addNode(bob.page, 'loop');
			await bob.page.getByTestId('save').click();
			const dialog = bob.page.getByTestId('conflict-dialog');
			await expect(dialog).toBeVisible();
			await expect(dialog.getByRole('heading', { name: 'editor@example.com changed this draft' })).toBeVisible();
			await expect(dialog.getByTestId('conflict-who')).toHaveText('editor@example.com');
			await expect(dialog.getByTestId('conflict-mine-graph').getByTestId('node-loop-1')).toHaveAttribute('data-status', 'added');
			await expect(dialog.getByTestId('conflict-theirs-graph').getByTestId('node-branch-1')).toHaveAttribute('data-status', 'added');
			await expect.poll(() => canvasZoom(bob.page, '[data-testid="conflict-mine-graph"]')).toBeGreaterThanOrEqual(0.85);
			await shot(bob.page, 'polish-conflict');
		} finally {
			await bob.context.close();
		}
	});

	test('9: a 2 MB paste in the JSON tab is refused at once, before it is parsed or drawn', async ({ page }) => {
		const wf = await makeWorkflow(unique('Big paste'), CHAIN);
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${wf.id}`);
		await page.getByTestId('tab-json').click();
		const nodes = Array.from({ length: 1800 }, (_, i) => ({ id: `n${i}`, position: { x: i, y: 0 }, data: { type: 'delay', label: `Step ${i}`, config: { pad: 'x'.repeat(1100) } } }));
		const big = JSON.stringify({ nodes, edges: [] });
		expect(big.length).toBeGreaterThan(2_000_000);
		await page.getByTestId('json-view').fill(big);
		await expect(page.getByTestId('json-view-error')).toContainText('at most 1 MiB');
		await expect(page.locator('[data-testid^="node-n"]')).toHaveCount(0);
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');
		// too deep: refused the same way
		await page.getByTestId('json-view').fill('{"nodes": [], "edges": [], "settings": ' + '{"a":'.repeat(70) + '1' + '}'.repeat(70) + '}');
		await expect(page.getByTestId('json-view-error')).toContainText('64');
		await shot(page, 'polish-json-limit');
	});

	test('10: after a publish the editor stays editable; the first change starts a new draft', async ({ page }) => {
		const wf = await makeWorkflow(unique('Keep editing'), CHAIN);
		await signIn(page, 'publisher@example.com');
		await page.goto(`/workflows/${wf.id}`);
		await page.getByTestId('publish').click();
		// the diff graph in the dialog is readable too (item 3)
		await expect.poll(() => canvasZoom(page, '[data-testid="publish-dialog"]')).toBeGreaterThanOrEqual(0.85);
		await expect(page.getByTestId('publish-dialog').getByTestId('confirm-publish')).toBeEnabled();
		await shot(page, 'polish-publish-dialog');
		await page.getByTestId('publish-dialog').getByTestId('confirm-publish').click();
		await expect(page.getByTestId('badge-live')).toHaveText('Live v1');
		await expect(page.getByTestId('badge-draft')).toHaveText('No draft');
		await expect(page.getByTestId('no-draft-banner')).toContainText('Your first change starts a new draft');
		await expect(page.getByTestId('palette-delay')).toBeEnabled();
		await addNode(page, 'delay');
		await expect(page.getByTestId('toast').filter({ hasText: 'Started a new draft from the live version' })).toBeVisible();
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · unsaved');
		await expect(page.getByTestId('node-delay-2')).toBeVisible();
		await save(page);
		const rows = await (await as('editor@example.com')).from('workflow_versions').select('revision, definition').eq('workflow_id', wf.id).eq('state', 'draft');
		expect(rows.data).toHaveLength(1);
		expect((rows.data![0].definition as { nodes: unknown[] }).nodes).toHaveLength(7);
		await shot(page, 'polish-after-publish');
	});

	test('11: rename with counters — a 483-character name is refused visibly, never cut', async ({ page }) => {
		const name = unique('Rename');
		const wf = await makeWorkflow(name, CHAIN);
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${wf.id}`);
		await page.getByRole('button', { name: 'Rename workflow' }).click();
		const dialog = page.getByTestId('rename-dialog');
		const long = 'L'.repeat(483);
		await dialog.getByTestId('rename-name').fill(long);
		await expect(dialog.getByTestId('rename-name')).toHaveValue(long);
		await expect(dialog.getByTestId('rename-name-count')).toHaveText('483 / 200 — 283 characters too many');
		await expect(dialog.getByTestId('rename-save')).toBeDisabled();
		await expect(dialog.getByTestId('rename-reason')).toHaveText('The name is too long.');
		await shot(page, 'polish-rename-too-long');
		await dialog.getByTestId('rename-name').fill(`${name} v2`);
		await dialog.getByTestId('rename-description').fill('Takes orders in, fetches details, tells the warehouse.');
		await expect(dialog.getByTestId('rename-description-count')).toHaveText('54 / 2000');
		await dialog.getByTestId('rename-save').click();
		await expect(page.getByTestId('workflow-title')).toHaveText(`${name} v2`);
		await page.getByTestId('nav-history').click();
		await expect(page.getByTestId('audit-events')).toContainText(`renamed the workflow from “${name}” to “${name} v2”`);

		// The new-workflow form counts too
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		await page.getByTestId('new-workflow').click();
		await page.getByTestId('workflow-name').fill(long);
		await expect(page.getByTestId('workflow-name')).toHaveValue(long);
		await expect(page.getByTestId('workflow-name-count')).toContainText('483 / 200');
		await expect(page.getByTestId('create-workflow')).toBeDisabled();
	});

	test('12: compare pickers say number, note, author and date; side by side shows before | after', async ({ page }) => {
		const wf = await makeWorkflow(unique('Compare polish'), CHAIN, ['First version', 'Second version']);
		await signIn(page, 'viewer@example.com');
		await page.goto(`/workflows/${wf.id}/compare?from=${wf.versions[0]}&to=${wf.versions[1]}`);
		const options = await page.getByTestId('compare-from').locator('option').allInnerTexts();
		expect(options).toHaveLength(2);
		expect(options[1]).toMatch(/^v1 — First version · publisher@example\.com · \w{3} \d{1,2}, \d{4}, \d{2}:\d{2}/);
		expect(options[0]).toMatch(/^v2 \(live\) — Second version · publisher@example\.com · /);
		await page.getByTestId('view-sides').click();
		const before = page.getByTestId('side-before');
		const after = page.getByTestId('side-after');
		await expect(before.getByTestId('node-terminate-1')).toHaveAttribute('data-status', 'changed');
		await expect(after.getByTestId('node-terminate-1')).toHaveAttribute('data-status', 'changed');
		await expect(before.getByTestId('node-webhook-1')).toHaveAttribute('data-status', 'unchanged');
		const [b, a] = [(await before.boundingBox())!, (await after.boundingBox())!];
		expect(a.x).toBeGreaterThan(b.x + b.width - 1); // two graphs next to each other
		await shot(page, 'polish-compare-sides');
		await page.setViewportSize(PHONE);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		await shot(page, 'polish-compare-phone');
	});

	test('export, import and duplicate: download a version, import it into another draft, copy it as a new workflow', async ({ page }) => {
		const source = await makeWorkflow(unique('Export source'), CHAIN, ['First version']);
		const target = await makeWorkflow(unique('Import target'), graph([['webhook-1', 'webhook', 'Only a trigger']], []));
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${source.id}/versions/${source.versions[0]}`);
		const download = page.waitForEvent('download');
		await page.getByTestId('export-version').click();
		const file = await download;
		expect(file.suggestedFilename()).toMatch(/^export-source-[a-z0-9]+-v1\.json$/);
		const path = await file.path();
		const doc = JSON.parse(readFileSync(path, 'utf8'));
		expect(doc).toMatchObject({ format: 'workflow-version/1', version: { number: 1, note: 'First version', author: 'publisher@example.com' } });

		// Import it into the other workflow's draft
		await page.goto(`/workflows/${target.id}`);
		await page.getByTestId('tab-json').click();
		await page.getByTestId('import-open').click();
		const dialog = page.getByTestId('import-dialog');
		await dialog.getByTestId('import-file').setInputFiles(path);
		await expect(dialog.getByTestId('import-summary')).toContainText('6 nodes, 5 edges');
		await shot(page, 'polish-import');
		await dialog.getByTestId('import-confirm').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'Imported into the draft' })).toBeVisible();
		await expect(page.getByTestId('node-http_call-2')).toBeVisible();
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');

		// A changed file is refused by the database (hash check), and nothing changes
		await page.getByTestId('import-open').click();
		await dialog.getByTestId('import-text').fill(JSON.stringify({ ...doc, definition: { ...doc.definition, settings: { edited: true } } }));
		await dialog.getByTestId('import-confirm').click();
		await expect(dialog.getByTestId('import-error')).toContainText('definition_hash');
		await dialog.getByRole('button', { name: 'Cancel' }).click();

		// Duplicate v1 as a new workflow
		await page.goto(`/workflows/${source.id}/versions/${source.versions[0]}`);
		await page.getByTestId('duplicate-open').click();
		const dup = page.getByTestId('duplicate-dialog');
		await expect(dup.getByTestId('duplicate-project')).toHaveValue(/.+/);
		const copyName = unique('Copied');
		await dup.getByTestId('duplicate-name').fill(copyName);
		await shot(page, 'polish-duplicate');
		await dup.getByTestId('duplicate-confirm').click();
		await expect(page.getByTestId('workflow-title')).toHaveText(copyName);
		await expect(page.getByTestId('node-terminate-1')).toBeVisible();
		expect(await workflowId(copyName)).toBeTruthy();
	});

	test('phone-width editor: readable graph, inspector below, no sideways overflow', async ({ page }) => {
		const wf = await makeWorkflow(unique('Phone editor'), CHAIN);
		await page.setViewportSize(PHONE);
		await signIn(page, 'editor@example.com');
		await page.goto(`/workflows/${wf.id}`);
		await expect(page.getByTestId('node-webhook-1')).toBeVisible();
		await expect.poll(() => canvasZoom(page)).toBeGreaterThanOrEqual(0.85);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		await shot(page, 'polish-editor-phone');
	});
});
