-- Review before publish (four eyes): a request asks another publisher to approve one revision of a
-- workflow's draft. It records the revision and the sha256 of the definition at that revision; the
-- draft stays editable, and any change to it closes the request (the RPCs of 1700–1799 and the draft
-- RPCs keep that). In a project with `require_review`, publish_draft publishes only an approved
-- revision whose definition still has the approved hash.

create type public.publish_request_state as enum ('open', 'approved', 'rejected', 'withdrawn', 'superseded', 'published');
comment on type public.publish_request_state is
  'open: waiting for a decision; approved / rejected: decided by a publisher; withdrawn: by the requester; superseded: the draft changed, was discarded or was published in another state; published: the approved revision went live.';

create table public.publish_requests (
  id uuid primary key default gen_random_uuid(),
  -- Denormalised from the workflow so RLS checks one indexed column, never a join.
  project_id uuid not null references public.projects (id) on delete cascade,
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  -- No foreign key: like the audit trail, a request outlives its discarded draft. A draft keeps its id
  -- until it is published (the row becomes the version) or discarded.
  draft_id uuid not null,
  revision integer not null,
  definition_hash text not null,
  state public.publish_request_state not null default 'open',
  note text,
  -- History outlives accounts: no foreign key on actor columns.
  requested_by uuid,
  requested_at timestamptz not null default now(),
  decided_by uuid,
  decided_at timestamptz,
  comment text,
  updated_at timestamptz not null default now(),
  constraint revision_is_positive check (revision > 0),
  constraint definition_hash_is_sha256_hex check (definition_hash ~ '^[0-9a-f]{64}$'),
  constraint note_is_short check (note is null or length(note) <= 2000),
  constraint comment_is_short check (comment is null or length(comment) <= 2000),
  -- An open request has no decision; approved and rejected ones have one; a published request was approved.
  constraint decision_matches_state check (
    case state
      when 'open' then decided_by is null and decided_at is null and comment is null
      when 'approved' then decided_by is not null and decided_at is not null
      when 'rejected' then decided_by is not null and decided_at is not null
      when 'published' then decided_by is not null and decided_at is not null
      else true
    end)
);
comment on table public.publish_requests is
  'Review before publish: one request per reviewed draft revision (its definition''s sha256), decided by a publisher who is neither the requester nor an author of the draft.';
comment on column public.publish_requests.draft_id is 'The draft reviewed (no foreign key: the request outlives a discarded draft).';
comment on column public.publish_requests.definition_hash is 'sha256 hex of the draft''s definition::text at the requested revision.';

-- At most one live (open or approved) request per workflow; requesting again supersedes the earlier one.
create unique index idx_publish_requests_one_live on public.publish_requests (workflow_id) where state in ('open', 'approved');
create index idx_publish_requests_by_project on public.publish_requests (project_id, requested_at desc);
create index idx_publish_requests_by_workflow on public.publish_requests (workflow_id, requested_at desc);

alter table public.publish_requests enable row level security;
create policy "Members can view their projects' publish requests"
  on public.publish_requests for select to authenticated
  using (project_id in (select private.member_project_ids((select auth.uid()))));

revoke all on public.publish_requests from anon, authenticated, service_role;
grant select on public.publish_requests to authenticated, service_role;


-- ── Triggers: rules for every writer, operators with psql and service_role included ─────────────
create trigger _100_set_updated_at before update on public.publish_requests
  for each row execute function private.tg__set_updated_at();

-- What was requested never changes; a request belongs to its workflow's project; the state moves only
-- forward: open → approved | rejected | withdrawn | superseded, approved → published | withdrawn | superseded.

create or replace function private.tg_publish_requests__check_transition() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.state <> 'open' then
      perform private.raise_error('PT409', 'A publish request starts open', 'Insert it open, then decide it with decide_review');
    end if;
    if not exists (select 1 from public.workflows w where w.id = new.workflow_id and w.project_id = new.project_id) then
      perform private.raise_error('22023', 'project_id does not match the workflow''s project', 'Use the project_id of the workflow');
    end if;
    return new;
  end if;
  if (new.project_id, new.workflow_id, new.draft_id, new.revision, new.definition_hash, new.requested_by, new.requested_at)
     is distinct from
     (old.project_id, old.workflow_id, old.draft_id, old.revision, old.definition_hash, old.requested_by, old.requested_at)
     or new.note is distinct from old.note then
    perform private.raise_error('PT409', 'What a publish request asks for cannot be changed',
      'Request a review again (request_review); the new request supersedes this one');
  end if;
  if new.state is distinct from old.state and not (
       (old.state = 'open' and new.state in ('approved', 'rejected', 'withdrawn', 'superseded'))
    or (old.state = 'approved' and new.state in ('published', 'withdrawn', 'superseded'))) then
    perform private.raise_error('PT409', format('A %s publish request cannot become %s', old.state, new.state),
      'Only open requests are decided, and only open or approved ones are withdrawn, superseded or published');
  end if;
  if new.state = old.state and (new.decided_by, new.decided_at, new.comment) is distinct from (old.decided_by, old.decided_at, old.comment) then
    perform private.raise_error('PT409', 'A decision is recorded once, when the state changes',
      'Request a review again to get a new decision');
  end if;
  return new;
end;
$$;

create trigger _010_check_transition before insert or update on public.publish_requests
  for each row execute function private.tg_publish_requests__check_transition();
