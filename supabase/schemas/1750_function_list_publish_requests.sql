-- list_publish_requests: a project's publish requests, newest first, with the workflow's name and the
-- e-mails of requester and decider (auth.users is not readable by API roles).

create type public.publish_request_summary as (
  id uuid,
  project_id uuid,
  workflow_id uuid,
  workflow_name text,
  draft_id uuid,
  revision integer,
  definition_hash text,
  state public.publish_request_state,
  note text,
  requested_by uuid,
  requested_by_email text,
  requested_at timestamptz,
  decided_by uuid,
  decided_by_email text,
  decided_at timestamptz,
  comment text,
  updated_at timestamptz
);
comment on type public.publish_request_summary is
  'A row of list_publish_requests: a publish request with its workflow''s name and the e-mails of requester and decider.';

create or replace function public.list_publish_requests(project_id uuid, state public.publish_request_state default null)
returns setof public.publish_request_summary
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_project_role(list_publish_requests.project_id, 'viewer', 'see publish requests');
  return query
    select r.id, r.project_id, r.workflow_id, w.name, r.draft_id, r.revision, r.definition_hash, r.state, r.note,
           r.requested_by, rq.email::text, r.requested_at, r.decided_by, dc.email::text, r.decided_at, r.comment,
           r.updated_at
    from public.publish_requests r
    join public.workflows w on w.id = r.workflow_id
    left join auth.users rq on rq.id = r.requested_by
    left join auth.users dc on dc.id = r.decided_by
    where r.project_id = list_publish_requests.project_id
      and (list_publish_requests.state is null or r.state = list_publish_requests.state)
    order by r.requested_at desc, r.id desc;
end;
$$;
comment on function public.list_publish_requests(uuid, public.publish_request_state) is
  'The project''s publish requests, newest first (only those in `state` when given), with the workflow''s name and the e-mails of requester and decider. Viewers and up. Errors: 42501 not signed in, PT404 project not found or not visible.';

revoke all on function public.list_publish_requests(uuid, public.publish_request_state) from public, anon;
grant execute on function public.list_publish_requests(uuid, public.publish_request_state) to authenticated;
