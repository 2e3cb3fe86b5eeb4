import type { Actions, PageServerLoad } from './$types';
import { failRead } from '$lib/server/data';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, optInt } from '$lib/server/form';
import type { EventRow, VersionRow } from '$lib/types';

const PAGE = 20;
const EVENTS = 30;

async function events(locals: App.Locals, workflowId: string, beforeId: number | null) {
	let q = locals.supabase
		.from('workflow_version_events')
		.select('*')
		.eq('workflow_id', workflowId)
		.order('id', { ascending: false })
		.limit(EVENTS);
	if (beforeId !== null) q = q.lt('id', beforeId);
	return q;
}

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { workflow } = await parent();
	const [versions, ev] = await Promise.all([
		callRpc(locals, 'list_workflow_versions', { workflow_id: workflow.id, page_size: PAGE }),
		events(locals, workflow.id, null)
	]);
	if (!versions.ok) failRead(versions.error, versions.error.status);
	if (ev.error) failRead(ev.error, ev.status);
	return {
		versions: versions.data as VersionRow[],
		pageSize: PAGE,
		events: (ev.data ?? []) as EventRow[],
		eventPageSize: EVENTS
	};
};

export const actions: Actions = {
	/** Keyset pagination: the published versions numbered below `before`. */
	more: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'list_workflow_versions',
			{
				workflow_id: params.id,
				page_size: PAGE,
				before_version: optInt(form, 'before')
			},
			{ action: 'more' }
		);
		if (!r.ok) return actionFailure('more', r.error);
		return { action: 'more', versions: r.data ?? [] };
	},
	moreEvents: async ({ request, locals, params }) => {
		const form = await request.formData();
		const { data, error } = await events(locals, params.id, optInt(form, 'before'));
		if (error) return { action: 'moreEvents', events: [] as EventRow[] };
		return { action: 'moreEvents', events: (data ?? []) as EventRow[] };
	}
};
