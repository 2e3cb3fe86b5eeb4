// The editor's review requests against a scripted form-action transport (the real actions run end to end
// in tests/e2e/reviews.spec.ts).
import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from '$lib/actions';
import { ReviewSession } from './review-session.svelte';

function setup(answers: ActionOutcome<unknown>[]) {
	const calls: { action: string; fields: Record<string, unknown> }[] = [];
	const toasts: { message: string; kind?: string }[] = [];
	let reloads = 0;
	const session = new ReviewSession({
		post: async <T>(action: string, fields: Record<string, unknown>) => {
			calls.push({ action, fields });
			const next = answers.shift();
			if (!next) throw new Error(`no scripted answer for ${action}`);
			return next as ActionOutcome<T>;
		},
		reload: async () => void reloads++,
		notify: (message, kind) => void toasts.push({ message, kind })
	});
	return { session, calls, toasts, reloads: () => reloads };
}

describe('ReviewSession', () => {
	it('requests a review of the saved revision with the note, closes the dialog, toasts and reloads', async () => {
		const t = setup([{ ok: true, data: { request: { revision: 4 } } }]);
		t.session.openDialog();
		t.session.note = '  Please check the call  ';
		expect(await t.session.request(4, false)).toBe(true);
		expect(t.calls).toEqual([{ action: 'requestReview', fields: { expected_revision: 4, note: 'Please check the call' } }]);
		expect(t.session.open).toBe(false);
		expect(t.session.note).toBe('');
		expect(t.toasts).toEqual([{ message: 'Review requested for revision 4', kind: undefined }]);
		expect(t.reloads()).toBe(1);
	});

	it('refuses with unsaved edits without asking the server', async () => {
		const t = setup([]);
		t.session.openDialog();
		expect(await t.session.request(4, true)).toBe(false);
		expect(t.calls).toEqual([]);
		expect(t.session.open).toBe(true);
		expect(t.session.error?.message).toMatch(/unsaved edits/);
	});

	it('keeps the dialog open with the server\'s error (e.g. a stale revision)', async () => {
		const error = { status: 409, code: 'PT409', message: 'stale', hint: 'reload' };
		const t = setup([{ ok: false, status: 409, error, data: { error } }]);
		t.session.openDialog();
		expect(await t.session.request(2, false)).toBe(false);
		expect(t.session.open).toBe(true);
		expect(t.session.error).toEqual(error);
		expect(t.reloads()).toBe(0);
	});

	it('withdraws, and says so when it could not', async () => {
		const error = { status: 409, code: 'PT409', message: 'already closed', hint: 'nothing to do' };
		const t = setup([{ ok: true, data: {} }, { ok: false, status: 409, error, data: { error } }]);
		expect(await t.session.withdraw('r1')).toBe(true);
		expect(await t.session.withdraw('r1')).toBe(false);
		expect(t.calls.map((c) => c.fields)).toEqual([{ request_id: 'r1' }, { request_id: 'r1' }]);
		expect(t.toasts.map((x) => x.kind ?? 'success')).toEqual(['success', 'error']);
		expect(t.toasts[1].message).toContain('already closed');
		expect(t.reloads()).toBe(2);
	});
});
