import { describe, expect, it } from 'vitest';
import { currentState, decideBlocker, draftAuthors, publishBlockers, requestForDraft, type PublishGate } from './reviews';
import { eventQuote, eventText } from './events';

describe('requestForDraft and currentState', () => {
	const requests = [
		{ id: 'r3', draft_id: 'd2', state: 'open' as const, revision: 4 },
		{ id: 'r2', draft_id: 'd1', state: 'published' as const, revision: 2 },
		{ id: 'r1', draft_id: 'd1', state: 'rejected' as const, revision: 1 }
	];
	it('picks the newest request of the draft, none for another draft or no draft', () => {
		expect(requestForDraft(requests, 'd1')?.id).toBe('r2');
		expect(requestForDraft(requests, 'd2')?.id).toBe('r3');
		expect(requestForDraft(requests, 'd9')).toBeNull();
		expect(requestForDraft(requests, null)).toBeNull();
	});
	it('an open or approved request of an older revision is superseded; decided ones keep their state', () => {
		expect(currentState({ state: 'open', revision: 4 }, 4)).toBe('open');
		expect(currentState({ state: 'open', revision: 4 }, 5)).toBe('superseded');
		expect(currentState({ state: 'approved', revision: 4 }, 5)).toBe('superseded');
		expect(currentState({ state: 'rejected', revision: 4 }, 5)).toBe('rejected');
	});
});

describe('publishBlockers', () => {
	const base: PublishGate = { requireReview: true, request: null, revision: 3, dirty: false, errorCount: 0 };
	const texts = (g: PublishGate) => publishBlockers(g).map((b) => b.text);
	it('without review required only validation errors block, and they link to the problems', () => {
		expect(publishBlockers({ ...base, requireReview: false, dirty: true })).toEqual([]);
		expect(publishBlockers({ ...base, requireReview: false, errorCount: 2, dirty: true })).toEqual([
			{ kind: 'validation', text: 'Fix 2 validation errors first' }
		]);
	});
	it('needs an approved review of exactly the saved revision', () => {
		expect(texts(base)).toEqual(['Needs an approved review of revision 3']);
		expect(texts({ ...base, request: { state: 'open', revision: 3 } })).toEqual(['Needs an approved review of revision 3']);
		expect(texts({ ...base, request: { state: 'approved', revision: 2 } })).toEqual(['Needs an approved review of revision 3']);
		expect(texts({ ...base, request: { state: 'approved', revision: 3 } })).toEqual([]);
	});
	it('unsaved edits and validation errors are reasons too', () => {
		const approved = { ...base, request: { state: 'approved' as const, revision: 3 } };
		expect(texts({ ...approved, dirty: true })).toEqual(['Unsaved edits: save, then request a review of the new revision']);
		expect(texts({ ...approved, errorCount: 1 })).toEqual(['Fix 1 validation error first']);
		expect(texts({ ...base, errorCount: 2 })).toEqual(['Fix 2 validation errors first', 'Needs an approved review of revision 3']);
	});
});

describe('who may decide', () => {
	const events = [
		{ action: 'workflow_created', version_id: 'd1', actor_id: 'ed' },
		{ action: 'draft_saved', version_id: 'd1', actor_id: 'pub' },
		{ action: 'draft_created', version_id: 'd2', actor_id: 'own' },
		{ action: 'draft_saved', version_id: 'd2', actor_id: 'ed' },
		{ action: 'review_requested', version_id: 'd2', actor_id: 'ed' },
		{ action: 'draft_reverted', version_id: 'd2', actor_id: null }
	];
	it('authors are who created, saved or reverted that draft; creating a draft from a version is not authoring', () => {
		expect(draftAuthors(events, 'd1').sort()).toEqual(['ed', 'pub']);
		expect(draftAuthors(events, 'd2')).toEqual(['ed']);
	});
	it('says why, in the order that matters', () => {
		const open = { state: 'open' as const, requested_by: 'ed' };
		expect(decideBlocker({ role: 'owner', userId: 'own', request: open, authors: ['ed'] })).toBeNull();
		expect(decideBlocker({ role: 'publisher', userId: 'pub', request: open, authors: ['ed'] })).toBeNull();
		expect(decideBlocker({ role: 'editor', userId: 'x', request: open, authors: [] })).toMatch(/Only publishers and owners.*editor/);
		expect(decideBlocker({ role: 'viewer', userId: 'x', request: open, authors: [] })).toMatch(/viewer/);
		expect(decideBlocker({ role: 'owner', userId: 'ed', request: open, authors: ['ed'] })).toMatch(/You requested this review/);
		expect(decideBlocker({ role: 'owner', userId: 'pub', request: open, authors: ['pub'] })).toMatch(/You changed this draft/);
		expect(decideBlocker({ role: 'owner', userId: 'own', request: { state: 'rejected', requested_by: 'ed' }, authors: [] })).toMatch(
			/rejected: there is nothing left to decide/
		);
	});
});

describe('audit events in words', () => {
	it('names revisions, versions, decisions and settings', () => {
		expect(eventText({ action: 'draft_saved', version_id: 'd', details: { revision: 3 } })).toBe('saved the draft (revision 3)');
		expect(eventText({ action: 'review_requested', version_id: 'd', details: { revision: 3, note: 'pls' } })).toBe(
			'requested a review of revision 3'
		);
		expect(eventText({ action: 'review_rejected', version_id: 'd', details: { revision: 3, comment: 'no' } })).toBe('rejected revision 3');
		expect(eventText({ action: 'review_approved', version_id: 'd', details: { revision: 4 } })).toBe('approved revision 4');
		expect(eventText({ action: 'published', version_id: 'v', details: {} }, () => 7)).toBe('published v7');
		expect(eventText({ action: 'draft_created', version_id: 'd', details: { base_version_number: 2 } })).toBe('created a draft from v2');
		expect(eventText({ action: 'settings_changed', version_id: null, details: { require_review: true } })).toBe(
			'required review before publish'
		);
		expect(eventText({ action: 'something_new', version_id: null, details: null })).toBe('something new');
	});
	it('quotes a review comment or note, nothing else', () => {
		expect(eventQuote({ action: 'review_rejected', version_id: 'd', details: { comment: 'Add a delay' } })).toBe('Add a delay');
		expect(eventQuote({ action: 'review_requested', version_id: 'd', details: { note: 'First try' } })).toBe('First try');
		expect(eventQuote({ action: 'draft_saved', version_id: 'd', details: { note: 'x' } })).toBeNull();
	});
});
