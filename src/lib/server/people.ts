// Who is who: user ids to e-mail addresses for the people the caller can see (members of their projects),
// through `list_project_members(project_id)`. People who have left the project show as a short id.
import type { AppSupabaseClient } from '$lib/supabase';
import { callRpc } from './rpc';

export interface Member {
	user_id: string;
	email: string | null;
	role: string;
	created_at?: string;
}

export async function listMembers(supabase: AppSupabaseClient, projectId: string): Promise<Member[]> {
	const r = await callRpc({ supabase }, 'list_project_members', { project_id: projectId });
	if (!r.ok) throw r.error;
	return r.data;
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
