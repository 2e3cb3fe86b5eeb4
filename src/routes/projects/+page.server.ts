import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { badInput, callRpc, str } from '$lib/server/rpc';
import type { ProjectRow } from '$lib/types';

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
		const r = await callRpc<ProjectRow>(locals, 'create', 'create_project', { name });
		if (!r.ok) return r.failure;
		redirect(303, `/projects/${r.data.id}`);
	}
};
