// Shared fixtures: the app URL from global-setup, a console-error guard, sign-in and screenshots.
import { test as base, expect, type Page, type Browser, type Locator } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export const PASSWORD = 'demo-password';
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

/** Console errors that are expected: the browser logs every non-2xx document/fetch response. */
const EXPECTED_CONSOLE = [/Failed to load resource: the server responded with a status of (404|409|422|403)/];

export const test = base.extend<{ consoleErrors: string[] }>({
	baseURL: async ({}, use) => {
		await use(process.env.E2E_BASE_URL);
	},
	consoleErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('console', (msg) => {
				if (msg.type() === 'error' && !EXPECTED_CONSOLE.some((re) => re.test(msg.text()))) errors.push(msg.text());
			});
			page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
			await use(errors);
			expect(errors, 'no console errors').toEqual([]);
		},
		{ auto: true }
	]
});
export { expect };

export async function signIn(page: Page, email: string) {
	await page.goto('/login');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByTestId('sign-in').click();
	await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** A second signed-in browser context (for the conflict scenario). */
export async function newSignedInPage(browser: Browser, email: string) {
	const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await signIn(page, email);
	return { context, page };
}

export async function shot(page: Page, name: string) {
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
	const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
	await client.connect();
	try {
		return (await client.query(text, params)).rows as T[];
	} finally {
		await client.end();
	}
}

export async function workflowId(name: string): Promise<string> {
	const rows = await sql<{ id: string }>('select id from public.workflows where name = $1', [name]);
	if (!rows[0]) throw new Error(`no workflow named ${name}`);
	return rows[0].id;
}

// ── Editor helpers ────────────────────────────────────────────────────────────────────────────────

export async function addNode(page: Page, type: string) {
	await page.getByTestId(`palette-${type}`).click();
}

/** Connects two nodes with the canvas toolbar (select the source, pick the target). */
export async function connectNodes(page: Page, source: string, target: string) {
	await page.getByTestId(`node-${source}`).click();
	await page.getByTestId('canvas-connect-select').selectOption(target);
	await page.getByTestId('canvas-connect-button').click();
	await expect(page.getByTestId(`edge-e-${source}-${target}`)).toBeAttached();
}

export async function save(page: Page) {
	await page.keyboard.press('Control+s');
	await expect(page.getByTestId('badge-draft')).toHaveText('Draft · saved');
}

export async function createWorkflow(page: Page, projectName: string, name: string) {
	await page.goto('/projects');
	await page.getByRole('link', { name: projectName }).click();
	await page.getByTestId('new-workflow').click();
	await page.getByTestId('workflow-name').fill(name);
	await page.getByTestId('create-workflow').click();
	await expect(page.getByTestId('workflow-title')).toHaveText(name);
}

export async function publish(page: Page, note: string, expectedNumber: number) {
	await page.getByTestId('publish').click();
	const dialog = page.getByTestId('publish-dialog');
	await expect(dialog).toBeVisible();
	await dialog.getByTestId('publish-note').fill(note);
	await expect(dialog.getByTestId('confirm-publish')).toBeEnabled();
	await dialog.getByTestId('confirm-publish').click();
	await expect(page.getByTestId('toast').filter({ hasText: `Published v${expectedNumber}` })).toBeVisible();
	await expect(page.getByTestId('badge-live')).toHaveText(`Live v${expectedNumber}`);
}

/** Picks the option whose text contains `text` (compare pickers read "vN — note · author · date"). */
export async function selectOptionContaining(select: Locator, text: string) {
	const value = await select.locator('option').filter({ hasText: text }).first().getAttribute('value');
	if (!value) throw new Error(`no option containing ${text}`);
	await select.selectOption(value);
}
