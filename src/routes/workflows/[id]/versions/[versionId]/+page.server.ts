import type { Actions, PageServerLoad } from './$types';
import { editableProjects, getDraft, getNodeTypes, getVersion, notFound } from '$lib/server/data';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, optInt, str } from '$lib/server/form';
import type { VersionRow } from '$lib/types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { workflow } = await parent();
	const [version, draft, nodeTypes, targets] = await Promise.all([
		getVersion(locals.supabase, params.versionId),
		getDraft(locals.supabase, workflow.id),
		getNodeTypes(locals.supabase),
		editableProjects(locals.supabase, locals.user?.id)
	]);
	if (version.workflow_id !== workflow.id) notFound('Version');
	let live: VersionRow | null = null;
	if (workflow.current_version_id) {
		const { data } = await locals.supabase
			.from('workflow_versions')
			.select('id, version_number')
			.eq('id', workflow.current_version_id)
			.maybeSingle();
		live = (data as VersionRow | null) ?? null;
	}
	return {
		version,
		draft: draft ? { id: draft.id, revision: draft.revision, updated_at: draft.updated_at } : null,
		live,
		nodeTypes,
		/** Where "Duplicate as new workflow" may put the copy. */
		targets
	};
};

export const actions: Actions = {
	revert: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'revert_draft',
			{
				workflow_id: params.id,
				version_id: params.versionId,
				expected_revision: optInt(form, 'expected_revision')
			},
			{ action: 'revert' }
		);
		if (!r.ok) return actionFailure('revert', r.error);
		return { action: 'revert', draft: { id: r.data.id, revision: r.data.revision } };
	},
	rollback: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'rollback_workflow',
			{
				workflow_id: params.id,
				version_id: params.versionId,
				note: str(form, 'note') || null
			},
			{ action: 'rollback' }
		);
		if (!r.ok) return actionFailure('rollback', r.error);
		return { action: 'rollback', version: { id: r.data.id, version_number: r.data.version_number } };
	},
	/** deploy_version: this version to an environment (DeployDialog.svelte). */
	deploy: async ({ request, locals, params }) => {
		const form = await request.formData();
		const environment = str(form, 'environment');
		if (!environment) return badInput('deploy', 'Choose the environment to deploy to.');
		const r = await callRpc(
			locals,
			'deploy_version',
			{ workflow_id: params.id, version_id: params.versionId, environment, note: str(form, 'note') || null },
			{ action: 'deploy' }
		);
		if (!r.ok) return actionFailure('deploy', r.error);
		return { action: 'deploy', deployment: { environment: r.data.environment, version_id: r.data.version_id } };
	},
	/** duplicate_workflow: a new workflow in project_id whose draft copies this version. */
	duplicate: async ({ request, locals, params }) => {
		const form = await request.formData();
		const name = form.get('name');
		const r = await callRpc(
			locals,
			'duplicate_workflow',
			{ version_id: params.versionId, project_id: str(form, 'project_id'), name: typeof name === 'string' ? name : null },
			{ action: 'duplicate' }
		);
		if (!r.ok) return actionFailure('duplicate', r.error);
		return { action: 'duplicate', workflow: { id: r.data.id, name: r.data.name } };
	}
};
