// Sign-in page, members page and error messages near the control that caused them.
import { test, expect, signIn, shot } from './fixtures';

test('the sign-in page lists the demo logins in local mode and fills them in one click', async ({ page }) => {
	await page.goto('/login');
	await expect(page.getByTestId('demo-logins')).toBeVisible();
	await shot(page, 'sign-in');
	await page.getByTestId('demo-viewer@example.com').click();
	await expect(page.getByLabel('E-mail')).toHaveValue('viewer@example.com');
	await page.getByTestId('sign-in').click();
	await expect(page.getByTestId('user-menu')).toBeVisible();

	await page.getByTestId('user-menu').click();
	await page.getByTestId('sign-out').click();
	await expect(page.getByTestId('sign-in')).toBeVisible();
});

test('a wrong password is explained on the form', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('E-mail').fill('owner@example.com');
	await page.getByLabel('Password').fill('not-the-password');
	await page.getByTestId('sign-in').click();
	await expect(page.getByTestId('login-error')).toHaveText('Wrong e-mail or password.');
});

test('owners manage members; inviting someone who is already a member gets a clear message next to the form', async ({ page }) => {
	await signIn(page, 'owner@example.com');
	await page.goto('/projects');
	await page.getByRole('link', { name: 'Acme automations' }).click();
	await page.getByRole('link', { name: 'Members' }).click();
	const list = page.getByTestId('member-list');
	await expect(list.locator('tbody tr')).toHaveCount(4);
	await expect(list).toContainText('owner@example.com');
	await page.getByTestId('member-email').fill('Editor@Example.com');
	await page.getByTestId('member-add').click();
	await expect(page.getByTestId('error-note')).toContainText('editor@example.com is already a member');
	await shot(page, 'members');
});

test('viewers see the members read-only', async ({ page }) => {
	await signIn(page, 'viewer@example.com');
	await page.goto('/projects');
	await page.getByRole('link', { name: 'Acme automations' }).click();
	await page.getByRole('link', { name: 'Members' }).click();
	await expect(page.getByTestId('member-list')).toBeVisible();
	await expect(page.getByTestId('member-add')).toHaveCount(0);
	await expect(page.getByTestId('member-list').locator('select')).toHaveCount(0);
});
