// GET /api/projects/{id}/reviews?state= — list_publish_requests(project_id, state?).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import type { Database } from '$types/database';
import type { RequestHandler } from './$types';

type RequestState = Database['public']['Enums']['publish_request_state'];

/** The project's publish requests, newest first; `?state=open` (or approved, rejected, withdrawn, superseded, published) keeps one state. */
export const GET: RequestHandler = operation('list_reviews', async (ctx) => {
	const state = ctx.event.url.searchParams.get('state');
	// An unknown state is refused by the database (22P02, 400) like any bad enum value.
	const rows = orThrow(await callRpc(ctx, 'list_publish_requests', {
		project_id: ctx.event.params.id!,
		state: (state || null) as RequestState | null
	}));
	ctx.logFields.count = rows.length;
	return json(200, rows);
});
