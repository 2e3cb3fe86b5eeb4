-- Guards and the one deployment writer shared by the environment and run RPCs (and by publish_draft,
-- rollback_workflow). The run orchestrator calls with the service_role key: it carries no user, so it is
-- recognised by the request's role claim (auth.role()), since current_user is the definer inside a
-- security definer function.

create or replace function private.is_service_role() returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(auth.role() = 'service_role', false)
$$;
comment on function private.is_service_role() is
  'True when the request carries the service_role key (the run orchestrator): its role claim is service_role.';

-- An environment of the project, or PT404.

create or replace function private.require_environment(project_id uuid, environment text)
returns public.project_environments
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_environment public.project_environments;
begin
  if require_environment.environment is null then
    perform private.raise_error('22023', 'environment is required', 'Name an environment of the project, e.g. production');
  end if;
  select * into v_environment from public.project_environments e
  where e.project_id = require_environment.project_id and e.name = require_environment.environment;
  if v_environment.name is null then
    perform private.raise_error('PT404', format('Environment %s not found in this project', require_environment.environment),
      'Use an environment from list_workflow_deployments, or ask an owner to create it (create_environment)');
  end if;
  return v_environment;
end;
$$;
comment on function private.require_environment(uuid, text) is
  'The project''s environment with that name; 22023 when null, PT404 when the project has none.';

-- The workflow, for a member holding at least min_role or for the service_role key; otherwise 42501 or
-- PT404 as private.require_workflow_role answers.

create or replace function private.require_workflow_caller(
  workflow_id uuid,
  min_role public.project_role,
  action text
) returns public.workflows
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows;
begin
  if not private.is_service_role() then
    return private.require_workflow_role(require_workflow_caller.workflow_id, require_workflow_caller.min_role,
      require_workflow_caller.action, false);
  end if;
  if require_workflow_caller.workflow_id is null then
    perform private.raise_error('22023', 'workflow_id is required', 'Pass the id of the workflow');
  end if;
  select * into v_workflow from public.workflows w where w.id = require_workflow_caller.workflow_id;
  if v_workflow.id is null then
    perform private.raise_error('PT404', format('Workflow %s not found', require_workflow_caller.workflow_id),
      'Check the id of the workflow');
  end if;
  return v_workflow;
end;
$$;
comment on function private.require_workflow_caller(uuid, public.project_role, text) is
  'Returns the workflow if the caller is the service_role key or a member with at least min_role; raises 42501 or PT404 otherwise.';

-- A run, for a member of its project holding at least min_role or for the service_role key (run
-- functions with a run_id act in the run's project).

create or replace function private.require_run_caller(run_id uuid, min_role public.project_role, action text)
returns public.workflow_runs
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid;
  v_run public.workflow_runs;
  v_role public.project_role;
begin
  if not private.is_service_role() then
    v_uid := private.require_user();
  end if;
  if require_run_caller.run_id is null then
    perform private.raise_error('22023', 'run_id is required', 'Pass the id of a run (list_workflow_runs lists them)');
  end if;
  select * into v_run from public.workflow_runs r where r.id = require_run_caller.run_id;
  if v_uid is not null then
    v_role := private.member_role(v_run.project_id, v_uid);
  end if;
  if v_run.id is null or (v_uid is not null and v_role is null) then
    perform private.raise_error('PT404', format('Run %s not found', require_run_caller.run_id),
      'Check the id; you only see runs of projects you are a member of');
  end if;
  if v_uid is not null and v_role < require_run_caller.min_role then
    perform private.raise_error('42501',
      format('Your role in this project (%s) cannot %s', v_role, require_run_caller.action),
      format('Ask a project owner for the %s role', require_run_caller.min_role));
  end if;
  return v_run;
end;
$$;
comment on function private.require_run_caller(uuid, public.project_role, text) is
  'Returns the run if the caller is the service_role key or a member of its project with at least min_role; raises 42501 or PT404 otherwise.';

-- Archived workflows keep their deployments and runs as history, but take no new deployment and start
-- no run.

create or replace function private.require_runnable(workflow public.workflows, action text) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if workflow.archived_at is not null then
    perform private.raise_error('PT409', format('Workflow "%s" is archived: it cannot %s', workflow.name, action),
      'Archived workflows keep their deployments and runs as history; runs in flight may still finish (finish_run)');
  end if;
end;
$$;

-- The one writer of deployments: points the environment at the version and, for production, moves
-- current_version_id in the same statement, so the production pointer check passes at every statement's
-- end (even under SET CONSTRAINTS ALL IMMEDIATE), not only at commit. The caller holds the workflow lock.

create or replace function private.deploy(workflow public.workflows, environment text, version_id uuid, note text)
returns public.workflow_deployments
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_deployment public.workflow_deployments;
begin
  -- PL/pgSQL rather than SQL: its plan is prepared once per session, not at every call. An update of
  -- the environment's row, or the first deployment's insert: not an upsert, whose speculative insert
  -- would run the insert triggers too.
  with updated as (
    update public.workflow_deployments d
    set version_id = deploy.version_id, deployed_by = auth.uid(), deployed_at = now(), note = deploy.note
    where d.workflow_id = (deploy.workflow).id and d.environment = deploy.environment
    returning d.*
  ), inserted as (
    insert into public.workflow_deployments as d (workflow_id, environment, project_id, version_id, deployed_by, deployed_at, note)
    select (deploy.workflow).id, deploy.environment, (deploy.workflow).project_id, deploy.version_id, auth.uid(), now(), deploy.note
    where not exists (select from updated)
    returning d.*
  ), deployed as (
    select * from updated union all select * from inserted
  ), live as (
    update public.workflows w set current_version_id = deploy.version_id
    where w.id = (deploy.workflow).id and deploy.environment = 'production'
    returning w.id
  )
  select deployed.* into v_deployment from deployed;
  return v_deployment;
end;
$$;
comment on function private.deploy(public.workflows, text, uuid, text) is
  'Deploys the version to the workflow''s environment (and, for production, sets current_version_id) in one statement.';
