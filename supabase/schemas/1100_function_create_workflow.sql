-- create_workflow: a workflow and its first draft (revision 1).

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
  perform private.require_project_role(create_workflow.project_id, 'editor', 'create workflows');
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
comment on function public.create_workflow(uuid, text, text, jsonb) is
  'Creates a workflow and its draft (revision 1; definition defaults to {"nodes":[],"edges":[]}). Editors and up. Errors: 42501, PT404 project, PT413 definition over 1 MiB, 22023 bad name or definition.';

revoke all on function public.create_workflow(uuid, text, text, jsonb) from public, anon;
grant execute on function public.create_workflow(uuid, text, text, jsonb) to authenticated;
