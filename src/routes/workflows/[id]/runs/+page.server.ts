// The workflow's runs (list_workflow_runs), newest first, a page at a time (`?before=<last run id>`), and one
// run in focus (`?run=<id>`, e.g. the original of a replay that is on another page). Editors start runs,
// replay them and record how they finished; each form action calls one RPC.
import type { Actions, PageServerLoad } from './$types';
import { failRead, isUuid, notFound } from '$lib/server/data';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, str } from '$lib/server/form';
import { FINAL_STATUSES, type RunRow, type RunStatus } from '$lib/environments';

const PAGE = 25;

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { workflow } = await parent();
	const before = url.searchParams.get('before');
	const focusId = url.searchParams.get('run');
	if (before !== null && !isUuid(before)) notFound('Run');
	const [list, focus] = await Promise.all([
		callRpc(locals, 'list_workflow_runs', { workflow_id: workflow.id, page_size: PAGE, before }),
		isUuid(focusId) ? focusRun(locals, workflow.id, focusId) : Promise.resolve(null)
	]);
	if (!list.ok) failRead(list.error, list.error.status);
	return { runs: list.data as RunRow[], pageSize: PAGE, before, focus };
};

/** One run of this workflow with its version number, read through RLS; null when not visible. */
async function focusRun(locals: App.Locals, workflowId: string, id: string): Promise<RunRow | null> {
	const { data: run } = await locals.supabase.from('workflow_runs').select('*').eq('id', id).eq('workflow_id', workflowId).maybeSingle();
	if (!run) return null;
	const { data: version } = await locals.supabase.from('workflow_versions').select('version_number').eq('id', run.version_id).maybeSingle();
	return { ...run, version_number: version?.version_number ?? 0 } as RunRow;
}

export const actions: Actions = {
	start: async ({ request, locals, params }) => {
		const form = await request.formData();
		const environment = str(form, 'environment');
		if (!environment) return badInput('start', 'Choose the environment to run in.');
		const r = await callRpc(locals, 'start_run', { workflow_id: params.id, environment }, { action: 'start' });
		if (!r.ok) return actionFailure('start', r.error);
		return { action: 'start', run: { id: r.data.run_id, version_number: r.data.version_number, environment } };
	},
	replay: async ({ request, locals }) => {
		const form = await request.formData();
		const runId = str(form, 'run_id');
		if (!isUuid(runId)) return badInput('replay', 'Pick a run to replay.');
		const r = await callRpc(locals, 'replay_run', { run_id: runId }, { action: 'replay' });
		if (!r.ok) return actionFailure('replay', r.error);
		return { action: 'replay', run: { id: r.data.run_id, version_number: r.data.version_number } };
	},
	finish: async ({ request, locals }) => {
		const form = await request.formData();
		const runId = str(form, 'run_id');
		const status = str(form, 'status');
		if (!isUuid(runId)) return badInput('finish', 'Pick a run to finish.');
		if (!(FINAL_STATUSES as string[]).includes(status)) {
			return badInput('finish', 'Choose how the run ended: succeeded, failed or cancelled.');
		}
		const r = await callRpc(locals, 'finish_run', { run_id: runId, status: status as RunStatus }, { action: 'finish' });
		if (!r.ok) return actionFailure('finish', r.error);
		return { action: 'finish', run: { id: r.data.id, status: r.data.status } };
	}
};
