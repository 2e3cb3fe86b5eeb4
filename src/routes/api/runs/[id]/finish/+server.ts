// POST /api/runs/{id}/finish — finish_run(run_id, status). Admits the run orchestrator's service_role key.
import { callRpc } from '$lib/server/rpc';
import { badRequest, json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { requiredString } from '$lib/server/api/params';
import { FINAL_STATUSES, type RunStatus } from '$lib/environments';
import type { RequestHandler } from './$types';

/** Moves a running run to its final status (`{status}`: succeeded, failed or cancelled), once; 200 with the run. */
export const POST: RequestHandler = operation(
	'finish_run',
	async (ctx) => {
		const body = await ctx.body();
		const status = requiredString(body.status, 'status', 'Send {"status": "succeeded"}, "failed" or "cancelled"');
		if (!(FINAL_STATUSES as string[]).includes(status)) {
			throw badRequest(`status must be succeeded, failed or cancelled, not "${status.slice(0, 40)}"`, 'Send the run\'s final status');
		}
		const run = orThrow(await callRpc(ctx, 'finish_run', { run_id: ctx.event.params.id!, status: status as RunStatus }));
		ctx.workflowId = run.workflow_id;
		ctx.versionId = run.version_id;
		ctx.logFields.run_id = run.id;
		ctx.logFields.run_status = run.status;
		return json(200, run);
	},
	{ serviceRole: true }
);
