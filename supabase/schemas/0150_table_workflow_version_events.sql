-- The append-only audit trail: one row per successful mutation, written in the same transaction.

create type public.workflow_event_action as enum (
  -- workflows, drafts and versions
  'workflow_created', 'workflow_updated', 'draft_created', 'draft_saved', 'draft_reverted', 'draft_discarded',
  'published', 'rolled_back', 'archived',
  -- environments and runs
  'environment_created', 'deployed', 'run_started', 'run_finished', 'run_replayed',
  -- project settings and review before publish
  'settings_changed', 'review_requested', 'review_approved', 'review_rejected', 'review_withdrawn',
  -- membership and invitations
  'member_added', 'member_invited', 'invitation_declined', 'invitation_revoked', 'member_role_changed',
  'member_removed'
);
comment on type public.workflow_event_action is 'What an audit event records; one event per successful mutation.';

-- Numbering and tamper evidence. The trail is a set of hash chains: one per workflow, and one per project
-- for the project's own events (workflow_id null, e.g. membership). In its chain an event has
--   id             its number: 1, 2, 3… without gaps, in the order the events were written;
--   previous_hash  the hash of the chain's previous event (null for the first);
--   hash           sha256 of its content and previous_hash (private.event_hash).
-- The BEFORE INSERT trigger computes all three for every writer (enabled ALWAYS, so even inserts with
-- session_replication_role = replica are chained) and ignores what the writer supplied; it serialises
-- each chain with a transaction-level advisory lock (the mutating RPCs already hold the workflow's row
-- lock, so it never waits there; direct writers queue on it). check_workflow_integrity re-verifies the
-- chains from the rows alone (a deleted, altered or reordered event breaks a number, a hash or a link),
-- and audit_chain_heads / verify_audit_anchor (1910) catch what a chain cannot show by itself: its last
-- events deleted, or the whole chain rewritten and re-hashed.
--
-- Why `id` is a per-chain number and not one global identity: a global sequence let any tenant watch how
-- fast the other tenants write (the gap between two of its own events). A number per chain tells a
-- tenant nothing it does not already see, needs no new lock (the chain's lock is already there), and
-- keeps `order by id` meaningful for every existing reader, all of which order one workflow's events:
-- within a workflow, id is the chain's order, total and gap-free. (A number per project would have
-- serialised every write of a project on one row.) So the key is (workflow_id, id) for workflow events
-- and (project_id, id) for a project's own events; no two tenants share a counter. There is no global
-- order across chains (occurred_at orders them approximately).

create table public.workflow_version_events (
  id bigint not null,
  -- No foreign keys: the trail must outlive what it describes (a discarded draft, a deleted user).
  project_id uuid not null,
  workflow_id uuid,
  version_id uuid,
  action public.workflow_event_action not null,
  actor_id uuid,
  occurred_at timestamptz not null default now(),
  details jsonb not null default '{}',
  previous_hash text,
  hash text not null,
  constraint details_is_object check (jsonb_typeof(details) = 'object')
);
comment on table public.workflow_version_events is
  'Append-only audit trail of every successful mutation (who did what, when), hash-chained per workflow (per project for workflow_id null). Never updated or deleted.';
comment on column public.workflow_version_events.id is
  'The event''s number in its chain (the workflow''s events, or the project''s own when workflow_id is null): 1, 2, 3… without gaps.';
comment on column public.workflow_version_events.previous_hash is 'hash of the previous event of the same chain; null for the first.';
comment on column public.workflow_version_events.hash is
  'sha256 hex of the event''s content and previous_hash (private.event_hash), computed by the database.';

-- One index per chain kind: a workflow's events (the history page, the chain head), and a project's
-- (its own chain with workflow_id null, and the RLS filter on project_id). Both unique: a chain never
-- has two events with one number.
alter table public.workflow_version_events
  add constraint workflow_event_number_is_unique unique (workflow_id, id);
alter table public.workflow_version_events
  add constraint project_event_number_is_unique unique nulls not distinct (project_id, workflow_id, id);

alter table public.workflow_version_events enable row level security;
create policy "Members can view their projects' audit trail"
  on public.workflow_version_events for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflow_version_events from anon, authenticated, service_role;
grant select on public.workflow_version_events to authenticated, service_role;

create trigger _010_append_only before update or delete on public.workflow_version_events
  for each row execute function private.tg__refuse_history_rewrite();
create trigger _010_refuse_truncate before truncate on public.workflow_version_events
  for each statement execute function private.tg__refuse_history_rewrite();

-- The hash of an event: sha256 of a JSON array of its fields (jsonb's text form is canonical, and the
-- time is written in UTC so the session's time zone cannot change it).
-- (The hot helpers are PL/pgSQL rather than SQL: a SQL function with `set search_path` is never inlined,
-- and its plan is rebuilt in every transaction, while PL/pgSQL keeps its plans for the session.)

create or replace function private.event_hash(event public.workflow_version_events) returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
    event.id, event.previous_hash, event.project_id, event.workflow_id, event.version_id, event.action,
    event.actor_id, pg_catalog.timezone('UTC', event.occurred_at), event.details)::text, 'UTF8')), 'hex');
end;
$$;
comment on function private.event_hash(public.workflow_version_events) is
  'sha256 hex of [id, previous_hash, project_id, workflow_id, version_id, action, actor_id, occurred_at (UTC), details] as jsonb text.';

create or replace function private.tg_workflow_version_events__chain() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_last_id bigint;
  v_last_hash text;
  v_locked text;
begin
  -- (An assignment rather than PERFORM: evaluated as a plain expression, without a query of its own.)
  v_locked := pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(coalesce(new.workflow_id, new.project_id)::text, 150))::text;
  if new.workflow_id is not null then
    select e.id, e.hash into v_last_id, v_last_hash
    from public.workflow_version_events e
    where e.workflow_id = new.workflow_id
    order by e.id desc limit 1;
  else
    select e.id, e.hash into v_last_id, v_last_hash
    from public.workflow_version_events e
    where e.project_id = new.project_id and e.workflow_id is null
    order by e.id desc limit 1;
  end if;
  new.id := coalesce(v_last_id, 0) + 1;
  new.previous_hash := v_last_hash;
  new.hash := private.event_hash(new);
  return new;
end;
$$;

-- Named to run after any other BEFORE INSERT trigger, so the hash covers the row as it is stored.
create trigger _900_chain before insert on public.workflow_version_events
  for each row execute function private.tg_workflow_version_events__chain();
alter table public.workflow_version_events enable always trigger _900_chain;

-- Every mutating RPC appends its one event through this.

create or replace function private.record_event(
  project_id uuid,
  workflow_id uuid,
  version_id uuid,
  action public.workflow_event_action,
  details jsonb default '{}'
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  insert into public.workflow_version_events (project_id, workflow_id, version_id, action, actor_id, details)
  values (record_event.project_id, record_event.workflow_id, record_event.version_id, record_event.action,
          auth.uid(), coalesce(record_event.details, '{}'));
end;
$$;
comment on function private.record_event(uuid, uuid, uuid, public.workflow_event_action, jsonb) is
  'Appends one audit event for the current caller; called by every mutating RPC.';
