import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from './definition';
import { findCycles } from './cycles';

function chain(ids: string[], extra: [string, string][] = []): WorkflowDefinition {
	const edges = ids.slice(1).map((id, i) => ({ id: `e-${ids[i]}-${id}`, source: ids[i], target: id }));
	for (const [s, t] of extra) edges.push({ id: `e-${s}-${t}`, source: s, target: t });
	return {
		nodes: ids.map((id, i) => ({ id, position: { x: i * 240, y: 0 }, data: { type: i === 0 ? 'webhook' : 'transform', label: id } })),
		edges
	};
}

describe('findCycles', () => {
	it('finds nothing in a DAG', () => {
		const a = findCycles(chain(['t', 'a', 'b', 'c'], [['t', 'c']]));
		expect(a.cycles).toEqual([]);
		expect(a.backEdges.size).toBe(0);
	});

	it('names the back edge and the path of a simple loop', () => {
		const a = findCycles(chain(['t', 'fetch', 'transform'], [['transform', 'fetch']]), ['t']);
		expect(a.cycles).toEqual([{ edgeId: 'e-transform-fetch', path: ['fetch', 'transform', 'fetch'], edges: ['e-fetch-transform', 'e-transform-fetch'] }]);
		expect([...a.backEdges]).toEqual(['e-transform-fetch']);
		expect([...a.cycleEdges].sort()).toEqual(['e-fetch-transform', 'e-transform-fetch']);
		expect([...a.cycleNodes].sort()).toEqual(['fetch', 'transform']);
	});

	it('starts from the trigger, so the edge back towards it closes the loop', () => {
		// definition order puts c first; the search still starts at the trigger t
		const def = chain(['t', 'a', 'b', 'c'], [['c', 'a']]);
		def.nodes.reverse();
		expect(findCycles(def, ['t']).cycles.map((c) => c.edgeId)).toEqual(['e-c-a']);
	});

	it('finds a self-loop and cycles in parts the trigger does not reach', () => {
		const def = chain(['t', 'a']);
		def.nodes.push({ id: 'x', position: { x: 0, y: 100 }, data: { type: 'delay' } }, { id: 'y', position: { x: 0, y: 200 }, data: { type: 'delay' } });
		def.edges.push({ id: 'xy', source: 'x', target: 'y' }, { id: 'yx', source: 'y', target: 'x' }, { id: 'aa', source: 'a', target: 'a' });
		const a = findCycles(def, ['t']);
		expect(a.cycles.map((c) => c.edgeId).sort()).toEqual(['aa', 'yx']);
		expect(a.cycles.find((c) => c.edgeId === 'aa')?.path).toEqual(['a', 'a']);
	});

	it('gives a node that no back edge’s path passes through its own cycle', () => {
		// t → a → b → c → a (found by the search), and b → d → c: d lies on a → b → d → c → a too.
		const def = chain(['t', 'a', 'b', 'c'], [['c', 'a'], ['b', 'd'], ['d', 'c']]);
		def.nodes.push({ id: 'd', position: { x: 0, y: 100 }, data: { type: 'delay' } });
		const a = findCycles(def, ['t']);
		expect(a.cycleNodes.has('d')).toBe(true);
		const through = a.cycles.find((c) => c.path.includes('d'))!;
		expect(through.path[0]).toBe(through.path.at(-1));
		expect(through.edges).toHaveLength(through.path.length - 1);
		expect(through.edges.at(-1)).toBe(through.edgeId);
		// every edge on the path really joins consecutive nodes
		through.edges.forEach((id, i) => {
			const e = def.edges.find((x) => x.id === id)!;
			expect([e.source, e.target]).toEqual([through.path[i], through.path[i + 1]]);
		});
	});

	it('ignores dangling edges and duplicate node ids', () => {
		const def = chain(['t', 'a']);
		def.nodes.push({ ...def.nodes[1] });
		def.edges.push({ id: 'ghost', source: 'a', target: 'nowhere' });
		expect(findCycles(def).cycles).toEqual([]);
	});

	it('handles a 10,000-node chain closed into a loop without deep recursion', () => {
		const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
		const a = findCycles(chain(ids, [['n9999', 'n1']]), ['n0']);
		expect(a.cycles).toHaveLength(1);
		expect(a.cycles[0].path).toHaveLength(10_000);
		expect(a.cycles[0].edgeId).toBe('e-n9999-n1');
	});
});
