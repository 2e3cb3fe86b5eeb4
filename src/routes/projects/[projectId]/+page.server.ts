import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failRead, getProject, getRole, sameJson } from '$lib/server/data';
import { listMembers, peopleMap } from '$lib/server/people';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';
import type { VersionRow, WorkflowRow } from '$lib/types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const supabase = locals.supabase;
	const project = await getProject(supabase, params.projectId);
	const showArchived = url.searchParams.get('archived') === '1';

	const [role, wf, members, openReviews] = await Promise.all([
		getRole(supabase, project.id, locals.user?.id),
		supabase.from('workflows').select('*').eq('project_id', project.id).order('name'),
		listMembers(supabase, project.id).catch(() => []),
		supabase.from('publish_requests').select('id').eq('project_id', project.id).eq('state', 'open')
	]);
	if (wf.error) failRead(wf.error, wf.status);
	const all = (wf.data ?? []) as WorkflowRow[];
	const workflows = showArchived ? all : all.filter((w) => !w.archived_at);
	const ids = workflows.map((w) => w.id);
	const liveIds = workflows.map((w) => w.current_version_id).filter((x): x is string => !!x);

	// The live versions and the drafts (with definitions, to tell whether a draft holds unpublished changes).
	const cols = 'id, workflow_id, version_number, state, definition, revision, updated_at, published_at, published_by, created_by';
	const [live, drafts] = await Promise.all([
		liveIds.length
			? supabase.from('workflow_versions').select(cols).in('id', liveIds)
			: Promise.resolve({ data: [], error: null, status: 200 }),
		ids.length
			? supabase.from('workflow_versions').select(cols).in('workflow_id', ids).eq('state', 'draft')
			: Promise.resolve({ data: [], error: null, status: 200 })
	]);
	if (live.error) failRead(live.error, live.status);
	if (drafts.error) failRead(drafts.error, drafts.status);
	const liveById = new Map(((live.data ?? []) as VersionRow[]).map((v) => [v.id, v]));
	const draftByWf = new Map(((drafts.data ?? []) as VersionRow[]).map((v) => [v.workflow_id, v]));
	const people = peopleMap(members, locals.user ? { id: locals.user.id, email: locals.user.email } : null);

	return {
		project,
		role,
		showArchived,
		archivedCount: all.filter((w) => w.archived_at).length,
		openReviews: openReviews.data?.length ?? 0,
		people,
		workflows: workflows.map((w) => {
			const lv = w.current_version_id ? liveById.get(w.current_version_id) : undefined;
			const dr = draftByWf.get(w.id);
			return {
				id: w.id,
				name: w.name,
				description: w.description,
				archived_at: w.archived_at,
				updated_at: w.updated_at,
				live: lv
					? { version_number: lv.version_number, published_at: lv.published_at, published_by: lv.published_by }
					: null,
				draft: dr
					? {
							revision: dr.revision,
							updated_at: dr.updated_at,
							unpublished: !lv || !sameJson(dr.definition, lv.definition)
						}
					: null
			};
		})
	};
};

export const actions: Actions = {
	createWorkflow: async ({ request, locals, params }) => {
		const form = await request.formData();
		const name = str(form, 'name');
		const description = str(form, 'description') || null;
		if (!name) return badInput('createWorkflow', 'Give the workflow a name.');
		const r = await callRpc(
			locals,
			'create_workflow',
			{
				project_id: params.projectId,
				name,
				description
			},
			{ action: 'createWorkflow' }
		);
		if (!r.ok) return actionFailure('createWorkflow', r.error);
		redirect(303, `/workflows/${r.data.id}`);
	},
	/** set_project_settings: owners turn review before publish on or off. */
	settings: async ({ request, locals, params }) => {
		const form = await request.formData();
		const requireReview = str(form, 'require_review') === 'on';
		const r = await callRpc(
			locals,
			'set_project_settings',
			{ project_id: params.projectId, require_review: requireReview },
			{ action: 'settings' }
		);
		if (!r.ok) return actionFailure('settings', r.error);
		return { action: 'settings', requireReview: r.data.require_review };
	},
	archive: async ({ request, locals }) => {
		const form = await request.formData();
		const id = str(form, 'workflow_id');
		const r = await callRpc(locals, 'archive_workflow', { workflow_id: id }, { action: 'archive' });
		if (!r.ok) return actionFailure('archive', r.error);
		return { action: 'archive', archived: r.data.name };
	}
};
