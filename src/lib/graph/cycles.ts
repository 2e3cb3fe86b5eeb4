/**
 * Cycles in a definition, found on the client so the editor can show which edge closes a loop.
 *
 * The database reports every node on a cycle (`graph_cycle`, one problem per node, see
 * docs/architecture.md "Validation"); it does not say which edge closes it. Here a depth-first search
 * from the trigger (then from every node not reached yet) finds the back edges: an edge into a node
 * still on the search stack closes a cycle, and the stack between the two is the cycle's path. A node
 * that lies on a cycle no back edge's path passes through (possible when two loops share nodes) gets
 * its own cycle by a breadth-first search back to itself. Iterative and linear in the size of the graph
 * (the fallback searches are capped), so a 10,000-node chain costs no stack depth.
 */
import type { WorkflowDefinition } from './definition';

export interface GraphCycle {
	/** The edge that closes the cycle (a back edge of the search). */
	edgeId: string;
	/** Node ids along the cycle, starting and ending with the same node: [a, b, c, a]. */
	path: string[];
	/** Edge ids along the cycle, in order (the closing edge last). */
	edges: string[];
}

export interface CycleAnalysis {
	cycles: GraphCycle[];
	/** Edges that close a cycle: drawn as distinct curves. */
	backEdges: Set<string>;
	/** Every edge on a reported cycle: highlighted. */
	cycleEdges: Set<string>;
	/** Every node on a reported cycle. */
	cycleNodes: Set<string>;
}

/** How many nodes left over by the depth-first search get their own (linear) search. */
const FALLBACK_LIMIT = 50;

interface Out {
	edge: string;
	to: number;
}

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

export function findCycles(def: WorkflowDefinition, triggerIds: readonly string[] = []): CycleAnalysis {
	const index = new Map<string, number>();
	const ids: string[] = [];
	for (const n of def.nodes) {
		if (!n || typeof n.id !== 'string' || index.has(n.id)) continue;
		index.set(n.id, ids.length);
		ids.push(n.id);
	}
	const out: Out[][] = ids.map(() => []);
	const indeg = new Array<number>(ids.length).fill(0);
	for (const e of def.edges) {
		if (!e || typeof e.id !== 'string') continue;
		const s = index.get(e.source);
		const t = index.get(e.target);
		if (s === undefined || t === undefined) continue;
		out[s].push({ edge: e.id, to: t });
		indeg[t]++;
	}

	const analysis: CycleAnalysis = { cycles: [], backEdges: new Set(), cycleEdges: new Set(), cycleNodes: new Set() };
	const add = (cycle: GraphCycle) => {
		analysis.cycles.push(cycle);
		analysis.backEdges.add(cycle.edgeId);
		for (const e of cycle.edges) analysis.cycleEdges.add(e);
		for (const n of cycle.path) analysis.cycleNodes.add(n);
	};

	// Roots: the triggers first, then nodes without incoming edges, then everything else, in order.
	const roots: number[] = [];
	for (const id of triggerIds) {
		const i = index.get(id);
		if (i !== undefined) roots.push(i);
	}
	for (let i = 0; i < ids.length; i++) if (indeg[i] === 0) roots.push(i);
	for (let i = 0; i < ids.length; i++) roots.push(i);

	const colour = new Array<number>(ids.length).fill(WHITE);
	// The search stack: node, the next outgoing edge to look at, and the edge that led here.
	const stackNode: number[] = [];
	const stackNext: number[] = [];
	const stackVia: string[] = [];
	const position = new Array<number>(ids.length).fill(-1);

	for (const root of roots) {
		if (colour[root] !== WHITE) continue;
		colour[root] = GREY;
		position[root] = 0;
		stackNode.push(root);
		stackNext.push(0);
		stackVia.push('');
		while (stackNode.length > 0) {
			const top = stackNode.length - 1;
			const u = stackNode[top];
			const k = stackNext[top];
			if (k >= out[u].length) {
				colour[u] = BLACK;
				position[u] = -1;
				stackNode.pop();
				stackNext.pop();
				stackVia.pop();
				continue;
			}
			stackNext[top] = k + 1;
			const { edge, to } = out[u][k];
			if (colour[to] === WHITE) {
				colour[to] = GREY;
				position[to] = stackNode.length;
				stackNode.push(to);
				stackNext.push(0);
				stackVia.push(edge);
			} else if (colour[to] === GREY) {
				const from = position[to];
				const path = stackNode.slice(from).map((i) => ids[i]);
				path.push(ids[to]);
				add({ edgeId: edge, path, edges: [...stackVia.slice(from + 1), edge] });
			}
		}
	}

	// Nodes on a cycle that no path above passes through: a shortest way back to themselves.
	const onCycle = nodesOnCycles(ids.length, out, indeg);
	let fallbacks = 0;
	for (let i = 0; i < ids.length && fallbacks < FALLBACK_LIMIT; i++) {
		if (!onCycle[i] || analysis.cycleNodes.has(ids[i])) continue;
		fallbacks++;
		const cycle = cycleThrough(i, out, onCycle, ids);
		if (cycle) add(cycle);
	}
	return analysis;
}

/** Kahn's algorithm forwards, then backwards: what is left lies on a cycle (as the database computes it). */
function nodesOnCycles(n: number, out: Out[][], indegIn: number[]): boolean[] {
	const left = new Array<boolean>(n).fill(true);
	const indeg = indegIn.slice();
	const queue: number[] = [];
	for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
	for (let h = 0; h < queue.length; h++) {
		const u = queue[h];
		left[u] = false;
		for (const { to } of out[u]) if (--indeg[to] === 0) queue.push(to);
	}
	const incoming: number[][] = Array.from({ length: n }, () => []);
	const outdeg = new Array<number>(n).fill(0);
	for (let u = 0; u < n; u++) {
		for (const { to } of out[u]) {
			if (left[u] && left[to]) {
				incoming[to].push(u);
				outdeg[u]++;
			}
		}
	}
	const back: number[] = [];
	for (let i = 0; i < n; i++) if (left[i] && outdeg[i] === 0) back.push(i);
	for (let h = 0; h < back.length; h++) {
		const u = back[h];
		left[u] = false;
		for (const p of incoming[u]) if (left[p] && --outdeg[p] === 0) back.push(p);
	}
	return left;
}

/** A shortest cycle through `start`, over nodes on cycles (breadth-first). */
function cycleThrough(start: number, out: Out[][], onCycle: boolean[], ids: string[]): GraphCycle | null {
	const prev = new Map<number, { from: number; edge: string }>();
	const queue = [start];
	for (let h = 0; h < queue.length; h++) {
		const u = queue[h];
		for (const { edge, to } of out[u]) {
			if (!onCycle[to]) continue;
			if (to === start) {
				const nodes = [start];
				const edges = [edge];
				for (let v = u; v !== start; v = prev.get(v)!.from) {
					nodes.push(v);
					edges.push(prev.get(v)!.edge);
				}
				nodes.push(start);
				nodes.reverse();
				edges.reverse(); // from start onwards, the closing edge last
				return { edgeId: edge, path: nodes.map((i) => ids[i]), edges };
			}
			if (!prev.has(to) && to !== start) {
				prev.set(to, { from: u, edge });
				queue.push(to);
			}
		}
	}
	return null;
}
