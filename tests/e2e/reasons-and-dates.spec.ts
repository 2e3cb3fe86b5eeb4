// Issue 12, items 7 and 12: a disabled control says why on screen, where Tab and screen readers reach it —
// "Publish…" while the draft has validation errors in a project WITHOUT review required, and the read-only
// reasons of viewers — and dates are shown in the viewer's timezone, not the server's.
// Screenshots in test-results/screenshots/reasons-*.png.
import { test, expect, signIn, shot, sql, PASSWORD } from './fixtures';
import { as, graph, makeWorkflow, projectId, unique } from './polish-helpers';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const steps: Parameters<typeof graph>[0] = [
	['webhook-1', 'webhook', 'Order received'],
	['http_call-1', 'http_call', 'Fetch'],
	['transform-1', 'transform', 'Transform']
];
const CYCLE = graph(steps, [
	['webhook-1', 'http_call-1'],
	['http_call-1', 'transform-1'],
	['transform-1', 'http_call-1']
]);
const FIXED = graph(steps, [
	['webhook-1', 'http_call-1'],
	['http_call-1', 'transform-1']
]);

test.describe('visible reasons', () => {
	test.use({ viewport: DESKTOP });

	test('7 & 12: without review required, "Publish…" is disabled while the draft has errors, says why beside it, and Tab reaches the reason', async ({ page }) => {
		const acme = await projectId('Acme automations');
		const { data: project } = await (await as('owner@example.com')).from('projects').select('require_review').eq('id', acme).single();
		expect(project?.require_review).toBe(false);
		const wf = await makeWorkflow(unique('Blocked publish'), CYCLE);

		await signIn(page, 'publisher@example.com');
		await page.goto(`/workflows/${wf.id}`);
		const publish = page.getByTestId('publish');
		const why = page.getByTestId('publish-blockers');
		await expect(why).toBeVisible();
		await expect(why).toHaveText(/Fix 1 validation error first/);
		await expect(publish).toBeDisabled(); // aria-disabled: still focusable, unlike the disabled attribute
		await expect(publish).toHaveAttribute('aria-disabled', 'true');
		await expect(publish).toHaveAccessibleDescription(/Fix 1 validation error first/);
		await shot(page, 'reasons-publish-blocked');

		// Keyboard: the button takes focus but opens nothing; the next Tab is the reason, which opens the problems.
		await publish.focus();
		await expect(publish).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('publish-dialog')).toBeHidden();
		await page.keyboard.press('Tab');
		const reason = page.getByTestId('publish-blocker-validation');
		await expect(reason).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('tab-validation')).toHaveAttribute('aria-selected', 'true');
		await expect(page.getByTestId('validation-panel')).toBeFocused();
		await expect(page.locator('[data-testid="problem"][data-code="graph_cycle"]')).toContainText('Cycle: Fetch → Transform → Fetch');
		await shot(page, 'reasons-problems-focused');

		await page.setViewportSize(PHONE);
		await expect(why).toBeInViewport();
		await shot(page, 'reasons-publish-blocked-phone');
		await page.setViewportSize(DESKTOP);

		// Fixed (here by another save), the reason goes and "Publish…" opens again.
		const editor = await as('editor@example.com');
		const saved = await editor.rpc('save_draft', { workflow_id: wf.id, definition: FIXED as never, expected_revision: 1 });
		expect(saved.error).toBeNull();
		await page.reload();
		await expect(page.getByTestId('publish-blockers')).toHaveCount(0);
		await expect(publish).not.toHaveAttribute('aria-disabled', 'true');
		await publish.click();
		await expect(page.getByTestId('publish-dialog')).toBeVisible();
	});

	test('a viewer reads why the editor, runs and version controls are disabled, and Tab reaches each reason', async ({ page }) => {
		const wf = await makeWorkflow(unique('Viewer reasons'), FIXED, ['First']);
		await signIn(page, 'viewer@example.com');
		await page.goto(`/workflows/${wf.id}`);
		const locked = page.getByTestId('toolbar-locked');
		await expect(locked).toHaveText(/Read-only: you are a viewer here/);
		await expect(page.getByTestId('create-draft')).toBeDisabled(); // published, no draft: nothing to publish
		await locked.focus();
		await expect(locked).toBeFocused();
		await shot(page, 'reasons-viewer-editor');

		await page.goto(`/workflows/${wf.id}/runs`);
		await expect(page.getByTestId('start-run')).toBeDisabled();
		await expect(page.getByTestId('run-reason')).toHaveText(/Only editors and above can start, replay or finish runs/);

		await page.goto(`/workflows/${wf.id}/versions/${wf.versions[0]}`);
		await expect(page.getByTestId('deploy')).toBeDisabled();
		const reasons = page.getByTestId('version-action-reasons');
		await expect(reasons).toContainText('Read-only: you are a viewer here. Editors deploy and revert; publishers roll back.');
		await expect(reasons).toHaveAttribute('tabindex', '0');
		await shot(page, 'reasons-viewer-version');
	});
});

