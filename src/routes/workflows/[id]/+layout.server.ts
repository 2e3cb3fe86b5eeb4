// Shared by the editor, history, version and compare pages: the workflow, its project, the caller's role,
// and who is who. A workflow the caller cannot see is a 404, exactly like one that does not exist.
import type { LayoutServerLoad } from './$types';
import { getProject, getRole, getWorkflow } from '$lib/server/data';
import { listMembers, peopleMap } from '$lib/server/people';
import { callRpc } from '$lib/server/rpc';
import type { DeploymentRow } from '$lib/environments';

export const load: LayoutServerLoad = async ({ locals, params }) => {
	const workflow = await getWorkflow(locals.supabase, params.id);
	const [project, role, members, deployments] = await Promise.all([
		getProject(locals.supabase, workflow.project_id),
		getRole(locals.supabase, workflow.project_id, locals.user?.id),
		listMembers(locals.supabase, workflow.project_id).catch(() => []),
		// What each environment runs: the header's environment badges, Publish to… and Deploy to….
		callRpc(locals, 'list_workflow_deployments', { workflow_id: workflow.id })
	]);
	return {
		workflow,
		project,
		role,
		deployments: (deployments.ok ? deployments.data : []) as DeploymentRow[],
		people: peopleMap(members, locals.user ? { id: locals.user.id, email: locals.user.email } : null)
	};
};
