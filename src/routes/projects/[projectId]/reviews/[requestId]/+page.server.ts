// One publish request: the requested revision against what production runs (the diff), its validation
// verdict, who changed the draft (its audit events, with e-mails), and the decision. Approve, reject and
// withdraw are form actions calling decide_review and withdraw_review; the database decides who may.
import type { Actions, PageServerLoad } from './$types';
import type { Json } from '$types/database';
import { failRead, getProject, getRole, getWorkflow, isUuid, notFound } from '$lib/server/data';
import { listMembers, peopleMap } from '$lib/server/people';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';
import { draftAuthors, type PublishRequest } from '$lib/reviews';
import type { DiffResult, EventRow, ValidationResult, VersionRow } from '$lib/types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const supabase = locals.supabase;
	const project = await getProject(supabase, params.projectId);
	if (!isUuid(params.requestId)) notFound('Publish request');
	const [role, found, members] = await Promise.all([
		getRole(supabase, project.id, locals.user?.id),
		supabase.from('publish_requests').select('*').eq('id', params.requestId).eq('project_id', project.id).maybeSingle(),
		listMembers(supabase, project.id).catch(() => [])
	]);
	if (found.error) failRead(found.error, found.status);
	if (!found.data) notFound('Publish request');
	const request = found.data as PublishRequest;
	const workflow = await getWorkflow(supabase, request.workflow_id);

	// The reviewed row: still the draft, or the version it became; gone when the draft was discarded.
	const [reviewed, live, events] = await Promise.all([
		callRpc(locals, 'get_workflow_version', { version_id: request.draft_id }),
		workflow.current_version_id ? callRpc(locals, 'get_workflow_version', { version_id: workflow.current_version_id }) : null,
		supabase
			.from('workflow_version_events')
			.select('*')
			.eq('workflow_id', workflow.id)
			.eq('version_id', request.draft_id)
			.order('id', { ascending: true })
			.limit(500)
	]);
	if (events.error) failRead(events.error, events.status);
	const row = reviewed.ok ? (reviewed.data as VersionRow) : null;
	// A draft's revision moves with every write, so an equal revision is the requested definition.
	const requested = row && row.revision === request.revision ? row : null;
	let baseline = live?.ok ? (live.data as VersionRow) : null;
	if (requested && baseline?.id === requested.id) {
		// It is live now: compare with the version it replaced.
		const base = requested.base_version_id ? await callRpc(locals, 'get_workflow_version', { version_id: requested.base_version_id }) : null;
		baseline = base?.ok ? (base.data as VersionRow) : null;
	}
	const [diff, validation] = requested
		? await Promise.all([
				baseline ? callRpc(locals, 'diff_workflow_versions', { from_version_id: baseline.id, to_version_id: requested.id }) : null,
				callRpc(locals, 'validate_workflow_definition', { definition: (requested.definition ?? {}) as Json })
			])
		: [null, null];
	const trail = (events.data ?? []) as EventRow[];
	return {
		project,
		role,
		workflow,
		request,
		requested,
		/** The requested row's revision now, when it moved on (null when it is gone). */
		currentRevision: row?.state === 'draft' ? row.revision : null,
		baseline,
		liveId: workflow.current_version_id,
		diff: diff?.ok ? (diff.data as unknown as DiffResult) : null,
		validation: validation?.ok ? (validation.data as unknown as ValidationResult) : null,
		events: trail,
		authors: draftAuthors(trail, request.draft_id),
		people: peopleMap(members, locals.user ? { id: locals.user.id, email: locals.user.email } : null),
		me: locals.user?.id ?? null
	};
};

export const actions: Actions = {
	decide: async ({ request, locals, params }) => {
		const form = await request.formData();
		const decision = str(form, 'decision');
		const comment = str(form, 'comment') || null;
		if (decision !== 'approve' && decision !== 'reject') return badInput('decide', 'Choose Approve or Reject.');
		if (decision === 'reject' && !comment) {
			return badInput('decide', 'Say what to change: a rejection needs a comment.', 'Write what the author should fix, then reject.');
		}
		const r = await callRpc(locals, 'decide_review', { request_id: params.requestId, decision, comment }, { action: 'decide' });
		if (!r.ok) return actionFailure('decide', r.error);
		return { action: 'decide', request: r.data };
	},
	withdraw: async ({ locals, params }) => {
		const r = await callRpc(locals, 'withdraw_review', { request_id: params.requestId }, { action: 'withdraw' });
		if (!r.ok) return actionFailure('withdraw', r.error);
		return { action: 'withdraw', request: r.data };
	}
};
