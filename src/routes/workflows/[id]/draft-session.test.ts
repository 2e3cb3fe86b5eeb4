// The editor's save / publish / conflict rules. The page's form actions are answered by a scripted
// server: each test lists, in order, the answers the actions give (the shapes `postAction` returns);
// the real actions are exercised end to end by the Playwright suite.
import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from '$lib/actions';
import type { AppError } from '$lib/errors';
import type { WorkflowDefinition } from '$lib/graph/definition';
import type { ValidationResult, VersionRow } from '$lib/types';
import { DraftSession, conflictOf } from './draft-session.svelte';

const base = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: {} } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'notify' }]
});

function draft(revision: number, definition: WorkflowDefinition = base()): VersionRow {
	return {
		id: 'draft-1',
		workflow_id: 'wf-1',
		project_id: 'p-1',
		version_number: null,
		state: 'draft',
		definition,
		definition_hash: null,
		revision,
		base_version_id: null,
		source_version_id: null,
		note: null,
		created_by: null,
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:00Z',
		published_by: null,
		published_at: null
	};
}

const ok = <T>(data: T): ActionOutcome<unknown> => ({ ok: true, data });
function failure(status: number, code: string, extra: Record<string, unknown> = {}, more: Partial<AppError> = {}): ActionOutcome<unknown> {
	const error: AppError = { status, code, message: `failed with ${code}`, hint: 'do something', ...more };
	return { ok: false, status, error, data: { error, ...extra } };
}
const valid: ValidationResult = { valid: true, errors: [], warnings: [] };

type Answer = ActionOutcome<unknown> | ((fields: Record<string, unknown>) => ActionOutcome<unknown> | Promise<ActionOutcome<unknown>>);

/** A session whose form actions answer from `answers`, in order; records calls, toasts and reloads. */
function setup(answers: Answer[], opts: { revision?: number; canEdit?: boolean } = {}) {
	const calls: { action: string; fields: Record<string, unknown> }[] = [];
	const toasts: { message: string; kind: string }[] = [];
	let reloads = 0;
	const session = new DraftSession(base(), opts.revision ?? 3, {
		post: async <T>(action: string, fields: Record<string, unknown>) => {
			calls.push({ action, fields });
			const next = answers.shift();
			if (!next) throw new Error(`no scripted answer for ${action}`);
			return (typeof next === 'function' ? await next(fields) : next) as ActionOutcome<T>;
		},
		reload: async () => {
			reloads++;
		},
		notify: (message, kind = 'success') => toasts.push({ message, kind }),
		canEdit: () => opts.canEdit ?? true
	});
	return { session, calls, toasts, reloads: () => reloads };
}

function addStep(session: DraftSession) {
	session.editor.apply({ kind: 'addNode', type: 'transform' });
}

describe('save', () => {
	it('sends the definition with the revision the edits started from, then is clean at the new revision', async () => {
		const { session, calls, toasts } = setup([(fields) => ok({ draft: draft(4, JSON.parse(String(fields.definition))) })]);
		addStep(session);
		const def = session.editor.definition;
		expect(await session.save()).toBe(true);
		expect(calls).toEqual([{ action: 'save', fields: { definition: JSON.stringify(def), expected_revision: 3 } }]);
		expect(session.editor.revision).toBe(4);
		expect(session.editor.dirty).toBe(false);
		expect(toasts).toEqual([{ message: 'Saved draft · revision 4', kind: 'success' }]);
	});

	it('does not call the server when nothing changed, or when the caller may not edit', async () => {
		const clean = setup([]);
		expect(await clean.session.save()).toBe(true);
		const viewer = setup([], { canEdit: false });
		addStep(viewer.session);
		expect(await viewer.session.save()).toBe(false);
		expect([...clean.calls, ...viewer.calls]).toEqual([]);
	});

	it('a stale revision opens the conflict dialog with their draft and keeps my edits', async () => {
		const theirs = draft(5, { ...base(), nodes: base().nodes.slice(0, 1), edges: [] });
		const { session, toasts } = setup([failure(409, 'PT409', { current: theirs })]);
		addStep(session);
		const mine = session.editor.definition;
		expect(await session.save()).toBe(false);
		expect(session.conflict?.theirs?.revision).toBe(5);
		expect(session.conflict?.theirsDefinition.nodes.map((n) => n.id)).toEqual(['trigger']);
		expect(session.conflict?.error.code).toBe('PT409');
		expect(session.editor.definition).toBe(mine);
		expect(session.editor.dirty).toBe(true);
		expect(session.saveError).toBeNull();
		expect(toasts).toEqual([]);
	});

	it('any other failure is shown next to the controls and as a toast, edits kept', async () => {
		const { session, toasts } = setup([failure(403, '42501')]);
		addStep(session);
		expect(await session.save()).toBe(false);
		expect(session.conflict).toBeNull();
		expect(session.saveError?.code).toBe('42501');
		expect(session.editor.dirty).toBe(true);
		expect(toasts).toEqual([{ message: 'Not saved: failed with 42501 — do something', kind: 'error' }]);
	});

	it('a 409 whose server draft is at my revision is not a conflict with someone else', () => {
		expect(conflictOf(failure(409, 'PT409', { current: draft(3) }), 3)).toBeNull();
		expect(conflictOf(failure(409, 'PT409', { current: draft(4) }), 3)?.theirs?.revision).toBe(4);
		expect(conflictOf(failure(422, 'PT422', { current: draft(4) }), 3)).toBeNull();
		expect(conflictOf(failure(409, 'PT409'), 3)).toBeNull();
	});

	it('a draft published or discarded elsewhere opens the conflict dialog without theirs', async () => {
		const { session, toasts } = setup([failure(409, 'PT409', { current: null })]);
		addStep(session);
		expect(await session.save()).toBe(false);
		expect(session.conflict?.theirs).toBeNull();
		expect(session.conflict?.error.code).toBe('PT409');
		expect(session.editor.dirty).toBe(true);
		expect(toasts).toEqual([]);
	});
});

