// GET /api/invitations — list_my_invitations().
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** The caller's pending invitations (to their confirmed account e-mail), newest first, with project name and inviter. */
export const GET: RequestHandler = operation('list_invitations', async (ctx) => {
	const rows = orThrow(await callRpc(ctx, 'list_my_invitations', {}));
	ctx.logFields.count = rows.length;
	return json(200, rows);
});
