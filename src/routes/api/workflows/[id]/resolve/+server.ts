// GET /api/workflows/{id}/resolve?environment= — resolve_workflow(workflow_id, environment?): what a run
// would execute now. Admits the run orchestrator's service_role key.
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** The version the environment (default production) runs, with its definition and hash; members and the service_role key. */
export const GET: RequestHandler = operation(
	'resolve',
	async (ctx) => {
		const environment = ctx.event.url.searchParams.get('environment');
		const resolved = orThrow(await callRpc(ctx, 'resolve_workflow', {
			workflow_id: ctx.event.params.id!,
			environment: environment === null || environment === '' ? undefined : environment
		}));
		ctx.versionId = resolved.version_id;
		ctx.logFields.environment = resolved.environment;
		return json(200, resolved);
	},
	{ serviceRole: true }
);
