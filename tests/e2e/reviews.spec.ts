// Review before publish and invitations (docs/reviews-and-invitations.md), told with several browsers:
// an editor asks for a review, a publisher rejects it with a comment, the editor fixes and asks again, the
// owner approves and the publisher publishes; an owner invites a new address, that person signs up and
// accepts on their first page. Each test makes its own project, so the seed's data stays as it is.
import type { Page } from '@playwright/test';
import { test, expect, signIn, newSignedInPage, addNode, connectNodes, save, createWorkflow, publish, shot, sql, workflowId } from './fixtures';

const RUN = Date.now().toString(36);

async function createProject(page: Page, name: string): Promise<string> {
	await page.goto('/projects');
	await page.getByTestId('new-project').click();
	await page.getByLabel('Project name').fill(name);
	await page.getByRole('button', { name: 'Create project' }).click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
	return /\/projects\/([0-9a-f-]{36})/.exec(page.url())![1];
}

/** Screenshots at desktop width and at 390 px (reloaded at each size, so canvases fit the width as they would). */
async function shots(page: Page, name: string) {
	const size = page.viewportSize()!;
	await shot(page, name);
	for (const [width, height, suffix] of [[390, 844, '-mobile'], [size.width, size.height, null]] as const) {
		await page.setViewportSize({ width, height });
		await page.reload();
		await page.waitForLoadState('networkidle');
		if (suffix) await shot(page, `${name}${suffix}`);
	}
}

const toast = (page: Page, text: string | RegExp) => page.getByTestId('toast').filter({ hasText: text });

