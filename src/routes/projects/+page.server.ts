import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';

/** A row of list_my_invitations (the composite type's columns are never null in practice). */
interface MyInvitation {
	id: string;
	project_id: string;
	project_name: string;
	role: string;
	invited_by_email: string | null;
	created_at: string;
	expires_at: string;
}

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { projects } = await parent();
	const [workflows, invitations] = await Promise.all([
		locals.supabase.from('workflows').select('project_id, archived_at'),
		// The signed-in person's pending invitations (to their confirmed e-mail): the first thing a newcomer sees.
		callRpc(locals, 'list_my_invitations', {})
	]);
	const counts: Record<string, number> = {};
	for (const w of (workflows.data ?? []) as { project_id: string; archived_at: string | null }[]) {
		if (!w.archived_at) counts[w.project_id] = (counts[w.project_id] ?? 0) + 1;
	}
	return {
		projectList: projects.map((p) => ({ ...p, workflows: counts[p.id] ?? 0 })),
		invitations: (invitations.ok ? invitations.data : []) as MyInvitation[]
	};
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const name = str(form, 'name');
		if (!name) return badInput('create', 'Give the project a name.');
		const r = await callRpc(locals, 'create_project', { name }, { action: 'create' });
		if (!r.ok) return actionFailure('create', r.error);
		redirect(303, `/projects/${r.data.id}`);
	},
	accept: async ({ request, locals }) => {
		const form = await request.formData();
		const id = str(form, 'invitation_id');
		const r = await callRpc(locals, 'accept_invitation', { invitation_id: id }, { action: 'accept' });
		if (!r.ok) return actionFailure('accept', r.error, { invitation_id: id });
		return { action: 'accept', projectId: r.data.project_id, ok: `You joined ${str(form, 'project_name') || 'the project'} as ${r.data.role}` };
	},
	decline: async ({ request, locals }) => {
		const form = await request.formData();
		const id = str(form, 'invitation_id');
		const r = await callRpc(locals, 'decline_invitation', { invitation_id: id }, { action: 'decline' });
		if (!r.ok) return actionFailure('decline', r.error, { invitation_id: id });
		return { action: 'decline', ok: `Invitation to ${str(form, 'project_name') || 'the project'} declined` };
	}
};