test.describe('dates in the viewer’s timezone', () => {
	test('12: compare pickers and the version page show Auckland time to a browser in Auckland, with <time datetime>', async ({ browser }) => {
		const wf = await makeWorkflow(unique('Auckland dates'), FIXED, ['First', 'Second']);
		const [first] = await sql<{ published_at: Date }>('select published_at from public.workflow_versions where id = $1', [wf.versions[0]]);
		const at = first.published_at;
		const format = (timeZone: string) =>
			at.toLocaleString('en', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
		const auckland = format('Pacific/Auckland');
		expect(auckland).not.toBe(format('UTC')); // 12 or 13 hours apart: the check can tell them apart

		const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport: DESKTOP, timezoneId: 'Pacific/Auckland' });
		const page = await context.newPage();
		const warnings: string[] = [];
		page.on('console', (m) => {
			if (m.type() === 'error' || /hydrat/i.test(m.text())) warnings.push(m.text());
		});
		page.on('pageerror', (e) => warnings.push(e.message));
		await page.goto('/login');
		await page.getByLabel('E-mail').fill('viewer@example.com');
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByTestId('sign-in').click();
		await expect(page.getByTestId('user-menu')).toBeVisible();

		// The server cannot know the zone: its HTML says UTC, labelled; the browser then shows its own.
		const html = await (await page.request.get(`/workflows/${wf.id}/compare?from=${wf.versions[0]}&to=${wf.versions[1]}`)).text();
		expect(html).toContain(`${format('UTC')} UTC`);

		await page.goto(`/workflows/${wf.id}/compare?from=${wf.versions[0]}&to=${wf.versions[1]}`);
		const option = page.getByTestId('compare-from').locator(`option[value="${wf.versions[0]}"]`);
		await expect(option).toHaveText(`v1 — First · publisher@example.com · ${auckland}`);
		// …and under the picker, the chosen version's author and date as a <time> element
		const picked = page.getByTestId('picked').first();
		await expect(picked).toContainText(`publisher@example.com · `);
		await expect(picked.locator('time')).toContainText(`(${auckland})`);
		expect(Date.parse((await picked.locator('time').getAttribute('datetime'))!)).toBe(at.getTime());
		await shot(page, 'reasons-dates-compare-auckland');

		await page.goto(`/workflows/${wf.id}/versions/${wf.versions[0]}`);
		const time = page.locator('.meta time');
		await expect(time).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
		expect(Date.parse((await time.getAttribute('datetime'))!)).toBe(at.getTime());
		await expect(time).toContainText(`(${auckland})`);
		await expect(time).toHaveAttribute('title', /GMT\+1[23]/);
		await shot(page, 'reasons-dates-version-auckland');
		expect(warnings).toEqual([]);
		await context.close();
	});
});