test('four eyes: rejected with a comment, fixed, approved by another publisher, published', async ({ page, browser }) => {
	const project = `Four eyes ${RUN}`;
	const workflow = `Reviewed ${RUN}`;

	// The owner makes a project that requires review; the editor and the publisher are added as operators do.
	await signIn(page, 'owner@example.com');
	const projectId = await createProject(page, project);
	await page.getByTestId('require-review').check();
	await expect(toast(page, 'Review before publish is now required')).toBeVisible();
	await expect(page.getByTestId('review-required')).toBeVisible();
	await shots(page, 'project-settings');
	await sql(
		`insert into public.project_members (project_id, user_id, role)
		 select $1, u.id, r.role::public.project_role from auth.users u
		 join (values ('editor@example.com', 'editor'), ('publisher@example.com', 'publisher')) r (email, role) on r.email = u.email`,
		[projectId]
	);

	const editor = await newSignedInPage(browser, 'editor@example.com');
	const publisher = await newSignedInPage(browser, 'publisher@example.com');
	try {
		// The editor draws a workflow and asks for a review: editors have no "Publish…".
		const ed = editor.page;
		await createWorkflow(ed, project, workflow);
		await addNode(ed, 'webhook');
		await addNode(ed, 'http_call');
		await connectNodes(ed, 'webhook-1', 'http_call-1');
		await expect(ed.getByTestId('publish')).toHaveCount(0);
		await ed.getByTestId('request-review').click();
		const dialog = ed.getByTestId('request-review-dialog');
		await expect(dialog.getByTestId('request-review-unsaved')).toBeVisible();
		await expect(dialog.getByTestId('confirm-request-review')).toBeDisabled();
		await dialog.getByRole('button', { name: 'Save edits' }).click();
		await expect(dialog.getByTestId('confirm-request-review')).toHaveText('Request review of revision 2');
		await dialog.getByTestId('request-review-note').fill('First version of the intake: please check the call.');
		await shot(ed, 'review-request-dialog');
		await dialog.getByTestId('confirm-request-review').click();
		await expect(toast(ed, 'Review requested for revision 2')).toBeVisible();
		await expect(ed.getByTestId('review-status')).toHaveAttribute('data-state', 'open');
		await expect(ed.getByTestId('request-review')).toBeDisabled();

		// A publisher finds it on the project's Reviews page and rejects it with a comment.
		const pub = publisher.page;
		await pub.goto(`/projects/${projectId}`);
		await expect(pub.getByTestId('project-reviews-link')).toHaveText('Reviews (1 open)');
		await pub.getByTestId('nav-reviews').click();
		await expect(pub.getByTestId('reviews-open').getByTestId('review-row')).toHaveCount(1);
		await expect(pub.getByTestId('count-open')).toHaveText('1');
		await shots(pub, 'reviews-list');
		await pub.getByTestId('reviews-open').getByRole('link', { name: workflow }).click();
		await expect(pub.getByTestId('review-state')).toHaveText('Review open');
		await expect(pub.getByTestId('diff-summary')).toHaveText('2 nodes added, 1 edge added');
		await expect(pub.getByTestId('review-valid')).toBeVisible();
		await expect(pub.getByTestId('review-authors')).toContainText('editor@example.com');
		await expect(pub.getByTestId('review-note')).toContainText('please check the call');
		await shots(pub, 'review-page');
		await pub.getByTestId('review-comment-input').fill('Add a delay before the call, please.');
		await pub.getByTestId('reject-review').click();
		await expect(toast(pub, 'Rejected revision 2')).toBeVisible();
		await expect(pub.getByTestId('review-state')).toHaveText('Rejected');
		await expect(pub.getByTestId('decide-blocked')).toContainText('rejected: there is nothing left to decide');

		// The editor sees the decision in the editor's header, fixes the draft and asks again.
		await ed.reload();
		await expect(ed.getByTestId('review-status')).toHaveAttribute('data-state', 'rejected');
		await expect(ed.getByTestId('review-comment')).toHaveText('Add a delay before the call, please.');
		await shots(ed, 'editor-review-rejected');
		await addNode(ed, 'delay');
		await connectNodes(ed, 'http_call-1', 'delay-1');
		await save(ed);
		await ed.getByTestId('request-review').click();
		await ed.getByTestId('request-review-note').fill('Delay added.');
		await ed.getByTestId('confirm-request-review').click();
		await expect(toast(ed, 'Review requested for revision 3')).toBeVisible();
		await expect(ed.getByTestId('review-status')).toHaveAttribute('data-state', 'open');

		// The editor cannot decide a review (and never their own); they can withdraw it.
		const reviewUrl = `/projects/${projectId}/reviews`;
		await ed.goto(reviewUrl);
		await ed.getByTestId('reviews-open').getByRole('link', { name: workflow }).click();
		await expect(ed.getByTestId('decide-blocked')).toContainText('Only publishers and owners decide reviews');
		await expect(ed.getByTestId('approve-review')).toHaveCount(0);
		await expect(ed.getByTestId('withdraw-review')).toBeVisible();

		// Until an approval of revision 3, "Publish…" is disabled and says why, where one can read and reach it.
		await pub.goto(`/workflows/${await workflowId(workflow)}`);
		await expect(pub.getByTestId('publish')).toBeDisabled();
		const why = pub.getByTestId('publish-blockers');
		await expect(why).toHaveText(/Needs an approved review of revision 3/);
		await why.focus();
		await expect(why).toBeFocused();
		await expect(pub.getByTestId('publish')).toHaveAttribute('aria-describedby', 'publish-blockers');
		await expect(pub.getByTestId('request-review')).toBeVisible();
		await shots(pub, 'editor-publish-needs-review');

		// Another publisher, the owner, approves revision 3.
		await page.goto(reviewUrl);
		await page.getByTestId('reviews-open').getByRole('link', { name: workflow }).click();
		await expect(page.getByTestId('review-trail')).toContainText('rejected revision 2');
		await expect(page.getByTestId('diff-summary')).toHaveText('3 nodes added, 2 edges added');
		await page.getByTestId('review-comment-input').fill('Looks good now.');
		await page.getByTestId('approve-review').click();
		await page.getByTestId('approve-dialog').getByTestId('confirm-approve').click();
		await expect(toast(page, 'Approved revision 3')).toBeVisible();
		await expect(page.getByTestId('review-state')).toHaveText('Approved');

		// The publisher publishes exactly that revision.
		await pub.reload();
		await expect(pub.getByTestId('review-status')).toHaveAttribute('data-state', 'approved');
		await expect(pub.getByTestId('publish-blockers')).toHaveCount(0);
		await publish(pub, 'Reviewed intake', 1);
		await expect(pub.getByTestId('review-status')).toHaveAttribute('data-state', 'published');
		await shot(pub, 'editor-review-published');

		// History shows the decisions and the reviewer's words.
		await ed.goto(`/workflows/${await workflowId(workflow)}/history`);
		const activity = ed.getByTestId('audit-events');
		await expect(activity).toContainText('rejected revision 2');
		await expect(activity).toContainText('approved revision 3');
		await expect(activity).toContainText('Add a delay before the call, please.');
		await shot(ed, 'history-decisions');
	} finally {
		await editor.context.close();
		await publisher.context.close();
	}
});

