import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from './definition';
import { diffDefinitions, isEmptyDiff, overlay, sideStatuses, statusMap, summarize, type DefinitionDiff } from './diff';

const v1 = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: { url: 'https://a.example' } } },
		{ id: 'old', position: { x: 240, y: 120 }, data: { type: 'delay', label: 'Wait' } },
		{ id: 'same', position: { x: 480, y: 0 }, data: { type: 'terminate', label: 'End' } }
	],
	edges: [
		{ id: 'e1', source: 'trigger', target: 'notify' },
		{ id: 'e2', source: 'trigger', target: 'old' },
		{ id: 'e3', source: 'notify', target: 'same' }
	],
	settings: { retries: 1 }
});

/** v2: `old` removed (with e2), `notify` config changed, `fresh` added, e3 re-pointed, e4 added. */
const v2 = (): WorkflowDefinition => ({
	nodes: [
		{ id: 'trigger', position: { x: 0, y: 0 }, data: { type: 'webhook', label: 'Order received', config: {} } },
		{ id: 'notify', position: { x: 240, y: 0 }, data: { type: 'http_call', label: 'Notify', config: { url: 'https://b.example' } } },
		{ id: 'same', position: { x: 480, y: 0 }, data: { label: 'End', type: 'terminate' } },
		{ id: 'fresh', position: { x: 360, y: 120 }, data: { type: 'transform', label: 'Shape' } }
	],
	edges: [
		{ id: 'e1', source: 'trigger', target: 'notify' },
		{ id: 'e3', source: 'fresh', target: 'same' },
		{ id: 'e4', source: 'notify', target: 'fresh' }
	],
	settings: { retries: 1 }
});

describe('diffDefinitions', () => {
	it('reports added, removed and changed nodes by id (key order irrelevant)', () => {
		const d = diffDefinitions(v1(), v2());
		expect(d.nodes.added.map((n) => n.id)).toEqual(['fresh']);
		expect(d.nodes.removed.map((n) => n.id)).toEqual(['old']);
		expect(d.nodes.changed.map((c) => c.id)).toEqual(['notify']);
		expect(d.nodes.changed[0].before.data.config).toEqual({ url: 'https://a.example' });
		expect(d.nodes.changed[0].after.data.config).toEqual({ url: 'https://b.example' });
		expect(d.settings_changed).toBe(false);
	});

	it('treats an edge with new endpoints as removed + added', () => {
		const d = diffDefinitions(v1(), v2());
		expect(d.edges.added.map((e) => e.id)).toEqual(['e3', 'e4']);
		expect(d.edges.removed.map((e) => e.id)).toEqual(['e2', 'e3']);
		expect(d.edges.removed.find((e) => e.id === 'e3')).toEqual({ id: 'e3', source: 'notify', target: 'same' });
		expect(d.edges.added.find((e) => e.id === 'e3')).toEqual({ id: 'e3', source: 'fresh', target: 'same' });
	});

	it('counts position, type, label and config as changes', () => {
		const base = v1();
		const variants: [string, WorkflowDefinition][] = [
			['position', { ...base, nodes: base.nodes.map((n) => (n.id === 'same' ? { ...n, position: { x: 1, y: 0 } } : n)) }],
			['type', { ...base, nodes: base.nodes.map((n) => (n.id === 'same' ? { ...n, data: { ...n.data, type: 'delay' } } : n)) }],
			['label', { ...base, nodes: base.nodes.map((n) => (n.id === 'same' ? { ...n, data: { ...n.data, label: 'Stop' } } : n)) }],
			['config', { ...base, nodes: base.nodes.map((n) => (n.id === 'same' ? { ...n, data: { ...n.data, config: { a: 1 } } } : n)) }]
		];
		for (const [field, changed] of variants) {
			const d = diffDefinitions(base, changed);
			expect(d.nodes.changed.map((c) => c.id), field).toEqual(['same']);
			expect(d.nodes.added.length + d.nodes.removed.length + d.edges.added.length + d.edges.removed.length, field).toBe(0);
		}
	});

	it('compares settings deeply, an absent settings counting as {} (as the SQL does)', () => {
		const a = v1();
		expect(diffDefinitions(a, { ...a, settings: { retries: 1 } }).settings_changed).toBe(false);
		expect(diffDefinitions(a, { ...a, settings: { retries: 2 } }).settings_changed).toBe(true);
		expect(diffDefinitions(a, { nodes: a.nodes, edges: a.edges }).settings_changed).toBe(true);
		expect(diffDefinitions({ nodes: [], edges: [] }, { nodes: [], edges: [], settings: {} }).settings_changed).toBe(false);
		expect(diffDefinitions({ nodes: [], edges: [] }, { nodes: [], edges: [] }).settings_changed).toBe(false);
	});

	it('like the SQL, an edge with a missing endpoint never matches (removed + added)', () => {
		const broken = { id: 'x', source: 'trigger' } as unknown as WorkflowDefinition['edges'][number];
		const def: WorkflowDefinition = { nodes: [], edges: [broken] };
		const d = diffDefinitions(def, structuredClone(def));
		expect(d.edges.added.map((e) => e.id)).toEqual(['x']);
		expect(d.edges.removed.map((e) => e.id)).toEqual(['x']);
	});

	it('is empty for identical definitions', () => {
		const d = diffDefinitions(v1(), v1());
		expect(isEmptyDiff(d)).toBe(true);
		expect(summarize(d)).toBe('No changes');
	});

	it('is symmetric: swapping sides swaps added and removed', () => {
		const forward = diffDefinitions(v1(), v2());
		const back = diffDefinitions(v2(), v1());
		expect(back.nodes.added.map((n) => n.id)).toEqual(forward.nodes.removed.map((n) => n.id));
		expect(back.nodes.removed.map((n) => n.id)).toEqual(forward.nodes.added.map((n) => n.id));
		expect(back.nodes.changed[0].before).toEqual(forward.nodes.changed[0].after);
	});
});

