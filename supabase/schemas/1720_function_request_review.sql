-- request_review: asks the project's publishers to review one revision of the draft. The request
-- records the revision and its definition's sha256; the draft stays editable, and any change to it
-- supersedes the request. An earlier open or approved request of the workflow is superseded.

create or replace function public.request_review(workflow_id uuid, expected_revision integer, note text default null)
returns public.publish_requests
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows := private.require_workflow_role(request_review.workflow_id, 'editor', 'request reviews', true);
  v_draft public.workflow_versions;
  v_note text := nullif(btrim(request_review.note), '');
  v_superseded uuid;
  v_request public.publish_requests;
begin
  perform private.require_not_archived(v_workflow);
  if request_review.expected_revision is null then
    perform private.raise_error('22023', 'expected_revision is required',
      'Send the revision of the draft you want reviewed, as returned when you loaded or last saved it');
  end if;
  if length(v_note) > 2000 then
    perform private.raise_error('22023', 'note must be at most 2000 characters', 'Shorten the note to the reviewers');
  end if;
  v_draft := private.lock_draft(v_workflow.id);
  if v_draft.id is null then
    perform private.raise_error('PT409', 'This workflow has no draft to review',
      'Create a draft (create_draft), change it, then request a review');
  end if;
  perform private.require_expected_revision(v_draft, request_review.expected_revision);
  v_superseded := private.close_publish_requests(v_workflow.id, v_draft.id);
  insert into public.publish_requests (project_id, workflow_id, draft_id, revision, definition_hash, note, requested_by)
  values (v_workflow.project_id, v_workflow.id, v_draft.id, v_draft.revision, private.version_hash(v_draft),
          v_note, auth.uid())
  returning * into v_request;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_draft.id, 'review_requested',
    jsonb_strip_nulls(jsonb_build_object('request_id', v_request.id, 'revision', v_request.revision,
      'definition_hash', v_request.definition_hash, 'note', v_note, 'superseded_request_id', v_superseded)));
  return v_request;
end;
$$;
comment on function public.request_review(uuid, integer, text) is
  'Asks for a review of the draft at expected_revision: records that revision and the sha256 of its definition (state open); an earlier open or approved request of the workflow becomes superseded. The draft stays editable; any change to it supersedes the request. Editors and up, whether or not the project requires review. Errors: 42501, PT404, PT409 no draft/stale revision/archived, 22023 missing revision or note too long.';

revoke all on function public.request_review(uuid, integer, text) from public, anon;
grant execute on function public.request_review(uuid, integer, text) to authenticated;
