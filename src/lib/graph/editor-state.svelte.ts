/**
 * The editor's state (Svelte 5 runes): the draft being edited, the last saved definition and its
 * revision, the selection, a bounded undo/redo history and the log of local operations since the
 * last save, which `rebaseOnto` replays on top of a newer server draft (after a 409 on save).
 *
 *   const editor = new EditorState(normalizeDefinition(draft.definition), draft.revision);
 *   editor.apply({ kind: 'addNode', type: 'http_call' });      // selects the new node
 *   editor.apply({ kind: 'replace', definition: defFromCanvas }); // canvas / JSON view output
 *   editor.dirty; editor.undo(); editor.redo();
 *   editor.markSaved(savedRow.definition, savedRow.revision);
 *   const { conflicts } = editor.rebaseOnto(serverRow.definition, serverRow.revision);
 *
 * Every operation is immutable: `definition` is replaced, never mutated, so `$state.raw` suffices
 * and consumers can compare by reference.
 */
import {
	addNode,
	connect,
	emptyDefinition,
	insertEdge,
	insertNode,
	lastNode,
	moveNode,
	normalizeDefinition,
	removeElements,
	uniqueId,
	updateNode,
	updateSettings,
	type NodePatch,
	type WorkflowDefinition,
	type WorkflowEdge,
	type WorkflowNode,
	type XYPosition
} from './definition';
import { diffDefinitions, type DefinitionDiff } from './diff';
import { isPlainObject, jsonEqual } from './json';

export type EditorOp =
	| { kind: 'addNode'; type: string; position?: XYPosition }
	| { kind: 'removeElements'; ids: string[] }
	| { kind: 'connect'; source: string; target: string }
	| { kind: 'moveNode'; id: string; position: XYPosition }
	| { kind: 'updateNode'; id: string; patch: NodePatch }
	| { kind: 'updateSettings'; settings: Record<string, unknown> | undefined }
	/** A whole new definition (from the canvas or the JSON view); replayed as its diff. */
	| { kind: 'replace'; definition: WorkflowDefinition; description?: string };

/** What the local log records: an op, or an undo/redo step. */
export type LoggedOpKind = EditorOp | { kind: 'undo' } | { kind: 'redo' };

export interface LoggedOp {
	op: LoggedOpKind;
	before: WorkflowDefinition;
	after: WorkflowDefinition;
}

export interface EditorSelection {
	kind: 'node' | 'edge';
	id: string;
}

export interface RebaseConflict {
	/** The local operation that could not (fully) be re-applied. */
	op: LoggedOpKind;
	/** Human description of the operation, e.g. "Edit node “Notify”". */
	description: string;
	/** Why it no longer applies, e.g. "node “notify” was deleted by someone else". */
	reason: string;
	node_id?: string;
	edge_id?: string;
}

export interface RebaseResult {
	/** The merged definition (now `editor.definition`). */
	definition: WorkflowDefinition;
	/** How many local operations changed something on top of the server draft. */
	applied: number;
	conflicts: RebaseConflict[];
}

export interface EditorOptions {
	/** Maximum undo steps kept (default 100). */
	historyLimit?: number;
}

export interface ApplyOptions {
	/**
	 * Consecutive applies with the same key merge into one undo step (e.g. typing a label:
	 * `coalesceKey: 'label:<node id>'`).
	 */
	coalesceKey?: string;
}

export function describeOp(op: LoggedOpKind, def?: WorkflowDefinition): string {
	const name = (id: string) => {
		const label = def?.nodes.find((n) => n.id === id)?.data.label;
		return label ? `“${label}”` : `“${id}”`;
	};
	switch (op.kind) {
		case 'addNode':
			return `Add a ${op.type} node`;
		case 'removeElements':
			return op.ids.length === 1 ? `Delete ${name(op.ids[0])}` : `Delete ${op.ids.length} elements`;
		case 'connect':
			return `Connect ${name(op.source)} to ${name(op.target)}`;
		case 'moveNode':
			return `Move ${name(op.id)}`;
		case 'updateNode':
			return `Edit node ${name(op.id)}`;
		case 'updateSettings':
			return 'Edit settings';
		case 'replace':
			return op.description ?? 'Edit the graph';
		case 'undo':
			return 'Undo';
		case 'redo':
			return 'Redo';
	}
}

