/**
 * Structural diff of two workflow definitions, with the same shape and semantics as the SQL
 * function `diff_workflow_versions(from, to)`:
 *
 * - nodes are matched by `id`; a node present only in `to` is added, only in `from` removed; a node
 *   in both is changed when the node objects differ as JSON (position, data.type, data.label,
 *   data.config or any other field; key order does not matter);
 * - edges are matched by `id`; an edge whose `source` or `target` differs is reported as removed
 *   (the old one) and added (the new one); edges have no "changed" list;
 * - `settings_changed` compares `settings` as JSON, an absent `settings` counting as `{}`
 *   (SQL: `coalesce(from->'settings', '{}') <> coalesce(to->'settings', '{}')`).
 *
 * Lists keep document order: added/changed in `to` order, removed in `from` order. Nodes or edges
 * without a string id are ignored, and for a duplicated id only the first occurrence counts.
 */
import { normalizeDefinition, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from './definition';
import { jsonEqual } from './json';

export interface NodeChange {
	id: string;
	before: WorkflowNode;
	after: WorkflowNode;
}

export interface DefinitionDiff {
	nodes: { added: WorkflowNode[]; removed: WorkflowNode[]; changed: NodeChange[] };
	edges: { added: WorkflowEdge[]; removed: WorkflowEdge[] };
	settings_changed: boolean;
}

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export type OverlayNode = WorkflowNode & { status: DiffStatus };
export type OverlayEdge = WorkflowEdge & { status: DiffStatus };

export interface Overlay {
	nodes: OverlayNode[];
	edges: OverlayEdge[];
}

function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
	const map = new Map<string, T>();
	if (!Array.isArray(items)) return map;
	for (const item of items) {
		if (item && typeof item.id === 'string' && !map.has(item.id)) map.set(item.id, item);
	}
	return map;
}

/** As in SQL (`f.x->'source' = t.x->'source'`): a missing endpoint never equals anything. */
function sameEndpoints(a: WorkflowEdge, b: WorkflowEdge): boolean {
	return (
		a.source !== undefined &&
		a.target !== undefined &&
		jsonEqual(a.source, b.source) &&
		jsonEqual(a.target, b.target)
	);
}

function settingsOf(def: WorkflowDefinition | undefined): unknown {
	return def?.settings === undefined ? {} : def.settings;
}

export function diffDefinitions(from: WorkflowDefinition, to: WorkflowDefinition): DefinitionDiff {
	const fromNodes = byId(from?.nodes);
	const toNodes = byId(to?.nodes);
	const fromEdges = byId(from?.edges);
	const toEdges = byId(to?.edges);

	const diff: DefinitionDiff = {
		nodes: { added: [], removed: [], changed: [] },
		edges: { added: [], removed: [] },
		settings_changed: !jsonEqual(settingsOf(from), settingsOf(to))
	};

	for (const [id, after] of toNodes) {
		const before = fromNodes.get(id);
		if (!before) diff.nodes.added.push(after);
		else if (before !== after && !jsonEqual(before, after)) diff.nodes.changed.push({ id, before, after });
	}
	for (const [id, before] of fromNodes) {
		if (!toNodes.has(id)) diff.nodes.removed.push(before);
	}

	for (const [id, after] of toEdges) {
		const before = fromEdges.get(id);
		if (!before || !sameEndpoints(before, after)) diff.edges.added.push(after);
	}
	for (const [id, before] of fromEdges) {
		const after = toEdges.get(id);
		if (!after || !sameEndpoints(before, after)) diff.edges.removed.push(before);
	}
	return diff;
}

export function isEmptyDiff(diff: DefinitionDiff): boolean {
	return (
		diff.nodes.added.length === 0 &&
		diff.nodes.removed.length === 0 &&
		diff.nodes.changed.length === 0 &&
		diff.edges.added.length === 0 &&
		diff.edges.removed.length === 0 &&
		!diff.settings_changed
	);
}

/**
 * Everything of both definitions in one graph for drawing: the nodes/edges of `to` with their
 * status ('added' | 'changed' | 'unchanged'), followed by the ones only in `from` with status
 * 'removed' (kept so they can be drawn ghosted, at their old position). A changed node is shown as
 * it is in `to`. An edge whose endpoints changed appears twice with the same id: once 'added'
 * (new endpoints) and once 'removed' (old endpoints); renderers must key them apart.
 * Pass `diff` when you already have it (e.g. from the server) to avoid recomputing it.
 */
