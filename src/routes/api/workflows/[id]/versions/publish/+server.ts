// PRD: POST /api/workflows/{id}/versions/publish — publish_draft(workflow_id, expected_revision?, note?,
// environment?).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { expectedRevision, optionalString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** 201 with the new published version, deployed to `environment` (default production); `If-Match: "<revision>"` may carry expected_revision. */
export const POST: RequestHandler = operation('publish', async (ctx) => {
	const body = await ctx.body({ optional: true });
	const environment = optionalString(body.environment, 'environment') || undefined;
	const version = orThrow(await callRpc(ctx, 'publish_draft', {
		workflow_id: ctx.event.params.id!,
		expected_revision: expectedRevision(ctx.event, body.expected_revision),
		note: optionalString(body.note, 'note'),
		environment
	}));
	ctx.versionId = version.id;
	ctx.logFields.version_number = version.version_number;
	ctx.logFields.environment = environment ?? 'production';
	return json(201, version, { Location: `/api/versions/${version.id}` });
});
