// POST /api/invitations/{id}/accept — accept_invitation(invitation_id).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** The invitee joins the project with the invited role; 200 with the membership row. */
export const POST: RequestHandler = operation('accept_invitation', async (ctx) => {
	const member = orThrow(await callRpc(ctx, 'accept_invitation', { invitation_id: ctx.event.params.id! }));
	ctx.logFields.project_id = member.project_id;
	return json(200, member);
});
