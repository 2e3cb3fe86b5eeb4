// Live awareness for one workflow, on Supabase Realtime (broadcast + presence on a public channel named
// `workflow:<id>`), so it works the same against a hosted project and the local stand-in.
//   - presence: who else has the workflow open (keyed by user id; several tabs of one person count once);
//   - broadcast `draft_saved`: {revision, draft_id, saved_by}, sent by the editor after each save, so the
//     others learn within a moment that the draft moved and can rebase their unsaved edits on it.
// The channel only carries hints: what a client then loads is read through the RPCs, under RLS, so a
// forged broadcast can make a client reload, never show something its user may not read. See
// docs/architecture.md, "Live awareness".
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/supabase';

export interface RealtimeConfig {
	url: string;
	anonKey: string;
	accessToken: string;
}

export interface Person {
	user_id: string;
	email: string | null;
}

export interface DraftSaved {
	revision: number;
	draft_id: string;
	saved_by: Person;
}

export const DRAFT_SAVED = 'draft_saved';

/** The channel of a workflow: one per workflow, shared by everyone who has it open. */
export function roomTopic(workflowId: string): string {
	return `workflow:${workflowId}`;
}

/** Everyone in a presence state but `me`, once each, ordered by e-mail. */
export function othersIn(state: Record<string, Array<Partial<Person>>>, me: string): Person[] {
	const people = new Map<string, Person>();
	for (const [key, metas] of Object.entries(state)) {
		const meta = metas[0] ?? {};
		const id = meta.user_id ?? key;
		if (id === me || people.has(id)) continue;
		people.set(id, { user_id: id, email: meta.email ?? null });
	}
	return [...people.values()].sort((a, b) => (a.email ?? a.user_id).localeCompare(b.email ?? b.user_id));
}

/** Whether a broadcast is a well-formed draft_saved from someone else about a newer revision. */
export function isNewerSave(payload: unknown, me: string, revision: number): payload is DraftSaved {
	const p = payload as Partial<DraftSaved> | null;
	return (
		!!p &&
		Number.isInteger(p.revision) &&
		typeof p.draft_id === 'string' &&
		typeof p.saved_by?.user_id === 'string' &&
		p.saved_by.user_id !== me &&
		(p.revision as number) > revision
	);
}

export class WorkflowRoom {
	others = $state<Person[]>([]);
	connected = $state(false);
	/** The newest save by someone else that this editor has not taken in yet. */
	pending = $state<DraftSaved | null>(null);

	readonly client: SupabaseClient<Database>;
	#channel: RealtimeChannel | null = null;
	#me: Person;
	#revision: () => number;

	constructor(config: RealtimeConfig, me: Person, revision: () => number) {
		this.client = createClient<Database>(config.url, config.anonKey, {
			accessToken: async () => config.accessToken,
			realtime: { params: { eventsPerSecond: 5 } }
		});
		this.#me = me;
		this.#revision = revision;
	}

	join(workflowId: string): void {
		const channel = this.client.channel(roomTopic(workflowId), {
			config: { presence: { key: this.#me.user_id }, broadcast: { self: false, ack: false } }
		});
		channel
			.on('presence', { event: 'sync' }, () => {
				this.others = othersIn(channel.presenceState<Person>(), this.#me.user_id);
			})
			.on('broadcast', { event: DRAFT_SAVED }, ({ payload }) => {
				if (isNewerSave(payload, this.#me.user_id, this.#revision())) this.pending = payload;
			})
			.subscribe(async (status) => {
				this.connected = status === 'SUBSCRIBED';
				// Track once per join (tracking again would leave a stale copy of us with the others).
				if (status === 'SUBSCRIBED') await channel.track({ user_id: this.#me.user_id, email: this.#me.email });
			});
		this.#channel = channel;
	}

	/** Tells the others this editor saved `revision` of the draft. */
	async announceSave(revision: number, draftId: string): Promise<void> {
		if (!this.#channel || !this.connected) return;
		const payload: DraftSaved = { revision, draft_id: draftId, saved_by: this.#me };
		await this.#channel.send({ type: 'broadcast', event: DRAFT_SAVED, payload });
	}

	/** The saved draft the pending notice is about, read through the RPC (RLS and role checks apply). */
	async loadPending(): Promise<{ definition: unknown; revision: number } | { error: string }> {
		const p = this.pending;
		if (!p) return { error: 'Nothing to load' };
		const { data, error } = await this.client.rpc('get_workflow_version', { version_id: p.draft_id });
		if (error || !data) return { error: error?.message ?? 'The draft could not be read' };
		const row = data as { definition: unknown; revision: number; state: string };
		if (row.state !== 'draft') return { error: 'That draft has since been published or discarded; reload the page' };
		return { definition: row.definition, revision: row.revision };
	}

	dismiss(): void {
		this.pending = null;
	}

	async leave(): Promise<void> {
		const channel = this.#channel;
		this.#channel = null;
		if (channel) await this.client.removeChannel(channel);
		this.client.realtime.disconnect();
	}
}
