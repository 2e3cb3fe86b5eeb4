-- decide_review: a publisher approves or rejects an open request. Four eyes: the decider is neither
-- the requester nor an author of the draft (private.draft_author_ids). It holds the workflow's row
-- lock, like every draft write, so an approval and a save of the same draft never interleave: either
-- the save comes first and the request is superseded (PT409 here), or the approval comes first and the
-- save supersedes it.

create or replace function public.decide_review(request_id uuid, decision text, comment text default null)
returns public.publish_requests
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_request public.publish_requests := private.find_publish_request(decide_review.request_id);
  v_workflow public.workflows := private.require_workflow_role(v_request.workflow_id, 'publisher', 'decide reviews', true);
  v_draft public.workflow_versions;
  v_comment text := nullif(btrim(decide_review.comment), '');
begin
  if decide_review.decision is null or decide_review.decision not in ('approve', 'reject') then
    perform private.raise_error('22023', 'decision must be "approve" or "reject"',
      'Send decision "approve" to let the revision be published, or "reject" with a comment saying what to change');
  end if;
  if length(v_comment) > 2000 then
    perform private.raise_error('22023', 'comment must be at most 2000 characters', 'Shorten the comment');
  end if;
  -- Read again under the workflow's lock: a save or another decision may have committed meanwhile.
  select * into v_request from public.publish_requests r where r.id = v_request.id for update;
  if v_request.requested_by = v_uid then
    perform private.raise_error('42501', 'You requested this review, so someone else must decide it',
      'Ask another publisher who did not change the draft to review it');
  end if;
  if v_uid in (select private.draft_author_ids(v_request.workflow_id, v_request.draft_id)) then
    perform private.raise_error('42501', 'You changed this draft, so someone else must decide its review',
      'Ask another publisher who did not change the draft to review it');
  end if;
  if v_request.state <> 'open' then
    perform private.raise_error('PT409', format('This publish request is %s, not open', v_request.state),
      'Only open requests are decided; the author can request a review of the current draft (request_review)');
  end if;
  if decide_review.decision = 'approve' then
    v_draft := private.lock_draft(v_workflow.id);
    if v_draft.id is distinct from v_request.draft_id or v_draft.revision <> v_request.revision
       or private.version_hash(v_draft) <> v_request.definition_hash then
      perform private.raise_error('PT409', 'The draft changed since this review was requested',
        'Ask the author to request a review of the current revision');
    end if;
  end if;
  update public.publish_requests r
  set state = case decide_review.decision when 'approve' then 'approved'::public.publish_request_state
                                          else 'rejected'::public.publish_request_state end,
      decided_by = v_uid, decided_at = now(), comment = v_comment
  where r.id = v_request.id
  returning * into v_request;
  perform private.record_event(v_request.project_id, v_request.workflow_id, v_request.draft_id,
    case decide_review.decision when 'approve' then 'review_approved'::public.workflow_event_action
                                else 'review_rejected'::public.workflow_event_action end,
    jsonb_strip_nulls(jsonb_build_object('request_id', v_request.id, 'revision', v_request.revision,
      'definition_hash', v_request.definition_hash, 'comment', v_comment)));
  return v_request;
end;
$$;
comment on function public.decide_review(uuid, text, text) is
  'Approves or rejects an open publish request (decision "approve" or "reject", optional comment). Publishers and up who neither requested the review nor changed the draft (its authors: who created, saved or reverted it). Errors: 42501 role too low/requester/author, PT404 request, PT409 not open or the draft changed, 22023 bad decision or comment too long.';

revoke all on function public.decide_review(uuid, text, text) from public, anon;
grant execute on function public.decide_review(uuid, text, text) to authenticated;