export function overlay(from: WorkflowDefinition, to: WorkflowDefinition, diff?: DefinitionDiff): Overlay {
	const d = diff ?? diffDefinitions(from, to);
	const addedNodes = new Set(d.nodes.added.map((n) => n.id));
	const changedNodes = new Set(d.nodes.changed.map((c) => c.id));
	const addedEdges = new Set(d.edges.added.map((e) => e.id));

	const nodes: OverlayNode[] = [];
	const seenNodes = new Set<string>();
	for (const node of to?.nodes ?? []) {
		if (seenNodes.has(node.id)) continue;
		seenNodes.add(node.id);
		const status: DiffStatus = addedNodes.has(node.id) ? 'added' : changedNodes.has(node.id) ? 'changed' : 'unchanged';
		nodes.push({ ...node, status });
	}
	// What was removed comes from the diff (the diff_workflow_versions RPC: raw stored JSON, where a node may
	// lack a position or an edge an endpoint), so it is normalized like any definition before it is drawn.
	const removed = normalizeDefinition({ nodes: d.nodes.removed, edges: d.edges.removed });
	for (const node of removed.nodes) nodes.push({ ...node, status: 'removed' });

	const edges: OverlayEdge[] = [];
	const seenEdges = new Set<string>();
	for (const edge of to?.edges ?? []) {
		if (seenEdges.has(edge.id)) continue;
		seenEdges.add(edge.id);
		edges.push({ ...edge, status: addedEdges.has(edge.id) ? 'added' : 'unchanged' });
	}
	for (const edge of removed.edges) edges.push({ ...edge, status: 'removed' });

	return { nodes, edges };
}

/**
 * Status by id for `WorkflowCanvas`'s `statuses` prop. For an edge id that is both removed and
 * added (endpoints changed) the 'added' status wins.
 */
export function statusMap(ov: Overlay): Record<string, DiffStatus> {
	const map: Record<string, DiffStatus> = {};
	for (const n of ov.nodes) map[n.id] = n.status;
	for (const e of ov.edges) {
		if (e.status !== 'removed' || map[e.id] === undefined) map[e.id] = e.status;
	}
	return map;
}

/**
 * Statuses for a side-by-side view (two graphs, before | after): on the `before` side what was removed
 * or changed, on the `after` side what was added or changed; everything else is unchanged.
 */
export function sideStatuses(diff: DefinitionDiff): { before: Record<string, DiffStatus>; after: Record<string, DiffStatus> } {
	const before: Record<string, DiffStatus> = {};
	const after: Record<string, DiffStatus> = {};
	for (const n of diff.nodes.removed) before[n.id] = 'removed';
	for (const n of diff.nodes.added) after[n.id] = 'added';
	for (const c of diff.nodes.changed) before[c.id] = after[c.id] = 'changed';
	for (const e of diff.edges.removed) before[e.id] = 'removed';
	for (const e of diff.edges.added) after[e.id] = 'added';
	return { before, after };
}

function countPhrase(counts: [number, string][], singular: string, plural: string): string[] {
	const parts: string[] = [];
	for (const [count, verb] of counts) {
		if (count === 0) continue;
		parts.push(parts.length === 0 ? `${count} ${count === 1 ? singular : plural} ${verb}` : `${count} ${verb}`);
	}
	return parts;
}

/** "2 nodes added, 1 changed, 1 edge removed", "settings changed", or "No changes". */
export function summarize(diff: DefinitionDiff): string {
	const parts = [
		...countPhrase(
			[
				[diff.nodes.added.length, 'added'],
				[diff.nodes.changed.length, 'changed'],
				[diff.nodes.removed.length, 'removed']
			],
			'node',
			'nodes'
		),
		...countPhrase(
			[
				[diff.edges.added.length, 'added'],
				[diff.edges.removed.length, 'removed']
			],
			'edge',
			'edges'
		)
	];
	if (diff.settings_changed) parts.push('settings changed');
	return parts.length === 0 ? 'No changes' : parts.join(', ');
}
