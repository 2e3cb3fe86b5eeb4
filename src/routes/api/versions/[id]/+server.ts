// GET /api/versions/{id} — get_workflow_version(version_id): one version with its definition.
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { draftETag } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** One version (draft or published) with its definition; a draft comes with `ETag: "<revision>"`. */
export const GET: RequestHandler = operation('get_version', async (ctx) => {
	const version = orThrow(await callRpc(ctx, 'get_workflow_version', { version_id: ctx.event.params.id! }));
	ctx.versionId = version.id;
	ctx.workflowId = version.workflow_id;
	return json(200, version, draftETag(version));
});
