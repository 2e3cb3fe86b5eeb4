// POST /api/workflows/{id}/rollback — rollback_workflow(workflow_id, version_id, note?).
import { callRpc } from '$lib/server/rpc';
import { json, orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { optionalString, requiredString } from '$lib/server/api/params';
import type { RequestHandler } from './$types';

/** 201 with the new published version (a copy of version_id, now live). */
export const POST: RequestHandler = operation('rollback', async (ctx) => {
	const body = await ctx.body();
	const source = requiredString(body.version_id, 'version_id', 'Send the id of an older published version');
	const version = orThrow(await callRpc(ctx, 'rollback_workflow', {
		workflow_id: ctx.event.params.id!,
		version_id: source,
		note: optionalString(body.note, 'note')
	}));
	ctx.versionId = version.id;
	ctx.logFields.source_version_id = source;
	ctx.logFields.version_number = version.version_number;
	return json(201, version, { Location: `/api/versions/${version.id}` });
});
