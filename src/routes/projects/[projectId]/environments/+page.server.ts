// Project settings: environments. Every member sees them and who may deploy to each; owners add new ones
// (create_environment). Environments are never renamed or removed: deployments and runs name them.
import type { Actions, PageServerLoad } from './$types';
import { failRead, getProject, getRole } from '$lib/server/data';
import { listMembers, peopleMap } from '$lib/server/people';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';
import { environmentNameProblem, isDeployRole, type EnvironmentRow } from '$lib/environments';

export const load: PageServerLoad = async ({ locals, params }) => {
	const project = await getProject(locals.supabase, params.projectId);
	const [role, environments, members] = await Promise.all([
		getRole(locals.supabase, project.id, locals.user?.id),
		locals.supabase.from('project_environments').select('*').eq('project_id', project.id).order('created_at').order('name'),
		listMembers(locals.supabase, project.id).catch(() => [])
	]);
	if (environments.error) failRead(environments.error, environments.status);
	const rows = (environments.data ?? []) as EnvironmentRow[];
	return {
		project,
		role,
		// Production first, then in the order they were added.
		environments: [...rows.filter((e) => e.name === 'production'), ...rows.filter((e) => e.name !== 'production')],
		people: peopleMap(members, locals.user ? { id: locals.user.id, email: locals.user.email } : null)
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const form = await request.formData();
		const name = str(form, 'name');
		const deployRole = str(form, 'deploy_role') || 'publisher';
		const problem = environmentNameProblem(name);
		if (problem) return badInput('create', name ? `“${name.slice(0, 40)}” cannot be an environment name.` : 'The environment needs a name.', problem);
		if (!isDeployRole(deployRole)) return badInput('create', 'Choose who may deploy: editor, publisher or owner.');
		const r = await callRpc(
			locals,
			'create_environment',
			{ project_id: params.projectId, name, deploy_role: deployRole },
			{ action: 'create' }
		);
		if (!r.ok) return actionFailure('create', r.error, { name });
		return { action: 'create', ok: `Environment ${r.data.name} added: ${r.data.deploy_role}s and above may deploy to it` };
	}
};
