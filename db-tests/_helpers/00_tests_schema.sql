-- pgTAP helper schema `tests`: users, PostgREST-faithful authentication, and fixtures.
--
-- Loaded once per `npm run test:db` run (as the superuser postgres), before pg_prove runs the files.
-- Every test file runs in its own transaction and rolls back, so all of this state is per file.
--
-- Authentication mirrors what PostgREST does per request (docs/supabase-compat.md):
-- `set_config('role', …, true)` plus `request.jwt.claims` holding the claims, including "role".
-- Both settings are transaction-local.
--
-- Fixtures go through the RPCs (never raw inserts into public tables) so they obey the same rules as
-- clients. They switch role themselves and restore the caller's role and claims before returning.

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- ── Users ────────────────────────────────────────────────────────────────────────────────────────

-- Creates an auth.users row shaped like one GoTrue would create for an email sign-up (so it could
-- log in if it had a password): instance id, aud/role, confirmed email, '' token columns.
create or replace function tests.create_user(identifier text, email text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid := extensions.gen_random_uuid();
begin
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    confirmation_token, recovery_token, email_change_token_new, email_change,
    raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at
  ) values (
    '00000000-0000-0000-0000-000000000000', v_id, 'authenticated', 'authenticated',
    coalesce(create_user.email, create_user.identifier || '@test.example.com'), '', now(),
    '', '', '', '',
    '{"provider": "email", "providers": ["email"]}'::jsonb,
    jsonb_build_object('test_identifier', create_user.identifier), false, now(), now()
  );
  return v_id;
end;
$$;

