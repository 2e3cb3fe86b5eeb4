// POST /api/runs/{id}/replay — replay_run(run_id). Admits the run orchestrator's service_role key.
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { RequestHandler } from './$types';

/** Starts a new run on the original run's version and environment, whatever is deployed now; 201 like POST …/runs. */
export const POST: RequestHandler = operation(
	'replay_run',
	async (ctx) => {
		const run = orThrow(await callRpc(ctx, 'replay_run', { run_id: ctx.event.params.id! }));
		ctx.versionId = run.version_id;
		ctx.logFields.run_id = run.run_id;
		ctx.logFields.replay_of = ctx.event.params.id!;
		return json(201, run);
	},
	{ serviceRole: true }
);
