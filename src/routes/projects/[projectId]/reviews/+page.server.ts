// The project's publish requests (list_publish_requests): open ones first, then approved ones waiting to be
// published, then the latest decisions.
import type { PageServerLoad } from './$types';
import { failRead, getProject, getRole } from '$lib/server/data';
import { callRpc } from '$lib/server/rpc';
import type { PublishRequestSummary } from '$lib/reviews';

const RECENT = 20;

export const load: PageServerLoad = async ({ locals, params }) => {
	const project = await getProject(locals.supabase, params.projectId);
	const [role, list] = await Promise.all([
		getRole(locals.supabase, project.id, locals.user?.id),
		callRpc(locals, 'list_publish_requests', { project_id: project.id, state: null })
	]);
	if (!list.ok) failRead(list.error, list.error.status);
	const rows = list.data as PublishRequestSummary[];
	return {
		project,
		role,
		open: rows.filter((r) => r.state === 'open'),
		approved: rows.filter((r) => r.state === 'approved'),
		decided: rows.filter((r) => r.state !== 'open' && r.state !== 'approved').slice(0, RECENT),
		recent: RECENT
	};
};
