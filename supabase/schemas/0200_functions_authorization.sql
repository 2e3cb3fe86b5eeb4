-- The authorization check at the top of every RPC: who is calling, is the project or workflow visible
-- to them, and is their role high enough. Not visible and not found are the same answer (PT404), so the
-- ids of other tenants leak nothing.

create or replace function private.require_project_role(project_id uuid, min_role public.project_role, action text)
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
  if require_project_role.project_id is null then
    perform private.raise_error('22023', 'project_id is required', 'Pass the id of one of your projects');
  end if;
  v_role := private.member_role(require_project_role.project_id, v_uid);
  if v_role is null then
    perform private.raise_error('PT404', format('Project %s not found', require_project_role.project_id),
      'Check the id; you only see projects you are a member of');
  end if;
  if v_role < require_project_role.min_role then
    perform private.raise_error('42501',
      format('Your role in this project (%s) cannot %s', v_role, require_project_role.action),
      format('Ask a project owner for the %s role', require_project_role.min_role));
  end if;
  return v_role;
end;
$$;
comment on function private.require_project_role(uuid, public.project_role, text) is
  'Raises 42501/PT404 unless the caller holds at least min_role in the project; returns the caller''s role.';

-- For mutations (lock = true) the workflow row is locked FOR NO KEY UPDATE first and the role read
-- after the lock is held: a demotion committed while this call waited is seen, so a demoted member
-- cannot finish a write they started as editor. (A demotion committing after this read is ordered after
-- the write, as if it came a moment later.) One workflow's writes serialise; other workflows and plain
-- readers are not blocked. A caller who is not a member holds the lock only until their PT404 ends the
-- transaction.

create or replace function private.require_workflow_role(
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
  v_role public.project_role;
  v_workflow public.workflows;
begin
  if require_workflow_role.workflow_id is null then
    perform private.raise_error('22023', 'workflow_id is required', 'Pass the id of the workflow');
  end if;
  if require_workflow_role.lock then
    select * into v_workflow from public.workflows w where w.id = require_workflow_role.workflow_id for no key update;
  else
    select * into v_workflow from public.workflows w where w.id = require_workflow_role.workflow_id;
  end if;
  select m.role into v_role from public.project_members m
  where m.project_id = v_workflow.project_id and m.user_id = v_uid;
  if v_role is null then
    perform private.raise_error('PT404', format('Workflow %s not found', require_workflow_role.workflow_id),
      'Check the id; you only see workflows of projects you are a member of');
  end if;
  if v_role < require_workflow_role.min_role then
    perform private.raise_error('42501',
      format('Your role in this project (%s) cannot %s', v_role, require_workflow_role.action),
      format('Ask a project owner for the %s role', require_workflow_role.min_role));
  end if;
  return v_workflow;
end;
$$;
comment on function private.require_workflow_role(uuid, public.project_role, text, boolean) is
  'Returns the workflow (locked when lock) if the caller holds at least min_role in its project; raises 42501 or PT404 otherwise.';
