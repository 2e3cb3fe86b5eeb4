-- resolve_workflow: the runtime read path, "what would a run execute now?" — the version deployed to the
-- environment, with its definition and hash, in one call. Primary-key lookups only (the workflow, the
-- caller's membership, the deployment, the version), so its cost does not grow with history.

create type public.resolved_workflow as (
  workflow_id uuid,
  environment text,
  version_id uuid,
  version_number integer,
  definition jsonb,
  definition_hash text
);
comment on type public.resolved_workflow is 'What resolve_workflow answers: the version an environment runs, with its definition.';

create or replace function public.resolve_workflow(workflow_id uuid, environment text default 'production')
returns public.resolved_workflow
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_caller(resolve_workflow.workflow_id, 'viewer', 'resolve workflows');
  v_result public.resolved_workflow;
begin
  perform private.require_runnable(v_workflow, 'run');
  if resolve_workflow.environment is null then
    perform private.raise_error('22023', 'environment is required', 'Name an environment of the project, e.g. production');
  end if;
  select v_workflow.id, d.environment, v.id, v.version_number, v.definition, v.definition_hash into v_result
  from public.workflow_deployments d
  join public.workflow_versions v on v.id = d.version_id
  where d.workflow_id = v_workflow.id and d.environment = resolve_workflow.environment;
  if v_result.version_id is null then
    perform private.require_environment(v_workflow.project_id, resolve_workflow.environment);
    perform private.raise_error('PT404',
      format('Nothing is deployed to %s for workflow "%s"', resolve_workflow.environment, v_workflow.name),
      'Publish to that environment (publish_draft) or deploy a version to it (deploy_version)');
  end if;
  return v_result;
end;
$$;
comment on function public.resolve_workflow(uuid, text) is
  'The version an environment (default production) runs now, with its definition and hash: what a run would execute. Members (viewers and up) and the service_role key (the run orchestrator). Errors: 42501, PT404 workflow, environment or nothing deployed, PT409 archived, 22023 bad argument.';

revoke all on function public.resolve_workflow(uuid, text) from public, anon;
grant execute on function public.resolve_workflow(uuid, text) to authenticated, service_role;
