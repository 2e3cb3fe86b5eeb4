// The editor's side of review before publish (docs/reviews-and-invitations.md): the "Request review"
// dialog and withdrawing a request, through the page's form actions `requestReview` and `withdrawReview`.
// A request names a saved revision, so it is refused while edits are unsaved; the database checks the
// revision again (a stale one is PT409).
import type { ActionOutcome } from '$lib/actions';
import { describe, type AppError } from '$lib/errors';
import type { ToastKind } from '$lib/components/ui/toasts.svelte';
import type { PublishRequest } from '$lib/reviews';

type Fields = Record<string, string | number | null | undefined>;

export interface ReviewDeps {
	post: <T>(action: string, fields: Fields) => Promise<ActionOutcome<T>>;
	reload: () => Promise<unknown>;
	notify: (message: string, kind?: ToastKind) => void;
}

export class ReviewSession {
	readonly #deps: ReviewDeps;
	open = $state(false);
	note = $state('');
	busy = $state<'request' | 'withdraw' | null>(null);
	error = $state<AppError | null>(null);

	constructor(deps: ReviewDeps) {
		this.#deps = deps;
	}

	openDialog(): void {
		this.error = null;
		this.open = true;
	}

	/** Requests a review of the saved `revision`; `dirty` refuses before asking the server. */
	async request(revision: number, dirty: boolean): Promise<boolean> {
		if (dirty) {
			this.error = {
				status: 400,
				code: 'unsaved',
				message: 'You have unsaved edits',
				hint: 'Save them first: a review records a saved revision.'
			};
			return false;
		}
		this.busy = 'request';
		this.error = null;
		const r = await this.#deps.post<{ request: PublishRequest }>('requestReview', {
			expected_revision: revision,
			note: this.note.trim() || null
		});
		this.busy = null;
		if (!r.ok) {
			this.error = r.error;
			return false;
		}
		this.open = false;
		this.note = '';
		this.#deps.notify(`Review requested for revision ${r.data.request.revision}`);
		await this.#deps.reload();
		return true;
	}

	/** The requester takes the request back. */
	async withdraw(requestId: string): Promise<boolean> {
		this.busy = 'withdraw';
		const r = await this.#deps.post('withdrawReview', { request_id: requestId });
		this.busy = null;
		if (!r.ok) {
			this.#deps.notify(`Not withdrawn: ${describe(r.error)}`, 'error');
			await this.#deps.reload();
			return false;
		}
		this.#deps.notify('Review request withdrawn');
		await this.#deps.reload();
		return true;
	}
}
