// Who is who: user ids to e-mail addresses for the people the caller can see (members of their projects).
// The database exposes them through `list_project_members(project_id)` when the migration provides it;
// otherwise (older schema) ids are shown shortened, and the signed-in user as their own e-mail.
import type { AppSupabaseClient } from '$lib/supabase';
import { untypedRpc } from './rpc';

export interface Member {
	user_id: string;
	email: string | null;
	role: string;
	created_at?: string;
}

export async function listMembers(supabase: AppSupabaseClient, projectId: string): Promise<Member[]> {
	// Not in the generated types until the migration adds it; untyped on purpose.
	const rpc = await untypedRpc(supabase)('list_project_members', { project_id: projectId });
	if (!rpc.error && Array.isArray(rpc.data)) {
		return (rpc.data as Member[]).map((m) => ({ ...m, email: m.email ?? null }));
	}
	const { data, error } = await supabase
		.from('project_members')
		.select('user_id, role, created_at')
		.eq('project_id', projectId)
		.order('created_at');
	if (error) throw error;
	return ((data ?? []) as unknown as Member[]).map((m) => ({ ...m, email: null }));
}

/** A map user id → label (e-mail, or a short id), including the signed-in user. */
export function peopleMap(members: Member[], me: { id: string; email?: string | null } | null) {
	const map: Record<string, string> = {};
	for (const m of members) map[m.user_id] = m.email ?? shortUser(m.user_id);
	if (me) map[me.id] = me.email ?? map[me.id] ?? 'you';
	return map;
}

/** A person without a known e-mail: the end of the id (the start is often shared by seeded ids). */
export function shortUser(id: string): string {
	return `user …${id.slice(-6)}`;
}
