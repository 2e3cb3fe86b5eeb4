// Row shapes as the app reads them (the subset of the generated Database types it uses).
export interface ProjectRow {
	id: string;
	name: string;
	created_by: string | null;
	created_at: string;
	/** Publishing needs an approved review (docs/reviews-and-invitations.md). */
	require_review?: boolean;
}

export interface WorkflowRow {
	id: string;
	project_id: string;
	name: string;
	description: string | null;
	current_version_id: string | null;
	last_version_number: number;
	archived_at: string | null;
	created_by: string | null;
	created_at: string;
	updated_at: string;
}

export interface VersionRow {
	id: string;
	workflow_id: string;
	project_id: string;
	version_number: number | null;
	state: 'draft' | 'published';
	definition?: unknown;
	definition_hash: string | null;
	revision: number;
	base_version_id: string | null;
	source_version_id: string | null;
	note: string | null;
	created_by: string | null;
	created_at: string;
	updated_at: string;
	published_by: string | null;
	published_at: string | null;
	is_live?: boolean;
	/** list_workflow_versions: the environments running this version, and how many runs executed it. */
	deployed_to?: string[] | null;
	run_count?: number | null;
	/** Set by the server when the definition nests deeper than the pages draw and was cut ("…"). */
	definition_cut?: boolean;
}

export interface EventRow {
	id: number;
	project_id: string;
	workflow_id: string;
	version_id: string | null;
	action: string;
	actor_id: string | null;
	occurred_at: string;
	details: Record<string, unknown> | null;
}

export interface DiffResult {
	nodes: {
		added: unknown[];
		removed: unknown[];
		changed: { id: string; before: unknown; after: unknown }[];
	};
	edges: { added: unknown[]; removed: unknown[] };
	settings_changed: boolean;
}

export interface ValidationResult {
	valid: boolean;
	errors: { code: string; message: string; node_id?: string; edge_id?: string }[];
	warnings: { code: string; message: string; node_id?: string; edge_id?: string }[];
}

export const VERSION_COLUMNS =
	'id, workflow_id, project_id, version_number, state, definition_hash, revision, base_version_id, source_version_id, note, created_by, created_at, updated_at, published_by, published_at';

/** "v3", or "Draft" for the draft. */
export function versionLabel(v: Pick<VersionRow, 'state' | 'version_number'> | null | undefined): string {
	if (!v) return '—';
	return v.state === 'draft' ? 'Draft' : `v${v.version_number}`;
}
