-- withdraw_review: the requester takes back an open or approved request.

create or replace function public.withdraw_review(request_id uuid)
returns public.publish_requests
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_request public.publish_requests := private.find_publish_request(withdraw_review.request_id);
  v_workflow public.workflows := private.require_workflow_role(v_request.workflow_id, 'viewer', 'withdraw reviews', true);
  v_previous public.publish_request_state;
begin
  select * into v_request from public.publish_requests r where r.id = v_request.id for update;
  if v_request.requested_by is distinct from v_uid then
    perform private.raise_error('42501', 'Only the person who requested this review can withdraw it',
      'Ask them to withdraw it; any change to the draft also closes it');
  end if;
  if v_request.state not in ('open', 'approved') then
    perform private.raise_error('PT409', format('This publish request is %s: there is nothing to withdraw', v_request.state),
      'Only open or approved requests can be withdrawn');
  end if;
  v_previous := v_request.state;
  update public.publish_requests r set state = 'withdrawn' where r.id = v_request.id returning * into v_request;
  perform private.record_event(v_workflow.project_id, v_workflow.id, v_request.draft_id, 'review_withdrawn',
    jsonb_build_object('request_id', v_request.id, 'revision', v_request.revision, 'previous_state', v_previous));
  return v_request;
end;
$$;
comment on function public.withdraw_review(uuid) is
  'Withdraws an open or approved publish request. Only its requester (other members: 42501). Errors: 42501, PT404 request not found or not visible, PT409 already closed.';

revoke all on function public.withdraw_review(uuid) from public, anon;
grant execute on function public.withdraw_review(uuid) to authenticated;
