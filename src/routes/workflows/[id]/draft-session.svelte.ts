// The editor page's save / publish / discard / conflict logic, apart from the markup so it can be tested.
// It talks to the page's form actions (save, publish, discard, createDraft, validate) through `post`, the
// same endpoint `use:enhance` uses. Rules it keeps:
//   - a save sends the revision the edits started from; a 409 or 404 that comes back with the server's
//     current draft opens the conflict dialog, and local edits are never dropped without the user asking;
//   - publishing first saves unsaved edits, then shows the verdict on exactly what was saved;
//   - after publish, discard or a new draft the page reloads its data, past the leave guard;
//   - with no draft (after a publish), the first change creates one from the live version
//     (`ensureDraft`) and the change is kept on top of it: editing simply continues;
//   - an import replaces the draft through the database, which checks it like any draft write.
import type { ActionOutcome } from '$lib/actions';
import { describe, type AppError } from '$lib/errors';
import type { ToastKind } from '$lib/components/ui/toasts.svelte';
import { normalizeDefinition, type WorkflowDefinition } from '$lib/graph/definition';
import { jsonEqual } from '$lib/graph/json';
import { EditorState, type RebaseConflict } from '$lib/graph/editor-state.svelte';
import { labelProblems, presentProblems } from '$lib/graph/problems';
import type { ValidationResult, VersionRow } from '$lib/types';

type Fields = Record<string, string | number | null | undefined>;

export interface SessionDeps {
	/** Calls one of the page's form actions (postAction in the page). */
	post: <T>(action: string, fields: Fields) => Promise<ActionOutcome<T>>;
	/** Reloads the page's data and starts a fresh session on it (after publish, discard, a new draft). */
	reload: () => Promise<unknown>;
	/** Reloads the page's data and keeps this session (the history list after a draft was started). */
	refresh?: () => Promise<unknown>;
	/** A result toast. */
	notify: (message: string, kind?: ToastKind) => void;
	/** Whether the caller may edit the draft now (role, draft present, not archived). */
	canEdit: () => boolean;
	/** Called after each successful save (live awareness tells the others). */
	saved?: (revision: number, draftId: string) => void;
}

/** A save refused because the draft changed (theirs) or is gone (theirs null). */
export interface Conflict {
	theirs: VersionRow | null;
	theirsDefinition: WorkflowDefinition;
	/** Who last wrote the draft on the server (a user id), when the page could tell. */
	savedBy: string | null;
	error: AppError;
}

export type BusyAction = 'publish' | 'discard' | 'createDraft' | 'newDraft' | 'import';

const EMPTY = { nodes: [], edges: [] };

/** The server's draft sent back with a failed save, when the failure is a conflict with it. */
export function conflictOf(r: ActionOutcome<unknown>, revision: number): Conflict | null {
	if (r.ok || (r.status !== 409 && r.status !== 404)) return null;
	// `current` is the draft on the server now: null when it is gone (published or discarded elsewhere),
	// absent when the action could not tell.
	const current = r.data.current as VersionRow | null | undefined;
	if (current === undefined || (current !== null && current.revision === revision)) return null;
	const savedBy = r.data.savedBy;
	return {
		theirs: current,
		theirsDefinition: normalizeDefinition(current?.definition ?? EMPTY),
		savedBy: typeof savedBy === 'string' ? savedBy : null,
		error: r.error
	};
}

export class DraftSession {
	readonly editor = new EditorState(EMPTY, 0);
	readonly #deps: SessionDeps;

	saving = $state(false);
	saveError = $state<AppError | null>(null);
	busy = $state<BusyAction | null>(null);
	actionError = $state<AppError | null>(null);

	validation = $state<ValidationResult | null>(null);
	validating = $state(false);
	validationError = $state<AppError | null>(null);
	#validateSeq = 0;

	publishOpen = $state(false);
	publishNote = $state('');
	/** The environment to publish to (PublishEnvironmentPicker); null: the default, production. */
	publishEnvironment = $state<string | null>(null);
	publishError = $state<AppError | null>(null);
	publishValidation = $state<ValidationResult | null>(null);
	discardOpen = $state(false);

	conflict = $state<Conflict | null>(null);
	rebaseConflicts = $state<RebaseConflict[]>([]);

	/** Whether the workflow has a draft (false after a publish until the first change creates one). */
	hasDraft = $state(true);
	importError = $state<AppError | null>(null);
	#creating: Promise<boolean> | null = null;

	/** Set while the page navigates on its own (after publish, discard…): the leave guard lets it pass. */
	bypassGuard = false;

	/** Errors, then warnings marked as such: what the canvas outlines. */
	problems = $derived(
		labelProblems(
			[
				...(this.validation?.errors ?? []),
				...(this.validation?.warnings ?? []).map((w) => ({ ...w, severity: 'warning' as const }))
			],
			this.editor.definition
		)
	);
	/** The verdict as the validation tab lists it: labels, one message per cycle (src/lib/graph/problems.ts). */
	presented = $derived(this.validation ? presentProblems(this.validation, this.editor.definition) : null);
	problemCount = $derived((this.validation?.errors.length ?? 0) + (this.validation?.warnings.length ?? 0));

