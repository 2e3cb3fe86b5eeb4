-- list_workflow_deployments: what each environment of the workflow's project runs (nulls where nothing
-- is deployed), production first.

create type public.workflow_deployment_summary as (
  environment text,
  deploy_role public.project_role,
  version_id uuid,
  version_number integer,
  deployed_by uuid,
  deployed_at timestamptz
);
comment on type public.workflow_deployment_summary is
  'A row of list_workflow_deployments: an environment, its deploy_role and the version it runs (nulls when none).';

create or replace function public.list_workflow_deployments(workflow_id uuid)
returns setof public.workflow_deployment_summary
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(list_workflow_deployments.workflow_id, 'viewer', 'read deployments');
begin
  return query
    select e.name, e.deploy_role, d.version_id, v.version_number, d.deployed_by, d.deployed_at
    from public.project_environments e
    left join public.workflow_deployments d on d.workflow_id = v_workflow.id and d.environment = e.name
    left join public.workflow_versions v on v.id = d.version_id
    where e.project_id = v_workflow.project_id
    order by e.name <> 'production', e.name;
end;
$$;
comment on function public.list_workflow_deployments(uuid) is
  'One row per environment of the workflow''s project (production first): its deploy_role and the version it runs, with who deployed it and when (nulls where nothing is deployed). Viewers and up. Errors: PT404.';

revoke all on function public.list_workflow_deployments(uuid) from public, anon;
grant execute on function public.list_workflow_deployments(uuid) to authenticated;
