-- update_workflow: rename a workflow or change its description. Metadata only: no version changes, so
-- published history is untouched; archived workflows are frozen and refuse it like draft writes.

create or replace function public.update_workflow(workflow_id uuid, name text default null, description text default null)
returns public.workflows
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(update_workflow.workflow_id, 'editor', 'rename workflows', true);
  v_before public.workflows := v_workflow;
  v_name text := private.clean_name(update_workflow.name);
  -- An empty or white-space-only description clears it.
  v_description text := nullif(btrim(update_workflow.description), '');
begin
  perform private.require_not_archived(v_workflow);
  if update_workflow.name is null and update_workflow.description is null then
    perform private.raise_error('22023', 'Nothing to update: pass a name, a description or both',
      'Send {"name": "..."} to rename, {"description": "..."} to describe ("" clears it)');
  end if;
  if update_workflow.name is not null and (v_name is null or length(v_name) > 200) then
    perform private.raise_error('22023',
      format('name must be 1 to 200 characters, not only white space (it has %s)', length(coalesce(v_name, ''))),
      'Give the workflow a shorter name');
  end if;
  if length(v_description) > 2000 then
    perform private.raise_error('22023',
      format('description must be at most 2000 characters (it has %s)', length(v_description)), 'Shorten the description');
  end if;

  update public.workflows w
  set name = coalesce(v_name, w.name),
      description = case when update_workflow.description is null then w.description else v_description end
  where w.id = v_workflow.id
  returning * into v_workflow;
  if v_workflow.name is distinct from v_before.name or v_workflow.description is distinct from v_before.description then
    perform private.record_event(v_workflow.project_id, v_workflow.id, null, 'workflow_updated',
      jsonb_strip_nulls(jsonb_build_object(
        'name', case when v_workflow.name is distinct from v_before.name
                     then jsonb_build_object('before', v_before.name, 'after', v_workflow.name) end,
        'description_changed', case when v_workflow.description is distinct from v_before.description then true end)));
  end if;
  return v_workflow;
end;
$$;
comment on function public.update_workflow(uuid, text, text) is
  'Renames a workflow and/or changes its description ("" clears it); null leaves a field as it is. Audited as workflow_updated when something changed. Editors and up. Errors: 42501, PT404, PT409 archived, 22023 nothing to update, name not 1-200 characters or description over 2000.';

revoke all on function public.update_workflow(uuid, text, text) from public, anon;
grant execute on function public.update_workflow(uuid, text, text) to authenticated;
