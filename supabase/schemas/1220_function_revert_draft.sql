-- revert_draft: loads a published version into the draft (creating it if needed).

create or replace function public.revert_draft(workflow_id uuid, version_id uuid, expected_revision integer default null)
returns public.workflow_versions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(revert_draft.workflow_id, 'editor', 'revert the draft', true);
  v_source public.workflow_versions;
  v_draft public.workflow_versions;
begin
  perform private.require_not_archived(v_workflow);
  v_source := private.require_published_version(v_workflow.id, revert_draft.version_id);
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    insert into public.workflow_versions
      (workflow_id, project_id, state, definition, revision, base_version_id, source_version_id, created_by)
    values (v_workflow.id, v_workflow.project_id, 'draft', v_source.definition, 1,
            v_workflow.current_version_id, v_source.id, auth.uid())
    returning * into v_draft;
  else
    perform private.require_expected_revision(v_draft, revert_draft.expected_revision);
    update public.workflow_versions v
    set definition = v_source.definition, revision = v.revision + 1, source_version_id = v_source.id, updated_at = now()
    where v.id = v_draft.id
    returning * into v_draft;
  end if;
  perform private.close_publish_requests(v_workflow.id, v_draft.id);  -- review: a changed draft supersedes its request
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_reverted',
    jsonb_build_object('source_version_id', v_source.id, 'source_version_number', v_source.version_number,
                       'revision', v_draft.revision));
  return v_draft;
end;
$$;
comment on function public.revert_draft(uuid, uuid, integer) is
  'Loads a published version''s definition into the draft (creating the draft if none); source_version_id records it. Live is untouched. Editors and up. Errors: PT404 version, PT409 stale revision/archived.';

revoke all on function public.revert_draft(uuid, uuid, integer) from public, anon;
grant execute on function public.revert_draft(uuid, uuid, integer) to authenticated;
