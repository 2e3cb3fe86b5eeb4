// GET /api/versions/{id}/export — export_workflow_version(version_id): the version as a JSON document to
// download (`Content-Disposition: attachment`), which POST /api/workflows/{id}/import takes back.
import { callRpc } from '$lib/server/rpc';
import { orThrow } from '$lib/server/api/errors';
import { operation } from '$lib/server/api/operation';
import { exportFileName, type ExportDocument } from '$lib/server/api/export';
import type { RequestHandler } from './$types';

/** The version (draft or published) as `{format, workflow, version: {number, note, author, date, definition_hash…}, definition}`, as a file. */
export const GET: RequestHandler = operation('export_version', async (ctx) => {
	const doc = orThrow(await callRpc(ctx, 'export_workflow_version', { version_id: ctx.event.params.id! })) as ExportDocument;
	ctx.versionId = doc.version?.id ?? null;
	ctx.workflowId = doc.workflow?.id ?? null;
	const file = exportFileName(doc);
	return new Response(JSON.stringify(doc, null, 2) + '\n', {
		status: 200,
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${file}"`,
			'Cache-Control': 'private, no-store'
		}
	});
});
