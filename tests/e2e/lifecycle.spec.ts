// The main story: build a workflow, publish v1, v2, compare, revert, v3, history, roll back (v4).
import { test, expect, signIn, addNode, connectNodes, save, createWorkflow, publish, shot, selectOptionContaining } from './fixtures';

const NAME = `Lifecycle ${Date.now().toString(36)}`;

test.describe.serial('draft → publish lifecycle', () => {
	test('sign in, create a workflow, add three nodes and two edges, save, publish v1', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await createWorkflow(page, 'Acme automations', NAME);
		await expect(page.getByTestId('badge-live')).toHaveText('Not published');

		await addNode(page, 'webhook');
		await addNode(page, 'http_call');
		await addNode(page, 'transform');
		await expect(page.getByTestId('node-webhook-1')).toBeVisible();
		await expect(page.getByTestId('node-http_call-1')).toBeVisible();
		await expect(page.getByTestId('node-transform-1')).toBeVisible();
		await connectNodes(page, 'webhook-1', 'http_call-1');
		await connectNodes(page, 'http_call-1', 'transform-1');
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · unsaved');

		await save(page);
		await page.getByTestId('node-http_call-1').click();
		await shot(page, 'editor');

		await page.getByTestId('publish').click();
		const dialog = page.getByTestId('publish-dialog');
		await expect(dialog.getByTestId('publish-summary')).toHaveAttribute('data-summary', '3 nodes added, 2 edges added');
		await dialog.getByTestId('publish-note').fill('First version');
		await expect(dialog.getByTestId('confirm-publish')).toBeEnabled();
		await shot(page, 'publish-dialog');
		await dialog.getByTestId('confirm-publish').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'Published v1' })).toBeVisible();
		await expect(page.getByTestId('badge-live')).toHaveText('Live v1');
		await expect(page.getByTestId('badge-draft')).toHaveText('No draft');
	});

	test('edit, save and publish v2; compare v1 ↔ v2 marks the added node', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		await page.getByRole('link', { name: NAME }).click();
		await page.getByTestId('create-draft').click();
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');

		await addNode(page, 'delay');
		await connectNodes(page, 'transform-1', 'delay-1');
		await save(page);
		await publish(page, 'Wait before finishing', 2);

		await page.getByTestId('nav-compare').click();
		await selectOptionContaining(page.getByTestId('compare-from'), 'v1 — First version · publisher@example.com');
		await selectOptionContaining(page.getByTestId('compare-to'), 'v2 (live) — Wait before finishing · publisher@example.com');
		await expect(page.getByTestId('compare-summary')).toContainText('v1 → v2');
		await expect(page.getByTestId('compare-summary')).toContainText('1 node added');
		await expect(page.getByTestId('node-delay-1')).toHaveAttribute('data-status', 'added');
		await expect(page.getByTestId('node-webhook-1')).toHaveAttribute('data-status', 'unchanged');
		await shot(page, 'compare');

		// Deep-linkable: reloading keeps both sides.
		await page.reload();
		await expect(page.getByTestId('node-delay-1')).toHaveAttribute('data-status', 'added');
	});

	test('revert the draft to v1, publish v3; history shows v3, v2, v1', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		await page.getByRole('link', { name: NAME }).click();
		await page.getByTestId('nav-history').click();
		await page.locator('[data-testid="version-row"][data-version="v1"]').getByRole('link', { name: 'Open' }).click();
		await expect(page.getByTestId('version-title')).toHaveText('v1');

		await page.getByTestId('revert').click();
		const dialog = page.getByTestId('confirm-dialog').filter({ visible: true });
		await expect(dialog).toContainText('A new draft will be created with v1');
		await dialog.getByTestId('confirm-revert').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'Draft reverted to v1' })).toBeVisible();
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');
		await expect(page.getByTestId('node-webhook-1')).toBeVisible();
		await expect(page.getByTestId('node-delay-1')).toHaveCount(0);

		await publish(page, 'Back to the v1 graph', 3);

		await page.getByTestId('nav-history').click();
		const rows = page.getByTestId('version-row');
		await expect(rows).toHaveCount(3);
		await expect(rows.nth(0)).toHaveAttribute('data-version', 'v3');
		await expect(rows.nth(1)).toHaveAttribute('data-version', 'v2');
		await expect(rows.nth(2)).toHaveAttribute('data-version', 'v1');
		await expect(rows.nth(0)).toHaveAttribute('data-live', 'true');
		await expect(page.getByTestId('audit-events')).toContainText('published v3');
		await shot(page, 'history');
	});

	test('roll back live to v2: v4 appears and is live', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		await page.getByRole('link', { name: NAME }).click();
		await page.getByTestId('nav-history').click();
		await page.locator('[data-testid="version-row"][data-version="v2"]').getByRole('link', { name: 'Open' }).click();
		await expect(page.getByTestId('version-title')).toHaveText('v2');

		await page.getByTestId('rollback').click();
		const dialog = page.getByTestId('confirm-dialog').filter({ visible: true });
		await expect(dialog).toContainText('published again as v4');
		await dialog.getByTestId('rollback-note').fill('v3 lost the delay');
		await dialog.getByTestId('confirm-rollback').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'v4 is live' })).toBeVisible();

		const rows = page.getByTestId('version-row');
		await expect(rows.nth(0)).toHaveAttribute('data-version', 'v4');
		await expect(rows.nth(0)).toHaveAttribute('data-live', 'true');
		await expect(page.getByTestId('badge-live')).toHaveText('Live v4');
		await expect(page.getByTestId('audit-events')).toContainText('rolled back v4 (copy of v2)');
	});

	test('the workflow list shows the live version and who published it', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		const row = page.locator(`[data-testid="workflow-row"][data-name="${NAME}"]`);
		await expect(row.getByTestId('live-badge')).toHaveText('Live v4');
		await expect(page.locator('[data-testid="workflow-row"][data-name="Order intake"]')).toContainText('Draft · unpublished changes');
		await shot(page, 'list');
	});
});
