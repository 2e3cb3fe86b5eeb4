import type { Json } from '$types/database';
import type { Actions, PageServerLoad } from './$types';
import { failRead, forPage, getDraft, getNodeTypes } from '$lib/server/data';
import { MAX_DEFINITION_DEPTH, nestingExceeds } from '$lib/server/json-limits';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, optInt, str } from '$lib/server/form';
import type { VersionRow } from '$lib/types';
import { VERSION_COLUMNS } from '$lib/types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { workflow } = await parent();
	const supabase = locals.supabase;
	const [draft, nodeTypes, live, versions] = await Promise.all([
		getDraft(supabase, workflow.id),
		getNodeTypes(supabase),
		workflow.current_version_id
			? supabase
					.from('workflow_versions')
					.select(`${VERSION_COLUMNS}, definition`)
					.eq('id', workflow.current_version_id)
					.maybeSingle()
			: Promise.resolve({ data: null, error: null, status: 200 }),
		callRpc(locals, 'list_workflow_versions', { workflow_id: workflow.id, page_size: 20 })
	]);
	if (live.error) failRead(live.error, live.status);
	return {
		draft,
		live: forPage((live.data as VersionRow | null) ?? null),
		nodeTypes,
		versions: (versions.ok ? versions.data : []) as VersionRow[]
	};
};

/** The definition text of a form, measured before it is parsed (docs/architecture.md, "Bounded input"). */
function parseDefinition(raw: string): { ok: true; value: Json } | { ok: false; message: string } {
	if (nestingExceeds(raw, MAX_DEFINITION_DEPTH - 1)) {
		return { ok: false, message: `The definition nests arrays and objects more than ${MAX_DEFINITION_DEPTH} levels deep.` };
	}
	try {
		return { ok: true, value: JSON.parse(raw) as Json };
	} catch {
		return { ok: false, message: 'The definition is not valid JSON.' };
	}
}

export const actions: Actions = {
	/** save_draft with the revision the editor started from; a 409 also returns the server's current draft. */
	save: async ({ request, locals, params }) => {
		const form = await request.formData();
		const def = parseDefinition(str(form, 'definition'));
		if (!def.ok) return badInput('save', def.message, 'Fix the JSON view, then save.');
		const expected = optInt(form, 'expected_revision');
		const r = await callRpc(
			locals,
			'save_draft',
			{ workflow_id: params.id, definition: def.value, expected_revision: expected },
			{ action: 'save' }
		);
		if (!r.ok) {
			if (r.error.status === 409 || r.error.status === 404) {
				// Conflict: send back what is on the server now, so the editor can show the difference.
				const current = await getDraft(locals.supabase, params.id).catch(() => null);
				return actionFailure('save', r.error, { current });
			}
			return actionFailure('save', r.error);
		}
		return { action: 'save', draft: forPage(r.data as VersionRow) };
	},
	publish: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'publish_draft',
			{ workflow_id: params.id, expected_revision: optInt(form, 'expected_revision'), note: str(form, 'note') || null },
			{ action: 'publish' }
		);
		if (!r.ok) return actionFailure('publish', r.error);
		return { action: 'publish', version: r.data };
	},
	discard: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'discard_draft',
			{ workflow_id: params.id, expected_revision: optInt(form, 'expected_revision') },
			{ action: 'discard' }
		);
		if (!r.ok) return actionFailure('discard', r.error);
		return { action: 'discard' };
	},
	createDraft: async ({ locals, params }) => {
		const r = await callRpc(locals, 'create_draft', { workflow_id: params.id }, { action: 'createDraft' });
		if (!r.ok) return actionFailure('createDraft', r.error);
		return { action: 'createDraft', draft: forPage(r.data as VersionRow) };
	},
	/** Live validation while editing (no writes). */
	validate: async ({ request, locals }) => {
		const form = await request.formData();
		const def = parseDefinition(str(form, 'definition'));
		if (!def.ok) return badInput('validate', def.message);
		const r = await callRpc(locals, 'validate_workflow_definition', { definition: def.value }, { action: 'validate' });
		if (!r.ok) return actionFailure('validate', r.error);
		return { action: 'validate', result: r.data };
	}
};
