/**
 * The workflow definition (the Svelte Flow graph stored in `workflow_versions.definition`) and pure,
 * immutable operations on it.
 *
 * Every operation returns a new definition and shares the untouched nodes/edges with its input
 * (structural sharing), so callers can compare by reference. An operation that changes nothing
 * (unknown id, duplicate edge, self-loop…) returns its input unchanged (`===`).
 */
import { isPlainObject, jsonEqual } from './json';

export interface XYPosition {
	x: number;
	y: number;
}

export interface WorkflowNodeData {
	type: string;
	label?: string;
	config?: Record<string, unknown>;
}

export interface WorkflowNode {
	id: string;
	position: XYPosition;
	data: WorkflowNodeData;
}

export interface WorkflowEdge {
	id: string;
	source: string;
	target: string;
}

export interface WorkflowDefinition {
	nodes: WorkflowNode[];
	edges: WorkflowEdge[];
	settings?: Record<string, unknown>;
}

/** A row of `workflow_node_types`. */
export interface NodeType {
	type: string;
	is_trigger: boolean;
	description: string | null;
}

/** What `updateNode` merges into a node: position replaced, data fields merged shallowly. */
export interface NodePatch {
	position?: XYPosition;
	data?: Partial<WorkflowNodeData>;
}

/** Trigger types seeded in `workflow_node_types`; used when the caller has no node-type list. */
export const DEFAULT_TRIGGER_TYPES: readonly string[] = ['webhook', 'schedule'];

/** Horizontal distance between a node and the one added after it. */
export const NODE_SPACING_X = 240;
/** Vertical step used to avoid placing a new node exactly on top of another. */
export const NODE_SPACING_Y = 100;

export function emptyDefinition(): WorkflowDefinition {
	return { nodes: [], edges: [] };
}

export function isTriggerType(type: string, nodeTypes?: readonly NodeType[] | null): boolean {
	if (nodeTypes && nodeTypes.length > 0) {
		return nodeTypes.some((t) => t.type === type && t.is_trigger);
	}
	return DEFAULT_TRIGGER_TYPES.includes(type);
}

/** "http_call" → "Http call". */
export function humanizeType(type: string): string {
	const words = type.replace(/[_-]+/g, ' ').trim();
	if (!words) return 'Node';
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `base`, or `base-2`, `base-3`… — the first one not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
	if (!taken.has(base)) return base;
	for (let i = 2; ; i++) {
		const candidate = `${base}-${i}`;
		if (!taken.has(candidate)) return candidate;
	}
}

function finiteOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function idOf(value: unknown): string | null {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/**
 * Turns whatever a draft holds into a `WorkflowDefinition` without throwing. A draft may hold any
 * JSON object (work in progress), so this is tolerant and as lossless as it can be:
 * - not an object → empty definition; `nodes`/`edges` not arrays → `[]`;
 * - non-object nodes/edges are dropped; extra properties are kept as they are;
 * - a node without an id gets `node-<n>`, a missing position `{x: 0, y: 0}`, a missing or
 *   non-string `data.type` `""` (validation reports it as an unknown type);
 * - an edge without an id gets `e-<source>-<target>` (made unique); missing endpoints become `""`;
 * - `settings` is kept only when it is an object (absent stays absent).
 * Duplicate ids are kept (validation reports them); the canvas renders only the first.
 */
export function normalizeDefinition(input: unknown): WorkflowDefinition {
	if (!isPlainObject(input)) return emptyDefinition();
	const rawNodes = Array.isArray(input.nodes) ? input.nodes : [];
	const rawEdges = Array.isArray(input.edges) ? input.edges : [];

	const nodeIds = new Set<string>();
	for (const raw of rawNodes) {
		if (isPlainObject(raw)) {
			const id = idOf(raw.id);
			if (id !== null) nodeIds.add(id);
		}
	}
	const nodes: WorkflowNode[] = [];
	let generated = 0;
	for (const raw of rawNodes) {
		if (!isPlainObject(raw)) continue;
		let id = idOf(raw.id);
		if (id === null) {
			do id = `node-${++generated}`;
			while (nodeIds.has(id));
			nodeIds.add(id);
		}
		const position = isPlainObject(raw.position) ? raw.position : {};
		const data = isPlainObject(raw.data) ? raw.data : {};
		const nodeData: WorkflowNodeData = { ...data, type: typeof data.type === 'string' ? data.type : '' };
		if (data.label !== undefined && typeof data.label !== 'string') {
			nodeData.label = data.label === null ? undefined : String(data.label);
		}
		if (data.config !== undefined && !isPlainObject(data.config)) delete nodeData.config;
		nodes.push({
			...raw,
			id,
			position: { ...position, x: finiteOr(position.x, 0), y: finiteOr(position.y, 0) },
			data: nodeData
		} as WorkflowNode);
	}

	const edgeIds = new Set<string>();
	for (const raw of rawEdges) {
		if (isPlainObject(raw)) {
			const id = idOf(raw.id);
			if (id !== null) edgeIds.add(id);
		}
	}
	const edges: WorkflowEdge[] = [];
	for (const raw of rawEdges) {
		if (!isPlainObject(raw)) continue;
		const source = idOf(raw.source) ?? '';
		const target = idOf(raw.target) ?? '';
		let id = idOf(raw.id);
		if (id === null) {
			id = uniqueId(`e-${source}-${target}`, edgeIds);
			edgeIds.add(id);
		}
		edges.push({ ...raw, id, source, target } as WorkflowEdge);
	}

	const definition: WorkflowDefinition = { ...input, nodes, edges } as WorkflowDefinition;
	if (input.settings !== undefined && !isPlainObject(input.settings)) delete definition.settings;
	return definition;
}

function defaultPosition(def: WorkflowDefinition): XYPosition {
	if (def.nodes.length === 0) return { x: 0, y: 0 };
	const last = def.nodes[def.nodes.length - 1];
	const x = Math.round(last.position.x + NODE_SPACING_X);
	let y = Math.round(last.position.y);
	// Step down while another node sits (roughly) on that spot. O(n) per step; bounded.
	const near = (p: XYPosition) => Math.abs(p.x - x) < NODE_SPACING_X / 2 && Math.abs(p.y - y) < NODE_SPACING_Y / 2;
	for (let i = 0; i < 50 && def.nodes.some((n) => near(n.position)); i++) y += NODE_SPACING_Y;
	return { x, y };
}

/**
 * Appends a node of `type` (id `<type>-<n>`, label from the type, empty config). The new node is
 * always the last element of `nodes`. Without a position it goes to the right of the last node.
 */
export function addNode(def: WorkflowDefinition, type: string, position?: XYPosition): WorkflowDefinition {
	const taken = new Set(def.nodes.map((n) => n.id));
	let id: string;
	let i = 1;
	const base = type.replace(/[^A-Za-z0-9_-]+/g, '_') || 'node';
	do id = `${base}-${i++}`;
	while (taken.has(id));
	const node: WorkflowNode = {
		id,
		position: position ? { x: Math.round(position.x), y: Math.round(position.y) } : defaultPosition(def),
		data: { type, label: humanizeType(type), config: {} }
	};
	return { ...def, nodes: [...def.nodes, node] };
}

/** The node `addNode` appended (the last one), for callers that want to select it. */
export function lastNode(def: WorkflowDefinition): WorkflowNode | undefined {
	return def.nodes[def.nodes.length - 1];
}

/** Inserts a complete node (used when replaying). Returns `def` if the id is taken. */
export function insertNode(def: WorkflowDefinition, node: WorkflowNode): WorkflowDefinition {
	if (def.nodes.some((n) => n.id === node.id)) return def;
	return { ...def, nodes: [...def.nodes, node] };
}

/**
 * Removes the nodes and edges whose ids are listed, and every edge attached to a removed node.
 * Returns `def` itself when nothing matched.
 */
export function removeElements(def: WorkflowDefinition, ids: Iterable<string>): WorkflowDefinition {
	const remove = new Set(ids);
	if (remove.size === 0) return def;
	const removedNodes = new Set<string>();
	const nodes = def.nodes.filter((n) => {
		if (remove.has(n.id)) {
			removedNodes.add(n.id);
			return false;
		}
		return true;
	});
	const edges = def.edges.filter(
		(e) => !remove.has(e.id) && !removedNodes.has(e.source) && !removedNodes.has(e.target)
	);
	const nodesChanged = nodes.length !== def.nodes.length;
	const edgesChanged = edges.length !== def.edges.length;
	if (!nodesChanged && !edgesChanged) return def;
	return { ...def, nodes: nodesChanged ? nodes : def.nodes, edges: edgesChanged ? edges : def.edges };
}

/** The id `connect` would give an edge from `source` to `target`: `e-<source>-<target>`, made unique. */
export function edgeIdFor(def: WorkflowDefinition, source: string, target: string): string {
	return uniqueId(`e-${source}-${target}`, new Set(def.edges.map((e) => e.id)));
}

/**
 * Adds an edge `source → target` with id `e-<source>-<target>` (made unique). Returns `def`
 * unchanged when either node does not exist, for a self-loop, or when that edge already exists.
 * Cycles and edges into a trigger are allowed here: validation reports them.
 */
export function connect(def: WorkflowDefinition, source: string, target: string): WorkflowDefinition {
	if (source === target) return def;
	let hasSource = false;
	let hasTarget = false;
	for (const n of def.nodes) {
		if (n.id === source) hasSource = true;
		if (n.id === target) hasTarget = true;
	}
	if (!hasSource || !hasTarget) return def;
	if (def.edges.some((e) => e.source === source && e.target === target)) return def;
	const edge: WorkflowEdge = { id: edgeIdFor(def, source, target), source, target };
	return { ...def, edges: [...def.edges, edge] };
}

/** Inserts a complete edge (used when replaying). Returns `def` if the id is taken. */
export function insertEdge(def: WorkflowDefinition, edge: WorkflowEdge): WorkflowDefinition {
	if (def.edges.some((e) => e.id === edge.id)) return def;
	return { ...def, edges: [...def.edges, edge] };
}

/** Moves a node (coordinates rounded to whole pixels). Returns `def` if unknown or unmoved. */
export function moveNode(def: WorkflowDefinition, id: string, position: XYPosition): WorkflowDefinition {
	return moveNodes(def, new Map([[id, position]]));
}

/** Moves several nodes at once (a dragged selection). */
export function moveNodes(def: WorkflowDefinition, positions: ReadonlyMap<string, XYPosition>): WorkflowDefinition {
	if (positions.size === 0) return def;
	let changed = false;
	const nodes = def.nodes.map((n) => {
		const p = positions.get(n.id);
		if (!p) return n;
		const x = Math.round(p.x);
		const y = Math.round(p.y);
		if (n.position.x === x && n.position.y === y) return n;
		changed = true;
		return { ...n, position: { ...n.position, x, y } };
	});
	return changed ? { ...def, nodes } : def;
}

/**
 * Updates one node: `patch.position` replaces the position, `patch.data` is merged into `data`
 * (a key set to `undefined` removes it). A whole `WorkflowNode` is a valid patch (its id is
 * ignored). Returns `def` when the node is unknown or the result is equal to it.
 */
export function updateNode(def: WorkflowDefinition, id: string, patch: NodePatch): WorkflowDefinition {
	const index = def.nodes.findIndex((n) => n.id === id);
	if (index < 0) return def;
	const before = def.nodes[index];
	const data: WorkflowNodeData = patch.data ? { ...before.data, ...patch.data } : before.data;
	for (const key of Object.keys(data) as (keyof WorkflowNodeData)[]) {
		if (data[key] === undefined) delete data[key];
	}
	if (typeof data.type !== 'string') data.type = before.data.type;
	const after: WorkflowNode = {
		...before,
		position: patch.position ? { ...patch.position } : before.position,
		data
	};
	if (jsonEqual(before, after)) return def;
	const nodes = def.nodes.slice();
	nodes[index] = after;
	return { ...def, nodes };
}

/** Replaces `settings` (absent stays absent when `settings` is undefined). */
export function updateSettings(def: WorkflowDefinition, settings: Record<string, unknown> | undefined): WorkflowDefinition {
	if (jsonEqual(def.settings, settings)) return def;
	const next: WorkflowDefinition = { ...def, settings };
	if (settings === undefined) delete next.settings;
	return next;
}
