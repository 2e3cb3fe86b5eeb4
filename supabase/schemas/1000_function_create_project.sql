-- create_project: any signed-in user; the caller becomes the owner.

create or replace function public.create_project(name text)
returns public.projects
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_name text := private.clean_name(create_project.name);
  v_project public.projects;
begin
  if v_name is null or length(v_name) > 200 then
    perform private.raise_error('22023', 'name must be 1 to 200 characters, not only white space',
      'Give the project a short name');
  end if;
  insert into public.projects (name, created_by) values (v_name, v_uid) returning * into v_project;
  -- The membership trigger (0110) records the one event: member_added, reason project_created.
  insert into public.project_members (project_id, user_id, role) values (v_project.id, v_uid, 'owner');
  return v_project;
end;
$$;
comment on function public.create_project(text) is
  'Creates a project; the caller becomes its owner. Any signed-in user. Errors: 22023 bad name.';

revoke all on function public.create_project(text) from public, anon;
grant execute on function public.create_project(text) to authenticated;
