-- Rules that hold for every writer, operators with psql and service_role included: the RPCs are
-- one path to the tables, these triggers guard all of them.

-- ── updated_at ───────────────────────────────────────────────────────────────────────────────────
create or replace function private.tg__set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create trigger _100_set_updated_at before update on public.workflows
  for each row execute function private.tg__set_updated_at();
create trigger _100_set_updated_at before update on public.project_members
  for each row execute function private.tg__set_updated_at();

-- ── Published versions are immutable ─────────────────────────────────────────────────────────────
create or replace function private.tg_workflow_versions__protect_published() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.state = 'published' then
    perform private.raise_error('PT409',
      format('Published version %s of workflow %s is immutable: it cannot be %s',
             old.version_number, old.workflow_id, case tg_op when 'DELETE' then 'deleted' else 'changed' end),
      'Publish a new version instead (publish_draft), or roll back to an older one (rollback_workflow)');
  end if;
  return case tg_op when 'DELETE' then old else new end;
end;
$$;

create trigger _010_protect_published before update or delete on public.workflow_versions
  for each row execute function private.tg_workflow_versions__protect_published();

-- ── Gapless numbering, owned by the database ─────────────────────────────────────────────────────
-- A row becoming published must take exactly the workflow's next number; the counter moves with it.
-- The workflow row lock serialises publishes of one workflow and leaves other workflows alone.
create or replace function private.tg_workflow_versions__assign_number() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_last integer;
begin
  if new.state <> 'published' or (tg_op = 'UPDATE' and old.state = 'published') then
    return new;
  end if;
  select w.last_version_number into v_last
  from public.workflows w
  where w.id = new.workflow_id
  for no key update;
  if new.version_number is distinct from v_last + 1 then
    perform private.raise_error('PT409',
      format('Version number %s is not the next number (%s) of workflow %s', new.version_number, v_last + 1, new.workflow_id),
      'Let publish_draft or rollback_workflow number the version; numbers are gapless per workflow');
  end if;
  update public.workflows set last_version_number = new.version_number where id = new.workflow_id;
  return new;
end;
$$;

create trigger _020_assign_number before insert or update on public.workflow_versions
  for each row execute function private.tg_workflow_versions__assign_number();

-- A version's workflow and project never change, and belong together.
create or replace function private.tg_workflow_versions__check_workflow() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.workflow_id <> old.workflow_id or new.project_id <> old.project_id) then
    perform private.raise_error('PT409', 'A version cannot move to another workflow or project',
      'Create the definition in the other workflow instead');
  end if;
  if not exists (select 1 from public.workflows w where w.id = new.workflow_id and w.project_id = new.project_id) then
    perform private.raise_error('22023', 'project_id does not match the workflow''s project',
      'Use the project_id of the workflow');
  end if;
  return new;
end;
$$;

create trigger _030_check_workflow before insert or update on public.workflow_versions
  for each row execute function private.tg_workflow_versions__check_workflow();

-- ── The live pointer points at a published version of the same workflow ──────────────────────────
create or replace function private.tg_workflows__check_current_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.current_version_id is not null and not exists (
    select 1 from public.workflow_versions v
    where v.id = new.current_version_id and v.workflow_id = new.id and v.state = 'published'
  ) then
    perform private.raise_error('PT409',
      format('Version %s is not a published version of workflow %s', new.current_version_id, new.id),
      'Only a published version of this workflow can be live');
  end if;
  if tg_op = 'UPDATE' and new.last_version_number < old.last_version_number then
    perform private.raise_error('PT409', 'The version counter of a workflow never goes back',
      'Version numbers are gapless and never reused');
  end if;
  return new;
end;
$$;

create trigger _010_check_current_version before insert or update on public.workflows
  for each row execute function private.tg_workflows__check_current_version();

-- ── A workflow with published versions is archived, never deleted ────────────────────────────────
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

-- ── The audit trail is append-only; neither history table can be truncated ───────────────────────
create or replace function private.tg__refuse_history_rewrite() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.raise_error('PT409',
    format('%s is append-only history: %s is not allowed', tg_table_name, lower(tg_op)),
    'History is never rewritten; record a new event or publish a new version instead');
  return null;
end;
$$;

create trigger _010_append_only before update or delete on public.workflow_version_events
  for each row execute function private.tg__refuse_history_rewrite();
create trigger _010_refuse_truncate before truncate on public.workflow_version_events
  for each statement execute function private.tg__refuse_history_rewrite();
create trigger _010_refuse_truncate before truncate on public.workflow_versions
  for each statement execute function private.tg__refuse_history_rewrite();
