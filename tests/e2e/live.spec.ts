// Live awareness: two people on one draft see each other, and a save by one reaches the other within
// moments, who takes it in (rebasing unsaved edits) before any save of theirs has to conflict.
import { test, expect, signIn, newSignedInPage, addNode, save, createWorkflow, shot } from './fixtures';

test('who else is here, and a save elsewhere offered for rebase right away', async ({ page, browser }) => {
	const name = `Live ${Date.now().toString(36)}`;
	await signIn(page, 'editor@example.com');
	await createWorkflow(page, 'Acme automations', name);
	await addNode(page, 'webhook');
	await save(page);
	const url = page.url();

	const bob = await newSignedInPage(browser, 'publisher@example.com');
	try {
		await bob.page.goto(url);
		await expect(bob.page.getByTestId('node-webhook-1')).toBeVisible();

		// Each sees the other.
		await expect(page.getByTestId('live-awareness')).toContainText('publisher@example.com also has this workflow open');
		await expect(bob.page.getByTestId('live-awareness')).toContainText('editor@example.com also has this workflow open');

		// Bob starts an edit; Alice saves another one meanwhile.
		await addNode(bob.page, 'transform');
		await expect(bob.page.getByTestId('badge-draft')).toHaveText('Draft · unsaved');
		await addNode(page, 'http_call');
		await save(page);

		// Bob is told who saved which revision, and rebases his unsaved edit on it.
		const notice = bob.page.getByTestId('draft-saved-elsewhere');
		await expect(notice).toContainText('editor@example.com saved revision 3 of the draft');
		await expect(notice).toContainText('Your unsaved edits are based on revision 2');
		await shot(bob.page, 'live-awareness');
		await notice.getByRole('button', { name: 'Rebase my edits on it' }).click();
		await expect(notice).toBeHidden();
		await expect(bob.page.getByTestId('node-http_call-1')).toBeVisible();
		await expect(bob.page.getByTestId('node-transform-1')).toBeVisible();

		// His save now goes through without a conflict, and Alice is told in turn (her canvas is clean, so she loads it).
		await save(bob.page);
		await expect(bob.page.getByTestId('conflict-dialog')).toBeHidden();
		const back = page.getByTestId('draft-saved-elsewhere');
		await expect(back).toContainText('publisher@example.com saved revision 4 of the draft');
		await back.getByRole('button', { name: 'Load revision 4' }).click();
		await expect(page.getByTestId('node-transform-1')).toBeVisible();

		// When Bob leaves, Alice no longer sees him.
		await bob.page.goto('/projects');
		await expect(page.getByTestId('live-awareness')).toBeHidden();
	} finally {
		await bob.context.close();
	}
});
