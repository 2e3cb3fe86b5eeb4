// Who is who: user ids to e-mail addresses for the people the caller can see (members of their projects).
// The database exposes them through `list_project_members(project_id)` when the migration provides it;
// otherwise (older schema) ids are shown shortened, and the signed-in user as their own e-mail.
import type { AppSupabaseClient } from '$lib/supabase';

export interface Member {
	user_id: string;
	email: string | null;
	role: string;
	created_at?: string;
}

export async function listMembers(supabase: AppSupabaseClient, projectId: string): Promise<Member[]> {
	const rpc = await supabase.rpc('list_project_members', { project_id: projectId });
	if (!rpc.error && Array.isArray(rpc.data)) {
		return (rpc.data as Member[]).map((m) => ({ ...m, email: m.email ?? null }));
	}
	const { data, error } = await supabase
		.from('project_members')
		.select('user_id, role, created_at')
		.eq('project_id', projectId)
		.order('created_at');
	if (error) throw error;
	return ((data ?? []) as Member[]).map((m) => ({ ...m, email: null }));
}

/** A map user id → label (e-mail, or a short id), including the signed-in user. */
export function peopleMap(members: Member[], me: { id: string; email?: string | null } | null) {
	const map: Record<string, string> = {};
	for (const m of members) map[m.user_id] = m.email ?? `user ${m.user_id.slice(0, 8)}`;
	if (me) map[me.id] = me.email ?? map[me.id] ?? 'you';
	return map;
}
