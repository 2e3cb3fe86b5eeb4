// PRD: POST /api/workflows/{id}/versions (create the draft) and GET /api/workflows/{id}/versions (history).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { draftETag, optionalInt, optionalString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** create_draft(workflow_id, from_version_id?): 201 with the draft (new, or the existing one unchanged). */
export const POST: RequestHandler = operation('create_draft', async (ctx) => {
	const body = await ctx.body({ optional: true });
	const from = optionalString(body.from_version_id, 'from_version_id');
	const draft = orThrow(await callRpc(ctx, 'create_draft', { workflow_id: ctx.event.params.id!, from_version_id: from }));
	ctx.versionId = draft.id;
	return json(201, draft, { Location: `/api/versions/${draft.id}`, ...draftETag(draft) });
});

/**
 * list_workflow_versions(workflow_id, page_size?, before_version?): the draft first (first page only), then
 * published versions newest first. `Link: <…?before_version=N>; rel="next"` when another page may follow.
 */
export const GET: RequestHandler = operation('list_versions', async (ctx) => {
	const q = ctx.event.url.searchParams;
	const pageSize = optionalInt(q.get('page_size'), 'page_size');
	const before = optionalInt(q.get('before_version'), 'before_version');
	const rows = orThrow(await callRpc(ctx, 'list_workflow_versions', {
		workflow_id: ctx.event.params.id!,
		page_size: pageSize,
		before_version: before
	}));
	const published = rows.filter((r) => r.version_number !== null);
	const headers: Record<string, string> = {};
	const size = pageSize ?? 50;
	if (published.length === size) {
		const next = new URL(ctx.event.url.pathname, ctx.event.url.origin);
		next.searchParams.set('page_size', String(size));
		next.searchParams.set('before_version', String(published[published.length - 1].version_number));
		headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
	}
	ctx.logFields.count = rows.length;
	return json(200, rows, headers);
});
