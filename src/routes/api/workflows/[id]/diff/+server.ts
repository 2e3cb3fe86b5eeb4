// GET /api/workflows/{id}/diff?from=<version id>&to=<version id> — diff_workflow_versions(from, to).
import { callRpc } from '$lib/server/rpc';
import { ApiFailure, badRequest, json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** What changed from version `from` to version `to` (both of this workflow; a draft may be either side). */
export const GET: RequestHandler = operation('diff', async (ctx) => {
	const q = ctx.event.url.searchParams;
	const from = q.get('from');
	const to = q.get('to');
	if (!from || !to) throw badRequest('from and to are required', 'Pass two version ids: ?from=<id>&to=<id>');
	const workflowId = ctx.event.params.id!;
	// The RPC checks that both versions belong to one workflow; the path names which one, so check it too.
	const [diff, fromVersion] = await Promise.all([
		callRpc(ctx, 'diff_workflow_versions', { from_version_id: from, to_version_id: to }),
		callRpc(ctx, 'get_workflow_version', { version_id: from })
	]);
	const result = orThrow(diff);
	if (fromVersion.ok && fromVersion.data.workflow_id !== workflowId) {
		throw new ApiFailure(404, {
			code: 'PT404',
			message: `Version ${from} is not a version of workflow ${workflowId}`,
			details: null,
			hint: 'Pick both versions from GET /api/workflows/{id}/versions of this workflow'
		});
	}
	ctx.logFields.from_version_id = from;
	ctx.logFields.to_version_id = to;
	return json(200, result);
});
