// Workflow definitions for tests and the benchmark: valid graphs of a given node count or JSON size,
// compact graphs for validation scaling, and the size of a definition as PostgreSQL measures it.

export interface Node {
	id: string;
	position?: { x: number; y: number };
	data: { type: string; label?: string; config?: Record<string, unknown> };
}
export interface Edge {
	id: string;
	source: string;
	target: string;
}
export interface Definition {
	nodes: Node[];
	edges: Edge[];
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/**
 * A valid, realistic definition: a webhook trigger n1, then steps n2…n<count> (http_call / transform /
 * branch / delay), each fed by the previous one (edges e2…). `variant` changes one label, so two
 * variants differ (publish refuses a draft identical to the live version).
 */
export function validDefinition(count: number, variant: number | string = 0): Definition {
	const types = ['http_call', 'transform', 'branch', 'delay'];
	const nodes: Node[] = [];
	const edges: Edge[] = [];
	for (let i = 1; i <= Math.max(1, count); i++) {
		const type = i === 1 ? 'webhook' : types[i % types.length];
		nodes.push({
			id: `n${i}`,
			position: { x: (i - 1) * 240, y: (i % 3) * 120 },
			data: {
				type,
				label: i === 1 ? `Trigger (variant ${variant})` : `Step ${i}`,
				config:
					i === 1
						? { path: '/hooks/orders' }
						: { url: `https://example.org/api/steps/${i}`, method: 'POST', headers: { 'content-type': 'application/json' } }
			}
		});
		if (i > 1) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` });
	}
	return { nodes, edges, settings: { timezone: 'UTC' } };
}

/**
 * The length in bytes of the text PostgreSQL prints for this value as jsonb (`definition::text`, the
 * text the 1 MiB limit and the hash are computed on): JSON with ", " and ": " separators.
 */
export function jsonbTextLength(value: unknown): number {
	if (value === null || typeof value !== 'object') return Buffer.byteLength(JSON.stringify(value) ?? 'null');
	if (Array.isArray(value)) {
		if (value.length === 0) return 2;
		return 2 + value.reduce((n: number, v) => n + jsonbTextLength(v), 0) + 2 * (value.length - 1);
	}
	const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
	if (entries.length === 0) return 2;
	return (
		2 +
		entries.reduce((n, [k, v]) => n + Buffer.byteLength(JSON.stringify(k)) + 2 + jsonbTextLength(v), 0) +
		2 * (entries.length - 1)
	);
}

/**
 * A valid definition whose jsonb text is `bytes` long (± a few bytes across variants): realistic nodes
 * (about 330 bytes of jsonb text each, node plus edge) and a padding note in settings.
 */
export function definitionOfSize(bytes: number, variant: number | string = 0): Definition {
	const perNode = jsonbTextLength(validDefinition(11).nodes[5]) + jsonbTextLength(validDefinition(11).edges[5]) + 4;
	let count = Math.max(2, Math.floor((bytes - 200) / perNode));
	let def = validDefinition(count, variant);
	// Node sizes grow with their number's digits: shrink proportionally until it fits (2–3 rounds).
	for (let len = jsonbTextLength(def); len > bytes - 40 && count > 2; len = jsonbTextLength(def)) {
		count = Math.max(2, Math.min(count - 1, Math.floor((count * (bytes - 40)) / len)));
		def = validDefinition(count, variant);
	}
	const missing = bytes - jsonbTextLength({ ...def, settings: { timezone: 'UTC', notes: '' } });
	def.settings = { timezone: 'UTC', notes: 'x'.repeat(Math.max(0, missing)) };
	return def;
}

/**
 * A compact valid graph of `count` nodes for validation scaling: a webhook n1 and steps n2…n<count>.
 * `tree`: node i fed by node ⌊i/2⌋ (a binary tree, depth log₂ count); `chain`: node i fed by node i − 1
 * (depth count, the worst case for walks over the graph). Every node reachable, no cycle, count − 1
 * edges; no positions or configs, so 10,000 nodes stay under the 1 MiB limit (about 90 bytes a node).
 */
export function compactGraph(count: number, shape: 'tree' | 'chain' = 'tree'): Definition {
	const nodes: Node[] = [];
	const edges: Edge[] = [];
	for (let i = 1; i <= count; i++) {
		nodes.push({ id: `n${i}`, data: { type: i === 1 ? 'webhook' : i % 2 ? 'transform' : 'http_call' } });
		const from = shape === 'tree' ? Math.floor(i / 2) : i - 1;
		if (i > 1) edges.push({ id: `e${i}`, source: `n${from}`, target: `n${i}` });
	}
	return { nodes, edges };
}
