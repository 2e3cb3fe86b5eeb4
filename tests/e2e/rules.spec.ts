// What may not happen: an invalid graph cannot be published, and roles limit what the UI offers.
import { test, expect, signIn, addNode, connectNodes, save, createWorkflow, workflowId, shot } from './fixtures';

test('a cycle cannot be published and the problem is shown on the node', async ({ page }) => {
	await signIn(page, 'publisher@example.com');
	await createWorkflow(page, 'Acme automations', `Cycle ${Date.now().toString(36)}`);
	await addNode(page, 'webhook');
	await addNode(page, 'http_call');
	await addNode(page, 'transform');
	await connectNodes(page, 'webhook-1', 'http_call-1');
	await connectNodes(page, 'http_call-1', 'transform-1');
	await connectNodes(page, 'transform-1', 'http_call-1');
	await save(page);

	await page.getByTestId('tab-validation').click();
	await expect(page.locator('[data-testid="problem"][data-code="graph_cycle"]').first()).toBeVisible();
	await expect(page.locator('[data-testid^="node-"][data-problem="true"]').first()).toBeVisible();

	await page.locator('[data-testid="problem"][data-code="graph_cycle"]').first().click();
	// "Publish…" is disabled in every project while the draft has errors, and says so beside it.
	await expect(page.getByTestId('publish')).toBeDisabled();
	await expect(page.getByTestId('publish-blockers')).toHaveText(/Fix 1 validation error first/);
	await shot(page, 'publish-blocked');
	await page.getByTestId('publish').click({ force: true });
	await expect(page.getByTestId('publish-dialog')).toBeHidden();
	await expect(page.getByTestId('badge-live')).toHaveText('Not published');
});

test('a viewer sees no enabled edit or publish control', async ({ page }) => {
	await signIn(page, 'viewer@example.com');
	await page.goto('/projects');
	await page.getByRole('link', { name: 'Acme automations' }).click();
	await expect(page.getByTestId('new-workflow')).toBeDisabled();
	await page.getByRole('link', { name: 'Order intake' }).click();
	await expect(page.getByTestId('workflow-title')).toHaveText('Order intake');
	await expect(page.getByTestId('node-trigger')).toBeVisible();

	for (const id of ['save', 'publish', 'discard-draft']) {
		await expect(page.getByTestId(id)).toBeDisabled();
	}
	const palette = page.locator('[data-testid^="palette-"]');
	expect(await palette.count()).toBeGreaterThan(0);
	for (const button of await palette.all()) await expect(button).toBeDisabled();
	await expect(page.locator('[data-disabled-reason*="publisher"]').first()).toBeAttached();

	// A read-only inspector too.
	await page.getByTestId('node-trigger').click();
	await expect(page.getByTestId('inspector-label')).toBeDisabled();

	// History: neither revert nor roll back.
	await page.getByTestId('nav-history').click();
	await page.locator('[data-testid="version-row"][data-version="v1"]').getByRole('link', { name: 'Open' }).click();
	await expect(page.getByTestId('revert')).toBeDisabled();
	await expect(page.getByTestId('rollback')).toBeDisabled();
});

test('an editor can edit and request a review but cannot publish', async ({ page }) => {
	await signIn(page, 'editor@example.com');
	await page.goto(`/workflows/${await workflowId('Order intake')}`);
	await expect(page.getByTestId('palette-delay')).toBeEnabled();
	await expect(page.getByTestId('publish')).toHaveCount(0);
	await expect(page.getByTestId('request-review')).toBeEnabled();
	await page.getByTestId('nav-history').click();
	await page.locator('[data-testid="version-row"][data-version="v1"]').getByRole('link', { name: 'Open' }).click();
	await expect(page.getByTestId('revert')).toBeEnabled();
	await expect(page.getByTestId('rollback')).toBeDisabled();
});

test('a stranger gets a 404 page for another tenant’s workflow', async ({ page }) => {
	const id = await workflowId('Order intake');
	await signIn(page, 'outsider@example.com');
	const response = await page.goto(`/workflows/${id}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByTestId('error-page')).toHaveAttribute('data-status', '404');
	await expect(page.getByTestId('error-page')).toContainText('not found');
	const history = await page.goto(`/workflows/${id}/history`);
	expect(history?.status()).toBe(404);
});

test('the editor is usable on a phone-sized screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'editor@example.com');
	await page.goto(`/workflows/${await workflowId('Order intake')}`);
	await expect(page.getByTestId('workflow-title')).toHaveText('Order intake');
	await expect(page.getByTestId('node-trigger')).toBeVisible();
	await expect(page.getByTestId('save')).toBeVisible();
	// The whole graph area fits the first screen, above the fold: the steps to add are one row that scrolls
	// sideways, not three rows pushing the canvas (and its zoom controls) below the screen's edge.
	const palette = await page.getByTestId('nodes-palette').boundingBox();
	expect(palette!.height).toBeLessThan(60);
	const canvas = await page.getByRole('region', { name: 'Workflow graph' }).boundingBox();
	expect(canvas!.y + canvas!.height).toBeLessThanOrEqual(844);
	expect(canvas!.height).toBeGreaterThanOrEqual(300);
	await expect(page.getByTestId('node-trigger')).toBeInViewport();
	await shot(page, 'editor-mobile');
});
