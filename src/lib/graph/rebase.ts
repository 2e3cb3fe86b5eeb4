// Rebasing local edits on a newer server draft (after a stale-revision 409 on save): each logged
// operation is replayed as the change it made, with a three-way merge per node field. What no longer
// applies is skipped and reported as a conflict a person can read.
import { insertEdge, insertNode, removeElements, uniqueId, updateSettings, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from './definition';
import { diffDefinitions, type DefinitionDiff } from './diff';
import { describeOp, type LoggedOp, type LoggedOpKind } from './editor-ops';
import { isPlainObject, jsonEqual } from './json';

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

/**
 * Replays `log` (oldest first) on `server`. Returns the merged definition, the conflicts, how many
 * operations changed something and the log of the re-applied operations.
 */
export function rebaseLog(
	log: readonly LoggedOp[],
	server: WorkflowDefinition
): { definition: WorkflowDefinition; applied: number; conflicts: RebaseConflict[]; log: LoggedOp[] } {
	let def = server;
	const conflicts: RebaseConflict[] = [];
	const replayed: LoggedOp[] = [];
	let applied = 0;

	for (const entry of log) {
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
			replayed.push({ op: entry.op, before: start, after: def });
		}
	}
	return { definition: def, applied, conflicts, log: replayed };
}
