-- Helpers of review before publish (four eyes), shared by the review RPCs (1710–1750) and the draft
-- RPCs: save_draft, revert_draft and discard_draft close the workflow's live request, publish_draft
-- asks for an approval first (when the project requires review) and closes the request after.

-- A draft's authors: whoever created the workflow with it, saved it or reverted it (the audit trail's
-- workflow_created, draft_saved and draft_reverted events of that draft id). draft_created copies a
-- published version and makes nobody an author.

create or replace function private.draft_author_ids(workflow_id uuid, draft_id uuid)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct e.actor_id
  from public.workflow_version_events e
  where e.workflow_id = draft_author_ids.workflow_id
    and e.version_id = draft_author_ids.draft_id
    and e.action in ('workflow_created', 'draft_saved', 'draft_reverted')
    and e.actor_id is not null
$$;
comment on function private.draft_author_ids(uuid, uuid) is
  'The users who created, saved or reverted the draft (its authors), from the audit trail.';

-- Closes the workflow's live (open or approved) request after its draft changed or was published:
-- `published` when the publish was exactly the approved revision and hash, else `superseded`. Call it
-- under the workflow's row lock. Returns the id of the request it closed, or null.

create or replace function private.close_publish_requests(
  workflow_id uuid,
  draft_id uuid,
  published_revision integer default null,
  published_hash text default null
) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_closed uuid;
begin
  -- PL/pgSQL rather than SQL: its plan is prepared once per session, not at every call.
  update public.publish_requests r
  set state = case
                when r.state = 'approved' and close_publish_requests.published_hash is not null
                     and r.draft_id = close_publish_requests.draft_id
                     and r.revision = close_publish_requests.published_revision
                     and r.definition_hash = close_publish_requests.published_hash
                then 'published'::public.publish_request_state
                else 'superseded'::public.publish_request_state
              end
  where r.workflow_id = close_publish_requests.workflow_id and r.state in ('open', 'approved')
  returning r.id into v_closed;  -- at most one: one live request per workflow (a unique index)
  return v_closed;
end;
$$;
comment on function private.close_publish_requests(uuid, uuid, integer, text) is
  'Closes the workflow''s open or approved publish request: published when the published revision and hash are the approved ones, superseded otherwise.';

-- In a project that requires review, the draft's current revision and the hash of its current
-- definition must carry an approved request; PT409 otherwise.

create or replace function private.require_review_approval(workflow public.workflows, draft public.workflow_versions)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_request public.publish_requests;
begin
  if not coalesce((select p.require_review from public.projects p where p.id = workflow.project_id), false) then
    return;
  end if;
  select * into v_request from public.publish_requests r
  where r.workflow_id = workflow.id and r.state in ('open', 'approved');
  if v_request.id is null then
    perform private.raise_error('PT409',
      format('This project requires review: revision %s of the draft has no approved publish request', draft.revision),
      'Request a review (request_review); once a publisher who did not change the draft approves it, publish it');
  end if;
  if v_request.state = 'open' then
    perform private.raise_error('PT409',
      format('This project requires review: the review of revision %s is still open', v_request.revision),
      'Wait until a publisher who did not change the draft approves it (decide_review), then publish');
  end if;
  if v_request.draft_id <> draft.id or v_request.revision <> draft.revision
     or v_request.definition_hash <> private.version_hash(draft) then
    perform private.raise_error('PT409',
      format('This project requires review: revision %s was approved, but the draft is at revision %s', v_request.revision, draft.revision),
      'Request a review of the current revision (request_review), or publish the approved one');
  end if;
end;
$$;
comment on function private.require_review_approval(public.workflows, public.workflow_versions) is
  'Raises PT409 when the workflow''s project requires review and the draft''s current revision and definition hash carry no approved publish request.';

-- The request, when the caller is a member of its project; PT404 otherwise (not found = not visible).

create or replace function private.find_publish_request(request_id uuid)
returns public.publish_requests
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_request public.publish_requests;
begin
  if find_publish_request.request_id is null then
    perform private.raise_error('22023', 'request_id is required', 'Pass the id of a publish request (list_publish_requests)');
  end if;
  select * into v_request from public.publish_requests r where r.id = find_publish_request.request_id;
  if v_request.id is null or private.member_role(v_request.project_id, v_uid) is null then
    perform private.raise_error('PT404', format('Publish request %s not found', find_publish_request.request_id),
      'Check the id; you only see publish requests of projects you are a member of');
  end if;
  return v_request;
end;
$$;
comment on function private.find_publish_request(uuid) is
  'The publish request if the caller is a member of its project; raises PT404 otherwise.';