-- The id of a test user; raises if there is none.
create or replace function tests.uid(identifier text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  select u.id into v_id from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = uid.identifier;
  if v_id is null then
    raise exception 'tests.uid: no test user %', uid.identifier;
  end if;
  return v_id;
end;
$$;

create or replace function tests.email(identifier text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select u.email::text from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = email.identifier;
$$;

-- Creates the user when missing; returns its id.
create or replace function tests.ensure_user(identifier text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = ensure_user.identifier) then
    return tests.uid(ensure_user.identifier);
  end if;
  return tests.create_user(ensure_user.identifier);
end;
$$;

-- ── Authentication (security invoker: SET ROLE is refused inside security definer functions) ─────

-- A session as GoTrue writes it at sign-in; its id is the access token's session_id claim, and
-- private.require_user refuses a token whose session row is gone (docs/architecture.md, "Who is calling").
create or replace function tests.start_session(user_id uuid)
returns uuid
language sql
security definer
set search_path = ''
as $$
  insert into auth.sessions (id, user_id, created_at, updated_at, aal)
  values (extensions.gen_random_uuid(), start_session.user_id, now(), now(), 'aal1')
  returning id
$$;

-- Acts as the signed-in user, with the claims a GoTrue access token carries and PostgREST passes on,
-- in a new live session.
create or replace function tests.authenticate_as(identifier text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid := tests.uid(authenticate_as.identifier);
  v_email text := tests.email(authenticate_as.identifier);
  v_session uuid := tests.start_session(v_id);
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', jsonb_build_object(
    'iss', 'http://127.0.0.1:54321/auth/v1',
    'sub', v_id,
    'aud', 'authenticated',
    'exp', extract(epoch from now() + interval '1 hour')::bigint,
    'iat', extract(epoch from now())::bigint,
    'email', v_email,
    'phone', '',
    'app_metadata', jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email')),
    'user_metadata', jsonb_build_object('test_identifier', authenticate_as.identifier),
    'role', 'authenticated',
    'aal', 'aal1',
    'amr', jsonb_build_array(jsonb_build_object('method', 'password', 'timestamp', extract(epoch from now())::bigint)),
    'session_id', v_session,
    'is_anonymous', false
  )::text, true);
end;
$$;

-- A request with the anon key (or no Authorization header): PostgREST sets {"role":"anon"}.
create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role": "anon"}', true);
end;
$$;

-- A request with the service_role key.
create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
end;
$$;

-- Back to the session user (postgres, the table owner), with no claims.
create or replace function tests.clear_authentication()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;

-- Internal: restore a role/claims pair saved by a fixture helper.
create or replace function tests._restore(p_role text, p_claims text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', case when p_role = session_user then 'none' else p_role end, true);
  perform set_config('request.jwt.claims', coalesce(p_claims, ''), true);
end;
$$;

-- ── Definitions ──────────────────────────────────────────────────────────────────────────────────

-- A valid definition: a webhook trigger 'n1' followed by a chain n2 … n<n> of http_call steps
-- (edges e1 … e<n-1>). Different n give different definitions.
create or replace function tests.valid_definition(n int default 2)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'nodes', (
      select jsonb_agg(jsonb_build_object(
               'id', 'n' || i,
               'position', jsonb_build_object('x', (i - 1) * 240, 'y', 0),
               'data', jsonb_build_object(
                 'type', case when i = 1 then 'webhook' else 'http_call' end,
                 'label', 'Step ' || i,
                 'config', case when i = 1 then '{}'::jsonb else jsonb_build_object('url', 'https://example.org/' || i) end))
             order by i)
      from generate_series(1, greatest(valid_definition.n, 1)) as i),
    'edges', coalesce((
      select jsonb_agg(jsonb_build_object('id', 'e' || i, 'source', 'n' || i, 'target', 'n' || (i + 1)) order by i)
      from generate_series(1, valid_definition.n - 1) as i), '[]'::jsonb),
    'settings', '{}'::jsonb);
$$;

-- ── Fixtures (through the RPCs) ──────────────────────────────────────────────────────────────────

-- A project with one member of every role: users <prefix>_owner, <prefix>_publisher, <prefix>_editor,
-- <prefix>_viewer (created when missing). The owner creates it with create_project; the others are
-- inserted into project_members the way operators and the seed add members (no claims: the trigger
-- records member_added with no actor). Returns the project id.
create or replace function tests.setup_project(prefix text, project_name text default null)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_project uuid;
  v_member text;
begin
  perform tests.ensure_user(setup_project.prefix || '_owner');
  perform tests.ensure_user(setup_project.prefix || '_publisher');
  perform tests.ensure_user(setup_project.prefix || '_editor');
  perform tests.ensure_user(setup_project.prefix || '_viewer');

  perform tests.authenticate_as(setup_project.prefix || '_owner');
  select p.id into v_project
  from public.create_project(name => coalesce(setup_project.project_name, setup_project.prefix || ' project')) as p;
  perform tests.clear_authentication();
  foreach v_member in array array['publisher', 'editor', 'viewer'] loop
    insert into public.project_members (project_id, user_id, role)
    values (v_project, tests.uid(setup_project.prefix || '_' || v_member), v_member::public.project_role);
  end loop;

  perform tests._restore(v_role, v_claims);
  return v_project;
end;
$$;

-- The project id of a fixture prefix (as set up by tests.setup_project).
create or replace function tests.project_of(prefix text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.project_id from public.project_members m
  where m.user_id = tests.uid(project_of.prefix || '_owner') and m.role = 'owner'
  order by m.created_at limit 1;
$$;

-- A workflow in the project of <prefix> (tests.setup_project must have run), created by
-- <prefix>_editor with create_workflow, then `published` versions published by <prefix>_publisher:
-- version k has tests.valid_definition(k + 1). The draft is left absent after publishing (publish
-- consumes it) unless published = 0. Returns the workflow id.
create or replace function tests.setup_workflow(prefix text, workflow_name text default 'Workflow', published int default 0)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_workflow uuid;
  v_revision int;
begin
  perform tests.authenticate_as(setup_workflow.prefix || '_editor');
  select w.id into v_workflow
  from public.create_workflow(project_id => tests.project_of(setup_workflow.prefix), name => setup_workflow.workflow_name) as w;

  perform tests.authenticate_as(setup_workflow.prefix || '_publisher');
  for k in 1 .. setup_workflow.published loop
    if tests.draft_id(v_workflow) is null then
      perform public.create_draft(workflow_id => v_workflow);
    end if;
    v_revision := tests.draft_revision(v_workflow);
    select d.revision into v_revision
    from public.save_draft(workflow_id => v_workflow, definition => tests.valid_definition(k + 1), expected_revision => v_revision) as d;
    perform public.publish_draft(workflow_id => v_workflow, expected_revision => v_revision, note => 'v' || k);
  end loop;

  perform tests._restore(v_role, v_claims);
  return v_workflow;
end;
$$;

-- Reading helpers (security definer, so they see through RLS whoever is acting).
create or replace function tests.draft_id(workflow_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select v.id from public.workflow_versions v where v.workflow_id = draft_id.workflow_id and v.state = 'draft';
$$;

create or replace function tests.draft_revision(workflow_id uuid)
returns int
language sql
stable
security definer
set search_path = ''
as $$
  select v.revision from public.workflow_versions v where v.workflow_id = draft_revision.workflow_id and v.state = 'draft';
$$;

create or replace function tests.version_id(workflow_id uuid, version_number int)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select v.id from public.workflow_versions v
  where v.workflow_id = version_id.workflow_id and v.version_number = version_id.version_number;
$$;

create or replace function tests.current_version_number(workflow_id uuid)
returns int
language sql
stable
security definer
set search_path = ''
as $$
  select v.version_number from public.workflows w join public.workflow_versions v on v.id = w.current_version_id
  where w.id = current_version_number.workflow_id;
$$;

create or replace function tests.version_numbers(workflow_id uuid)
returns int[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(v.version_number order by v.version_number), '{}')
  from public.workflow_versions v where v.workflow_id = version_numbers.workflow_id and v.state = 'published';
$$;

create or replace function tests.event_count(workflow_id uuid default null)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select count(*) from public.workflow_version_events e
  where event_count.workflow_id is null or e.workflow_id = event_count.workflow_id;
$$;

-- Raises the SQLSTATE of running `sql` (or 'ok' when it succeeds) — for asserting outcomes that
-- legitimately differ by role without hiding them, e.g. is(tests.sqlstate_of('…'), '42501').
create or replace function tests.sqlstate_of(sql text)
returns text
language plpgsql
set search_path = ''
as $$
begin
  execute sqlstate_of.sql;
  return 'ok';
exception when others then
  return sqlstate;
end;
$$;

-- The DETAIL of the error `sql` raises (null when it succeeds).
create or replace function tests.error_detail(sql text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_detail text;
begin
  execute error_detail.sql;
  return null;
exception when others then
  get stacked diagnostics v_detail = pg_exception_detail;
  return v_detail;
end;
$$;

-- The HINT of the error `sql` raises (null when it succeeds).
create or replace function tests.error_hint(sql text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_hint text;
begin
  execute error_hint.sql;
  return null;
exception when others then
  get stacked diagnostics v_hint = pg_exception_hint;
  return v_hint;
end;
$$;

-- The outcome of running `sql` without keeping its effects: 'ok', or the SQLSTATE it raised. The
-- statement always runs in a subtransaction that is rolled back, so a matrix of calls can be
-- evaluated against one starting state.
create or replace function tests.outcome(sql text)
returns text
language plpgsql
set search_path = ''
as $$
begin
  execute outcome.sql;
  raise exception using errcode = 'TTOK0', message = 'tests.outcome: rolling back';
exception
  when sqlstate 'TTOK0' then return 'ok';
  when others then return sqlstate;
end;
$$;

-- tests.outcome as someone: 'anon', 'service_role', 'postgres' or a test user identifier. Restores
-- the caller's role and claims afterwards.
create or replace function tests.outcome_as(who text, sql text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_result text;
begin
  case outcome_as.who
    when 'anon' then perform tests.authenticate_as_anon();
    when 'service_role' then perform tests.authenticate_as_service_role();
    when 'postgres' then perform tests.clear_authentication();
    else perform tests.authenticate_as(outcome_as.who);
  end case;
  v_result := tests.outcome(outcome_as.sql);
  perform tests._restore(v_role, v_claims);
  return v_result;
end;
$$;

-- What GoTrue (or an administrator) does to the current caller's account or session, as the superuser:
-- 'signed_out' deletes the token's session row (sign-out), 'banned' sets banned_until a day ahead,
-- 'ban_expired' sets it a day back, 'soft_deleted' sets deleted_at, 'deleted' deletes the user row
-- (its sessions and memberships cascade), 'live' changes nothing.
create or replace function tests.change_account(change text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  case change_account.change
    when 'live' then null;
    when 'signed_out' then delete from auth.sessions s where s.id = (auth.jwt() ->> 'session_id')::uuid;
    when 'banned' then update auth.users u set banned_until = now() + interval '1 day' where u.id = v_uid;
    when 'ban_expired' then update auth.users u set banned_until = now() - interval '1 day' where u.id = v_uid;
    when 'soft_deleted' then update auth.users u set deleted_at = now() where u.id = v_uid;
    when 'deleted' then delete from auth.users u where u.id = v_uid;
    else raise exception 'tests.change_account: unknown change %', change_account.change;
  end case;
end;
$$;

-- tests.outcome as `who` (a test user identifier) after `change` (tests.change_account) happened to
-- their account or session; the change and the call are both rolled back.
create or replace function tests.outcome_after(who text, change text, sql text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_result text;
begin
  perform tests.authenticate_as(outcome_after.who);
  begin
    perform tests.change_account(outcome_after.change);
    execute outcome_after.sql;
    raise exception using errcode = 'TTOK0', message = 'tests.outcome_after: rolling back';
  exception
    when sqlstate 'TTOK0' then v_result := 'ok';
    when others then v_result := sqlstate;
  end;
  perform tests._restore(v_role, v_claims);
  return v_result;
end;
$$;

-- The message of the error `sql` raises (null when it succeeds).
create or replace function tests.error_message(sql text)
returns text
language plpgsql
set search_path = ''
as $$
begin
  execute error_message.sql;
  return null;
exception when others then
  return sqlerrm;
end;
$$;

-- The sorted, distinct error codes of a validate_workflow_definition result (or of a PT422 DETAIL array).
create or replace function tests.codes(result jsonb)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(distinct e ->> 'code' order by e ->> 'code'), '{}')
  from jsonb_array_elements(case when jsonb_typeof(codes.result) = 'array' then codes.result
                                 else coalesce(codes.result -> 'errors', '[]') end) as e;
$$;

-- The first problem with the code in a validate_workflow_definition result (null when absent).
create or replace function tests.problem(result jsonb, code text)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select e from jsonb_array_elements(coalesce(problem.result -> 'errors', '[]') || coalesce(problem.result -> 'warnings', '[]')) as e
  where e ->> 'code' = problem.code limit 1;
$$;

-- Raises unless running `sql` raises an error with a non-empty message and a non-empty HINT.
create or replace function tests._assert_hint(sql text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_message text;
  v_hint text;
begin
  begin
    execute _assert_hint.sql;
  exception when others then
    get stacked diagnostics v_message = message_text, v_hint = pg_exception_hint;
  end;
  if coalesce(v_message, '') = '' or coalesce(v_hint, '') = '' then
    raise exception 'no message or no hint (message: %, hint: %)', v_message, v_hint;
  end if;
end;
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

-- ════ Review before publish (four eyes) and invitations ═════════════════════════════════════════

-- Adds a member the way operators do: a plain insert with no claims (the membership trigger records
-- member_added with no actor). Creates the user when missing.
create or replace function tests.add_member(project_id uuid, identifier text, role public.project_role)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
begin
  perform tests.ensure_user(add_member.identifier);
  perform tests.clear_authentication();
  insert into public.project_members (project_id, user_id, role)
  values (add_member.project_id, tests.uid(add_member.identifier), add_member.role);
  perform tests._restore(v_role, v_claims);
end;
$$;

-- Turns review before publish on or off for the project of <prefix>, as <prefix>_owner.
create or replace function tests.set_require_review(prefix text, require_review boolean default true)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
begin
  perform tests.authenticate_as(set_require_review.prefix || '_owner');
  perform public.set_project_settings(project_id => tests.project_of(set_require_review.prefix),
                                      require_review => set_require_review.require_review);
  perform tests._restore(v_role, v_claims);
end;
$$;

-- As `who`: saves `definition` into the workflow's draft (creating the draft when missing); returns
-- the new revision.
create or replace function tests.save_as(who text, workflow_id uuid, definition jsonb)
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_revision int;
begin
  perform tests.authenticate_as(save_as.who);
  if tests.draft_id(save_as.workflow_id) is null then
    perform public.create_draft(workflow_id => save_as.workflow_id);
  end if;
  select d.revision into v_revision
  from public.save_draft(workflow_id => save_as.workflow_id, definition => save_as.definition,
                         expected_revision => tests.draft_revision(save_as.workflow_id)) as d;
  perform tests._restore(v_role, v_claims);
  return v_revision;
end;
$$;

-- As `who`: requests a review of the draft's current revision; returns the request id.
create or replace function tests.request_review_as(who text, workflow_id uuid)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_id uuid;
begin
  perform tests.authenticate_as(request_review_as.who);
  select r.id into v_id
  from public.request_review(workflow_id => request_review_as.workflow_id,
                             expected_revision => tests.draft_revision(request_review_as.workflow_id)) as r;
  perform tests._restore(v_role, v_claims);
  return v_id;
end;
$$;

-- As `who`: decides the request ('approve' or 'reject').
create or replace function tests.decide_as(who text, request_id uuid, decision text default 'approve', comment text default null)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
begin
  perform tests.authenticate_as(decide_as.who);
  perform public.decide_review(request_id => decide_as.request_id, decision => decide_as.decision, comment => decide_as.comment);
  perform tests._restore(v_role, v_claims);
end;
$$;

-- The state of a publish request (security definer: through RLS whoever is acting).
create or replace function tests.request_state(request_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select r.state::text from public.publish_requests r where r.id = request_state.request_id;
$$;

-- As <prefix>_owner: invites the address; returns the invitation id.
create or replace function tests.invite(prefix text, email text, role public.project_role default 'editor')
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
  v_id uuid;
begin
  perform tests.authenticate_as(invite.prefix || '_owner');
  select i.id into v_id
  from public.invite_project_member(project_id => tests.project_of(invite.prefix), email => invite.email, role => invite.role) as i;
  perform tests._restore(v_role, v_claims);
  return v_id;
end;
$$;

-- An invitation that expired yesterday (made 15 days ago), inserted directly; returns its id.
create or replace function tests.expired_invitation(project_id uuid, email text, role public.project_role default 'editor')
returns uuid
language sql
security definer
set search_path = ''
as $$
  insert into public.project_invitations (project_id, email, role, created_at, expires_at)
  values (expired_invitation.project_id, expired_invitation.email, expired_invitation.role,
          now() - interval '15 days', now() - interval '1 day')
  returning id;
$$;

-- Marks the user's account e-mail as not confirmed.
create or replace function tests.unconfirm_email(identifier text)
returns void
language sql
security definer
set search_path = ''
as $$
  update auth.users set email_confirmed_at = null where id = tests.uid(unconfirm_email.identifier);
$$;

-- ════ Environments and runs (issue 9) ════════════════════════════════════════════════════════════

-- The version number an environment of the workflow runs (null when nothing is deployed there).
create or replace function tests.deployed_number(workflow_id uuid, environment text default 'production')
returns int
language sql
stable
security definer
set search_path = ''
as $$
  select v.version_number from public.workflow_deployments d join public.workflow_versions v on v.id = d.version_id
  where d.workflow_id = deployed_number.workflow_id and d.environment = deployed_number.environment;
$$;

-- The latest audit event of a project (action, actor, workflow, version, details), whoever is acting.
create or replace function tests.last_event(project_id uuid)
returns public.workflow_version_events
language sql
stable
security definer
set search_path = ''
as $$
  -- Event ids count within one chain (a workflow, or the project itself), so they cannot order a project's
  -- events across chains; within a test transaction occurred_at is one instant, and the physical order of
  -- this append-only table is the insertion order.
  select * from public.workflow_version_events e where e.project_id = last_event.project_id
  order by e.occurred_at desc, e.ctid desc limit 1;
$$;

-- Events of a project (all workflows and none) — to assert "exactly one event" for project-level calls.
create or replace function tests.project_event_count(project_id uuid)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select count(*) from public.workflow_version_events e where e.project_id = project_event_count.project_id;
$$;

-- A run row, whoever is acting.
create or replace function tests.run(run_id uuid)
returns public.workflow_runs
language sql
stable
security definer
set search_path = ''
as $$
  select * from public.workflow_runs r where r.id = run.run_id;
$$;

-- Adds an environment to the project of <prefix> as its owner (through create_environment).
create or replace function tests.add_environment(prefix text, name text, deploy_role public.project_role default 'publisher')
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_role text := current_user;
  v_claims text := current_setting('request.jwt.claims', true);
begin
  perform tests.authenticate_as(add_environment.prefix || '_owner');
  perform public.create_environment(project_id => tests.project_of(add_environment.prefix), name => add_environment.name,
                                    deploy_role => add_environment.deploy_role);
  perform tests._restore(v_role, v_claims);
end;
$$;

-- ════ The public API, listed once ═════════════════════════════════════════════════════════════════
-- Every RPC clients may call (the operators' check_workflow_integrity and audit helpers are not API).
-- Tests that enumerate the API (privileges, RLS, comments) use this list; adding an RPC means adding it here.
create or replace function tests.contract_rpcs()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array[
    'create_project', 'create_workflow', 'update_workflow', 'duplicate_workflow', 'archive_workflow',
    'create_draft', 'save_draft', 'revert_draft', 'discard_draft', 'import_workflow_definition',
    'publish_draft', 'rollback_workflow', 'list_workflow_versions', 'get_workflow_version',
    'diff_workflow_versions', 'export_workflow_version', 'validate_workflow_definition',
    'list_project_members', 'create_environment', 'deploy_version', 'list_workflow_deployments',
    'resolve_workflow', 'start_run', 'finish_run', 'replay_run', 'list_workflow_runs',
    'set_project_settings', 'request_review', 'decide_review', 'withdraw_review', 'list_publish_requests',
    'invite_project_member', 'list_my_invitations', 'accept_invitation', 'decline_invitation',
    'revoke_invitation', 'set_member_role', 'remove_project_member'
  ]::text[];
$$;

-- ── Hardening (definition depth, audit hash chain) ──────────────────────────────────────────────

-- A definition (the empty graph) that nests exactly `levels` levels of containers, the root object
-- being level 1: "settings" holds levels - 1 nested arrays (or objects {"a": …}); `leaf` is put inside
-- the innermost one (a scalar adds no level).
create or replace function tests.nested_definition(levels int, container text default 'array', leaf text default '')
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select ('{"nodes": [], "edges": [], "settings": ' ||
    case nested_definition.container
      when 'array' then repeat('[', levels - 1) || leaf || repeat(']', levels - 1)
      else repeat('{"a": ', levels - 2) || '{' || case when leaf = '' then '' else '"x": ' || leaf end || '}' || repeat('}', levels - 2)
    end || '}')::jsonb
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
