// POST /api/workflows/{id}/import — import_workflow_definition(workflow_id, document, expected_revision?):
// an exported document (GET /api/versions/{id}/export) or a bare definition becomes the draft.
import { callRpc } from '$lib/server/rpc';
import { badRequest, json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { draftETag, expectedRevision } from '$lib/server/api/params';
import type { Json } from '$types/database';
import type { RequestHandler } from './$types';

/** `{document, expected_revision?}` (or `If-Match`; required when a draft exists); 200 with the draft and its `ETag`. */
export const POST: RequestHandler = operation('import', async (ctx) => {
	const body = await ctx.body();
	if (!('document' in body)) {
		throw badRequest('document is required', 'Send {"document": <an exported document or a definition>, "expected_revision": N}');
	}
	const draft = orThrow(await callRpc(ctx, 'import_workflow_definition', {
		workflow_id: ctx.event.params.id!,
		document: body.document as Json,
		expected_revision: expectedRevision(ctx.event, body.expected_revision)
	}));
	ctx.versionId = draft.id;
	ctx.logFields.revision = draft.revision;
	return json(200, draft, draftETag(draft));
});
