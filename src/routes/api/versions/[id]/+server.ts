// GET /api/versions/{id} — get_workflow_version(version_id): one version with its definition.
import { draftETag, json, operation } from '$lib/server/api/observe';
import type { RequestHandler } from './$types';

/** One version (draft or published) with its definition; a draft comes with `ETag: "<revision>"`. */
export const GET: RequestHandler = operation('get_version', async (ctx) => {
	const version = await ctx.rpc('get_workflow_version', { version_id: ctx.event.params.id! });
	ctx.versionId = version.id;
	ctx.workflowId = version.workflow_id;
	return json(200, version, draftETag(version));
});
