-- The authorization check at the top of every RPC: who is calling, is the workflow visible to them,
-- and is their role high enough. Not visible and not found are the same answer (PT404), so the ids
-- of other tenants leak nothing.

create or replace function private.authorize_project(project_id uuid, min_role public.project_role, action text)
returns public.project_role
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_role public.project_role;
begin
  if authorize_project.project_id is null then
    perform private.raise_error('22023', 'project_id is required', 'Pass the id of one of your projects');
  end if;
  v_role := private.member_role(authorize_project.project_id, v_uid);
  if v_role is null then
    perform private.raise_error('PT404', format('Project %s not found', authorize_project.project_id),
      'Check the id; you only see projects you are a member of');
  end if;
  if v_role < authorize_project.min_role then
    perform private.raise_error('42501',
      format('Your role in this project (%s) cannot %s', v_role, authorize_project.action),
      format('Ask a project owner for the %s role', authorize_project.min_role));
  end if;
  return v_role;
end;
$$;
comment on function private.authorize_project(uuid, public.project_role, text) is
  'Raises 42501/PT404 unless the caller holds at least min_role in the project; returns the caller''s role.';

-- For mutations (lock = true) the workflow row is locked FOR NO KEY UPDATE after the membership check,
-- so one workflow's writes serialise while other workflows and plain readers are not blocked.
create or replace function private.authorize_workflow(
  workflow_id uuid,
  min_role public.project_role,
  action text,
  lock boolean default false
) returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_project_id uuid;
  v_role public.project_role;
  v_workflow public.workflows;
begin
  if authorize_workflow.workflow_id is null then
    perform private.raise_error('22023', 'workflow_id is required', 'Pass the id of the workflow');
  end if;
  select w.project_id into v_project_id from public.workflows w where w.id = authorize_workflow.workflow_id;
  v_role := private.member_role(v_project_id, v_uid);
  if v_role is null then
    perform private.raise_error('PT404', format('Workflow %s not found', authorize_workflow.workflow_id),
      'Check the id; you only see workflows of projects you are a member of');
  end if;
  if v_role < authorize_workflow.min_role then
    perform private.raise_error('42501',
      format('Your role in this project (%s) cannot %s', v_role, authorize_workflow.action),
      format('Ask a project owner for the %s role', authorize_workflow.min_role));
  end if;
  if authorize_workflow.lock then
    select * into v_workflow from public.workflows w where w.id = authorize_workflow.workflow_id for no key update;
  else
    select * into v_workflow from public.workflows w where w.id = authorize_workflow.workflow_id;
  end if;
  return v_workflow;
end;
$$;
comment on function private.authorize_workflow(uuid, public.project_role, text, boolean) is
  'Returns the workflow (locked when lock) if the caller holds at least min_role in its project; raises 42501 or PT404 otherwise.';

create or replace function private.refuse_if_archived(workflow public.workflows) returns void
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
language sql
volatile
security definer
set search_path = ''
as $$
  select * from public.workflow_versions v
  where v.workflow_id = lock_draft.workflow_id and v.state = 'draft'
  for update
$$;

create or replace function private.check_expected_revision(draft public.workflow_versions, expected_revision integer)
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

create or replace function private.require_definition(definition jsonb) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.raise_error('22023', 'definition must be a JSON object',
      'Send the workflow graph as {"nodes": [...], "edges": [...]}');
  end if;
  if octet_length(definition::text) > 1048576 then
    perform private.raise_error('PT413',
      format('The definition is %s bytes; the limit is 1 MiB (1048576 bytes)', octet_length(definition::text)),
      'Split the workflow or move large constants out of node configs');
  end if;
end;
$$;

-- A published version of this workflow, or PT404.
create or replace function private.published_version(workflow_id uuid, version_id uuid) returns public.workflow_versions
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
  select * into v_version from public.workflow_versions v
  where v.id = published_version.version_id and v.workflow_id = published_version.workflow_id and v.state = 'published';
  if v_version.id is null then
    perform private.raise_error('PT404',
      format('Version %s is not a published version of workflow %s', version_id, workflow_id),
      'Pick a version from list_workflow_versions; drafts cannot be copied');
  end if;
  return v_version;
end;
$$;

create or replace function private.definition_hash(definition jsonb) returns text
language sql
immutable
set search_path = ''
as $$
  select encode(pg_catalog.sha256(convert_to(definition::text, 'UTF8')), 'hex')
$$;
comment on function private.definition_hash(jsonb) is 'sha256 hex of definition::text (jsonb''s canonical text).';



