-- start_run: records a run pinned to the version deployed to the environment at this instant, and hands
-- the caller (the orchestrator, or a member testing by hand) that version's definition to execute.

create type public.workflow_run_start as (
  run_id uuid,
  version_id uuid,
  version_number integer,
  definition jsonb,
  definition_hash text
);
comment on type public.workflow_run_start is
  'What start_run and replay_run answer: the new run''s id and the pinned version with its definition.';

-- Records one run of a published version (start_run, replay_run): the row, its audit event, the answer.

create or replace function private.record_run(
  workflow public.workflows,
  version public.workflow_versions,
  environment text,
  replay_of uuid
) returns public.workflow_run_start
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_run_id uuid;
begin
  insert into public.workflow_runs (project_id, workflow_id, version_id, environment, status, replay_of, started_by, started_at)
  values (workflow.project_id, workflow.id, version.id, record_run.environment, 'running', record_run.replay_of,
          case when private.is_service_role() then null else auth.uid() end, now())
  returning id into v_run_id;
  perform private.record_event(workflow.project_id, workflow.id, version.id,
    case when record_run.replay_of is null then 'run_started' else 'run_replayed' end::public.workflow_event_action,
    jsonb_strip_nulls(jsonb_build_object('run_id', v_run_id, 'environment', record_run.environment,
      'version_number', version.version_number, 'replay_of', record_run.replay_of)));
  return row(v_run_id, version.id, version.version_number, version.definition, version.definition_hash)::public.workflow_run_start;
end;
$$;

create or replace function public.start_run(workflow_id uuid, environment text default 'production')
returns public.workflow_run_start
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_caller(start_run.workflow_id, 'editor', 'start runs');
  v_version public.workflow_versions;
begin
  perform private.require_runnable(v_workflow, 'start runs');
  if start_run.environment is null then
    perform private.raise_error('22023', 'environment is required', 'Name an environment of the project, e.g. production');
  end if;
  -- What the environment runs at this instant (a deployment committing later is not seen: the run keeps this one).
  select v.* into v_version
  from public.workflow_deployments d
  join public.workflow_versions v on v.id = d.version_id
  where d.workflow_id = v_workflow.id and d.environment = start_run.environment;
  if v_version.id is null then
    perform private.require_environment(v_workflow.project_id, start_run.environment);
    perform private.raise_error('PT404',
      format('Nothing is deployed to %s for workflow "%s"', start_run.environment, v_workflow.name),
      'Publish to that environment (publish_draft) or deploy a version to it (deploy_version), then start the run');
  end if;
  return private.record_run(v_workflow, v_version, start_run.environment, null);
end;
$$;
comment on function public.start_run(uuid, text) is
  'Starts a run pinned to the version deployed to environment (default production) at this instant; returns run_id and that version''s number, definition and hash. Editors and up, and the service_role key (the run orchestrator). Errors: 42501, PT404 workflow, environment or nothing deployed, PT409 archived, 22023 bad argument.';

revoke all on function public.start_run(uuid, text) from public, anon;
grant execute on function public.start_run(uuid, text) to authenticated, service_role;
