-- create_environment: an owner adds an environment (staging, dev…) to a project, with the project role
-- needed to deploy to it. Names are lower-case slugs; environments are neither renamed nor removed.

create or replace function public.create_environment(
  project_id uuid,
  name text,
  deploy_role public.project_role default 'publisher'
) returns public.project_environments
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_environment public.project_environments;
begin
  perform private.require_project_role(create_environment.project_id, 'owner', 'create environments');
  if create_environment.name is null or create_environment.name !~ '^[a-z][a-z0-9-]{0,31}$' then
    perform private.raise_error('22023',
      format('Environment name %s is not allowed: use 1 to 32 lower-case letters, digits or hyphens, starting with a letter',
             coalesce('"' || create_environment.name || '"', 'null')),
      'Pick a short name such as staging or dev');
  end if;
  if create_environment.deploy_role is null or create_environment.deploy_role = 'viewer' then
    perform private.raise_error('22023', 'deploy_role must be editor, publisher or owner',
      'Choose the least project role that may deploy to this environment (viewers never deploy)');
  end if;
  insert into public.project_environments as e (project_id, name, deploy_role, created_by)
  values (create_environment.project_id, create_environment.name, create_environment.deploy_role, auth.uid())
  on conflict on constraint project_environments_pkey do nothing
  returning * into v_environment;
  if v_environment.name is null then
    perform private.raise_error('PT409', format('The project already has an environment named %s', create_environment.name),
      'Pick another name, or deploy to the existing environment');
  end if;
  perform private.record_event(create_environment.project_id, null, null, 'environment_created',
    jsonb_build_object('environment', v_environment.name, 'deploy_role', v_environment.deploy_role));
  return v_environment;
end;
$$;
comment on function public.create_environment(uuid, text, public.project_role) is
  'Adds an environment to the project (name: lower-case slug such as staging; deploy_role: editor, publisher or owner, the least role that may deploy to it). Owners only. Errors: 42501, PT404 project, PT409 name taken, 22023 bad name or role.';

revoke all on function public.create_environment(uuid, text, public.project_role) from public, anon;
grant execute on function public.create_environment(uuid, text, public.project_role) to authenticated;
