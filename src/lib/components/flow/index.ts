export { default as WorkflowCanvas } from './WorkflowCanvas.svelte';
export { default as DiffCanvas } from './DiffCanvas.svelte';
export { default as NodePalette } from './NodePalette.svelte';
export { default as NodeInspector } from './NodeInspector.svelte';
export { default as JsonView } from './JsonView.svelte';
export { default as JsonDiff } from './JsonDiff.svelte';
export { default as DiffLegend } from './DiffLegend.svelte';
export type { CanvasProblem, CanvasSelection, DiffStatus } from './types';
