-- Fixes from review: invariants that direct SQL (operators, service scripts) could still break.
-- 1. The version counter moves only with a publish: +1, from the numbering trigger; a workflow starts at 0.
-- 2. A workflow never moves to another project (its versions' project_id, which RLS reads, would lie).
-- 3. The hash of a row becoming published is computed here, whatever a writer supplied.
-- 4. A draft's stored verdict is always the database's own: a value written by hand is recomputed.

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
  -- The database computes the hash of every version it publishes; nobody supplies it.
  new.definition_hash := private.definition_hash(new.definition);
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

create or replace function private.tg_workflow_versions__validate_draft() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.state = 'draft' and (tg_op = 'INSERT' or new.definition is distinct from old.definition
                              or new.problems is distinct from old.problems or new.problems is null) then
    new.problems := private.definition_problems(new.definition);
  end if;
  return new;
end;
$$;

-- Clearing the verdict is enough: the trigger above recomputes it (once).
create or replace function private.tg_workflow_node_types__revalidate_drafts() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.workflow_versions v set problems = null where v.state = 'draft';
  return null;
end;
$$;
