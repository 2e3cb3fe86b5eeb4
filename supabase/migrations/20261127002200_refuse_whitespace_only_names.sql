-- Fix: names made only of tabs or newlines were accepted, because btrim() strips spaces only
-- (found by the hostile-input fuzzer). Names are now trimmed of all white space, and a name must
-- contain something else.

create or replace function private.clean_name(name text) returns text
language sql
immutable
set search_path = ''
as $$
  -- ASCII white space only, spelled out: [[:space:]] would depend on the database's locale.
  select nullif(regexp_replace(name, '^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$', '', 'g'), '')
$$;
comment on function private.clean_name(text) is
  'The name without leading and trailing white space (space, tab, newline, CR, FF, VT), or null when nothing else is left.';

alter table public.projects drop constraint name_is_not_blank;
alter table public.projects
  add constraint name_is_not_blank check (name ~ '[^ \t\n\r\f\v]' and length(name) <= 200);
alter table public.workflows drop constraint name_is_not_blank;
alter table public.workflows
  add constraint name_is_not_blank check (name ~ '[^ \t\n\r\f\v]' and length(name) <= 200);

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
  insert into public.project_members (project_id, user_id, role) values (v_project.id, v_uid, 'owner');
  perform private.record_event(v_project.id, null, null, 'member_added',
    jsonb_build_object('user_id', v_uid, 'role', 'owner', 'reason', 'project_created', 'project_name', v_project.name));
  return v_project;
end;
$$;

create or replace function public.create_workflow(
  project_id uuid,
  name text,
  description text default null,
  definition jsonb default null
) returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows;
  v_draft_id uuid;
  v_name text := private.clean_name(create_workflow.name);
  v_definition jsonb := coalesce(create_workflow.definition, '{"nodes": [], "edges": []}');
begin
  perform private.authorize_project(create_workflow.project_id, 'editor', 'create workflows');
  if v_name is null or length(v_name) > 200 then
    perform private.raise_error('22023', 'name must be 1 to 200 characters, not only white space',
      'Give the workflow a short name');
  end if;
  if length(create_workflow.description) > 2000 then
    perform private.raise_error('22023', 'description must be at most 2000 characters', 'Shorten the description');
  end if;
  perform private.require_definition(v_definition);

  insert into public.workflows (project_id, name, description, created_by)
  values (create_workflow.project_id, v_name, create_workflow.description, auth.uid())
  returning * into v_workflow;
  insert into public.workflow_versions (workflow_id, project_id, state, definition, revision, created_by)
  values (v_workflow.id, v_workflow.project_id, 'draft', v_definition, 1, auth.uid())
  returning id into v_draft_id;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft_id, 'workflow_created',
    jsonb_build_object('name', v_workflow.name));
  return v_workflow;
end;
$$;

revoke all on function private.clean_name(text) from public, anon, authenticated, service_role;
