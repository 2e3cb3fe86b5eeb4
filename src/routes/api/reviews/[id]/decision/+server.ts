// POST /api/reviews/{id}/decision — decide_review(request_id, decision, comment?).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { optionalString, requiredString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** `{"decision": "approve" | "reject", "comment"?}` by a publisher who neither requested nor changed the draft; 200 with the decided request. */
export const POST: RequestHandler = operation('decide_review', async (ctx) => {
	const body = await ctx.body();
	const decision = requiredString(body.decision, 'decision', 'Send {"decision": "approve"} or {"decision": "reject", "comment": "what to change"}');
	const request = orThrow(await callRpc(ctx, 'decide_review', {
		request_id: ctx.event.params.id!,
		decision,
		comment: optionalString(body.comment, 'comment')
	}));
	ctx.workflowId = request.workflow_id;
	ctx.versionId = request.draft_id;
	ctx.logFields.decision = request.state;
	return json(200, request);
});
