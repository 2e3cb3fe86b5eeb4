import type { Actions, PageServerLoad } from './$types';
import { getProject, getRole } from '$lib/server/data';
import { listMembers, shortUser } from '$lib/server/people';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';
import { isRole } from '$lib/roles';

export const load: PageServerLoad = async ({ locals, params }) => {
	const project = await getProject(locals.supabase, params.projectId);
	const [role, members] = await Promise.all([
		getRole(locals.supabase, project.id, locals.user?.id),
		listMembers(locals.supabase, project.id)
	]);
	const me = locals.user;
	return {
		project,
		role,
		me: me?.id ?? null,
		members: members.map((m) => ({
			...m,
			label: m.email ?? (m.user_id === me?.id ? (me.email ?? shortUser(m.user_id)) : shortUser(m.user_id))
		}))
	};
};

export const actions: Actions = {
	add: async ({ request, locals, params }) => {
		const form = await request.formData();
		const email = str(form, 'email');
		const role = str(form, 'role');
		if (!email) return badInput('add', 'Enter the person’s e-mail address.');
		if (!isRole(role)) return badInput('add', `Unknown role “${role}”.`);
		const r = await callRpc(
			locals,
			'invite_project_member',
			{ project_id: params.projectId, email, role },
			{ action: 'add' }
		);
		if (!r.ok) return actionFailure('add', r.error);
		return { action: 'add', ok: `${email} is now ${role}` };
	},
	setRole: async ({ request, locals, params }) => {
		const form = await request.formData();
		const email = str(form, 'email');
		const userId = str(form, 'user_id');
		const role = str(form, 'role');
		if (!email || !userId) return badInput('setRole', 'This member has no e-mail address the API can use.');
		if (!isRole(role)) return badInput('setRole', `Unknown role “${role}”.`);
		const r = await callRpc(
			locals,
			'set_member_role',
			{ project_id: params.projectId, user_id: userId, role },
			{ action: 'setRole' }
		);
		if (!r.ok) return actionFailure('setRole', r.error);
		return { action: 'setRole', ok: `${email} is now ${role}` };
	}
};
