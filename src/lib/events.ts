// Audit events (`workflow_version_events`) in words, for the History page's activity list and the review
// page's "who changed what". `versionNumber` names published versions by their number when known.

export interface AuditEvent {
	action: string;
	version_id: string | null;
	details: Record<string, unknown> | null;
}

const ACTIONS: Record<string, string> = {
	workflow_created: 'created the workflow',
	workflow_updated: 'changed the description',
	draft_created: 'created a draft',
	draft_saved: 'saved the draft',
	draft_reverted: 'reverted the draft',
	draft_discarded: 'discarded the draft',
	published: 'published',
	rolled_back: 'rolled back',
	archived: 'archived the workflow',
	member_added: 'changed membership',
	review_requested: 'requested a review',
	review_approved: 'approved',
	review_rejected: 'rejected',
	review_withdrawn: 'withdrew the review request',
	settings_changed: 'changed the project settings',
	environment_created: 'created an environment',
	deployed: 'deployed',
	run_started: 'started a run',
	run_replayed: 'replayed a run',
	run_finished: 'finished a run'
};

export function eventText(e: AuditEvent, versionNumber: (versionId: string) => number | null | undefined = () => null): string {
	const d = (e.details ?? {}) as Record<string, unknown>;
	const num = (d.version_number as number | undefined) ?? (e.version_id ? versionNumber(e.version_id) : null);
	const revision = typeof d.revision === 'number' ? d.revision : null;
	let text = ACTIONS[e.action] ?? e.action.replace(/_/g, ' ');
	if ((e.action === 'published' || e.action === 'rolled_back') && num) text += ` v${num}`;
	if (e.action === 'rolled_back' && d.source_version_number) text += ` (copy of v${d.source_version_number})`;
	if (e.action === 'draft_reverted' && d.source_version_number) text += ` to v${d.source_version_number}`;
	if (e.action === 'draft_created' && d.base_version_number) text += ` from v${d.base_version_number}`;
	if (e.action === 'draft_saved' && d.imported) text = 'imported into the draft';
	if (e.action === 'draft_saved' && revision) text += ` (revision ${revision})`;
	const renamed = d.name as { before?: string; after?: string } | undefined;
	if (e.action === 'workflow_updated' && renamed?.after) text = `renamed the workflow from “${renamed.before}” to “${renamed.after}”`;
	if (e.action === 'review_requested' && revision) text += ` of revision ${revision}`;
	if ((e.action === 'review_approved' || e.action === 'review_rejected') && revision) text += ` revision ${revision}`;
	if (e.action === 'review_withdrawn' && revision) text += ` (revision ${revision})`;
	if (e.action === 'deployed' && num) text += ` v${num} to ${d.environment}`;
	if (e.action === 'published' && typeof d.environment === 'string' && d.environment !== 'production') text += ` to ${d.environment}`;
	if (e.action === 'settings_changed' && typeof d.require_review === 'boolean') {
		text = d.require_review ? 'required review before publish' : 'stopped requiring review before publish';
	}
	return text;
}

/** The words a person attached to the event: a review's comment or note. */
export function eventQuote(e: AuditEvent): string | null {
	const d = (e.details ?? {}) as Record<string, unknown>;
	const q = e.action.startsWith('review_') ? (d.comment ?? d.note) : null;
	return typeof q === 'string' && q.trim() ? q : null;
}