	constructor(definition: unknown, revision: number, deps: SessionDeps, options: { hasDraft?: boolean } = {}) {
		this.editor.reset(definition ?? EMPTY, revision);
		this.#deps = deps;
		this.hasDraft = options.hasDraft ?? true;
	}

	/**
	 * Without a draft, the first change creates one (create_draft: from the live version, or the draft
	 * someone else created meanwhile) and replays the local edits on it. True when there is a draft.
	 */
	ensureDraft(): Promise<boolean> {
		if (this.hasDraft) return Promise.resolve(true);
		this.#creating ??= (async () => {
			this.busy = 'createDraft';
			this.actionError = null;
			const r = await this.#deps.post<{ draft: VersionRow }>('createDraft', {});
			this.busy = null;
			this.#creating = null;
			if (!r.ok) {
				this.actionError = r.error;
				this.#deps.notify(`Could not start a draft: ${describe(r.error)}`, 'error');
				return false;
			}
			const started = r.data.draft;
			const sameBase = jsonEqual(normalizeDefinition(started.definition), this.editor.savedDefinition);
			const result = this.editor.rebaseOnto(started.definition, started.revision);
			this.rebaseConflicts = result.conflicts;
			this.hasDraft = true;
			this.#deps.notify(
				sameBase
					? 'Started a new draft from the live version; keep editing, then save'
					: `Someone else had started a draft (revision ${started.revision}); your edits are applied on top of it`,
				sameBase ? 'info' : 'error'
			);
			void this.#deps.refresh?.();
			return true;
		})();
		return this.#creating;
	}

	/** Validates a definition (no writes); only the latest call updates `validation`. */
	async validate(def: WorkflowDefinition): Promise<ValidationResult | null> {
		const seq = ++this.#validateSeq;
		this.validating = true;
		const r = await this.#deps.post<{ result: ValidationResult }>('validate', { definition: JSON.stringify(def) });
		if (seq !== this.#validateSeq) return r.ok ? r.data.result : null;
		this.validating = false;
		if (r.ok) {
			this.validation = r.data.result;
			this.validationError = null;
			return r.data.result;
		}
		this.validationError = r.error;
		return null;
	}

	/** Saves the edits with the revision they started from; true when nothing unsaved remains. */
	async save(): Promise<boolean> {
		const editor = this.editor;
		if (!this.#deps.canEdit() || this.saving) return false;
		if (!editor.dirty) return true;
		if (!this.hasDraft && !(await this.ensureDraft())) return false;
		this.saving = true;
		this.saveError = null;
		const sent = editor.definition;
		const r = await this.#deps.post<{ draft: VersionRow }>('save', {
			definition: JSON.stringify(sent),
			expected_revision: editor.revision
		});
		this.saving = false;
		if (r.ok) {
			editor.markSaved(r.data.draft.definition ?? sent, r.data.draft.revision);
			this.rebaseConflicts = [];
			this.#deps.saved?.(r.data.draft.revision, r.data.draft.id);
			this.#deps.notify(`Saved draft · revision ${r.data.draft.revision}`);
			return true;
		}
		const conflict = conflictOf(r, editor.revision);
		if (conflict) {
			this.conflict = conflict;
			return false;
		}
		this.saveError = r.error;
		this.#deps.notify(`Not saved: ${describe(r.error)}`, 'error');
		return false;
	}

	/** Conflict dialog: take their draft (edits set aside), or reload when the draft is gone. */
	reloadTheirs(): void {
		const conflict = this.conflict;
		if (!conflict) return;
		if (conflict.theirs) {
			this.editor.reset(conflict.theirs.definition, conflict.theirs.revision);
			this.#deps.notify(`Loaded revision ${conflict.theirs.revision}; your edits were set aside`, 'info');
			this.conflict = null;
		} else {
			this.conflict = null;
			this.bypassGuard = true;
			this.#deps.reload().finally(() => (this.bypassGuard = false));
		}
	}

	/** Conflict dialog: replay the local edits on their draft; what no longer applies is listed. */
	reapplyMine(): void {
		const theirs = this.conflict?.theirs;
		if (!theirs) return;
		const result = this.editor.rebaseOnto(theirs.definition, theirs.revision);
		this.rebaseConflicts = result.conflicts;
		this.conflict = null;
		this.#deps.notify(
			result.conflicts.length
				? `Re-applied your edits on revision ${theirs.revision}; ${result.conflicts.length} could not apply — see the note above the canvas`
				: `Re-applied your edits on top of revision ${theirs.revision}. Review, then save.`,
			result.conflicts.length ? 'error' : 'info'
		);
	}

	/**
	 * Someone else saved a newer revision (live awareness): take it. Without unsaved edits the canvas simply
	 * shows theirs; with them, the edits are replayed on theirs (what no longer applies is listed), to be
	 * reviewed and saved — the same rebase as the conflict dialog, before any save has to fail.
	 */
	adoptNewer(definition: unknown, revision: number, by: string): void {
		if (revision <= this.editor.revision) return;
		if (!this.editor.dirty) {
			this.editor.reset(definition, revision);
			this.#deps.notify(`Loaded revision ${revision}, saved by ${by}`, 'info');
			return;
		}
		const result = this.editor.rebaseOnto(definition, revision);
		this.rebaseConflicts = result.conflicts;
		this.#deps.notify(
			result.conflicts.length
				? `Your edits are now on revision ${revision} (saved by ${by}); ${result.conflicts.length} could not apply — see the note above the canvas`
				: `Your edits are now on top of revision ${revision}, saved by ${by}. Review, then save.`,
			result.conflicts.length ? 'error' : 'info'
		);
	}

	/** The draft is gone (published or discarded elsewhere): start a new one and put the edits on it. */
	async newDraftWithMine(): Promise<void> {
		this.busy = 'newDraft';
		const r = await this.#deps.post<{ draft: VersionRow }>('createDraft', {});
		this.busy = null;
		if (!r.ok) {
			if (this.conflict) this.conflict.error = r.error;
			return;
		}
		const result = this.editor.rebaseOnto(r.data.draft.definition, r.data.draft.revision);
		this.rebaseConflicts = result.conflicts;
		this.conflict = null;
		if (await this.save()) {
			this.bypassGuard = true;
			await this.#deps.reload();
			this.bypassGuard = false;
		}
	}

	/** Opens the publish dialog after saving unsaved edits, and validates what was saved. */
	async openPublish(): Promise<void> {
		this.publishError = null;
		if (this.editor.dirty && !(await this.save())) return;
		this.publishValidation = null;
		this.publishOpen = true;
		const saved = this.editor.savedDefinition;
		const verdict = await this.validate(saved);
		// The database's messages name ids; the dialog shows labels.
		this.publishValidation = verdict && {
			...verdict,
			errors: labelProblems(verdict.errors, saved),
			warnings: labelProblems(verdict.warnings, saved)
		};
	}

	async publish(): Promise<void> {
		this.busy = 'publish';
		this.publishError = null;
		const r = await this.#deps.post<{ version: VersionRow }>('publish', {
			expected_revision: this.editor.revision,
			note: this.publishNote.trim() || null,
			environment: this.publishEnvironment ?? undefined
		});
		this.busy = null;
		if (!r.ok) {
			this.publishError = r.error;
			if (r.error.problems) {
				this.validation = { valid: false, errors: r.error.problems, warnings: this.validation?.warnings ?? [] };
			}
			return;
		}
		this.publishOpen = false;
		const to = this.publishEnvironment && this.publishEnvironment !== 'production' ? ` to ${this.publishEnvironment}` : '';
		this.#deps.notify(`Published v${r.data.version.version_number}${to}`);
		this.bypassGuard = true;
		await this.#deps.reload();
	}

	async discard(): Promise<void> {
		this.busy = 'discard';
		this.actionError = null;
		const r = await this.#deps.post('discard', { expected_revision: this.editor.revision });
		this.busy = null;
		this.discardOpen = false;
		if (!r.ok) {
			this.actionError = r.error;
			return;
		}
		this.#deps.notify('Draft discarded');
		this.bypassGuard = true;
		await this.#deps.reload();
	}

	/**
	 * Replaces the draft by an exported document or a bare definition (import_workflow_definition),
	 * creating the draft when there is none. Unsaved edits are replaced; the caller asked first.
	 */
	async importDocument(text: string): Promise<boolean> {
		this.busy = 'import';
		this.importError = null;
		const r = await this.#deps.post<{ draft: VersionRow }>('import', {
			document: text,
			expected_revision: this.hasDraft ? this.editor.revision : null
		});
		this.busy = null;
		if (!r.ok) {
			this.importError = r.error;
			return false;
		}
		this.editor.reset(r.data.draft.definition, r.data.draft.revision);
		this.hasDraft = true;
		this.rebaseConflicts = [];
		this.#deps.notify(`Imported into the draft · revision ${r.data.draft.revision}`);
		void this.#deps.refresh?.();
		return true;
	}

	/** Creates the draft (from the live version, when there is one); `created` is the toast. */
	async createDraft(created: string): Promise<void> {
		this.busy = 'createDraft';
		this.actionError = null;
		const r = await this.#deps.post('createDraft', {});
		this.busy = null;
		if (!r.ok) {
			this.actionError = r.error;
			return;
		}
		this.#deps.notify(created);
		await this.#deps.reload();
	}
}
