// PRD: POST /api/workflows/{id}/versions/revert — revert_draft(workflow_id, version_id, expected_revision?).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { draftETag, expectedRevision, requiredString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** 200 with the draft now holding that version's definition (created when there was none). */
export const POST: RequestHandler = operation('revert_draft', async (ctx) => {
	const body = await ctx.body();
	const source = requiredString(body.version_id, 'version_id', 'Send the id of a published version of this workflow');
	const draft = orThrow(await callRpc(ctx, 'revert_draft', {
		workflow_id: ctx.event.params.id!,
		version_id: source,
		expected_revision: expectedRevision(ctx.event, body.expected_revision)
	}));
	ctx.versionId = draft.id;
	ctx.logFields.source_version_id = source;
	return json(200, draft, draftETag(draft));
});
