/**
 * Validation problems as the editor shows them. The database's messages name node and edge ids
 * (docs/architecture.md, "Validation"); people know their steps by label, so every quoted id is
 * replaced by the node's label (or, for an edge, "Source → Target"), and the per-node `graph_cycle`
 * problems of one cycle become ONE message naming the cycle's path ("Cycle: Fetch → Transform → Fetch")
 * that selects the edge closing it.
 */
import { findCycles } from './cycles';
import type { WorkflowDefinition } from './definition';

export interface Problem {
	code: string;
	message: string;
	node_id?: string;
	edge_id?: string;
}

export interface ShownProblem extends Problem {
	severity: 'error' | 'warning';
	/** What clicking the problem selects. */
	select: { kind: 'node' | 'edge'; id: string } | null;
	/** For a cycle: its nodes, in order (the first repeated at the end). */
	path?: string[];
}

export interface Verdict {
	errors: Problem[];
	warnings: Problem[];
}

/** Names by id, as the canvas shows them: a node's label (else its id), an edge "Source → Target". */
export function namesOf(def: WorkflowDefinition): { nodes: Map<string, string>; edges: Map<string, string> } {
	const nodes = new Map<string, string>();
	for (const n of def.nodes) {
		if (n && typeof n.id === 'string' && !nodes.has(n.id)) {
			nodes.set(n.id, n.data?.label || n.id);
		}
	}
	const edges = new Map<string, string>();
	for (const e of def.edges) {
		if (e && typeof e.id === 'string' && !edges.has(e.id)) {
			edges.set(e.id, `${nodes.get(e.source) ?? e.source} → ${nodes.get(e.target) ?? e.target}`);
		}
	}
	return { nodes, edges };
}

/** The message with each quoted node or edge id replaced by its name in curly quotes. */
export function labelMessage(message: string, names: ReturnType<typeof namesOf>): string {
	return message.replace(/"([^"]*)"/g, (whole, id: string) => {
		const node = names.nodes.get(id);
		if (node !== undefined) return `“${node}”`;
		const edge = names.edges.get(id);
		if (edge !== undefined) return `“${edge}”`;
		return whole;
	});
}

/** Each problem with its message labelled (what the canvas shows on nodes). */
export function labelProblems<P extends Problem>(problems: readonly P[], def: WorkflowDefinition): P[] {
	const names = namesOf(def);
	return problems.map((p) => ({ ...p, message: labelMessage(p.message, names) }));
}

function selectionOf(p: Problem): ShownProblem['select'] {
	if (p.edge_id) return { kind: 'edge', id: p.edge_id };
	if (p.node_id) return { kind: 'node', id: p.node_id };
	return null;
}

/**
 * The verdict as the validation panel lists it: labels instead of ids, one message per cycle (in place
 * of the first `graph_cycle` problem) selecting the edge that closes it.
 */
export function presentProblems(verdict: Verdict, def: WorkflowDefinition, triggerIds: readonly string[] = []): {
	errors: ShownProblem[];
	warnings: ShownProblem[];
} {
	const names = namesOf(def);
	const shown = (p: Problem, severity: ShownProblem['severity']): ShownProblem => ({
		...p,
		message: labelMessage(p.message, names),
		severity,
		select: selectionOf(p)
	});

	const onCycle = new Set(verdict.errors.filter((p) => p.code === 'graph_cycle' && p.node_id).map((p) => p.node_id!));
	const errors: ShownProblem[] = [];
	let cyclesPlaced = false;
	for (const p of verdict.errors) {
		if (p.code !== 'graph_cycle' || !p.node_id) {
			errors.push(shown(p, 'error'));
			continue;
		}
		if (cyclesPlaced) continue;
		cyclesPlaced = true;
		const covered = new Set<string>();
		for (const cycle of findCycles(def, triggerIds).cycles) {
			if (!cycle.path.some((id) => onCycle.has(id))) continue;
			for (const id of cycle.path) covered.add(id);
			const closing = def.edges.find((e) => e.id === cycle.edgeId);
			errors.push({
				code: 'graph_cycle',
				message: `Cycle: ${cycle.path.map((id) => names.nodes.get(id) ?? id).join(' → ')}`,
				edge_id: cycle.edgeId,
				node_id: closing?.target,
				severity: 'error',
				select: { kind: 'edge', id: cycle.edgeId },
				path: cycle.path
			});
		}
		// Whatever the client could not place on a cycle (it draws what it can read) keeps its own message.
		for (const q of verdict.errors) {
			if (q.code === 'graph_cycle' && q.node_id && !covered.has(q.node_id)) errors.push(shown(q, 'error'));
		}
	}
	return { errors, warnings: verdict.warnings.map((p) => shown(p, 'warning')) };
}
