// POST /api/projects/{id}/invitations — invite_project_member(project_id, email, role).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { requiredString } from '$lib/server/api/params';
import type { Database } from '$types/database';
import type { RequestHandler } from './$types';

type Role = Database['public']['Enums']['project_role'];

/** `{"email", "role"}` (owners only); 201 with the pending invitation. The answer is the same whether or not the address has an account. */
export const POST: RequestHandler = operation('invite_member', async (ctx) => {
	const body = await ctx.body();
	const email = requiredString(body.email, 'email', 'Send the address to invite: {"email": "name@example.com", "role": "editor"}');
	const role = requiredString(body.role, 'role', 'Send one of viewer, editor, publisher, owner as role');
	// An unknown role is refused by the database (22P02, 400) like any bad enum value.
	const invitation = orThrow(await callRpc(ctx, 'invite_project_member', {
		project_id: ctx.event.params.id!,
		email,
		role: role as Role
	}));
	ctx.logFields.invitation_id = invitation.id;
	return json(201, invitation);
});
