// PRD: POST /api/workflows/{id}/versions/publish — publish_draft(workflow_id, expected_revision?, note?).
import { expectedRevision, json, operation, optionalString } from '$lib/server/api/observe';
import type { RequestHandler } from './$types';

/** 201 with the new published version; `If-Match: "<revision>"` may carry expected_revision. */
export const POST: RequestHandler = operation('publish', async (ctx) => {
	const body = await ctx.body({ optional: true });
	const version = await ctx.rpc('publish_draft', {
		workflow_id: ctx.event.params.id!,
		expected_revision: expectedRevision(ctx.event, body.expected_revision),
		note: optionalString(body.note, 'note')
	});
	ctx.versionId = version.id;
	ctx.logFields.version_number = version.version_number;
	return json(201, version, { Location: `/api/versions/${version.id}` });
});
