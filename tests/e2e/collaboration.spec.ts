// Two people on one draft: the second save gets the conflict dialog and loses nothing.
import { test, expect, signIn, newSignedInPage, addNode, save, createWorkflow, shot } from './fixtures';

test('a conflicting save shows what the other person changed and keeps my edits', async ({ page, browser }) => {
	const name = `Conflict ${Date.now().toString(36)}`;
	await signIn(page, 'editor@example.com');
	await createWorkflow(page, 'Acme automations', name);
	await addNode(page, 'webhook');
	await save(page);
	const url = page.url();

	// Bob opens the same draft in another browser.
	const bob = await newSignedInPage(browser, 'publisher@example.com');
	try {
		await bob.page.goto(url);
		await expect(bob.page.getByTestId('node-webhook-1')).toBeVisible();

		// Alice adds a step and saves first.
		await addNode(page, 'http_call');
		await save(page);

		// Bob adds a different step and saves: conflict.
		await addNode(bob.page, 'transform');
		await bob.page.getByTestId('save').click();
		const dialog = bob.page.getByTestId('conflict-dialog');
		await expect(dialog).toBeVisible();
		await expect(dialog.getByTestId('conflict-theirs')).toContainText('1 node added');
		await expect(dialog.getByTestId('conflict-mine')).toContainText('1 node added');
		await shot(bob.page, 'conflict-dialog');

		// Nothing lost: re-apply Bob's edit on top of Alice's, then save.
		await dialog.getByTestId('reapply-mine').click();
		await expect(dialog).toBeHidden();
		await expect(bob.page.getByTestId('node-http_call-1')).toBeVisible();
		await expect(bob.page.getByTestId('node-transform-1')).toBeVisible();
		await expect(bob.page.getByTestId('badge-draft')).toHaveText('Draft · unsaved');
		await save(bob.page);

		// Alice reloads and sees both steps.
		await page.reload();
		await expect(page.getByTestId('node-http_call-1')).toBeVisible();
		await expect(page.getByTestId('node-transform-1')).toBeVisible();
		await expect(page.getByTestId('node-webhook-1')).toBeVisible();
	} finally {
		await bob.context.close();
	}
});
