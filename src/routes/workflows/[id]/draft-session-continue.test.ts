// The editor keeps going after a publish (the first change starts a draft), imports into the draft,
// names who saved in a conflict, and shows labels in the publish verdict. Scripted form actions, as in
// draft-session.test.ts; the real ones run in tests/e2e/polish.spec.ts.
import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from '$lib/actions';
import type { AppError } from '$lib/errors';
import type { WorkflowDefinition } from '$lib/graph/definition';
import type { VersionRow } from '$lib/types';
import { DraftSession } from './draft-session.svelte';

const live = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'fetch', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Fetch', config: {} } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'fetch' }]
});

function row(revision: number, definition: WorkflowDefinition): VersionRow {
	return {
		id: 'draft-9',
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
function failure(status: number, code: string, extra: Record<string, unknown> = {}): ActionOutcome<unknown> {
	const error: AppError = { status, code, message: `failed with ${code}`, hint: null };
	return { ok: false, status, error, data: { error, ...extra } };
}
type Answer = ActionOutcome<unknown> | ((fields: Record<string, unknown>) => ActionOutcome<unknown>);

function setup(answers: Answer[], hasDraft: boolean, revision = 0) {
	const calls: { action: string; fields: Record<string, unknown> }[] = [];
	const toasts: string[] = [];
	let refreshes = 0;
	const session = new DraftSession(
		live(),
		revision,
		{
			post: async <T>(action: string, fields: Record<string, unknown>) => {
				calls.push({ action, fields });
				const next = answers.shift();
				if (!next) throw new Error(`no scripted answer for ${action}`);
				return (typeof next === 'function' ? next(fields) : next) as ActionOutcome<T>;
			},
			reload: async () => {},
			refresh: async () => {
				refreshes++;
			},
			notify: (message) => toasts.push(message),
			canEdit: () => true
		},
		{ hasDraft }
	);
	return { session, calls, toasts, refreshes: () => refreshes };
}

describe('editing after a publish', () => {
	it('the first change creates a draft from the live version and keeps the change on top of it', async () => {
		const { session, calls, toasts, refreshes } = setup([ok({ draft: row(1, live()) })], false);
		session.editor.apply({ kind: 'addNode', type: 'transform' });
		expect(await session.ensureDraft()).toBe(true);
		expect(calls.map((c) => c.action)).toEqual(['createDraft']);
		expect(session.hasDraft).toBe(true);
		expect(session.editor.revision).toBe(1);
		expect(session.editor.dirty).toBe(true);
		expect(session.editor.definition.nodes.map((n) => n.id)).toEqual(['trigger', 'fetch', 'transform-1']);
		expect(toasts[0]).toMatch(/new draft from the live version/);
		expect(refreshes()).toBe(1);
		// a second call does not create another
		expect(await session.ensureDraft()).toBe(true);
		expect(calls).toHaveLength(1);
	});

	it('saving before the draft exists creates it first, then saves on its revision', async () => {
		const { session, calls } = setup(
			[ok({ draft: row(1, live()) }), (fields) => ok({ draft: row(2, JSON.parse(String(fields.definition))) })],
			false
		);
		session.editor.apply({ kind: 'addNode', type: 'delay' });
		expect(await session.save()).toBe(true);
		expect(calls.map((c) => c.action)).toEqual(['createDraft', 'save']);
		expect(calls[1].fields.expected_revision).toBe(1);
		expect(session.editor.revision).toBe(2);
		expect(session.editor.dirty).toBe(false);
	});

	it('when someone else started a draft meanwhile, my change goes on top of theirs and I am told', async () => {
		const theirs = { ...live(), nodes: [...live().nodes, { id: 'note', position: { x: 0, y: 120 }, data: { type: 'delay', label: 'Wait' } }] };
		const { session, toasts } = setup([ok({ draft: row(4, theirs) })], false);
		session.editor.apply({ kind: 'addNode', type: 'transform' });
		await session.ensureDraft();
		expect(session.editor.revision).toBe(4);
		expect(session.editor.definition.nodes.map((n) => n.id)).toEqual(['trigger', 'fetch', 'note', 'transform-1']);
		expect(toasts[0]).toMatch(/Someone else had started a draft \(revision 4\)/);
	});

	it('a refused draft start keeps the edits and says why', async () => {
		const { session, toasts } = setup([failure(403, '42501')], false);
		session.editor.apply({ kind: 'addNode', type: 'transform' });
		expect(await session.ensureDraft()).toBe(false);
		expect(session.hasDraft).toBe(false);
		expect(session.editor.dirty).toBe(true);
		expect(session.actionError?.code).toBe('42501');
		expect(toasts[0]).toMatch(/Could not start a draft/);
	});
});

describe('import', () => {
	it('sends the text with the draft revision and loads the imported draft', async () => {
		const imported = { ...live(), nodes: live().nodes.slice(0, 1), edges: [] };
		const { session, calls } = setup([ok({ draft: row(6, imported) })], true, 5);
		session.editor.apply({ kind: 'addNode', type: 'transform' });
		expect(await session.importDocument('{"nodes": []}')).toBe(true);
		expect(calls).toEqual([{ action: 'import', fields: { document: '{"nodes": []}', expected_revision: 5 } }]);
		expect(session.editor.revision).toBe(6);
		expect(session.editor.dirty).toBe(false);
		expect(session.editor.definition.nodes.map((n) => n.id)).toEqual(['trigger']);
	});

	it('without a draft sends no revision; a refusal is kept for the dialog', async () => {
		const { session, calls } = setup([failure(400, '22023')], false);
		expect(await session.importDocument('{}')).toBe(false);
		expect(calls[0].fields.expected_revision).toBeNull();
		expect(session.importError?.code).toBe('22023');
		expect(session.hasDraft).toBe(false);
	});
});

describe('who saved, and labels', () => {
	it('a conflict carries the last writer of the draft', async () => {
		const { session } = setup([failure(409, 'PT409', { current: row(7, live()), savedBy: 'user-bob' })], true, 3);
		session.editor.apply({ kind: 'addNode', type: 'transform' });
		expect(await session.save()).toBe(false);
		expect(session.conflict?.savedBy).toBe('user-bob');
	});

	it('the publish verdict and the canvas problems name nodes by label; the tab lists one message per cycle', async () => {
		const cyclic = { ...live(), edges: [...live().edges, { id: 'back', source: 'fetch', target: 'fetch' }] };
		const verdict = {
			valid: false,
			errors: [{ code: 'graph_cycle', node_id: 'fetch', message: 'Node "fetch" is part of a cycle; a workflow must be a directed acyclic graph' }],
			warnings: []
		};
		const { session } = setup([ok({ result: verdict })], true, 2);
		session.editor.reset(cyclic, 2);
		await session.openPublish();
		expect(session.publishValidation?.errors[0].message).toBe('Node “Fetch” is part of a cycle; a workflow must be a directed acyclic graph');
		expect(session.problems[0].message).toContain('“Fetch”');
		expect(session.presented?.errors.map((p) => p.message)).toEqual(['Cycle: Fetch → Fetch']);
		expect(session.presented?.errors[0].select).toEqual({ kind: 'edge', id: 'back' });
	});
});
