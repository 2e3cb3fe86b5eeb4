// The editor's operations on a definition: what each does (pure, immutable) and how it is named in
// messages. EditorState applies them and logs them for undo/redo and for rebasing.
import {
	addNode,
	connect,
	moveNode,
	removeElements,
	updateNode,
	updateSettings,
	type NodePatch,
	type WorkflowDefinition,
	type XYPosition
} from './definition';
import { jsonEqual } from './json';

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