/** Applies one op to a definition (pure). */
export function applyOp(def: WorkflowDefinition, op: EditorOp): WorkflowDefinition {
	switch (op.kind) {
		case 'addNode':
			return addNode(def, op.type, op.position);
		case 'removeElements':
			return removeElements(def, op.ids);
		case 'connect':
			return connect(def, op.source, op.target);
		case 'moveNode':
			return moveNode(def, op.id, op.position);
		case 'updateNode':
			return updateNode(def, op.id, op.patch);
		case 'updateSettings':
			return updateSettings(def, op.settings);
		case 'replace':
			return jsonEqual(def, op.definition) ? def : op.definition;
	}
}

type Json = Record<string, unknown>;

/**
 * Three-way merge of one object level: the keys the local change touched (base → mine) are taken
 * from `mine` unless `theirs` also changed them differently (then theirs is kept and the key is
 * reported). Returns the merged object (or `theirs` itself when nothing changed) and the keys in conflict.
 */
function mergeLevel(base: Json, mine: Json, theirs: Json, skip: string[] = []): { merged: Json; conflicts: string[] } {
	const conflicts: string[] = [];
	let merged = theirs;
	const keys = new Set([...Object.keys(base), ...Object.keys(mine)]);
	for (const key of keys) {
		if (skip.includes(key)) continue;
		if (jsonEqual(base[key], mine[key])) continue; // not touched locally
		if (jsonEqual(theirs[key], mine[key])) continue; // already there
		if (!jsonEqual(theirs[key], base[key])) {
			conflicts.push(key);
			continue;
		}
		if (merged === theirs) merged = { ...theirs };
		if (mine[key] === undefined) delete merged[key];
		else merged[key] = mine[key];
	}
	return { merged, conflicts };
}

function nodeName(node: WorkflowNode | undefined, id: string): string {
	return node?.data?.label ? `“${node.data.label}”` : `“${id}”`;
}

/**
 * Replays one local change set (the diff of a logged op) on `target`. Returns the new target and the
 * reasons it could not fully apply.
 */
function replayDiff(target: WorkflowDefinition, d: DefinitionDiff): { def: WorkflowDefinition; problems: Omit<RebaseConflict, 'op' | 'description'>[] } {
	let def = target;
	const problems: Omit<RebaseConflict, 'op' | 'description'>[] = [];
	const nodeById = () => new Map(def.nodes.map((n) => [n.id, n] as const));

	let current = nodeById();
	for (const removed of d.nodes.removed) {
		const theirs = current.get(removed.id);
		if (!theirs) continue; // already gone
		if (jsonEqual(theirs, removed)) {
			def = removeElements(def, [removed.id]);
		} else {
			problems.push({
				reason: `node ${nodeName(theirs, removed.id)} was changed by someone else, so it was not deleted`,
				node_id: removed.id
			});
		}
	}
	if (d.nodes.removed.length) current = nodeById();

	for (const added of d.nodes.added) {
		const theirs = current.get(added.id);
		if (!theirs) {
			def = insertNode(def, added);
			current.set(added.id, added);
		} else if (!jsonEqual(theirs, added)) {
			problems.push({
				reason: `someone else added a different node with the id “${added.id}”`,
				node_id: added.id
			});
		}
	}

	for (const change of d.nodes.changed) {
		const theirs = current.get(change.id);
		if (!theirs) {
			problems.push({
				reason: `node ${nodeName(change.after, change.id)} was deleted by someone else`,
				node_id: change.id
			});
			continue;
		}
		const before = change.before as unknown as Json;
		const after = change.after as unknown as Json;
		const top = mergeLevel(before, after, theirs as unknown as Json, ['data']);
		const baseData = isPlainObject(before.data) ? before.data : {};
		const mineData = isPlainObject(after.data) ? after.data : {};
		const theirData = isPlainObject(theirs.data) ? (theirs.data as unknown as Json) : {};
		const data = mergeLevel(baseData, mineData, theirData);
		const conflicts = [...top.conflicts, ...data.conflicts.map((k) => `data.${k}`)];
		let merged = top.merged;
		if (data.merged !== theirData) merged = { ...merged, data: data.merged };
		if (merged !== (theirs as unknown as Json)) {
			const node = merged as unknown as WorkflowNode;
			def = { ...def, nodes: def.nodes.map((n) => (n.id === change.id ? node : n)) };
			current.set(change.id, node);
		}
		if (conflicts.length) {
			const fields = conflicts.map((f) => (f === 'data.label' ? 'label' : f === 'data.config' ? 'config' : f === 'data.type' ? 'type' : f));
			problems.push({
				reason: `someone else also changed the ${fields.join(', ')} of node ${nodeName(theirs, change.id)}; their value was kept`,
				node_id: change.id
			});
		}
	}

	for (const removed of d.edges.removed) {
		const theirs = def.edges.find((e) => e.id === removed.id);
		if (theirs && theirs.source === removed.source && theirs.target === removed.target) {
			def = removeElements(def, [removed.id]);
		}
	}

	for (const added of d.edges.added) {
		const missing = [added.source, added.target].find((id) => !current.has(id));
		if (missing !== undefined) {
			problems.push({
				reason: `node “${missing}” was deleted by someone else, so the edge ${added.source} → ${added.target} was not added`,
				edge_id: added.id
			});
			continue;
		}
		if (def.edges.some((e) => e.source === added.source && e.target === added.target)) continue;
		let edge: WorkflowEdge = added;
		if (def.edges.some((e) => e.id === added.id)) {
			edge = { ...added, id: uniqueId(added.id, new Set(def.edges.map((e) => e.id))) };
		}
		def = insertEdge(def, edge);
	}

	// settings are merged by the caller: the diff only says whether they changed
	return { def, problems };
}

