-- discard_draft: deletes the draft.

create or replace function public.discard_draft(workflow_id uuid, expected_revision integer default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(discard_draft.workflow_id, 'editor', 'discard the draft', true);
  v_draft public.workflow_versions;
begin
  perform private.require_not_archived(v_workflow);
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    perform private.raise_error('PT409', 'This workflow has no draft to discard', 'Nothing to do; the live version is unchanged');
  end if;
  perform private.require_expected_revision(v_draft, discard_draft.expected_revision);
  delete from public.workflow_versions v where v.id = v_draft.id;
  perform private.close_publish_requests(v_workflow.id, v_draft.id);  -- review: a discarded draft supersedes its request
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'draft_discarded',
    jsonb_build_object('revision', v_draft.revision));
end;
$$;
comment on function public.discard_draft(uuid, integer) is
  'Deletes the draft. Editors and up. Errors: PT409 no draft/stale revision/archived.';

revoke all on function public.discard_draft(uuid, integer) from public, anon;
grant execute on function public.discard_draft(uuid, integer) to authenticated;
