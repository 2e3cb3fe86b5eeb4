-- deploy_version: points an environment of the workflow at one of its published versions (promotion
-- needs no new number). To production it also moves current_version_id. Needs at least the environment's
-- deploy_role; holds the workflow's row lock, so deployments and publishes of one workflow serialise.

create or replace function public.deploy_version(
  workflow_id uuid,
  version_id uuid,
  environment text,
  note text default null
) returns public.workflow_deployments
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  -- editor is the least deploy_role an environment can have; the environment's own role is checked below,
  -- under the workflow lock.
  v_workflow public.workflows := private.require_workflow_role(deploy_version.workflow_id, 'editor', 'deploy versions', true);
  v_environment public.project_environments := private.require_environment(v_workflow.project_id, deploy_version.environment);
  v_version public.workflow_versions;
  v_previous_id uuid;
  v_previous_number integer;
  v_deployment public.workflow_deployments;
  v_note text := nullif(btrim(deploy_version.note), '');
begin
  if v_environment.deploy_role > 'editor' then
    perform private.require_project_role(v_workflow.project_id, v_environment.deploy_role, format('deploy to %s', v_environment.name));
  end if;
  perform private.require_runnable(v_workflow, 'take new deployments');
  if length(v_note) > 2000 then
    perform private.raise_error('22023', 'note must be at most 2000 characters', 'Shorten the deployment note');
  end if;
  v_version := private.require_published_version(v_workflow.id, deploy_version.version_id);
  select v.id, v.version_number into v_previous_id, v_previous_number
  from public.workflow_deployments d join public.workflow_versions v on v.id = d.version_id
  where d.workflow_id = v_workflow.id and d.environment = v_environment.name;
  if v_previous_id = v_version.id then
    perform private.raise_error('PT409',
      format('Version %s is already deployed to %s', v_version.version_number, v_environment.name),
      'Pick another version, or another environment');
  end if;
  v_deployment := private.deploy(v_workflow, v_environment.name, v_version.id, v_note);
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_version.id, 'deployed',
    jsonb_strip_nulls(jsonb_build_object('environment', v_environment.name, 'version_number', v_version.version_number,
      'previous_version_id', v_previous_id, 'previous_version_number', v_previous_number, 'note', v_note)));
  return v_deployment;
end;
$$;
comment on function public.deploy_version(uuid, uuid, text, text) is
  'Deploys a published version of the workflow to an environment (to production it also moves current_version_id). At least the environment''s deploy_role (editor, publisher or owner). Errors: 42501, PT404 workflow, version (a draft, another workflow''s) or environment, PT409 already deployed there or archived, 22023 bad argument.';

revoke all on function public.deploy_version(uuid, uuid, text, text) from public, anon;
grant execute on function public.deploy_version(uuid, uuid, text, text) to authenticated;
