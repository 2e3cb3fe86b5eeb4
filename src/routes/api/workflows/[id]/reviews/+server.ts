// POST /api/workflows/{id}/reviews — request_review(workflow_id, expected_revision, note?)
// (docs/reviews-and-invitations.md). The revision travels in the body or as `If-Match: "<revision>"`.
import { callRpc } from '$lib/server/rpc';
import { badRequest, json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { expectedRevision, optionalString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** Asks for a review of the draft at `expected_revision` (or `If-Match`), with an optional `note`; 201 with the open request. */
export const POST: RequestHandler = operation('request_review', async (ctx) => {
	const body = await ctx.body({ optional: true });
	const revision = expectedRevision(ctx.event, body.expected_revision);
	if (revision === undefined) {
		throw badRequest(
			'expected_revision is required',
			'Send the revision of the draft to review (body expected_revision or If-Match: "<revision>")'
		);
	}
	const request = orThrow(await callRpc(ctx, 'request_review', {
		workflow_id: ctx.event.params.id!,
		expected_revision: revision,
		note: optionalString(body.note, 'note')
	}));
	ctx.versionId = request.draft_id;
	ctx.logFields.publish_request_id = request.id;
	ctx.logFields.revision = request.revision;
	return json(201, request);
});
