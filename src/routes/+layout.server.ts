import type { LayoutServerLoad } from './$types';
import { env } from '$env/dynamic/public';
import { isLocalMode, LOCAL_SUPABASE_URL } from '$lib/supabase';
import { supabaseAnonKey, supabaseUrl } from '$lib/server/api/supabase';

export interface ProjectSummary {
	id: string;
	name: string;
	role: string | null;
}

export const load: LayoutServerLoad = async ({ locals }) => {
	const localMode = isLocalMode(env.PUBLIC_SUPABASE_URL || LOCAL_SUPABASE_URL, env.PUBLIC_LOCAL_MODE);
	const user = locals.user;
	if (!user) return { user: null, projects: [] as ProjectSummary[], localMode };

	const [projects, roles] = await Promise.all([
		locals.supabase.from('projects').select('id, name').order('name'),
		locals.supabase.from('project_members').select('project_id, role').eq('user_id', user.id)
	]);
	const roleOf = new Map<string, string>(
		((roles.data ?? []) as { project_id: string; role: string }[]).map((r) => [r.project_id, r.role])
	);
	return {
		user: { id: user.id, email: user.email ?? null },
		projects: ((projects.data ?? []) as { id: string; name: string }[]).map((p) => ({
			id: p.id,
			name: p.name,
			role: roleOf.get(p.id) ?? null
		})),
		localMode,
		// For live awareness in the editor (Supabase Realtime from the browser): the API's URL, the public
		// anon key and the session's access token, which the browser already holds in the session cookie.
		realtime: locals.session?.access_token
			? { url: supabaseUrl(), anonKey: supabaseAnonKey(), accessToken: locals.session.access_token }
			: null
	};
};
