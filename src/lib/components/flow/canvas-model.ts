// The workflow canvas's model: a WorkflowDefinition (plus diff statuses, validation problems and the
// selection) turned into the node and edge objects @xyflow/svelte draws. Pure functions; the previous
// objects are reused for nodes and edges whose inputs did not change, so xyflow keeps their measurements
// and selection and a change costs O(n), not a re-layout.
import { MarkerType } from '@xyflow/svelte';
import type { CycleAnalysis } from '$lib/graph/cycles';
import { isTriggerType, type NodeType, type WorkflowDefinition } from '$lib/graph/definition';
import type { CanvasProblem, CanvasSelection, DiffStatus, FlowEdge, FlowNode } from './types';

export const STATUS_COLOR: Record<DiffStatus, string> = {
	added: '#1a7f37',
	removed: '#cf222e',
	changed: '#9a6700',
	unchanged: '#8c959f'
};

const EMPTY: readonly string[] = Object.freeze([]);

/** Problem messages by node id (with the worst severity) and by edge id. */
export interface ProblemIndex {
	nodes: Map<string, { messages: string[]; severity: 'error' | 'warning' }>;
	edges: Map<string, string[]>;
}

export function indexProblems(problems: readonly CanvasProblem[] | undefined): ProblemIndex {
	const index: ProblemIndex = { nodes: new Map(), edges: new Map() };
	for (const p of problems ?? []) {
		const severity = p.severity ?? 'error';
		if (p.node_id) {
			const entry = index.nodes.get(p.node_id) ?? { messages: [], severity };
			entry.messages.push(p.message);
			if (severity === 'error') entry.severity = 'error';
			index.nodes.set(p.node_id, entry);
		}
		if (p.edge_id) {
			const list = index.edges.get(p.edge_id) ?? [];
			list.push(p.message);
			index.edges.set(p.edge_id, list);
		}
	}
	return index;
}

