import { describe, expect, it } from 'vitest';
import {
	addNode,
	connect,
	emptyDefinition,
	isTriggerType,
	moveNode,
	moveNodes,
	normalizeDefinition,
	removeElements,
	updateNode,
	updateSettings,
	type WorkflowDefinition
} from './definition';
import { jsonEqual } from './json';

const sample = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: { url: 'https://example.org' } } },
		{ id: 'log', position: { x: 480, y: 0 }, data: { type: 'transform', label: 'Log' } }
	],
	edges: [
		{ id: 'e1', source: 'trigger', target: 'notify' },
		{ id: 'e2', source: 'notify', target: 'log' }
	],
	settings: {}
});

describe('jsonEqual', () => {
	it('ignores key order and undefined properties, respects array order', () => {
		expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
		expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
		expect(jsonEqual([1, 2], [2, 1])).toBe(false);
		expect(jsonEqual({ a: null }, { a: undefined })).toBe(false);
		expect(jsonEqual({}, [])).toBe(false);
		expect(jsonEqual(undefined, {})).toBe(false);
	});
});

describe('normalizeDefinition', () => {
	it('turns anything into an empty definition without throwing', () => {
		for (const input of [null, undefined, 42, 'x', [], { nodes: 'no' }]) {
			expect(normalizeDefinition(input)).toEqual({ nodes: [], edges: [] });
		}
	});

	it('keeps a valid definition as it is', () => {
		const def = sample();
		expect(normalizeDefinition(def)).toEqual(def);
	});

	it('repairs what the canvas needs and keeps extra properties', () => {
		const def = normalizeDefinition({
			nodes: [{ data: { type: 5, label: 7 } }, 'junk', { id: 3, position: { x: 'a', y: 2 }, extra: true }],
			edges: [{ source: 'node-1', target: '3' }, null],
			settings: 'nope',
			version: 2
		});
		expect(def.nodes.map((n) => n.id)).toEqual(['node-1', '3']);
		expect(def.nodes[0]).toMatchObject({ position: { x: 0, y: 0 }, data: { type: '', label: '7' } });
		expect(def.nodes[1]).toMatchObject({ position: { x: 0, y: 2 }, data: { type: '' }, extra: true });
		expect(def.edges).toEqual([{ id: 'e-node-1-3', source: 'node-1', target: '3' }]);
		expect('settings' in def).toBe(false);
		expect((def as unknown as { version: number }).version).toBe(2);
	});
});

describe('pure operations', () => {
	it('addNode appends a uniquely named node with a label and position', () => {
		const one = addNode(emptyDefinition(), 'http_call');
		const two = addNode(one, 'http_call');
		expect(two.nodes.map((n) => n.id)).toEqual(['http_call-1', 'http_call-2']);
		expect(two.nodes[0]).toEqual({ id: 'http_call-1', position: { x: 0, y: 0 }, data: { type: 'http_call', label: 'Http call', config: {} } });
		expect(two.nodes[1].position).toEqual({ x: 240, y: 0 });
		expect(addNode(one, 'delay', { x: 10.4, y: 20.6 }).nodes[1].position).toEqual({ x: 10, y: 21 });
		expect(one.nodes).toHaveLength(1); // input untouched
	});

	it('removeElements drops nodes, their edges, and listed edges; no-op keeps identity', () => {
		const def = sample();
		const without = removeElements(def, ['notify']);
		expect(without.nodes.map((n) => n.id)).toEqual(['trigger', 'log']);
		expect(without.edges).toEqual([]);
		const edgeOnly = removeElements(def, ['e2']);
		expect(edgeOnly.edges.map((e) => e.id)).toEqual(['e1']);
		expect(edgeOnly.nodes).toBe(def.nodes);
		expect(removeElements(def, ['missing'])).toBe(def);
	});

	it('connect adds e-<source>-<target> once, refuses self-loops and unknown nodes', () => {
		const def = sample();
		const c = connect(def, 'trigger', 'log');
		expect(c.edges.at(-1)).toEqual({ id: 'e-trigger-log', source: 'trigger', target: 'log' });
		expect(connect(c, 'trigger', 'log')).toBe(c);
		expect(connect(def, 'log', 'log')).toBe(def);
		expect(connect(def, 'log', 'ghost')).toBe(def);
		// id collision with an unrelated edge gets a suffix
		const clash: WorkflowDefinition = { ...def, edges: [...def.edges, { id: 'e-log-trigger', source: 'notify', target: 'trigger' }] };
		expect(connect(clash, 'log', 'trigger').edges.at(-1)?.id).toBe('e-log-trigger-2');
	});

	it('moveNode rounds and shares unchanged nodes', () => {
		const def = sample();
		const moved = moveNode(def, 'log', { x: 500.7, y: -3.2 });
		expect(moved.nodes[2].position).toEqual({ x: 501, y: -3 });
		expect(moved.nodes[0]).toBe(def.nodes[0]);
		expect(moveNode(def, 'log', { x: 480, y: 0 })).toBe(def);
		expect(moveNodes(def, new Map([['nope', { x: 1, y: 1 }]]))).toBe(def);
	});

	it('updateNode merges data and accepts a whole node as patch', () => {
		const def = sample();
		const renamed = updateNode(def, 'notify', { data: { label: 'Ping' } });
		expect(renamed.nodes[1].data).toEqual({ type: 'http_call', label: 'Ping', config: { url: 'https://example.org' } });
		const whole = updateNode(def, 'log', { ...def.nodes[2], data: { type: 'transform', config: { a: 1 } } });
		expect(whole.nodes[2].data).toEqual({ type: 'transform', label: 'Log', config: { a: 1 } });
		const cleared = updateNode(def, 'log', { data: { label: undefined } });
		expect('label' in cleared.nodes[2].data).toBe(false);
		expect(updateNode(def, 'log', { data: { label: 'Log' } })).toBe(def);
		expect(updateNode(def, 'ghost', { data: { label: 'x' } })).toBe(def);
	});

	it('updateSettings replaces settings', () => {
		const def = sample();
		expect(updateSettings(def, { retries: 3 }).settings).toEqual({ retries: 3 });
		expect(updateSettings(def, {})).toBe(def);
		expect('settings' in updateSettings(def, undefined)).toBe(false);
	});

	it('isTriggerType uses the node type list, or the seeded triggers', () => {
		expect(isTriggerType('webhook')).toBe(true);
		expect(isTriggerType('http_call')).toBe(false);
		expect(isTriggerType('cron', [{ type: 'cron', is_trigger: true, description: null }])).toBe(true);
		expect(isTriggerType('webhook', [{ type: 'cron', is_trigger: true, description: null }])).toBe(false);
	});
});
