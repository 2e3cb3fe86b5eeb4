-- Workflows: create_workflow (with its first draft) and archive_workflow.

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
  v_definition jsonb := coalesce(create_workflow.definition, '{"nodes": [], "edges": []}');
begin
  perform private.authorize_project(create_workflow.project_id, 'editor', 'create workflows');
  if create_workflow.name is null or length(btrim(create_workflow.name)) not between 1 and 200 then
    perform private.raise_error('22023', 'name must be 1 to 200 characters', 'Give the workflow a short name');
  end if;
  if length(create_workflow.description) > 2000 then
    perform private.raise_error('22023', 'description must be at most 2000 characters', 'Shorten the description');
  end if;
  perform private.require_definition(v_definition);

  insert into public.workflows (project_id, name, description, created_by)
  values (create_workflow.project_id, btrim(create_workflow.name), create_workflow.description, auth.uid())
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

create or replace function public.archive_workflow(workflow_id uuid)
returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.authorize_workflow(archive_workflow.workflow_id, 'publisher', 'archive workflows', true);
begin
  perform private.refuse_if_archived(v_workflow);
  update public.workflows w set archived_at = now() where w.id = v_workflow.id returning * into v_workflow;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_workflow.current_version_id, 'archived', '{}');
  return v_workflow;
end;
$$;
comment on function public.archive_workflow(uuid) is
  'Archives a workflow: its history stays readable, draft writes and publishes are refused. Publishers and up. Errors: 42501, PT404, PT409 already archived.';

revoke all on function public.create_workflow(uuid, text, text, jsonb) from public, anon;
revoke all on function public.archive_workflow(uuid) from public, anon;
grant execute on function public.create_workflow(uuid, text, text, jsonb) to authenticated;
grant execute on function public.archive_workflow(uuid) to authenticated;
