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

create table public.workflow_version_events (
  id bigint generated always as identity primary key,
  -- No foreign keys: the trail must outlive what it describes (a discarded draft, a deleted user).
  project_id uuid not null,
  workflow_id uuid,
  version_id uuid,
  action public.workflow_event_action not null,
  actor_id uuid,
  occurred_at timestamptz not null default now(),
  details jsonb not null default '{}',
  constraint details_is_object check (jsonb_typeof(details) = 'object')
);
comment on table public.workflow_version_events is
  'Append-only audit trail of every successful mutation (who did what, when). Never updated or deleted.';

create index idx_workflow_version_events_by_workflow on public.workflow_version_events (workflow_id, id desc);
create index idx_workflow_version_events_by_project on public.workflow_version_events (project_id, id desc);

alter table public.workflow_version_events enable row level security;
create policy "Members can view their projects' audit trail"
  on public.workflow_version_events for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflow_version_events from anon, authenticated, service_role;
grant select on public.workflow_version_events to authenticated, service_role;

revoke all on sequence public.workflow_version_events_id_seq from anon, authenticated;

create trigger _010_append_only before update or delete on public.workflow_version_events
  for each row execute function private.tg__refuse_history_rewrite();
create trigger _010_refuse_truncate before truncate on public.workflow_version_events
  for each statement execute function private.tg__refuse_history_rewrite();

-- Every mutating RPC appends its one event through this.

create or replace function private.record_event(
  project_id uuid,
  workflow_id uuid,
  version_id uuid,
  action public.workflow_event_action,
  details jsonb default '{}'
) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.workflow_version_events (project_id, workflow_id, version_id, action, actor_id, details)
  values (record_event.project_id, record_event.workflow_id, record_event.version_id, record_event.action,
          auth.uid(), coalesce(record_event.details, '{}'))
$$;
comment on function private.record_event(uuid, uuid, uuid, public.workflow_event_action, jsonb) is
  'Appends one audit event for the current caller; called by every mutating RPC.';
