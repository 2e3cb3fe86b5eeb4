// DELETE /api/invitations/{id} — revoke_invitation(invitation_id).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** An owner revokes a pending invitation of their project; 200 with the revoked invitation. */
export const DELETE: RequestHandler = operation('revoke_invitation', async (ctx) => {
	const invitation = orThrow(await callRpc(ctx, 'revoke_invitation', { invitation_id: ctx.event.params.id! }));
	ctx.logFields.project_id = invitation.project_id;
	return json(200, invitation);
});
