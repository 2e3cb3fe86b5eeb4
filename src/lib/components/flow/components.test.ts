import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { WorkflowDefinition } from '$lib/graph/definition';
import WorkflowCanvas from './WorkflowCanvas.svelte';
import DiffCanvas from './DiffCanvas.svelte';
import NodePalette from './NodePalette.svelte';
import NodeInspector from './NodeInspector.svelte';
import JsonView from './JsonView.svelte';
import JsonDiff from './JsonDiff.svelte';

const v1: WorkflowDefinition = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: { url: 'https://a.example' } } },
		{ id: 'old', position: { x: 240, y: 120 }, data: { type: 'delay', label: 'Wait' } }
	],
	edges: [
		{ id: 'e1', source: 'trigger', target: 'notify' },
		{ id: 'e2', source: 'trigger', target: 'old' }
	]
};
const v2: WorkflowDefinition = {
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: { url: 'https://b.example' } } },
		{ id: 'fresh', position: { x: 480, y: 0 }, data: { type: 'transform', label: 'Shape <payload>' } }
	],
	edges: [
		{ id: 'e1', source: 'trigger', target: 'notify' },
		{ id: 'e3', source: 'notify', target: 'fresh' }
	]
};

/** `data-status` of the element carrying `data-testid="<testid>"` in server-rendered HTML. */
function statusOf(html: string, testid: string): string | null {
	const attrs = '(?:[^>"]|"[^"]*")*';
	const tag = html.match(new RegExp(`<${attrs}data-testid="${testid}"${attrs}>`))?.[0];
	return tag?.match(/data-status="([^"]*)"/)?.[1] ?? null;
}

describe('flow components (server render)', () => {
	it('WorkflowCanvas renders nodes with test ids, statuses, problems and trigger marks', () => {
		const { body } = render(WorkflowCanvas, {
			props: {
				definition: v2,
				statuses: { fresh: 'added', notify: 'changed' },
				problems: [{ node_id: 'notify', code: 'graph_cycle', message: 'Cycle through Notify' }]
			}
		});
		expect(statusOf(body, 'node-fresh')).toBe('added');
		expect(statusOf(body, 'node-notify')).toBe('changed');
		expect(statusOf(body, 'node-trigger')).toBe('unchanged');
		expect(statusOf(body, 'node-notify')).toBe('changed');
		expect(body).toMatch(/data-testid="node-notify" data-status="changed" data-problem="true"/);
		expect(body).toContain('Cycle through Notify');
		expect(body).toContain('Trigger');
		expect(body).toContain('Shape &lt;payload>');
		expect(body).toContain('data-testid="handle-source-trigger"');
		expect(body).not.toContain('data-testid="handle-target-trigger"'); // triggers take no input
		expect(body).toContain('data-testid="handle-target-fresh"');
	});

	it('DiffCanvas shows the summary, the legend and every status including removed ghosts', () => {
		const { body } = render(DiffCanvas, { props: { from: v1, to: v2 } });
		expect(body).toContain('1 node added, 1 changed, 1 removed, 1 edge added, 1 removed');
		expect(body).toContain('data-testid="diff-legend"');
		expect(statusOf(body, 'node-fresh')).toBe('added');
		expect(statusOf(body, 'node-old')).toBe('removed');
		expect(statusOf(body, 'node-notify')).toBe('changed');
		expect(statusOf(body, 'node-trigger')).toBe('unchanged');
	});

	it('NodePalette renders a labelled button per type, triggers first', () => {
		const { body } = render(NodePalette, {
			props: {
				nodeTypes: [
					{ type: 'http_call', is_trigger: false, description: 'Call a URL' },
					{ type: 'webhook', is_trigger: true, description: null }
				],
				onadd: () => {}
			}
		});
		expect(body.indexOf('palette-webhook')).toBeGreaterThan(-1);
		expect(body.indexOf('palette-webhook')).toBeLessThan(body.indexOf('palette-http_call'));
		expect(body).toContain('aria-label="Add a Http call node"');
	});

	it('NodeInspector shows the label and the config as JSON, and connect targets without triggers', () => {
		const { body } = render(NodeInspector, {
			props: { node: v2.nodes[1], onchange: () => {}, nodes: v2.nodes, edges: v2.edges, onconnect: () => {} }
		});
		expect(body).toMatch(/value="Notify"[^>]*data-testid="inspector-label"/);
		expect(body).toContain('"url": "https://b.example"');
		expect(body).toContain('data-testid="inspector-connect-select"');
		expect(body).not.toContain('<option value="trigger"'); // a trigger takes no input
		expect(body).not.toContain('<option value="fresh"'); // already connected from notify
	});

	it('JsonView renders the definition pretty-printed', () => {
		const { body } = render(JsonView, { props: { definition: v1 } });
		expect(body).toContain('"id": "trigger"');
		expect(body).toContain('readonly');
	});

	it('JsonDiff renders additions and removals, or "No differences"', () => {
		const { body } = render(JsonDiff, { props: { from: v1, to: v2 } });
		expect(body).toContain('jsondiffpatch-added');
		expect(body).toContain('jsondiffpatch-deleted');
		expect(body).toContain('https://b.example');
		expect(render(JsonDiff, { props: { from: v1, to: structuredClone(v1) } }).body).toContain('data-testid="json-diff-empty"');
	});
});
