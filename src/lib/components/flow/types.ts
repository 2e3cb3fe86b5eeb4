/**
 * Types shared by the flow components (internal to `src/lib/components/flow`, but importable).
 */
import type { Edge, Node } from '@xyflow/svelte';
import type { WorkflowEdge, WorkflowNode } from '$lib/graph/definition';
import type { DiffStatus } from '$lib/graph/diff';

export type { DiffStatus };

/** A validation problem as returned by `validate_workflow_definition` (errors or warnings). */
export interface CanvasProblem {
	node_id?: string;
	edge_id?: string;
	code: string;
	message: string;
	/** 'error' (default) outlines in red; 'warning' in amber. */
	severity?: 'error' | 'warning';
}

export interface CanvasSelection {
	kind: 'node' | 'edge';
	id: string;
}

export type FlowNodeData = {
	/** The definition node this xyflow node was built from (identity is used to skip rebuilds). */
	node: WorkflowNode;
	label: string;
	type: string;
	isTrigger: boolean;
	status: DiffStatus;
	problems: readonly string[];
	problemSeverity: 'error' | 'warning' | null;
};

export type FlowNode = Node<FlowNodeData, 'workflow'>;

export type FlowEdgeData = {
	edge: WorkflowEdge;
	status: DiffStatus;
	problems: readonly string[];
	/** The edge closes a cycle: drawn as a loop (src/lib/graph/cycles.ts). */
	back: boolean;
	/** The edge lies on a cycle: highlighted. */
	onCycle: boolean;
};

export type FlowEdge = Edge<FlowEdgeData>;
