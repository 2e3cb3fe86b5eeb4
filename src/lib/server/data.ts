// Reads shared by several pages. Every read goes through RLS as the signed-in user; a row that is not
// visible is the same as a missing one (404), so other tenants' ids leak nothing.
import { error } from '@sveltejs/kit';
import type { AppSupabaseClient } from '$lib/supabase';
import { toAppError } from '$lib/errors';
import { callRpc } from './rpc';
import { capDepth, jsonEqual } from '$lib/graph/json';
import { MAX_DEFINITION_DEPTH } from './json-limits';
import type { ProjectRow, VersionRow, WorkflowRow } from '$lib/types';
import { VERSION_COLUMNS } from '$lib/types';

/**
 * Throws the error page for a failed read (never a blank page). A 5xx from the Supabase API, an answer that
 * is not PostgREST's (status 0: no answer, or a body supabase-js could not read) keeps a 5xx status but
 * shows a generic message: upstream text may name PostgreSQL or engine internals (a SQL error, a stack
 * trace, "RangeError…"). The cause goes to the server log.
 */
export function failRead(e: unknown, status?: number): never {
	// An error with a 2xx/3xx status, or without PostgREST's code, is an answer supabase-js could not read
	// (not JSON, a proxy's page): 502 too.
	const code = (e as { code?: unknown } | null)?.code;
	const upstream = !status || status >= 500 || status < 400 || typeof code !== 'string' || code === '';
	if (upstream) {
		const detail = e instanceof Error ? e.message : (e as { message?: unknown } | null)?.message;
		console.error(`[page] a read failed: ${status ?? 0} ${String(code ?? '')} ${String(detail ?? '')}`.slice(0, 2000));
		const failed = !!status && status >= 500 && status < 600;
		error(failed ? status : 502, {
			message: failed
				? 'The database could not complete the request'
				: status
					? 'The Supabase API sent an answer that could not be read'
					: 'The Supabase API did not answer',
			code: failed ? String(status) : 'PGRST000',
			hint: 'Retry in a moment; if it persists, tell the operator (the server log has the cause).'
		});
	}
	const app = toAppError(e, status);
	error(app.status >= 400 && app.status < 600 ? app.status : 500, {
		message: app.message,
		code: app.code,
		hint: app.hint
	});
}

export function notFound(what: string): never {
	error(404, {
		message: `${what} not found`,
		code: 'PT404',
		hint: 'It may have been removed, or you are not a member of its project.'
	});
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string | null | undefined): s is string {
	return !!s && UUID.test(s);
}

export async function getProject(supabase: AppSupabaseClient, id: string): Promise<ProjectRow> {
	if (!isUuid(id)) notFound('Project');
	const { data, error: e, status } = await supabase.from('projects').select('*').eq('id', id).maybeSingle();
	if (e) failRead(e, status);
	if (!data) notFound('Project');
	return data as ProjectRow;
}

export async function getRole(
	supabase: AppSupabaseClient,
	projectId: string,
	userId: string | undefined
): Promise<string | null> {
	if (!userId) return null;
	const { data } = await supabase
		.from('project_members')
		.select('role')
		.eq('project_id', projectId)
		.eq('user_id', userId)
		.maybeSingle();
	return (data as { role: string } | null)?.role ?? null;
}

export async function getWorkflow(supabase: AppSupabaseClient, id: string): Promise<WorkflowRow> {
	if (!isUuid(id)) notFound('Workflow');
	const { data, error: e, status } = await supabase.from('workflows').select('*').eq('id', id).maybeSingle();
	if (e) failRead(e, status);
	if (!data) notFound('Workflow');
	return data as WorkflowRow;
}

/** The workflow's draft (with definition) or null. */
export async function getDraft(supabase: AppSupabaseClient, workflowId: string): Promise<VersionRow | null> {
	const { data, error: e, status } = await supabase
		.from('workflow_versions')
		.select(`${VERSION_COLUMNS}, definition`)
		.eq('workflow_id', workflowId)
		.eq('state', 'draft')
		.maybeSingle();
	if (e) failRead(e, status);
	return forPage((data as VersionRow | null) ?? null);
}

/**
 * A version as pages receive it: a definition nested deeper than the database's 64 levels (stored before that
 * limit) is cut there, with `definition_cut` set, so page data never overflows the recursive code that
 * serializes and draws it (docs/architecture.md, "Bounded input"). The /api routes answer definitions whole.
 */
export function forPage<T extends Pick<VersionRow, 'definition' | 'definition_cut'> | null>(row: T): T {
	if (!row || row.definition === undefined) return row;
	const { value, cut } = capDepth(row.definition, MAX_DEFINITION_DEPTH);
	return cut ? { ...row, definition: value, definition_cut: true } : row;
}

/** A diff_workflow_versions result for a page: node objects cut like definitions (a node sits 2 levels down). */
export function diffForPage<T>(diff: T): T {
	return capDepth(diff, MAX_DEFINITION_DEPTH + 2).value;
}

/** One version with its definition (get_workflow_version RPC). */
export async function getVersion(supabase: AppSupabaseClient, versionId: string): Promise<VersionRow> {
	if (!isUuid(versionId)) notFound('Version');
	const r = await callRpc({ supabase }, 'get_workflow_version', { version_id: versionId });
	if (!r.ok) failRead(r.error, r.error.status);
	if (!r.data) notFound('Version');
	return forPage(r.data as VersionRow);
}

export async function getNodeTypes(supabase: AppSupabaseClient) {
	const { data } = await supabase.from('workflow_node_types').select('type, is_trigger, description').order('is_trigger', { ascending: false }).order('type');
	return (data ?? []) as { type: string; is_trigger: boolean; description: string | null }[];
}

/**
 * Whether two jsonb values are equal (key order aside, as PostgreSQL compares them). Iterative: a definition
 * nested deeper than JSON.stringify can go (stored before the database limited depth) must not turn the
 * project page into a 500.
 */
export function sameJson(a: unknown, b: unknown): boolean {
	return jsonEqual(a, b);
}

/** Who last wrote a draft (created, saved, reverted or imported into it), from the audit trail. */
export async function lastDraftWriter(
	supabase: AppSupabaseClient,
	draftId: string
): Promise<{ actor_id: string | null; occurred_at: string } | null> {
	const { data } = await supabase
		.from('workflow_version_events')
		.select('actor_id, occurred_at')
		.eq('version_id', draftId)
		.in('action', ['draft_created', 'draft_saved', 'draft_reverted'])
		.order('id', { ascending: false })
		.limit(1)
		.maybeSingle();
	return (data as { actor_id: string | null; occurred_at: string } | null) ?? null;
}

/** The projects where the user is an editor or more (where they may create workflows), by name. */
export async function editableProjects(supabase: AppSupabaseClient, userId: string | undefined): Promise<{ id: string; name: string }[]> {
	if (!userId) return [];
	const { data: roles } = await supabase
		.from('project_members')
		.select('project_id, role')
		.eq('user_id', userId)
		.in('role', ['editor', 'publisher', 'owner']);
	const ids = ((roles ?? []) as { project_id: string }[]).map((r) => r.project_id);
	if (!ids.length) return [];
	const { data } = await supabase.from('projects').select('id, name').in('id', ids).order('name');
	return (data ?? []) as { id: string; name: string }[];
}
