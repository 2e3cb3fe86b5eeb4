// POST /api/workflows/{id}/deployments — deploy_version(workflow_id, version_id, environment, note?);
// GET /api/workflows/{id}/deployments — list_workflow_deployments(workflow_id).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { optionalString, requiredString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** Points an environment at a published version (`{version_id, environment, note?}`); 200 with the deployment. */
export const POST: RequestHandler = operation('deploy', async (ctx) => {
	const body = await ctx.body();
	const versionId = requiredString(body.version_id, 'version_id', 'Send the id of a published version of this workflow');
	const environment = requiredString(body.environment, 'environment', 'Name an environment of the project, e.g. production');
	const deployment = orThrow(await callRpc(ctx, 'deploy_version', {
		workflow_id: ctx.event.params.id!,
		version_id: versionId,
		environment,
		note: optionalString(body.note, 'note')
	}));
	ctx.versionId = deployment.version_id;
	ctx.logFields.environment = deployment.environment;
	return json(200, deployment);
});

/** One row per environment of the project (production first): the version it runs, or nulls. */
export const GET: RequestHandler = operation('list_deployments', async (ctx) => {
	const rows = orThrow(await callRpc(ctx, 'list_workflow_deployments', { workflow_id: ctx.event.params.id! }));
	ctx.logFields.count = rows.length;
	return json(200, rows);
});
