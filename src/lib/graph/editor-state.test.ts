import { describe, expect, it } from 'vitest';
import { connect, moveNode, removeElements, updateNode, type WorkflowDefinition } from './definition';
import { EditorState } from './editor-state.svelte';

const base = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: { url: 'https://a.example' } } },
		{ id: 'log', position: { x: 480, y: 0 }, data: { type: 'transform', label: 'Log', config: {} } }
	],
	edges: [{ id: 'e1', source: 'trigger', target: 'notify' }]
});

describe('EditorState: apply, undo, redo, dirty', () => {
	it('starts clean with the given revision', () => {
		const editor = new EditorState(base(), 3);
		expect(editor.revision).toBe(3);
		expect(editor.dirty).toBe(false);
		expect(editor.canUndo).toBe(false);
		expect(editor.canRedo).toBe(false);
		expect(editor.definition).toEqual(base());
	});

	it('normalizes whatever the draft holds', () => {
		const editor = new EditorState({ hello: 'world' }, 1);
		expect(editor.definition.nodes).toEqual([]);
		expect(editor.dirty).toBe(false);
	});

	it('applies operations immutably and becomes dirty', () => {
		const editor = new EditorState(base(), 1);
		const before = editor.definition;
		editor.apply({ kind: 'addNode', type: 'delay' });
		expect(editor.definition).not.toBe(before);
		expect(before.nodes).toHaveLength(3);
		expect(editor.definition.nodes.map((n) => n.id)).toEqual(['trigger', 'notify', 'log', 'delay-1']);
		expect(editor.selection).toEqual({ kind: 'node', id: 'delay-1' });
		expect(editor.selectedNode?.data.type).toBe('delay');
		expect(editor.dirty).toBe(true);
		expect(editor.canUndo).toBe(true);
	});

	it('records nothing for an op that changes nothing', () => {
		const editor = new EditorState(base(), 1);
		const def = editor.definition;
		expect(editor.apply({ kind: 'connect', source: 'trigger', target: 'notify' })).toBe(def);
		expect(editor.apply({ kind: 'removeElements', ids: ['ghost'] })).toBe(def);
		expect(editor.canUndo).toBe(false);
		expect(editor.pendingOps).toHaveLength(0);
	});

	it('undoes and redoes, and a new op clears redo', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'connect', source: 'notify', target: 'log' });
		editor.apply({ kind: 'moveNode', id: 'log', position: { x: 500, y: 40 } });
		expect(editor.undo()).toBe(true);
		expect(editor.definition.nodes[2].position).toEqual({ x: 480, y: 0 });
		expect(editor.definition.edges).toHaveLength(2);
		expect(editor.undo()).toBe(true);
		expect(editor.definition).toEqual(base());
		expect(editor.dirty).toBe(false); // back to the saved state
		expect(editor.canUndo).toBe(false);
		expect(editor.undo()).toBe(false);
		expect(editor.redo()).toBe(true);
		expect(editor.definition.edges.map((e) => e.id)).toEqual(['e1', 'e-notify-log']);
		expect(editor.canRedo).toBe(true);
		editor.apply({ kind: 'updateNode', id: 'log', patch: { data: { label: 'Audit' } } });
		expect(editor.canRedo).toBe(false);
		expect(editor.redo()).toBe(false);
	});

	it('dirty compares by value, not by reference', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'moveNode', id: 'log', position: { x: 1, y: 1 } });
		expect(editor.dirty).toBe(true);
		editor.apply({ kind: 'moveNode', id: 'log', position: { x: 480, y: 0 } });
		expect(editor.dirty).toBe(false);
		editor.apply({ kind: 'replace', definition: JSON.parse(JSON.stringify(base())) });
		expect(editor.dirty).toBe(false);
	});

	it('bounds the undo history', () => {
		const editor = new EditorState(base(), 1, { historyLimit: 3 });
		for (let i = 1; i <= 5; i++) editor.apply({ kind: 'moveNode', id: 'log', position: { x: i, y: 0 } });
		expect(editor.undoDepth).toBe(3);
		while (editor.undo());
		expect(editor.definition.nodes[2].position).toEqual({ x: 2, y: 0 });
	});

	it('coalesces consecutive edits with the same key into one undo step', () => {
		const editor = new EditorState(base(), 1);
		for (const label of ['N', 'No', 'Not', 'Note']) {
			editor.apply({ kind: 'updateNode', id: 'notify', patch: { data: { label } } }, { coalesceKey: 'label:notify' });
		}
		expect(editor.undoDepth).toBe(1);
		expect(editor.pendingOps).toHaveLength(1);
		editor.undo();
		expect(editor.definition.nodes[1].data.label).toBe('Notify');
	});

	it('clears a selection whose element disappears', () => {
		const editor = new EditorState(base(), 1);
		editor.select({ kind: 'edge', id: 'e1' });
		expect(editor.selectedEdge?.id).toBe('e1');
		editor.apply({ kind: 'removeElements', ids: ['notify'] });
		expect(editor.selection).toBeNull();
		expect(editor.definition.edges).toEqual([]);
	});
});

