// Shared by the editor, history, version and compare pages: the workflow, its project, the caller's role,
// and who is who. A workflow the caller cannot see is a 404, exactly like one that does not exist.
import type { LayoutServerLoad } from './$types';
import { getProject, getRole, getWorkflow } from '$lib/server/data';
import { listMembers, peopleMap } from '$lib/server/people';

export const load: LayoutServerLoad = async ({ locals, params }) => {
	const workflow = await getWorkflow(locals.supabase, params.id);
	const [project, role, members] = await Promise.all([
		getProject(locals.supabase, workflow.project_id),
		getRole(locals.supabase, workflow.project_id, locals.user?.id),
		listMembers(locals.supabase, workflow.project_id).catch(() => [])
	]);
	return {
		workflow,
		project,
		role,
		people: peopleMap(members, locals.user ? { id: locals.user.id, email: locals.user.email } : null)
	};
};
