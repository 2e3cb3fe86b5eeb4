// PATCH /api/workflows/{id} — update_workflow(workflow_id, name?, description?): rename a workflow or
// change its description.
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { optionalString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** `{name?, description?}` (`""` clears the description; names are 1-200 characters, never cut); 200 with the workflow. */
export const PATCH: RequestHandler = operation('update_workflow', async (ctx) => {
	const body = await ctx.body();
	const workflow = orThrow(await callRpc(ctx, 'update_workflow', {
		workflow_id: ctx.event.params.id!,
		name: optionalString(body.name, 'name'),
		description: optionalString(body.description, 'description')
	}));
	return json(200, workflow);
});