describe('overlay (diff colouring)', () => {
	it('draws removed nodes the database diff returns without a position (the compare page was a 500)', () => {
		const to = { nodes: [{ id: 'a', position: { x: 0, y: 0 }, data: { type: 'webhook' } }], edges: [] };
		// As diff_workflow_versions returns them: stored JSON, no position, an edge without a target.
		const diff = {
			nodes: { added: [], removed: [{ id: 'n2', data: { type: 'transform' } }], changed: [] },
			edges: { added: [], removed: [{ id: 'e2', source: 'a' }] },
			settings_changed: false
		} as unknown as DefinitionDiff;
		const ov = overlay(to, to, diff);
		expect(ov.nodes.find((n) => n.id === 'n2')).toMatchObject({ position: { x: 0, y: 0 }, status: 'removed' });
		expect(ov.edges.find((e) => e.id === 'e2')).toMatchObject({ source: 'a', target: '', status: 'removed' });
	});

	it('gives every node of both sides a status, keeping removed ones', () => {
		const ov = overlay(v1(), v2());
		const status = Object.fromEntries(ov.nodes.map((n) => [n.id, n.status]));
		expect(status).toEqual({ trigger: 'unchanged', notify: 'changed', same: 'unchanged', fresh: 'added', old: 'removed' });
		// removed node keeps its old position so it can be drawn ghosted where it was
		expect(ov.nodes.find((n) => n.id === 'old')?.position).toEqual({ x: 240, y: 120 });
		// changed node is drawn as it is now
		expect(ov.nodes.find((n) => n.id === 'notify')?.data.config).toEqual({ url: 'https://b.example' });
	});

	it('marks edges added, removed (ghosts) and unchanged', () => {
		const ov = overlay(v1(), v2());
		expect(ov.edges.map((e) => [e.id, e.source, e.target, e.status])).toEqual([
			['e1', 'trigger', 'notify', 'unchanged'],
			['e3', 'fresh', 'same', 'added'],
			['e4', 'notify', 'fresh', 'added'],
			['e2', 'trigger', 'old', 'removed'],
			['e3', 'notify', 'same', 'removed']
		]);
	});

	it('statusMap keys statuses by id, added winning for a re-pointed edge', () => {
		const map = statusMap(overlay(v1(), v2()));
		expect(map).toMatchObject({ old: 'removed', fresh: 'added', notify: 'changed', trigger: 'unchanged', e1: 'unchanged', e2: 'removed', e3: 'added', e4: 'added' });
	});

	it('accepts a precomputed (server) diff', () => {
		const serverDiff: DefinitionDiff = {
			nodes: { added: [], removed: [], changed: [{ id: 'trigger', before: v1().nodes[0], after: v1().nodes[0] }] },
			edges: { added: [], removed: [] },
			settings_changed: false
		};
		const ov = overlay(v1(), v1(), serverDiff);
		expect(ov.nodes.find((n) => n.id === 'trigger')?.status).toBe('changed');
		expect(ov.nodes.filter((n) => n.status !== 'unchanged')).toHaveLength(1);
	});

	it('everything is added when comparing against an empty definition', () => {
		const ov = overlay({ nodes: [], edges: [] }, v1());
		expect(new Set(ov.nodes.map((n) => n.status))).toEqual(new Set(['added']));
		expect(new Set(ov.edges.map((e) => e.status))).toEqual(new Set(['added']));
	});
});

describe('summarize', () => {
	it('names nodes then edges, with the noun once per group', () => {
		expect(summarize(diffDefinitions(v1(), v2()))).toBe('1 node added, 1 changed, 1 removed, 2 edges added, 2 removed');
	});

	it('matches the product wording', () => {
		const d: DefinitionDiff = {
			nodes: { added: [v2().nodes[3], { ...v2().nodes[3], id: 'x' }], removed: [], changed: [{ id: 'n', before: v1().nodes[1], after: v2().nodes[1] }] },
			edges: { added: [], removed: [v1().edges[1]] },
			settings_changed: false
		};
		expect(summarize(d)).toBe('2 nodes added, 1 changed, 1 edge removed');
	});

	it('mentions settings', () => {
		const a = v1();
		expect(summarize(diffDefinitions(a, { ...a, settings: { retries: 5 } }))).toBe('settings changed');
	});
});

describe('sideStatuses', () => {
	it('marks removed and changed on the before side, added and changed on the after side', () => {
		const { before, after } = sideStatuses(diffDefinitions(v1(), v2()));
		expect(before).toEqual({ old: 'removed', notify: 'changed', e2: 'removed', e3: 'removed' });
		expect(after).toEqual({ fresh: 'added', notify: 'changed', e3: 'added', e4: 'added' });
	});
});
