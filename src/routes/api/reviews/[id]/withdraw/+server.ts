// POST /api/reviews/{id}/withdraw — withdraw_review(request_id).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** The requester takes back an open or approved request; 200 with the withdrawn request. */
export const POST: RequestHandler = operation('withdraw_review', async (ctx) => {
	const request = orThrow(await callRpc(ctx, 'withdraw_review', { request_id: ctx.event.params.id! }));
	ctx.workflowId = request.workflow_id;
	ctx.versionId = request.draft_id;
	return json(200, request);
});
