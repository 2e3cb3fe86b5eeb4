// Review before publish as the UI explains it (docs/reviews-and-invitations.md). The database decides; these
// helpers only say, ahead of time and in words, what it will answer: which request is current for a draft,
// why "Publish…" is not possible yet, and why someone may not decide a review.
import { atLeast } from './roles';

export type RequestState = 'open' | 'approved' | 'rejected' | 'withdrawn' | 'superseded' | 'published';
export const REQUEST_STATES: RequestState[] = ['open', 'approved', 'rejected', 'withdrawn', 'superseded', 'published'];

/** A row of `publish_requests` (what the editor reads through RLS). */
export interface PublishRequest {
	id: string;
	project_id: string;
	workflow_id: string;
	draft_id: string;
	revision: number;
	definition_hash: string;
	state: RequestState;
	note: string | null;
	requested_by: string | null;
	requested_at: string;
	decided_by: string | null;
	decided_at: string | null;
	comment: string | null;
	updated_at: string;
}

/** A row of `list_publish_requests`: the request with its workflow's name and the people's e-mails. */
export interface PublishRequestSummary extends PublishRequest {
	workflow_name: string;
	requested_by_email: string | null;
	decided_by_email: string | null;
}

export const STATE_LABEL: Record<RequestState, string> = {
	open: 'Review open',
	approved: 'Approved',
	rejected: 'Rejected',
	withdrawn: 'Withdrawn',
	superseded: 'Superseded',
	published: 'Published'
};

/** The badge class of each state (app.css). */
export const STATE_BADGE: Record<RequestState, string> = {
	open: 'info',
	approved: 'live',
	rejected: 'danger',
	withdrawn: '',
	superseded: '',
	published: 'live'
};

export function isLive(state: RequestState): boolean {
	return state === 'open' || state === 'approved';
}

/** The newest request made for this draft (requests newest first), or null. */
export function requestForDraft<T extends Pick<PublishRequest, 'draft_id'>>(requests: T[], draftId: string | null | undefined): T | null {
	if (!draftId) return null;
	return requests.find((r) => r.draft_id === draftId) ?? null;
}

/**
 * The state the database holds now, as far as the editor can tell: any save moves the draft past the
 * requested revision and supersedes an open or approved request, in the same transaction.
 */
export function currentState(request: Pick<PublishRequest, 'state' | 'revision'>, savedRevision: number): RequestState {
	return isLive(request.state) && request.revision !== savedRevision ? 'superseded' : request.state;
}

export interface PublishGate {
	/** The project requires an approved review before publishing. */
	requireReview: boolean;
	/** The draft's current request (requestForDraft), if any. */
	request: Pick<PublishRequest, 'state' | 'revision'> | null;
	/** The saved revision of the draft. */
	revision: number;
	/** Edits not saved yet. */
	dirty: boolean;
	/** Validation errors of the draft as edited. */
	errorCount: number;
}

/** One reason "Publish…" cannot be used yet; `validation` ones link to the problems list. */
export interface PublishBlocker {
	kind: 'validation' | 'unsaved' | 'review';
	text: string;
}

/**
 * Why "Publish…" cannot be used yet, in the order a person fixes them; empty when it can. Validation
 * errors block in every project (the database refuses them with PT422 anyway); the review reasons only
 * where the project requires review (docs/reviews-and-invitations.md).
 */
export function publishBlockers(g: PublishGate): PublishBlocker[] {
	const reasons: PublishBlocker[] = [];
	if (g.errorCount > 0) {
		reasons.push({ kind: 'validation', text: `Fix ${g.errorCount} validation error${g.errorCount === 1 ? '' : 's'} first` });
	}
	if (!g.requireReview) return reasons;
	if (g.dirty) {
		reasons.push({ kind: 'unsaved', text: 'Unsaved edits: save, then request a review of the new revision' });
	} else if (!g.request || g.request.state !== 'approved' || g.request.revision !== g.revision) {
		reasons.push({ kind: 'review', text: `Needs an approved review of revision ${g.revision}` });
	}
	return reasons;
}

/** The audit actions that make someone an author of a draft (docs/reviews-and-invitations.md, "Who decides"). */
export const AUTHOR_ACTIONS = ['workflow_created', 'draft_saved', 'draft_reverted'];

/** The authors of a draft, from its audit events. */
export function draftAuthors(events: { action: string; version_id: string | null; actor_id: string | null }[], draftId: string): string[] {
	const ids = new Set<string>();
	for (const e of events) if (e.version_id === draftId && e.actor_id && AUTHOR_ACTIONS.includes(e.action)) ids.add(e.actor_id);
	return [...ids];
}

export interface DecideGate {
	role: string | null | undefined;
	userId: string | null | undefined;
	request: Pick<PublishRequest, 'state' | 'requested_by'>;
	authors: string[];
}

/** Why the signed-in user may not approve or reject this request; null when they may. */
export function decideBlocker(g: DecideGate): string | null {
	if (g.request.state !== 'open') {
		return `This request is ${g.request.state}: there is nothing left to decide.`;
	}
	if (!atLeast(g.role, 'publisher')) {
		return `Only publishers and owners decide reviews; your role here is ${g.role ?? 'none'}.`;
	}
	if (g.userId && g.request.requested_by === g.userId) {
		return 'You requested this review, so another publisher must decide it.';
	}
	if (g.userId && g.authors.includes(g.userId)) {
		return 'You changed this draft, so another publisher must decide it (four eyes).';
	}
	return null;
}
