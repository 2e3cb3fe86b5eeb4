// Members and invitations (docs/reviews-and-invitations.md): owners invite by e-mail with a role (the answer
// never says whether the address has an account), revoke pending invitations, change roles and remove
// members; the database keeps the last owner. Everyone else sees the members read-only.
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getProject, getRole } from '$lib/server/data';
import { listMembers, peopleMap, shortUser } from '$lib/server/people';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';
import { atLeast, isRole } from '$lib/roles';

export interface PendingInvitation {
	id: string;
	email: string;
	role: string;
	invited_by: string | null;
	created_at: string;
	expires_at: string;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const project = await getProject(locals.supabase, params.projectId);
	const [role, members] = await Promise.all([
		getRole(locals.supabase, project.id, locals.user?.id),
		listMembers(locals.supabase, project.id)
	]);
	// Owners read their projects' invitations through RLS; nobody else sees them.
	const invitations = atLeast(role, 'owner')
		? await locals.supabase
				.from('project_invitations')
				.select('id, email, role, invited_by, created_at, expires_at')
				.eq('project_id', project.id)
				.is('accepted_at', null)
				.is('declined_at', null)
				.is('revoked_at', null)
				.gt('expires_at', new Date().toISOString())
				.order('created_at', { ascending: false })
		: { data: [] };
	const me = locals.user;
	return {
		project,
		role,
		me: me?.id ?? null,
		owners: members.filter((m) => m.role === 'owner').length,
		people: peopleMap(members, me ? { id: me.id, email: me.email } : null),
		invitations: (invitations.data ?? []) as PendingInvitation[],
		members: members.map((m) => ({
			...m,
			label: m.email ?? (m.user_id === me?.id ? (me.email ?? shortUser(m.user_id)) : shortUser(m.user_id))
		}))
	};
};

export const actions: Actions = {
	invite: async ({ request, locals, params }) => {
		const form = await request.formData();
		const email = str(form, 'email');
		const role = str(form, 'role');
		if (!email) return badInput('invite', 'Enter the person’s e-mail address.');
		if (!isRole(role)) return badInput('invite', `Unknown role “${role}”.`, 'Pick viewer, editor, publisher or owner.');
		const r = await callRpc(locals, 'invite_project_member', { project_id: params.projectId, email, role }, { action: 'invite' });
		if (!r.ok) return actionFailure('invite', r.error);
		return { action: 'invite', ok: `Invitation sent to ${r.data.email}` };
	},
	revoke: async ({ request, locals }) => {
		const form = await request.formData();
		const r = await callRpc(locals, 'revoke_invitation', { invitation_id: str(form, 'invitation_id') }, { action: 'revoke' });
		if (!r.ok) return actionFailure('revoke', r.error);
		return { action: 'revoke', ok: `Invitation to ${r.data.email} revoked` };
	},
	setRole: async ({ request, locals, params }) => {
		const form = await request.formData();
		const userId = str(form, 'user_id');
		const role = str(form, 'role');
		const label = str(form, 'label') || 'The member';
		if (!userId) return badInput('setRole', 'Pick a member.');
		if (!isRole(role)) return badInput('setRole', `Unknown role “${role}”.`, 'Pick viewer, editor, publisher or owner.');
		const r = await callRpc(locals, 'set_member_role', { project_id: params.projectId, user_id: userId, role }, { action: 'setRole' });
		if (!r.ok) return actionFailure('setRole', r.error, { user_id: userId });
		return { action: 'setRole', ok: `${label} is now ${r.data.role}` };
	},
	remove: async ({ request, locals, params }) => {
		const form = await request.formData();
		const userId = str(form, 'user_id');
		const label = str(form, 'label') || 'The member';
		if (!userId) return badInput('remove', 'Pick a member.');
		const r = await callRpc(locals, 'remove_project_member', { project_id: params.projectId, user_id: userId }, { action: 'remove' });
		if (!r.ok) return actionFailure('remove', r.error, { user_id: userId });
		// Removing yourself ends your access to the project.
		if (userId === locals.user?.id) redirect(303, '/projects');
		return { action: 'remove', ok: `${label} was removed from the project` };
	}
};
