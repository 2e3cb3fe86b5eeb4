-- Workflows. `current_version_id` is the live published version (null until the first publish);
-- `last_version_number` is the per-workflow counter that makes numbering gapless and O(1).

create table public.workflows (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  name text not null,
  description text,
  current_version_id uuid,
  last_version_number integer not null default 0,
  archived_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint name_is_not_blank check (name ~ '[^ \t\n\r\f\v]' and length(name) <= 200),
  constraint description_is_short check (description is null or length(description) <= 2000),
  constraint last_version_number_is_not_negative check (last_version_number >= 0),
  constraint current_version_needs_a_number check (current_version_id is null or last_version_number > 0)
);
comment on table public.workflows is
  'A workflow: one shared draft and numbered immutable published versions (see workflow_versions).';
comment on column public.workflows.current_version_id is 'The live published version; runs without a pin use it.';
comment on column public.workflows.last_version_number is 'The last number given to a published version (gapless counter).';

create index idx_workflows_by_project on public.workflows (project_id, created_at);

alter table public.workflows enable row level security;
create policy "Members can view their projects' workflows"
  on public.workflows for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.workflows from anon, authenticated, service_role;
grant select on public.workflows to authenticated, service_role;


-- ── Triggers: rules for every writer, operators with psql and service_role included ─────────────
create trigger _100_set_updated_at before update on public.workflows
  for each row execute function private.tg__set_updated_at();

-- The live pointer is a published version of the same workflow; the counter moves only by one, with a
-- publish; a workflow never moves to another project.

create or replace function private.tg_workflows__check_current_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Checked when the pointer moves: the version it points at stays published (published versions are
  -- immutable and never deleted), so an update that keeps it (the counter's, at every publish) skips it.
  -- (By primary key alone, the rest checked on the row: see private.version_is_published_in.)
  if new.current_version_id is not null and new.current_version_id is distinct from old.current_version_id
     and not private.version_is_published_in(new.current_version_id, new.id) then
    perform private.raise_error('PT409',
      format('Version %s is not a published version of workflow %s', new.current_version_id, new.id),
      'Only a published version of this workflow can be live');
  end if;
  if tg_op = 'INSERT' and new.last_version_number <> 0 then
    perform private.raise_error('PT409', 'A new workflow starts with no published version (last_version_number 0)',
      'Publish versions with publish_draft; the counter follows');
  end if;
  if tg_op = 'UPDATE' and new.last_version_number <> old.last_version_number
     and (new.last_version_number <> old.last_version_number + 1 or pg_catalog.pg_trigger_depth() < 2) then
    perform private.raise_error('PT409', 'The version counter moves only when a version is published, by one',
      'Publish with publish_draft or rollback_workflow; numbers are gapless and never reused');
  end if;
  if tg_op = 'UPDATE' and new.project_id <> old.project_id then
    perform private.raise_error('PT409', 'A workflow cannot move to another project',
      'Create the workflow in the other project instead; history stays where it was made');
  end if;
  return new;
end;
$$;

create trigger _010_check_current_version before insert or update on public.workflows
  for each row execute function private.tg_workflows__check_current_version();

-- A workflow with published versions is archived, never deleted.

create or replace function private.tg_workflows__protect_published_history() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.last_version_number > 0 or exists (
    select 1 from public.workflow_versions v where v.workflow_id = old.id and v.state = 'published'
  ) then
    perform private.raise_error('PT409',
      format('Workflow %s has published versions and cannot be deleted', old.id),
      'Archive it instead (archive_workflow); runs stay replayable against its versions');
  end if;
  return old;
end;
$$;

create trigger _020_protect_published_history before delete on public.workflows
  for each row execute function private.tg_workflows__protect_published_history();
