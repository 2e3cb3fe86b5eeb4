import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from './definition';
import { labelMessage, labelProblems, namesOf, presentProblems } from './problems';

const def: WorkflowDefinition = {
	nodes: [
		{ id: 'webhook-1', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received' } },
		{ id: 'http_call-1', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Fetch' } },
		{ id: 'transform-1', position: { x: 480, y: 0 }, data: { type: 'transform', label: 'Transform' } },
		{ id: 'delay-1', position: { x: 480, y: 120 }, data: { type: 'delay' } }
	],
	edges: [
		{ id: 'e1', source: 'webhook-1', target: 'http_call-1' },
		{ id: 'e2', source: 'http_call-1', target: 'transform-1' },
		{ id: 'e3', source: 'transform-1', target: 'http_call-1' }
	]
};

const cycleMessage = (id: string) => `Node "${id}" is part of a cycle; a workflow must be a directed acyclic graph`;

describe('labelMessage', () => {
	it('replaces quoted node and edge ids by names, and leaves other quoted text alone', () => {
		const names = namesOf(def);
		expect(labelMessage('Node "http_call-1" has the unknown step type "nope"', names)).toBe('Node “Fetch” has the unknown step type "nope"');
		expect(labelMessage('Edge "e2" starts at "ghost", which is not a node', names)).toBe('Edge “Fetch → Transform” starts at "ghost", which is not a node');
		// no label: the id, as the canvas shows it
		expect(labelMessage('Node "delay-1" cannot be reached from the trigger and will never run', names)).toBe(
			'Node “delay-1” cannot be reached from the trigger and will never run'
		);
	});

	it('labels every problem of a list', () => {
		const out = labelProblems([{ code: 'graph_cycle', node_id: 'transform-1', message: cycleMessage('transform-1') }], def);
		expect(out[0].message).toContain('“Transform”');
		expect(out[0].node_id).toBe('transform-1');
	});
});

describe('presentProblems', () => {
	it('turns one cycle’s per-node problems into one message naming the path, selecting the closing edge', () => {
		const shown = presentProblems(
			{
				errors: [
					{ code: 'node_type_unknown', node_id: 'delay-1', message: 'Node "delay-1" has the unknown step type "x"' },
					{ code: 'graph_cycle', node_id: 'http_call-1', message: cycleMessage('http_call-1') },
					{ code: 'graph_cycle', node_id: 'transform-1', message: cycleMessage('transform-1') }
				],
				warnings: [{ code: 'node_unreachable', node_id: 'delay-1', message: 'Node "delay-1" cannot be reached from the trigger and will never run' }]
			},
			def,
			['webhook-1']
		);
		expect(shown.errors.map((p) => p.message)).toEqual(['Node “delay-1” has the unknown step type "x"', 'Cycle: Fetch → Transform → Fetch']);
		expect(shown.errors[1].select).toEqual({ kind: 'edge', id: 'e3' });
		expect(shown.errors[1].path).toEqual(['http_call-1', 'transform-1', 'http_call-1']);
		expect(shown.errors[0].select).toEqual({ kind: 'node', id: 'delay-1' });
		expect(shown.warnings[0]).toMatchObject({ severity: 'warning', message: 'Node “delay-1” cannot be reached from the trigger and will never run' });
	});

	it('keeps a reported cycle node the client cannot place (a different definition) as its own labelled message', () => {
		const shown = presentProblems({ errors: [{ code: 'graph_cycle', node_id: 'webhook-1', message: cycleMessage('webhook-1') }], warnings: [] }, def, [
			'webhook-1'
		]);
		// the client finds Fetch ↔ Transform, which does not include the reported node: not claimed
		expect(shown.errors.map((p) => p.message)).toEqual([
			'Node “Order received” is part of a cycle; a workflow must be a directed acyclic graph'
		]);
	});
});
