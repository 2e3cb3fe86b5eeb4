// POST /api/workflows/{id}/runs — start_run(workflow_id, environment?);
// GET /api/workflows/{id}/runs?page_size=&before= — list_workflow_runs (Link header for the next page).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { optionalInt, optionalString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** Starts a run pinned to what the environment (`{environment?}`, default production) runs now; 201 with the run id and that version's definition. Editors and the service_role key. */
export const POST: RequestHandler = operation(
	'start_run',
	async (ctx) => {
		const body = await ctx.body({ optional: true });
		const environment = optionalString(body.environment, 'environment');
		const run = orThrow(await callRpc(ctx, 'start_run', {
			workflow_id: ctx.event.params.id!,
			environment: environment === '' ? undefined : environment
		}));
		ctx.versionId = run.version_id;
		ctx.logFields.run_id = run.run_id;
		ctx.logFields.environment = environment ?? 'production';
		return json(201, run);
	},
	{ serviceRole: true }
);

/**
 * The workflow's runs newest first, with the version number each ran. Keyset: `before` is the id of the last
 * run you have; `Link: <…?page_size=N&before=<id>>; rel="next"` when another page may follow.
 */
export const GET: RequestHandler = operation('list_runs', async (ctx) => {
	const q = ctx.event.url.searchParams;
	const pageSize = optionalInt(q.get('page_size'), 'page_size');
	const before = q.get('before') || undefined;
	const rows = orThrow(await callRpc(ctx, 'list_workflow_runs', {
		workflow_id: ctx.event.params.id!,
		page_size: pageSize,
		before
	}));
	const headers: Record<string, string> = {};
	const size = pageSize ?? 50;
	const last = rows.at(-1);
	if (rows.length === size && last?.id) {
		const next = new URL(ctx.event.url.pathname, ctx.event.url.origin);
		next.searchParams.set('page_size', String(size));
		next.searchParams.set('before', last.id);
		headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
	}
	ctx.logFields.count = rows.length;
	return json(200, rows, headers);
});