describe('conflict dialog', () => {
	it('re-applies my edits on their newer draft: their change and mine both remain', async () => {
		const theirDef = base();
		theirDef.nodes[1] = { ...theirDef.nodes[1], data: { ...theirDef.nodes[1].data, label: 'Notify ops' } };
		const { session, toasts } = setup([failure(409, 'PT409', { current: draft(5, theirDef) })]);
		addStep(session);
		await session.save();
		session.reapplyMine();
		expect(session.conflict).toBeNull();
		expect(session.editor.revision).toBe(5);
		expect(session.editor.dirty).toBe(true);
		expect(session.editor.definition.nodes.map((n) => n.data.label)).toEqual(['Order received', 'Notify ops', 'Transform']);
		expect(session.rebaseConflicts).toEqual([]);
		expect(toasts.at(-1)).toEqual({ message: 'Re-applied your edits on top of revision 5. Review, then save.', kind: 'info' });
	});

	it('when the draft is gone, a new draft takes my edits, is saved, and the page reloads', async () => {
		const { session, calls, reloads } = setup([
			failure(409, 'PT409', { current: null }),
			ok({ draft: draft(1, { ...base(), edges: [] }) }),
			(fields) => ok({ draft: draft(2, JSON.parse(String(fields.definition))) })
		]);
		addStep(session);
		await session.save();
		await session.newDraftWithMine();
		expect(calls.map((c) => c.action)).toEqual(['save', 'createDraft', 'save']);
		expect(calls[2].fields.expected_revision).toBe(1);
		expect(session.conflict).toBeNull();
		expect(session.editor.revision).toBe(2);
		expect(session.editor.dirty).toBe(false);
		expect(session.editor.definition.nodes).toHaveLength(3);
		expect(session.editor.definition.edges).toEqual([]);
		expect(reloads()).toBe(1);
	});

	it('reloading theirs sets my edits aside and leaves a clean editor at their revision', async () => {
		const theirDef = { ...base(), edges: [] };
		const { session, toasts } = setup([failure(409, 'PT409', { current: draft(7, theirDef) })]);
		addStep(session);
		await session.save();
		session.reloadTheirs();
		expect(session.conflict).toBeNull();
		expect(session.editor.revision).toBe(7);
		expect(session.editor.dirty).toBe(false);
		expect(session.editor.definition.edges).toEqual([]);
		expect(toasts.at(-1)).toEqual({ message: 'Loaded revision 7; your edits were set aside', kind: 'info' });
	});
});

