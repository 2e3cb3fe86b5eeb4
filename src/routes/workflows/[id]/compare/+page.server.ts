import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { diffForPage, failRead, getVersion, isUuid, notFound } from '$lib/server/data';
import { callRpc } from '$lib/server/rpc';
import type { DiffResult, VersionRow } from '$lib/types';

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { workflow } = await parent();
	const list = await callRpc(locals, 'list_workflow_versions', { workflow_id: workflow.id, page_size: 200 });
	if (!list.ok) failRead(list.error, list.error.status);
	const versions = list.data as VersionRow[];

	let from = url.searchParams.get('from');
	let to = url.searchParams.get('to');
	if (!from || !to) {
		// Sensible defaults: live → draft, or the previous published version → live.
		const draft = versions.find((v) => v.state === 'draft');
		const live = versions.find((v) => v.is_live);
		const published = versions.filter((v) => v.state === 'published');
		const dTo = to ?? draft?.id ?? live?.id ?? published[0]?.id;
		const dFrom = from ?? (dTo === live?.id ? published.find((v) => v.id !== live?.id)?.id : live?.id) ?? published[0]?.id;
		if (dFrom && dTo) redirect(307, `?from=${dFrom}&to=${dTo}`);
		return { versions, from: null, to: null, diff: null };
	}
	if (!isUuid(from) || !isUuid(to)) notFound('Version');

	const [a, b, diff] = await Promise.all([
		getVersion(locals.supabase, from),
		getVersion(locals.supabase, to),
		callRpc(locals, 'diff_workflow_versions', { from_version_id: from, to_version_id: to })
	]);
	if (a.workflow_id !== workflow.id || b.workflow_id !== workflow.id) notFound('Version');
	if (!diff.ok) failRead(diff.error, diff.error.status);
	return { versions, from: a, to: b, diff: diffForPage(diff.data as unknown as DiffResult) };
};