/** What decorates the graph besides the definition itself. */
export interface Decorations {
	/** Diff status by node or edge id (missing ids are 'unchanged'). */
	statuses?: Record<string, DiffStatus>;
	problems: ProblemIndex;
	nodeTypes?: readonly NodeType[];
	readonly: boolean;
	/** The node or edge id to show selected when it is new to the canvas. */
	selectedId: string | null;
	/** Cycles of the definition: back edges drawn as loops, cycle edges highlighted. */
	cycles?: CycleAnalysis;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function buildNodes(def: WorkflowDefinition, prev: readonly FlowNode[], d: Decorations): FlowNode[] {
	const prevById = new Map(prev.map((n) => [n.id, n] as const));
	const seen = new Set<string>();
	const out: FlowNode[] = [];
	for (const wf of def.nodes) {
		if (!wf || typeof wf.id !== 'string' || seen.has(wf.id)) continue;
		seen.add(wf.id);
		const status = d.statuses?.[wf.id] ?? 'unchanged';
		const problem = d.problems.nodes.get(wf.id);
		const messages = problem?.messages ?? EMPTY;
		const severity = problem ? problem.severity : null;
		const type = typeof wf.data?.type === 'string' ? wf.data.type : '';
		const isTrigger = isTriggerType(type, d.nodeTypes);
		const old = prevById.get(wf.id);
		if (
			old &&
			old.data.node === wf &&
			old.data.status === status &&
			old.data.isTrigger === isTrigger &&
			old.data.problemSeverity === severity &&
			sameList(old.data.problems, messages) &&
			old.position.x === wf.position.x &&
			old.position.y === wf.position.y &&
			old.deletable === !d.readonly
		) {
			out.push(old);
			continue;
		}
		const label = wf.data?.label || wf.id;
		out.push({
			id: wf.id,
			type: 'workflow',
			position: { x: wf.position.x, y: wf.position.y },
			data: { node: wf, label, type, isTrigger, status, problems: messages, problemSeverity: severity },
			selected: old ? old.selected : wf.id === d.selectedId,
			measured: old?.measured,
			deletable: !d.readonly,
			ariaLabel: `${label}, ${type || 'no type'}${isTrigger ? ', trigger' : ''}${status !== 'unchanged' ? `, ${status}` : ''}${messages.length ? `, ${messages.length} problem(s)` : ''}`,
			class: `wf-flow-node wf-flow-node--${status}`,
			domAttributes: {
				'data-testid': `node-${wf.id}`,
				'data-status': status,
				'data-problem': messages.length ? 'true' : undefined
			}
		});
	}
	return out;
}

/** "Edge from Fetch to Transform, closes a cycle, added: <problems>" — what screen readers announce. */
export function edgeAriaLabel(source: string, target: string, status: DiffStatus, back: boolean, problems: readonly string[]): string {
	return `Edge from ${source} to ${target}${back ? ', closes a cycle' : ''}${status !== 'unchanged' ? `, ${status}` : ''}${problems.length ? `: ${problems.join('; ')}` : ''}`;
}

export function buildEdges(def: WorkflowDefinition, prev: readonly FlowEdge[], labels: ReadonlyMap<string, string>, d: Decorations): FlowEdge[] {
	const prevById = new Map(prev.map((e) => [e.id, e] as const));
	const seen = new Set<string>();
	const out: FlowEdge[] = [];
	for (const edge of def.edges) {
		if (!edge || typeof edge.id !== 'string') continue;
		// Dangling edges (unknown endpoint, possible in a draft) cannot be drawn; validation lists them.
		if (!labels.has(edge.source) || !labels.has(edge.target)) continue;
		let key = edge.id;
		for (let i = 2; seen.has(key); i++) key = `${edge.id}#${i}`;
		seen.add(key);
		const status = d.statuses?.[edge.id] ?? 'unchanged';
		const messages = d.problems.edges.get(edge.id) ?? EMPTY;
		const back = key === edge.id && !!d.cycles?.backEdges.has(edge.id);
		const onCycle = key === edge.id && !!d.cycles?.cycleEdges.has(edge.id);
		const ariaLabel = edgeAriaLabel(labels.get(edge.source)!, labels.get(edge.target)!, status, back, messages);
		const old = prevById.get(key);
		if (
			old &&
			old.data?.edge === edge &&
			old.data.status === status &&
			old.data.back === back &&
			old.data.onCycle === onCycle &&
			old.ariaLabel === ariaLabel &&
			sameList(old.data.problems, messages) &&
			old.deletable === !d.readonly
		) {
			out.push(old);
			continue;
		}
		const color = messages.length || onCycle ? STATUS_COLOR.removed : STATUS_COLOR[status];
		out.push({
			id: key,
			type: 'workflow',
			source: edge.source,
			target: edge.target,
			data: { edge, status, problems: messages, back, onCycle },
			selected: old ? old.selected : edge.id === d.selectedId,
			deletable: !d.readonly,
			class: ['wf-edge', `wf-edge--${status}`, messages.length > 0 && 'wf-edge--problem', back && 'wf-edge--back', onCycle && 'wf-edge--cycle'],
			markerEnd: { type: MarkerType.ArrowClosed, color, width: 18, height: 18 },
			ariaLabel,
			domAttributes: {
				'data-testid': `edge-${edge.id}`,
				'data-status': status,
				'data-problem': messages.length ? 'true' : undefined,
				'data-back': back ? 'true' : undefined,
				'data-cycle': onCycle ? 'true' : undefined
			}
		});
	}
	return out;
}

/** Nodes and edges for a definition, reusing `prevNodes`/`prevEdges` where nothing changed. */
export function buildFlow(
	def: WorkflowDefinition,
	prevNodes: readonly FlowNode[],
	prevEdges: readonly FlowEdge[],
	d: Decorations
): [FlowNode[], FlowEdge[]] {
	const nodes = buildNodes(def, prevNodes, d);
	const labels = new Map(nodes.map((n) => [n.id, n.data.label] as const));
	return [nodes, buildEdges(def, prevEdges, labels, d)];
}

/** The user's selection as the canvas reports it: the first selected node, else the first edge. */
export function selectionOf(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): CanvasSelection | null {
	const node = nodes.find((n) => n.selected);
	if (node) return { kind: 'node', id: node.id };
	const edge = edges.find((e) => e.selected);
	if (edge) return { kind: 'edge', id: edge.data?.edge.id ?? edge.id };
	return null;
}

/** Targets offered for "Connect to…": every other node not yet a target of `from`, triggers excepted. */
export function connectOptions(from: string, def: WorkflowDefinition, nodes: readonly FlowNode[]): { id: string; label: string }[] {
	const existing = new Set(def.edges.filter((e) => e.source === from).map((e) => e.target));
	return nodes.filter((n) => n.id !== from && !existing.has(n.id) && !n.data.isTrigger).map((n) => ({ id: n.id, label: n.data.label }));
}

export function minimapColor(node: { data: Record<string, unknown> }): string {
	const status = (node.data as { status?: DiffStatus }).status ?? 'unchanged';
	return status === 'unchanged' ? '#d0d7de' : STATUS_COLOR[status];
}
