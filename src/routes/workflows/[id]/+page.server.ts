import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failRead, getDraft, getNodeTypes } from '$lib/server/data';
import { badInput, callRpc, optInt, str } from '$lib/server/rpc';
import type { ValidationResult, VersionRow } from '$lib/types';
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
		supabase.rpc('list_workflow_versions', { workflow_id: workflow.id, page_size: 20 })
	]);
	if (live.error) failRead(live.error, live.status);
	return {
		draft,
		live: (live.data as VersionRow | null) ?? null,
		nodeTypes,
		versions: (versions.data ?? []) as VersionRow[],
		versionsError: versions.error ? versions.error.message : null
	};
};

function parseDefinition(raw: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(raw) };
	} catch {
		return { ok: false };
	}
}

export const actions: Actions = {
	/** save_draft with the revision the editor started from; a 409 also returns the server's current draft. */
	save: async ({ request, locals, params }) => {
		const form = await request.formData();
		const def = parseDefinition(str(form, 'definition'));
		if (!def.ok) return badInput('save', 'The definition is not valid JSON.', 'Fix the JSON view, then save.');
		const expected = optInt(form, 'expected_revision');
		const r = await callRpc<VersionRow>(locals, 'save', 'save_draft', {
			workflow_id: params.id,
			definition: def.value,
			expected_revision: expected
		});
		if (!r.ok) {
			if (r.failure.status === 409 || r.failure.status === 404) {
				// Conflict: send back what is on the server now, so the editor can show the difference.
				const current = await getDraft(locals.supabase, params.id).catch(() => null);
				return fail(r.failure.status, { ...r.failure.data, current });
			}
			return r.failure;
		}
		return { action: 'save', draft: r.data };
	},
	publish: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc<VersionRow>(locals, 'publish', 'publish_draft', {
			workflow_id: params.id,
			expected_revision: optInt(form, 'expected_revision'),
			note: str(form, 'note') || null
		});
		if (!r.ok) return r.failure;
		return { action: 'publish', version: r.data };
	},
	discard: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc<null>(locals, 'discard', 'discard_draft', {
			workflow_id: params.id,
			expected_revision: optInt(form, 'expected_revision')
		});
		if (!r.ok) return r.failure;
		return { action: 'discard' };
	},
	createDraft: async ({ locals, params }) => {
		const r = await callRpc<VersionRow>(locals, 'createDraft', 'create_draft', { workflow_id: params.id });
		if (!r.ok) return r.failure;
		return { action: 'createDraft', draft: r.data };
	},
	/** Live validation while editing (no writes). */
	validate: async ({ request, locals }) => {
		const form = await request.formData();
		const def = parseDefinition(str(form, 'definition'));
		if (!def.ok) return badInput('validate', 'The definition is not valid JSON.');
		const r = await callRpc<ValidationResult>(locals, 'validate', 'validate_workflow_definition', {
			definition: def.value
		});
		if (!r.ok) return r.failure;
		return { action: 'validate', result: r.data };
	}
};
