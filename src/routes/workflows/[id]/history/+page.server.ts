import type { Actions, PageServerLoad } from './$types';
import { failRead, lastDraftWriter } from '$lib/server/data';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, optInt, str } from '$lib/server/form';
import type { EventRow, VersionRow } from '$lib/types';

const PAGE = 20;
const EVENTS = 30;
/** The orchestrator's events; `?activity=changes` leaves them out of the activity list. */
const RUN_EVENTS = '(run_started,run_finished,run_replayed)';

async function events(locals: App.Locals, workflowId: string, beforeId: number | null, withRuns: boolean) {
	let q = locals.supabase
		.from('workflow_version_events')
		.select('*')
		.eq('workflow_id', workflowId)
		.order('id', { ascending: false })
		.limit(EVENTS);
	if (beforeId !== null) q = q.lt('id', beforeId);
	if (!withRuns) q = q.not('action', 'in', RUN_EVENTS);
	return q;
}

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { workflow } = await parent();
	const withRuns = url.searchParams.get('activity') !== 'changes';
	const [versions, ev] = await Promise.all([
		callRpc(locals, 'list_workflow_versions', { workflow_id: workflow.id, page_size: PAGE }),
		events(locals, workflow.id, null, withRuns)
	]);
	if (!versions.ok) failRead(versions.error, versions.error.status);
	if (ev.error) failRead(ev.error, ev.status);
	const draft = (versions.data as VersionRow[]).find((v) => v.state === 'draft');
	const writer = draft ? await lastDraftWriter(locals.supabase, draft.id) : null;
	return {
		versions: versions.data as VersionRow[],
		/** Who last wrote the draft: its row names them, not its creator. */
		draftEditor: writer?.actor_id ?? draft?.created_by ?? null,
		pageSize: PAGE,
		events: (ev.data ?? []) as EventRow[],
		eventPageSize: EVENTS,
		withRuns
	};
};

export const actions: Actions = {
	/** Keyset pagination: the published versions numbered below `before`. */
	more: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'list_workflow_versions',
			{
				workflow_id: params.id,
				page_size: PAGE,
				before_version: optInt(form, 'before')
			},
			{ action: 'more' }
		);
		if (!r.ok) return actionFailure('more', r.error);
		return { action: 'more', versions: r.data ?? [] };
	},
	/** A row's "Restore…": revert_draft to that version (the draft's revision from the row's page). */
	revert: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'revert_draft',
			{ workflow_id: params.id, version_id: str(form, 'version_id'), expected_revision: optInt(form, 'expected_revision') },
			{ action: 'revert' }
		);
		if (!r.ok) return actionFailure('revert', r.error);
		return { action: 'revert', draft: { id: r.data.id, revision: r.data.revision } };
	},
	/** A row's "Roll back…": rollback_workflow to that version. */
	rollback: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'rollback_workflow',
			{ workflow_id: params.id, version_id: str(form, 'version_id'), note: str(form, 'note') || null },
			{ action: 'rollback' }
		);
		if (!r.ok) return actionFailure('rollback', r.error);
		return { action: 'rollback', version: { id: r.data.id, version_number: r.data.version_number } };
	},
	moreEvents: async ({ request, locals, params }) => {
		const form = await request.formData();
		const { data, error } = await events(locals, params.id, optInt(form, 'before'), str(form, 'activity') !== 'changes');
		if (error) return { action: 'moreEvents', events: [] as EventRow[] };
		return { action: 'moreEvents', events: (data ?? []) as EventRow[] };
	}
};
