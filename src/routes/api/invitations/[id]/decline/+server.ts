// POST /api/invitations/{id}/decline — decline_invitation(invitation_id).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** The invitee says no; 200 with the declined invitation. */
export const POST: RequestHandler = operation('decline_invitation', async (ctx) => {
	const invitation = orThrow(await callRpc(ctx, 'decline_invitation', { invitation_id: ctx.event.params.id! }));
	return json(200, invitation);
});
