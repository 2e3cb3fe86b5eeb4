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
import { emptyDefinition, lastNode, normalizeDefinition, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from './definition';
import { applyOp, type EditorOp, type LoggedOp } from './editor-ops';
import { jsonEqual } from './json';
import { rebaseLog, type RebaseResult } from './rebase';

export { applyOp, describeOp, type EditorOp, type LoggedOp, type LoggedOpKind } from './editor-ops';
export type { RebaseConflict, RebaseResult } from './rebase';

export interface EditorSelection {
	kind: 'node' | 'edge';
	id: string;
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
		const { definition, applied, conflicts, log } = rebaseLog(this.#log, server);
		this.savedDefinition = server;
		this.revision = serverRevision;
		this.definition = jsonEqual(definition, server) ? server : definition;
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
