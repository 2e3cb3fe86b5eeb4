-- duplicate_workflow: a new workflow whose draft is a copy of any version the caller can read, in any
-- project where the caller is an editor. The copy starts its own history (no versions); its
-- workflow_created event names where it came from.

create or replace function public.duplicate_workflow(version_id uuid, project_id uuid, name text default null)
returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_source public.workflow_versions := public.get_workflow_version(duplicate_workflow.version_id);
  v_source_name text;
  v_name text;
  v_workflow public.workflows;
  v_draft_id uuid;
begin
  perform private.require_project_role(duplicate_workflow.project_id, 'editor', 'create workflows');
  select w.name into v_source_name from public.workflows w where w.id = v_source.workflow_id;
  if duplicate_workflow.name is null then
    v_name := left(v_source_name, 193) || ' (copy)';
  else
    v_name := private.clean_name(duplicate_workflow.name);
    if v_name is null or length(v_name) > 200 then
      perform private.raise_error('22023', 'name must be 1 to 200 characters, not only white space',
        'Give the copy a short name, or leave it out for "<name> (copy)"');
    end if;
  end if;

  insert into public.workflows (project_id, name, description, created_by)
  select duplicate_workflow.project_id, v_name, w.description, auth.uid()
  from public.workflows w where w.id = v_source.workflow_id
  returning * into v_workflow;
  insert into public.workflow_versions (workflow_id, project_id, state, definition, revision, created_by)
  values (v_workflow.id, v_workflow.project_id, 'draft', v_source.definition, 1, auth.uid())
  returning id into v_draft_id;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft_id, 'workflow_created',
    jsonb_strip_nulls(jsonb_build_object('name', v_workflow.name, 'duplicated_from', jsonb_build_object(
      'workflow_id', v_source.workflow_id, 'version_id', v_source.id, 'version_number', v_source.version_number))));
  return v_workflow;
end;
$$;
comment on function public.duplicate_workflow(uuid, uuid, text) is
  'Creates a workflow in project_id whose draft copies the version (any version the caller can read); name defaults to "<name> (copy)". Viewer of the source, editor of the target project. Errors: 42501, PT404 version or project, 22023 bad name.';

revoke all on function public.duplicate_workflow(uuid, uuid, text) from public, anon;
grant execute on function public.duplicate_workflow(uuid, uuid, text) to authenticated;
