// PUT /api/workflows/{id}/draft — save_draft(workflow_id, definition, expected_revision);
// DELETE /api/workflows/{id}/draft — discard_draft(workflow_id, expected_revision?).
// The revision travels in the body/query or as `If-Match: "<revision>"`; answers carry `ETag: "<revision>"`.
import { callRpc } from '$lib/server/rpc';
import { badRequest, json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { draftETag, expectedRevision } from '$lib/server/api/params';
import type { Json } from '$types/database';
import type { RequestHandler } from './$types';

/** Replaces the draft's definition (`{definition, expected_revision}`, or the revision in `If-Match`); 200 with the draft and its new `ETag`. */
export const PUT: RequestHandler = operation('save_draft', async (ctx) => {
	const body = await ctx.body();
	if (!('definition' in body)) {
		throw badRequest('definition is required', 'Send {"definition": {"nodes": [...], "edges": [...]}, "expected_revision": N}');
	}
	const revision = expectedRevision(ctx.event, body.expected_revision);
	if (revision === undefined) {
		throw badRequest(
			'expected_revision is required',
			'Send the revision of the draft you edited (body expected_revision or If-Match: "<revision>")'
		);
	}
	const draft = orThrow(await callRpc(ctx, 'save_draft', {
		workflow_id: ctx.event.params.id!,
		definition: body.definition as Json,
		expected_revision: revision
	}));
	ctx.versionId = draft.id;
	ctx.logFields.revision = draft.revision;
	return json(200, draft, draftETag(draft));
});

/** Deletes the draft (`?expected_revision=N` or `If-Match`); 204. */
export const DELETE: RequestHandler = operation('discard_draft', async (ctx) => {
	orThrow(await callRpc(ctx, 'discard_draft', {
		workflow_id: ctx.event.params.id!,
		expected_revision: expectedRevision(ctx.event, ctx.event.url.searchParams.get('expected_revision'))
	}));
	return json(204, undefined);
});
