import type { Json } from '$types/database';
import type { Actions, PageServerLoad } from './$types';
import { failRead, forPage, getDraft, getNodeTypes, lastDraftWriter } from '$lib/server/data';
import { checkJsonText } from '$lib/graph/json-limits';
import { MAX_DEFINITION_DEPTH, nestingExceeds } from '$lib/server/json-limits';
import { callRpc } from '$lib/server/rpc';
import { actionFailure, badInput, optInt, str } from '$lib/server/form';
import type { VersionRow } from '$lib/types';
import { VERSION_COLUMNS } from '$lib/types';
import type { PublishRequest } from '$lib/reviews';

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { workflow } = await parent();
	const supabase = locals.supabase;
	const [draft, nodeTypes, live, versions, reviews] = await Promise.all([
		getDraft(supabase, workflow.id),
		getNodeTypes(supabase),
		workflow.current_version_id
			? supabase
					.from('workflow_versions')
					.select(`${VERSION_COLUMNS}, definition`)
					.eq('id', workflow.current_version_id)
					.maybeSingle()
			: Promise.resolve({ data: null, error: null, status: 200 }),
		callRpc(locals, 'list_workflow_versions', { workflow_id: workflow.id, page_size: 20 }),
		// The latest publish requests of this workflow, newest first (the editor shows the draft's).
		supabase
			.from('publish_requests')
			.select('*')
			.eq('workflow_id', workflow.id)
			.order('requested_at', { ascending: false })
			.limit(10)
	]);
	if (live.error) failRead(live.error, live.status);
	if (reviews.error) failRead(reviews.error, reviews.status);
	const writer = draft ? await lastDraftWriter(supabase, draft.id) : null;
	return {
		draft,
		/** Who last wrote the draft (the history tab names them, not its creator). */
		draftEditor: writer?.actor_id ?? null,
		live: forPage((live.data as VersionRow | null) ?? null),
		nodeTypes,
		versions: (versions.ok ? versions.data : []) as VersionRow[],
		reviews: (reviews.data ?? []) as PublishRequest[]
	};
};

/** Room for the exported document around a 1 MiB definition: names, note and description. */
const IMPORT_SLACK_BYTES = 32 * 1024;

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
				const writer = current ? await lastDraftWriter(locals.supabase, current.id) : null;
				return actionFailure('save', r.error, { current, savedBy: writer?.actor_id ?? null });
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
			{
				workflow_id: params.id,
				expected_revision: optInt(form, 'expected_revision'),
				note: str(form, 'note') || null,
				environment: str(form, 'environment') || undefined
			},
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
	/** request_review of the saved revision the editor shows. */
	requestReview: async ({ request, locals, params }) => {
		const form = await request.formData();
		const r = await callRpc(
			locals,
			'request_review',
			{ workflow_id: params.id, expected_revision: optInt(form, 'expected_revision'), note: str(form, 'note') || null },
			{ action: 'requestReview' }
		);
		if (!r.ok) return actionFailure('requestReview', r.error);
		return { action: 'requestReview', request: r.data };
	},
	withdrawReview: async ({ request, locals }) => {
		const form = await request.formData();
		const r = await callRpc(locals, 'withdraw_review', { request_id: str(form, 'request_id') }, { action: 'withdrawReview' });
		if (!r.ok) return actionFailure('withdrawReview', r.error);
		return { action: 'withdrawReview', request: r.data };
	},
	createDraft: async ({ locals, params }) => {
		const r = await callRpc(locals, 'create_draft', { workflow_id: params.id }, { action: 'createDraft' });
		if (!r.ok) return actionFailure('createDraft', r.error);
		return { action: 'createDraft', draft: forPage(r.data as VersionRow) };
	},
	/** import_workflow_definition: an exported document or a bare definition replaces the draft. */
	import: async ({ request, locals, params }) => {
		const form = await request.formData();
		const text = form.get('document');
		if (typeof text !== 'string' || text.trim() === '') return badInput('import', 'Choose a file or paste JSON to import.');
		// The same limits the browser checked (a document wraps the definition: one more level, a little more text).
		const limits = checkJsonText(text, { slackBytes: IMPORT_SLACK_BYTES, extraDepth: 1 });
		if (!limits.ok) return badInput('import', limits.message, limits.hint);
		const doc = parseDefinition(text);
		if (!doc.ok) return badInput('import', 'The file is not valid JSON.', 'Import a file downloaded with "Download JSON", or a definition {"nodes": [...], "edges": [...]}.');
		const r = await callRpc(
			locals,
			'import_workflow_definition',
			{ workflow_id: params.id, document: doc.value, expected_revision: optInt(form, 'expected_revision') },
			{ action: 'import' }
		);
		if (!r.ok) return actionFailure('import', r.error);
		return { action: 'import', draft: r.data };
	},
	/** update_workflow: the name and the description, exactly as typed (the database trims and checks them). */
	rename: async ({ request, locals, params }) => {
		const form = await request.formData();
		const name = form.get('name');
		const description = form.get('description');
		const r = await callRpc(
			locals,
			'update_workflow',
			{
				workflow_id: params.id,
				name: typeof name === 'string' ? name : null,
				description: typeof description === 'string' ? description : null
			},
			{ action: 'rename' }
		);
		if (!r.ok) return actionFailure('rename', r.error);
		return { action: 'rename', workflow: { id: r.data.id, name: r.data.name, description: r.data.description } };
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