describe('EditorState: markSaved', () => {
	it('marks the current definition saved with the new revision', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'addNode', type: 'delay' });
		const sent = editor.definition;
		editor.markSaved(JSON.parse(JSON.stringify(sent)), 2);
		expect(editor.revision).toBe(2);
		expect(editor.dirty).toBe(false);
		expect(editor.pendingOps).toHaveLength(0);
		expect(editor.canUndo).toBe(true); // history survives a save
	});

	it('keeps edits made while the save was in flight', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'addNode', type: 'delay' });
		const sent = editor.definition;
		editor.apply({ kind: 'updateNode', id: 'log', patch: { data: { label: 'Later' } } });
		editor.markSaved(sent, 2);
		expect(editor.dirty).toBe(true);
		expect(editor.pendingOps.map((o) => o.op.kind)).toEqual(['updateNode']);
		expect(editor.savedDefinition.nodes).toHaveLength(4);
	});
});

describe('EditorState: rebaseOnto', () => {
	it('replays local changes on a newer server draft without conflicts', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'updateNode', id: 'notify', patch: { data: { label: 'Ping' } } });
		editor.apply({ kind: 'connect', source: 'notify', target: 'log' });
		editor.apply({ kind: 'addNode', type: 'delay' });

		// meanwhile someone else moved `log`, changed notify's config and added a node
		let server = base();
		server = moveNode(server, 'log', { x: 600, y: 100 });
		server = updateNode(server, 'notify', { data: { config: { url: 'https://b.example' } } });
		server = { ...server, nodes: [...server.nodes, { id: 'theirs', position: { x: 0, y: 200 }, data: { type: 'branch' } }] };

		const result = editor.rebaseOnto(server, 5);
		expect(result.conflicts).toEqual([]);
		expect(result.applied).toBe(3);
		expect(editor.revision).toBe(5);
		expect(editor.savedDefinition).toEqual(server);
		const notify = editor.definition.nodes.find((n) => n.id === 'notify');
		expect(notify?.data).toEqual({ type: 'http_call', label: 'Ping', config: { url: 'https://b.example' } });
		expect(editor.definition.nodes.find((n) => n.id === 'log')?.position).toEqual({ x: 600, y: 100 });
		expect(editor.definition.nodes.map((n) => n.id)).toEqual(['trigger', 'notify', 'log', 'theirs', 'delay-1']);
		expect(editor.definition.edges.map((e) => e.id)).toEqual(['e1', 'e-notify-log']);
		expect(editor.dirty).toBe(true);
		// one undo goes back to the server's draft
		expect(editor.canUndo).toBe(true);
		editor.undo();
		expect(editor.definition).toEqual(server);
	});

	it('reports edits of a node the other user deleted, and applies the rest', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'updateNode', id: 'notify', patch: { data: { label: 'Ping' } } });
		editor.apply({ kind: 'connect', source: 'notify', target: 'log' });
		editor.apply({ kind: 'updateNode', id: 'log', patch: { data: { label: 'Audit' } } });

		const server = removeElements(base(), ['notify']);
		const result = editor.rebaseOnto(server, 2);

		expect(result.conflicts).toHaveLength(2);
		expect(result.conflicts[0]).toMatchObject({ node_id: 'notify', description: 'Edit node “Notify”' });
		expect(result.conflicts[0].reason).toMatch(/deleted by someone else/);
		expect(result.conflicts[1]).toMatchObject({ edge_id: 'e-notify-log' });
		expect(result.conflicts[1].op).toEqual({ kind: 'connect', source: 'notify', target: 'log' });
		expect(result.applied).toBe(1);
		expect(editor.definition.nodes.map((n) => [n.id, n.data.label])).toEqual([
			['trigger', 'Order received'],
			['log', 'Audit']
		]);
		expect(editor.definition.edges).toEqual([]);
		expect(editor.pendingOps).toHaveLength(1);
	});

	it('keeps their value when both changed the same field', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'updateNode', id: 'log', patch: { data: { label: 'Mine' } } });
		const server = updateNode(base(), 'log', { data: { label: 'Theirs' } });
		const result = editor.rebaseOnto(server, 2);
		expect(result.conflicts).toHaveLength(1);
		expect(result.conflicts[0].reason).toMatch(/label/);
		expect(editor.definition.nodes[2].data.label).toBe('Theirs');
		expect(editor.dirty).toBe(false);
		expect(editor.canUndo).toBe(false);
	});

	it('does not delete a node someone else changed; deleting an already deleted one is fine', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'removeElements', ids: ['log'] });
		editor.apply({ kind: 'removeElements', ids: ['e1'] });
		let server = updateNode(base(), 'log', { data: { config: { level: 'debug' } } });
		server = removeElements(server, ['e1']);
		const result = editor.rebaseOnto(server, 4);
		expect(result.conflicts.map((c) => c.node_id)).toEqual(['log']);
		expect(editor.definition.nodes.find((n) => n.id === 'log')?.data.config).toEqual({ level: 'debug' });
		expect(editor.definition.edges).toEqual([]);
	});

	it('replays whole-definition replacements (canvas/JSON view) as their diff, and undo steps too', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'replace', definition: connect(moveNode(base(), 'trigger', { x: -40, y: 0 }), 'notify', 'log') });
		editor.apply({ kind: 'updateNode', id: 'trigger', patch: { data: { label: 'Oops' } } });
		editor.undo();
		const server = updateNode(base(), 'log', { data: { label: 'Renamed' } });
		const result = editor.rebaseOnto(server, 9);
		expect(result.conflicts).toEqual([]);
		expect(editor.definition.nodes[0]).toMatchObject({ position: { x: -40, y: 0 }, data: { label: 'Order received' } });
		expect(editor.definition.nodes[2].data.label).toBe('Renamed');
		expect(editor.definition.edges.map((e) => e.id)).toEqual(['e1', 'e-notify-log']);
	});

	it('with no local changes it simply takes the server draft', () => {
		const editor = new EditorState(base(), 1);
		const server = updateNode(base(), 'log', { data: { label: 'Renamed' } });
		const result = editor.rebaseOnto(server, 2);
		expect(result).toMatchObject({ applied: 0, conflicts: [] });
		expect(editor.dirty).toBe(false);
		expect(editor.definition).toEqual(server);
	});

	it('re-ids an added edge whose id the server used for a different edge', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'connect', source: 'notify', target: 'log' });
		const server: WorkflowDefinition = { ...base(), edges: [...base().edges, { id: 'e-notify-log', source: 'trigger', target: 'log' }] };
		const result = editor.rebaseOnto(server, 2);
		expect(result.conflicts).toEqual([]);
		expect(editor.definition.edges.map((e) => [e.id, e.source, e.target])).toEqual([
			['e1', 'trigger', 'notify'],
			['e-notify-log', 'trigger', 'log'],
			['e-notify-log-2', 'notify', 'log']
		]);
	});
});

describe('EditorState: settings', () => {
	it('replays a settings change, and reports a competing one', () => {
		const editor = new EditorState(base(), 1);
		editor.apply({ kind: 'updateSettings', settings: { retries: 3 } });
		const clean = editor.rebaseOnto(updateNode(base(), 'log', { data: { label: 'X' } }), 2);
		expect(clean.conflicts).toEqual([]);
		expect(editor.definition.settings).toEqual({ retries: 3 });

		const other = new EditorState(base(), 1);
		other.apply({ kind: 'updateSettings', settings: { retries: 3 } });
		const result = other.rebaseOnto({ ...base(), settings: { retries: 9 } }, 2);
		expect(result.conflicts.map((c) => c.description)).toEqual(['Edit settings']);
		expect(other.definition.settings).toEqual({ retries: 9 });
	});
});
