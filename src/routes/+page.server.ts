import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { callRpc } from '$lib/server/rpc';

// Home: the first project when there is exactly one and no invitation waits for an answer; otherwise the
// projects page (which lists pending invitations and lets one create a project).
export const load: PageServerLoad = async ({ parent, locals }) => {
	const { projects } = await parent();
	if (projects.length === 1) {
		const invitations = await callRpc(locals, 'list_my_invitations', {});
		if (!invitations.ok || invitations.data.length === 0) redirect(303, `/projects/${projects[0].id}`);
	}
	redirect(303, '/projects');
};