test('an owner invites a new address; the person signs up, accepts on their first page and sees the project', async ({ page, browser }) => {
	const project = `Invited ${RUN}`;
	const newcomer = `newcomer-${RUN}@example.com`;
	await signIn(page, 'owner@example.com');
	const projectId = await createProject(page, project);
	await page.getByRole('link', { name: 'Members' }).click();

	// The answer is the same for an address with an account and one without.
	for (const email of [newcomer, 'viewer@example.com']) {
		await page.getByTestId('member-email').fill(email);
		await page.getByTestId('member-role').selectOption(email === newcomer ? 'publisher' : 'viewer');
		await page.getByTestId('member-add').click();
		await expect(page.getByTestId('invite-sent')).toHaveText(`Invitation sent to ${email}.`);
	}
	const invitations = page.getByTestId('invitation-list');
	await expect(invitations.getByTestId('invitation-row')).toHaveCount(2);
	await invitations.locator(`[data-email="viewer@example.com"]`).getByTestId('revoke-invitation').click();
	await page.getByTestId('revoke-dialog').getByTestId('confirm-revoke').click();
	await expect(toast(page, 'Invitation to viewer@example.com revoked')).toBeVisible();
	await expect(invitations.getByTestId('invitation-row')).toHaveCount(1);
	await shots(page, 'members-invitations');

	// The newcomer signs up on a phone; the invitation is on the first page they see.
	const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport: { width: 390, height: 844 } });
	try {
		const phone = await context.newPage();
		await phone.goto('/signup');
		await phone.getByLabel('E-mail').fill(newcomer);
		await phone.getByLabel('Password').fill('demo-password');
		await phone.getByRole('button', { name: 'Create account' }).click();
		const mine = phone.getByTestId('my-invitation');
		await expect(mine).toHaveCount(1);
		await expect(mine).toContainText(project);
		await expect(mine).toContainText('owner@example.com invited you');
		await shot(phone, 'projects-invitation-mobile');
		await mine.getByTestId('accept-invitation').click();
		await expect(toast(phone, `You joined ${project} as publisher`)).toBeVisible();
		await expect(phone.getByTestId('my-invitations')).toHaveCount(0);
		await phone.getByRole('link', { name: project }).click();
		await expect(phone.getByTestId('my-role')).toHaveText('publisher');
	} finally {
		await context.close();
	}

	// The owner sees the new member; roles change in place, and the last owner is kept.
	await page.reload();
	await expect(page.getByTestId('invitation-row')).toHaveCount(0);
	const row = page.locator(`[data-testid="member-row"][data-email="${newcomer}"]`);
	await expect(row).toContainText(newcomer);
	await row.getByTestId('member-role-select').selectOption('viewer');
	await expect(toast(page, `${newcomer} is now viewer`)).toBeVisible();
	const me = page.locator('[data-testid="member-row"][data-email="owner@example.com"]');
	await me.getByTestId('member-role-select').selectOption('editor');
	await expect(me.getByTestId('role-error')).toContainText('at least one owner');
	await expect(me.getByTestId('member-role-select')).toHaveValue('owner');
	await shot(page, 'members-last-owner');

	await row.getByTestId('remove-member').click();
	await page.getByTestId('remove-dialog').getByTestId('confirm-remove').click();
	await expect(toast(page, `${newcomer} was removed from the project`)).toBeVisible();
	await expect(page.locator(`[data-testid="member-row"][data-email="${newcomer}"]`)).toHaveCount(0);
});
