// Environments and runs: publish to staging, promote to production with Deploy to…, the header badges, a
// run started before the promotion stays on its version, and its replay runs that version again. Owners add
// an environment in the project settings; roles that may not deploy somewhere see why.
import type { Page } from '@playwright/test';
import { test, expect, signIn, addNode, connectNodes, save, createWorkflow, publish, shot, workflowId } from './fixtures';

const NAME = `Promotion ${Date.now().toString(36)}`;
const QA = 'qa';

async function openWorkflow(page: Page) {
	await page.goto('/projects');
	await page.getByRole('link', { name: 'Acme automations' }).click();
	await page.getByRole('link', { name: NAME }).click();
	await expect(page.getByTestId('workflow-title')).toHaveText(NAME);
}

async function expectBadges(page: Page, expected: Record<string, string>) {
	const badges = page.getByTestId('env-badges');
	for (const [env, version] of Object.entries(expected)) {
		await expect(badges.locator(`[data-environment="${env}"]`)).toHaveAttribute('data-version', version);
	}
}

async function phone(page: Page, name: string) {
	await page.setViewportSize({ width: 390, height: 844 });
	await shot(page, name);
	await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe.serial('environments, deployments and pinned runs', () => {
	let firstRun = '';

	test('publish v1 to production and start a run on it', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await createWorkflow(page, 'Acme automations', NAME);
		await addNode(page, 'webhook');
		await addNode(page, 'http_call');
		await connectNodes(page, 'webhook-1', 'http_call-1');
		await save(page);
		await publish(page, 'First version', 1);
		await expectBadges(page, { production: '1', staging: '' });

		await page.getByTestId('nav-runs').click();
		await expect(page.getByTestId('run-list')).toContainText('No runs yet');
		await page.getByTestId('start-run').click();
		const dialog = page.getByTestId('start-run-dialog');
		await expect(dialog.getByRole('radio', { name: /production/ })).toBeChecked();
		await expect(dialog.getByRole('radio', { name: /staging/ })).toBeDisabled();
		await dialog.getByTestId('confirm-start-run').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'started in production on v1' })).toBeVisible();
		const row = page.getByTestId('run-row').first();
		await expect(row).toHaveAttribute('data-version', '1');
		await expect(row).toHaveAttribute('data-status', 'running');
		firstRun = (await row.getAttribute('data-run'))!;
	});

	test('publish v2 to staging: production keeps v1', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await openWorkflow(page);
		await page.getByTestId('create-draft').click();
		await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');
		await addNode(page, 'transform');
		await connectNodes(page, 'http_call-1', 'transform-1');
		await save(page);

		await page.getByTestId('publish').click();
		const dialog = page.getByTestId('publish-dialog');
		const picker = dialog.getByTestId('publish-environment');
		await expect(picker.getByRole('radio', { name: /production/ })).toBeChecked();
		await picker.getByRole('radio', { name: /staging/ }).check();
		await expect(dialog).toContainText('deploys it to staging');
		await expect(dialog.getByTestId('publish-environment-note')).toContainText('Production keeps v1');
		await dialog.getByTestId('publish-note').fill('Transform the order');
		await expect(dialog.getByTestId('confirm-publish')).toBeEnabled();
		await shot(page, 'publish-to-staging');
		await dialog.getByTestId('confirm-publish').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'Published v2 to staging' })).toBeVisible();
		await expect(page.getByTestId('badge-live')).toHaveText('Live v1');
		await expectBadges(page, { production: '1', staging: '2' });
		await shot(page, 'env-badges');

		await page.getByTestId('nav-history').click();
		const v2 = page.locator('[data-testid="version-row"][data-version="v2"]');
		await expect(v2.getByTestId('deployed-to')).toHaveAttribute('data-environments', 'staging');
		await expect(page.locator('[data-testid="version-row"][data-version="v1"]').getByTestId('deployed-to')).toHaveAttribute('data-runs', '1');
		await expect(page.getByTestId('audit-events')).toContainText('published v2 to staging');
	});

	test('promote v2 to production with Deploy to…: the diff, the badges, and "already runs this version"', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await openWorkflow(page);
		await page.getByTestId('env-badges').locator('[data-environment="staging"]').click();
		await expect(page.getByTestId('version-title')).toHaveText('v2');

		await page.getByTestId('deploy').click();
		const dialog = page.getByTestId('deploy-dialog');
		await expect(dialog.getByRole('radio', { name: /production/ })).toBeChecked();
		await expect(dialog.locator('[data-environment="staging"]')).toContainText('already runs this version');
		await expect(dialog.getByTestId('deploy-diff-title')).toHaveText('Changes in production: v1 → v2');
		await expect(dialog.getByTestId('deploy-diff-title')).toHaveAttribute('data-summary', '1 node added, 1 edge added');
		await expect(dialog.getByTestId('node-transform-1')).toHaveAttribute('data-status', 'added');
		await expect(dialog.getByTestId('deploy-consequence')).toContainText('production will run v2 instead of v1');
		await dialog.getByTestId('deploy-note').fill('Tested in staging');
		await shot(page, 'deploy-dialog');
		await phone(page, 'deploy-dialog-mobile');

		// Staging already runs v2: nothing to deploy there.
		await dialog.getByRole('radio', { name: /staging/ }).check();
		await expect(dialog.getByTestId('deploy-consequence')).toContainText('already runs v2');
		await expect(dialog.getByTestId('confirm-deploy')).toBeDisabled();

		await dialog.getByRole('radio', { name: /production/ }).check();
		await dialog.getByTestId('confirm-deploy').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'v2 deployed to production (was v1)' })).toBeVisible();
		await expect(dialog).toBeHidden();
		await expect(page.getByTestId('badge-live')).toHaveText('Live v2');
		await expectBadges(page, { production: '2', staging: '2' });
		await shot(page, 'version-deployed');

		await page.getByTestId('nav-history').click();
		await expect(page.locator('[data-testid="version-row"][data-version="v2"]').getByTestId('deployed-to')).toHaveAttribute(
			'data-environments',
			'production staging'
		);
		await expect(page.getByTestId('audit-events')).toContainText('deployed v2 to production');
		await shot(page, 'history-environments');
		await phone(page, 'history-environments-mobile');
	});

	test('the run started before the promotion stays on v1; its replay runs v1 again; a new run gets v2', async ({ page }) => {
		await signIn(page, 'publisher@example.com');
		await openWorkflow(page);
		await page.getByTestId('nav-runs').click();
		const original = page.locator(`[data-testid="run-row"][data-run="${firstRun}"]`);
		await expect(original).toHaveAttribute('data-version', '1');
		await expect(original.getByTestId('run-version')).toHaveText('v1');

		await original.getByTestId('replay-run').click();
		const dialog = page.getByTestId('replay-dialog');
		await expect(dialog).toContainText('although production now runs v2');
		await expect(dialog.getByTestId('replay-pinned')).toBeVisible();
		await shot(page, 'replay-dialog');
		await dialog.getByTestId('confirm-replay').click();
		await expect(page.getByTestId('toast').filter({ hasText: /Replay started: run \w+ on v1 in production/ })).toBeVisible();
		const replay = page.locator(`[data-testid="run-row"][data-replay-of="${firstRun}"]`);
		await expect(replay).toHaveAttribute('data-version', '1');
		await expect(replay).toHaveAttribute('data-environment', 'production');
		await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-replay-of', firstRun);

		await page.getByTestId('start-run').click();
		await page.getByTestId('start-run-dialog').getByTestId('confirm-start-run').click();
		await expect(page.getByTestId('toast').filter({ hasText: 'started in production on v2' })).toBeVisible();
		await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-version', '2');

		// Finish the original: its status moves once, its version stays.
		await original.getByTestId('finish-run').click();
		await page.getByTestId('finish-dialog').getByRole('radio', { name: 'failed' }).check();
		await page.getByTestId('finish-dialog').getByTestId('confirm-finish').click();
		await expect(original).toHaveAttribute('data-status', 'failed');
		await expect(original).toHaveAttribute('data-version', '1');
		await expect(page.getByTestId('run-row')).toHaveCount(3);
		await shot(page, 'runs');
		await phone(page, 'runs-mobile');

		// The replay's origin link points at the original row.
		await replay.getByTestId('replay-of').click();
		await expect(page).toHaveURL(new RegExp(`#run-${firstRun}$`));

		// History's activity names the runs; "Hide run events" leaves only the changes, and says so in the URL.
		await page.getByTestId('nav-history').click();
		const activity = page.getByTestId('audit-events');
		await expect(activity).toContainText('started a run');
		await expect(activity).toContainText('finished a run');
		await page.getByRole('link', { name: 'Hide run events' }).click();
		await expect(page).toHaveURL(/\?activity=changes$/);
		await expect(activity).not.toContainText('a run');
		await expect(activity).toContainText('deployed v2 to production');
		await shot(page, 'history-activity-changes');
		await page.getByRole('link', { name: 'Show run events' }).click();
		await expect(activity).toContainText('replayed a run');
	});

	test('owners add an environment with clear validation; an editor may deploy only there', async ({ page }) => {
		await signIn(page, 'owner@example.com');
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		await page.getByRole('link', { name: 'Environments', exact: true }).click();
		const list = page.getByTestId('environment-list');
		await expect(list.locator('[data-environment="production"]')).toHaveAttribute('data-deploy-role', 'publisher');
		await expect(list.locator('[data-environment="staging"]')).toBeVisible();

		const name = page.getByTestId('environment-name');
		await name.fill('QA env');
		await expect(page.getByTestId('environment-name-help')).toHaveText('Start with a lower-case letter (a–z).');
		await expect(page.getByTestId('environment-create')).toBeDisabled();
		await name.fill('qa_env');
		await expect(page.getByTestId('environment-name-help')).toContainText('only lower-case letters, digits and hyphens');
		await name.fill('staging');
		await expect(page.getByTestId('environment-name-help')).toHaveText('The project already has an environment named staging.');
		await name.fill(QA);
		await page.getByTestId('environment-deploy-role').selectOption('editor');
		await shot(page, 'environments-settings');
		await phone(page, 'environments-settings-mobile');
		await page.getByTestId('environment-create').click();
		await expect(page.getByTestId('toast').filter({ hasText: `Environment ${QA} added` })).toBeVisible();
		await expect(list.locator(`[data-environment="${QA}"]`)).toHaveAttribute('data-deploy-role', 'editor');

		// An editor: Deploy to… lists production and staging disabled with the reason, qa enabled.
		await page.getByTestId('user-menu').click();
		await page.getByTestId('sign-out').click();
		await expect(page.getByTestId('sign-in')).toBeVisible();
		await signIn(page, 'editor@example.com');
		await openWorkflow(page);
		await expectBadges(page, { production: '2', staging: '2', [QA]: '' });
		await page.getByTestId('env-badges').locator('[data-environment="production"]').click();
		await page.getByTestId('deploy').click();
		const dialog = page.getByTestId('deploy-dialog');
		for (const env of ['production', 'staging']) {
			await expect(dialog.getByRole('radio', { name: new RegExp(env) })).toBeDisabled();
			await expect(dialog.locator(`[data-environment="${env}"]`).getByTestId('environment-blocked')).toHaveText('needs publisher');
		}
		await expect(dialog.getByRole('radio', { name: new RegExp(QA) })).toBeChecked();
		await expect(dialog.getByTestId('deploy-diff-title')).toHaveText(`${QA} runs nothing yet: everything is new`);
		await dialog.getByTestId('confirm-deploy').click();
		await expect(page.getByTestId('toast').filter({ hasText: `v2 deployed to ${QA}` })).toBeVisible();
		await expectBadges(page, { production: '2', [QA]: '2' });
	});

	test('viewers see environments and runs read-only', async ({ page }) => {
		await signIn(page, 'viewer@example.com');
		await openWorkflow(page);
		await page.getByTestId('nav-runs').click();
		await expect(page.getByTestId('start-run')).toBeDisabled();
		await expect(page.getByTestId('replay-run').first()).toBeDisabled();
		await page.getByTestId('env-badges').locator('[data-environment="production"]').click();
		await expect(page.getByTestId('deploy')).toBeDisabled();
		await page.goto('/projects');
		await page.getByRole('link', { name: 'Acme automations' }).click();
		await page.getByRole('link', { name: 'Environments', exact: true }).click();
		await expect(page.getByTestId('environment-create')).toHaveCount(0);
		await expect(page.getByText('Only owners can add environments')).toBeVisible();

		// The seed: "Order intake" runs v2 in production and v3 in staging, with runs on each.
		await page.goto(`/workflows/${await workflowId('Order intake')}/runs`);
		await expectBadges(page, { production: '2', staging: '3' });
		await expect(page.locator('[data-testid="run-row"][data-environment="staging"]').first()).toHaveAttribute('data-version', '3');
		await expect(page.locator('[data-testid="run-row"][data-environment="production"]').first()).toHaveAttribute('data-version', '2');
		await shot(page, 'runs-seeded');
		await phone(page, 'runs-seeded-mobile');
	});
});