describe('publish', () => {
	it('saves unsaved edits first, then validates exactly what was saved', async () => {
		const { session, calls } = setup([
			(fields) => ok({ draft: draft(4, JSON.parse(String(fields.definition))) }),
			ok({ result: valid })
		]);
		addStep(session);
		await session.openPublish();
		expect(calls.map((c) => c.action)).toEqual(['save', 'validate']);
		expect(calls[1].fields.definition).toBe(JSON.stringify(session.editor.savedDefinition));
		expect(session.editor.savedDefinition.nodes).toHaveLength(3);
		expect(session.publishOpen).toBe(true);
		expect(session.publishValidation).toEqual(valid);
	});

	it('does not open when the save fails', async () => {
		const { session, calls } = setup([failure(403, '42501')]);
		addStep(session);
		await session.openPublish();
		expect(calls.map((c) => c.action)).toEqual(['save']);
		expect(session.publishOpen).toBe(false);
	});

	it('publishes the saved revision with the trimmed note, then reloads past the leave guard', async () => {
		const published = { ...draft(3), state: 'published' as const, version_number: 8 };
		const { session, calls, toasts, reloads } = setup([ok({ version: published })]);
		session.publishOpen = true;
		session.publishNote = '  ship it  ';
		await session.publish();
		expect(calls).toEqual([{ action: 'publish', fields: { expected_revision: 3, note: 'ship it' } }]);
		expect(session.publishOpen).toBe(false);
		expect(session.bypassGuard).toBe(true);
		expect(reloads()).toBe(1);
		expect(toasts).toEqual([{ message: 'Published v8', kind: 'success' }]);
	});

	it('publishes to the environment chosen in the dialog, and the toast names it', async () => {
		const published = { ...draft(3), state: 'published' as const, version_number: 9 };
		const { session, calls, toasts } = setup([ok({ version: published })]);
		session.publishOpen = true;
		session.publishEnvironment = 'staging';
		await session.publish();
		expect(calls).toEqual([{ action: 'publish', fields: { expected_revision: 3, note: null, environment: 'staging' } }]);
		expect(toasts).toEqual([{ message: 'Published v9 to staging', kind: 'success' }]);
	});

	it('a refused publish keeps the dialog open with the error, and its problems replace the live verdict', async () => {
		const problems = [{ code: 'graph_cycle', message: 'The graph has a cycle', node_id: 'notify' }];
		const { session, calls } = setup([failure(422, 'PT422', {}, { problems })]);
		session.publishOpen = true;
		session.validation = { valid: true, errors: [], warnings: [{ code: 'node_unreachable', message: 'x' }] };
		await session.publish();
		expect(calls[0].fields.note).toBeNull();
		expect(session.publishOpen).toBe(true);
		expect(session.publishError?.code).toBe('PT422');
		expect(session.validation).toEqual({ valid: false, errors: problems, warnings: [{ code: 'node_unreachable', message: 'x' }] });
		expect(session.busy).toBeNull();
	});
});

describe('discard and create', () => {
	it('a refused discard closes the dialog and shows the error', async () => {
		const { session, reloads } = setup([failure(409, 'PT409')]);
		session.discardOpen = true;
		await session.discard();
		expect(session.discardOpen).toBe(false);
		expect(session.actionError?.code).toBe('PT409');
		expect(reloads()).toBe(0);
	});

	it('discard sends the revision and reloads', async () => {
		const { session, calls, toasts, reloads } = setup([ok({})]);
		await session.discard();
		expect(calls).toEqual([{ action: 'discard', fields: { expected_revision: 3 } }]);
		expect(toasts).toEqual([{ message: 'Draft discarded', kind: 'success' }]);
		expect(reloads()).toBe(1);
	});

	it('create draft toasts the given message and reloads', async () => {
		const { session, toasts, reloads } = setup([ok({ draft: draft(1) })]);
		await session.createDraft('Draft created from live v2');
		expect(toasts).toEqual([{ message: 'Draft created from live v2', kind: 'success' }]);
		expect(reloads()).toBe(1);
	});
});

describe('live validation', () => {
	it('only the latest request updates the verdict, whatever order the answers arrive in', async () => {
		let releaseFirst!: () => void;
		const first = new Promise<void>((r) => (releaseFirst = r));
		const stale: ValidationResult = { valid: false, errors: [{ code: 'trigger_missing', message: 'old' }], warnings: [] };
		const { session } = setup([
			async () => {
				await first;
				return ok({ result: stale });
			},
			ok({ result: valid })
		]);
		const a = session.validate(base());
		const b = session.validate(base());
		await b;
		releaseFirst();
		await a;
		expect(session.validation).toEqual(valid);
		expect(session.validating).toBe(false);
	});

	it('errors and warnings become canvas problems, warnings marked as such', () => {
		const { session } = setup([]);
		session.validation = {
			valid: false,
			errors: [{ code: 'graph_cycle', message: 'cycle', node_id: 'a' }],
			warnings: [{ code: 'node_unreachable', message: 'unreachable', node_id: 'b' }]
		};
		expect(session.problems).toEqual([
			{ code: 'graph_cycle', message: 'cycle', node_id: 'a' },
			{ code: 'node_unreachable', message: 'unreachable', node_id: 'b', severity: 'warning' }
		]);
		expect(session.problemCount).toBe(2);
	});
});