export class EditorState {
	/** The definition being edited (never mutated; replaced on every change). */
	definition = $state.raw<WorkflowDefinition>(emptyDefinition());
	/** The definition as last saved on (or loaded from) the server. */
	savedDefinition = $state.raw<WorkflowDefinition>(emptyDefinition());
	/** The draft revision `savedDefinition` belongs to (pass it as `expected_revision`). */
	revision = $state(0);
	selection = $state.raw<EditorSelection | null>(null);

	#undo = $state.raw<WorkflowDefinition[]>([]);
	#redo = $state.raw<WorkflowDefinition[]>([]);
	#log = $state.raw<LoggedOp[]>([]);
	#coalesceKey: string | null = null;
	readonly historyLimit: number;

	/** True when `definition` differs (as JSON) from `savedDefinition`. */
	dirty = $derived(!jsonEqual(this.definition, this.savedDefinition));
	canUndo = $derived(this.#undo.length > 0);
	canRedo = $derived(this.#redo.length > 0);
	selectedNode = $derived.by((): WorkflowNode | null => {
		const sel = this.selection;
		if (!sel || sel.kind !== 'node') return null;
		return this.definition.nodes.find((n) => n.id === sel.id) ?? null;
	});
	selectedEdge = $derived.by((): WorkflowEdge | null => {
		const sel = this.selection;
		if (!sel || sel.kind !== 'edge') return null;
		return this.definition.edges.find((e) => e.id === sel.id) ?? null;
	});

	constructor(definition: unknown = emptyDefinition(), revision = 0, options: EditorOptions = {}) {
		this.historyLimit = Math.max(1, options.historyLimit ?? 100);
		this.reset(definition, revision);
	}

	/** The local operations since the last save (oldest first), as replayed by `rebaseOnto`. */
	get pendingOps(): readonly LoggedOp[] {
		return this.#log;
	}

	get undoDepth(): number {
		return this.#undo.length;
	}

	/** Loads a server definition, dropping history, the op log and a selection that no longer exists. */
	reset(definition: unknown, revision: number): void {
		const def = normalizeDefinition(definition);
		this.definition = def;
		this.savedDefinition = def;
		this.revision = revision;
		this.#undo = [];
		this.#redo = [];
		this.#log = [];
		this.#coalesceKey = null;
		this.#dropStaleSelection();
	}

	select(selection: EditorSelection | null): void {
		this.selection = selection;
	}

	/**
	 * Applies an operation. Returns the new definition (the same object when the op changed nothing,
	 * in which case no undo step is recorded). `addNode` selects the new node; removing the selected
	 * element clears the selection.
	 */
	apply(op: EditorOp, options: ApplyOptions = {}): WorkflowDefinition {
		const before = this.definition;
		const after = applyOp(before, op);
		if (after === before) return before;

		const key = options.coalesceKey ?? null;
		const coalesce = key !== null && key === this.#coalesceKey && this.#undo.length > 0 && this.#log.length > 0;
		if (coalesce) {
			const last = this.#log[this.#log.length - 1];
			this.#log = [...this.#log.slice(0, -1), { op, before: last.before, after }];
		} else {
			this.#undo = [...this.#undo, before].slice(-this.historyLimit);
			this.#log = [...this.#log, { op, before, after }];
		}
		this.#coalesceKey = key;
		this.#redo = [];
		this.definition = after;

		if (op.kind === 'addNode') {
			const node = lastNode(after);
			if (node) this.selection = { kind: 'node', id: node.id };
		} else {
			this.#dropStaleSelection();
		}
		return after;
	}

	undo(): boolean {
		if (this.#undo.length === 0) return false;
		const before = this.definition;
		const previous = this.#undo[this.#undo.length - 1];
		this.#undo = this.#undo.slice(0, -1);
		this.#redo = [...this.#redo, before].slice(-this.historyLimit);
		this.#log = [...this.#log, { op: { kind: 'undo' }, before, after: previous }];
		this.#coalesceKey = null;
		this.definition = previous;
		this.#dropStaleSelection();
		return true;
	}

	redo(): boolean {
		if (this.#redo.length === 0) return false;
		const before = this.definition;
		const next = this.#redo[this.#redo.length - 1];
		this.#redo = this.#redo.slice(0, -1);
		this.#undo = [...this.#undo, before].slice(-this.historyLimit);
		this.#log = [...this.#log, { op: { kind: 'redo' }, before, after: next }];
		this.#coalesceKey = null;
		this.definition = next;
		this.#dropStaleSelection();
		return true;
	}

	/**
	 * Records a successful save: `definition` is what was sent (or the returned row's definition),
	 * `revision` the new revision. Edits made while the save was in flight stay dirty and stay in the
	 * op log; the history (undo/redo) is kept.
	 */
	markSaved(definition: unknown, revision: number): void {
		const saved = normalizeDefinition(definition);
		this.savedDefinition = jsonEqual(saved, this.definition) ? this.definition : saved;
		this.revision = revision;
		if (jsonEqual(this.definition, saved)) {
			this.#log = [];
		} else {
			let index = -1;
			for (let i = this.#log.length - 1; i >= 0; i--) {
				if (jsonEqual(this.#log[i].after, saved)) {
					index = i;
					break;
				}
			}
			if (index >= 0) this.#log = this.#log.slice(index + 1);
		}
		this.#coalesceKey = null;
	}

	/**
	 * Re-applies the local operations since the last save on top of a newer server draft (after a
	 * stale-revision 409). Each logged operation is replayed as the change it made (a three-way merge
	 * per node field), in order. Operations that no longer apply are skipped and returned as
	 * conflicts: editing or connecting a node someone else deleted, deleting a node someone else
	 * changed, changing the same field as someone else (their value is kept), adding a node whose id
	 * someone else used. Afterwards `savedDefinition`/`revision` are the server's, `definition` is
	 * the merged result (dirty when something local remains), the op log holds the re-applied
	 * operations and one undo step leads back to the server draft.
	 */
	rebaseOnto(serverDefinition: unknown, serverRevision: number): RebaseResult {
		const server = normalizeDefinition(serverDefinition);
		let def = server;
		const conflicts: RebaseConflict[] = [];
		const log: LoggedOp[] = [];
		let applied = 0;

		for (const entry of this.#log) {
			const d = diffDefinitions(entry.before, entry.after);
			const start = def;
			const result = replayDiff(def, d);
			def = result.def;
			if (d.settings_changed) {
				// an absent `settings` counts as {} (as in the diff)
				const base = entry.before.settings ?? {};
				const mine = entry.after.settings;
				const theirs = def.settings ?? {};
				if (jsonEqual(theirs, base)) def = updateSettings(def, mine);
				else if (!jsonEqual(theirs, mine ?? {})) {
					result.problems.push({ reason: 'someone else also changed the workflow settings; their settings were kept' });
				}
			}
			const description = describeOp(entry.op, entry.before);
			for (const problem of result.problems) conflicts.push({ op: entry.op, description, ...problem });
			if (def !== start) {
				applied++;
				log.push({ op: entry.op, before: start, after: def });
			}
		}

		this.savedDefinition = server;
		this.revision = serverRevision;
		this.definition = jsonEqual(def, server) ? server : def;
		this.#undo = this.definition === server ? [] : [server];
		this.#redo = [];
		this.#log = log;
		this.#coalesceKey = null;
		this.#dropStaleSelection();
		return { definition: this.definition, applied, conflicts };
	}

	#dropStaleSelection(): void {
		const sel = this.selection;
		if (!sel) return;
		const exists =
			sel.kind === 'node'
				? this.definition.nodes.some((n) => n.id === sel.id)
				: this.definition.edges.some((e) => e.id === sel.id);
		if (!exists) this.selection = null;
	}
}
