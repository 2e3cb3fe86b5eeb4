import { describe, expect, it } from 'vitest';
import { findCycles } from '$lib/graph/cycles';
import type { WorkflowDefinition } from '$lib/graph/definition';
import { buildFlow, connectOptions, indexProblems, selectionOf, type Decorations } from './canvas-model';

const def = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: {} } },
		{ id: 'log', position: { x: 480, y: 0 }, data: { type: 'transform', config: {} } }
	],
	edges: [
		{ id: 'e1', source: 'trigger', target: 'notify' },
		{ id: 'dangling', source: 'notify', target: 'gone' }
	]
});

const plain = (over: Partial<Decorations> = {}): Decorations => ({ problems: indexProblems([]), readonly: false, selectedId: null, ...over });

describe('canvas model', () => {
	it('builds one xyflow node per definition node with its test hooks, and skips edges it cannot draw', () => {
		const [nodes, edges] = buildFlow(def(), [], [], plain({ statuses: { notify: 'changed' } }));
		expect(nodes.map((n) => n.id)).toEqual(['trigger', 'notify', 'log']);
		expect(nodes[0].data.isTrigger).toBe(true);
		expect(nodes[1].domAttributes).toMatchObject({ 'data-testid': 'node-notify', 'data-status': 'changed' });
		expect(nodes[2].data.label).toBe('log');
		expect(edges.map((e) => e.id)).toEqual(['e1']);
	});

	it('reuses the previous objects for unchanged nodes and edges', () => {
		const d = def();
		const [n1, e1] = buildFlow(d, [], [], plain());
		const moved = { ...d, nodes: d.nodes.map((n) => (n.id === 'log' ? { ...n, position: { x: 1, y: 1 } } : n)) };
		const [n2, e2] = buildFlow(moved, n1, e1, plain());
		expect(n2[0]).toBe(n1[0]);
		expect(n2[1]).toBe(n1[1]);
		expect(n2[2]).not.toBe(n1[2]);
		expect(e2[0]).toBe(e1[0]);
	});

	it('marks problems: errors win over warnings on a node; edge problems colour the edge', () => {
		const problems = indexProblems([
			{ code: 'node_unreachable', message: 'unreachable', node_id: 'log', severity: 'warning' },
			{ code: 'x', message: 'broken', node_id: 'log' },
			{ code: 'edge_self_loop', message: 'loop', edge_id: 'e1' }
		]);
		const [nodes, edges] = buildFlow(def(), [], [], plain({ problems }));
		expect(nodes[2].data.problemSeverity).toBe('error');
		expect(nodes[2].data.problems).toEqual(['unreachable', 'broken']);
		expect(edges[0].class).toContain('wf-edge--problem');
	});

	it('reports the first selected node, else the edge; offers non-trigger targets not yet connected', () => {
		const d = def();
		const [nodes, edges] = buildFlow(d, [], [], plain({ selectedId: 'e1' }));
		expect(selectionOf(nodes, edges)).toEqual({ kind: 'edge', id: 'e1' });
		const [n2, e2] = buildFlow(d, [], [], plain({ selectedId: 'notify' }));
		expect(selectionOf(n2, e2)).toEqual({ kind: 'node', id: 'notify' });
		expect(connectOptions('trigger', d, n2).map((o) => o.id)).toEqual(['log']);
		expect(connectOptions('notify', d, n2).map((o) => o.id)).toEqual(['log']);
	});

	it('names edges by their nodes’ labels and marks the edge that closes a cycle', () => {
		const d = def();
		d.edges.push({ id: 'e2', source: 'notify', target: 'log' }, { id: 'back', source: 'log', target: 'notify' });
		const cycles = findCycles(d, ['trigger']);
		const [nodes, edges] = buildFlow(d, [], [], plain({ cycles }));
		const byId = new Map(edges.map((e) => [e.id, e]));
		expect(byId.get('e1')?.ariaLabel).toBe('Edge from Order received to Notify');
		expect(byId.get('back')?.ariaLabel).toBe('Edge from log to Notify, closes a cycle');
		expect(byId.get('back')?.data).toMatchObject({ back: true, onCycle: true });
		expect(byId.get('back')?.domAttributes).toMatchObject({ 'data-back': 'true', 'data-cycle': 'true' });
		expect(byId.get('e2')?.data).toMatchObject({ back: false, onCycle: true });
		expect(byId.get('e1')?.data).toMatchObject({ back: false, onCycle: false });
		// a renamed node renames its edges
		const renamed = { ...d, nodes: d.nodes.map((n) => (n.id === 'notify' ? { ...n, data: { ...n.data, label: 'Tell' } } : n)) };
		const [, e2] = buildFlow(renamed, nodes, edges, plain({ cycles }));
		expect(e2.find((e) => e.id === 'e1')?.ariaLabel).toBe('Edge from Order received to Tell');
	});
});
