import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { projects } = await parent();
	const { data } = await locals.supabase.from('workflows').select('project_id, archived_at');
	const counts: Record<string, number> = {};
	for (const w of (data ?? []) as { project_id: string; archived_at: string | null }[]) {
		if (!w.archived_at) counts[w.project_id] = (counts[w.project_id] ?? 0) + 1;
	}
	return { projectList: projects.map((p) => ({ ...p, workflows: counts[p.id] ?? 0 })) };
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const name = str(form, 'name');
		if (!name) return badInput('create', 'Give the project a name.');
		const r = await callRpc(locals, 'create_project', { name }, { action: 'create' });
		if (!r.ok) return actionFailure('create', r.error);
		redirect(303, `/projects/${r.data.id}`);
	}
};
