-- Guards the draft and publish RPCs share.

create or replace function private.require_not_archived(workflow public.workflows) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if workflow.archived_at is not null then
    perform private.raise_error('PT409', format('Workflow "%s" is archived', workflow.name),
      'Archived workflows keep their history but refuse draft changes and publishes');
  end if;
end;
$$;

-- The draft of a workflow (locked), or null.

create or replace function private.lock_draft(workflow_id uuid) returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_draft public.workflow_versions;
begin
  -- (version_number is null: true of every draft, and it makes the (workflow_id, version_number) index
  -- find the draft directly too, whichever index a plan cached while the table was small uses.)
  select * into v_draft from public.workflow_versions v
  where v.workflow_id = lock_draft.workflow_id and v.state = 'draft' and v.version_number is null
  for update;
  return v_draft;
end;
$$;

create or replace function private.require_expected_revision(draft public.workflow_versions, expected_revision integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if expected_revision is not null and expected_revision is distinct from draft.revision then
    perform private.raise_error('PT409',
      format('The draft changed since you loaded it: it is at revision %s, you expected %s', draft.revision, expected_revision),
      'Reload the draft, re-apply your change and send the new revision as expected_revision');
  end if;
end;
$$;

-- A published version of this workflow, or PT404.

create or replace function private.require_published_version(workflow_id uuid, version_id uuid) returns public.workflow_versions
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_version public.workflow_versions;
begin
  if version_id is null then
    perform private.raise_error('22023', 'version_id is required', 'Pass the id of a published version of this workflow');
  end if;
  -- By primary key alone, the rest checked on the row (see private.version_is_published_in, 0140).
  select * into v_version from public.workflow_versions v where v.id = require_published_version.version_id;
  if v_version.id is null or v_version.workflow_id <> require_published_version.workflow_id or v_version.state <> 'published' then
    perform private.raise_error('PT404',
      format('Version %s is not a published version of workflow %s', version_id, workflow_id),
      'Pick a version from list_workflow_versions; drafts cannot be copied');
  end if;
  return v_version;
end;
$$;
