// POST /api/versions/{id}/duplicate — duplicate_workflow(version_id, project_id, name?): a new workflow
// whose draft copies the version, in any project where the caller is an editor.
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { optionalString, requiredString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** `{project_id, name?}` (name defaults to "<name> (copy)"); 201 with the new workflow. */
export const POST: RequestHandler = operation('duplicate', async (ctx) => {
	const body = await ctx.body();
	const projectId = requiredString(body.project_id, 'project_id', 'Send the id of a project where you are an editor');
	const workflow = orThrow(await callRpc(ctx, 'duplicate_workflow', {
		version_id: ctx.event.params.id!,
		project_id: projectId,
		name: optionalString(body.name, 'name')
	}));
	ctx.workflowId = workflow.id;
	ctx.logFields.source_version_id = ctx.event.params.id;
	return json(201, workflow);
});
