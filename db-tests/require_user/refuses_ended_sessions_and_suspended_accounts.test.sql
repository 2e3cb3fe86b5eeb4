-- private.require_user(): access tokens are verified by their signature alone (PostgREST, the app's /api
-- routes), so the database looks the caller up on every call: a token whose session was signed out, whose
-- account is banned, soft-deleted or gone is refused with 42501, a message and a hint, and writes nothing.
-- A token without a session_id claim (minted by an operator with the JWT secret) skips only the session part.
begin;
select plan(23);

select tests.create_user('alice') as alice \gset
select tests.create_user('bob') as bob \gset
select tests.event_count() as events_before \gset
select count(*) as projects_before from public.projects \gset

-- TEST: a live session passes; so does a ban that has expired
select is(tests.outcome_after('alice', 'live', $$select public.create_project(name => 'Live')$$), 'ok', 'live session → ok');
select is(tests.outcome_after('alice', 'ban_expired', $$select public.create_project(name => 'Live')$$), 'ok',
  'banned_until in the past → ok');

-- TEST: each ended session or suspended account is 42501, for a write and for a read
select is(tests.outcome_after('alice', c.change, c.sql), '42501', format('%s × %s → 42501', c.change, c.what))
from (values ('signed_out'), ('banned'), ('soft_deleted'), ('deleted')) as s(change)
cross join (values ('create_project', $$select public.create_project(name => 'Refused')$$),
                   ('validate_workflow_definition', $$select public.validate_workflow_definition('{"nodes": [], "edges": []}')$$))
  as q(what, sql)
cross join lateral (select s.change, q.what, q.sql) c;

-- TEST: the messages and hints say what happened and what to do
create function pg_temp.refusal(change text) returns text language plpgsql as $$
declare v_message text; v_hint text;
begin
  perform tests.authenticate_as('alice');
  begin
    perform tests.change_account(refusal.change);
    perform public.create_project(name => 'Refused');
    raise exception using errcode = 'TTOK0', message = 'no error', hint = 'rolled back';
  exception when others then
    get stacked diagnostics v_message = message_text, v_hint = pg_exception_hint;
  end;
  perform tests.clear_authentication();
  return v_message || ' | ' || v_hint;
end;
$$;
select tests.clear_authentication();
select matches(pg_temp.refusal('signed_out'), '^Your session has ended \| Sign in again', 'signed out: "Your session has ended", hint "Sign in again…"');
select matches(pg_temp.refusal('banned'), '^This account is suspended \| .+', 'banned: "This account is suspended", with a hint');
select matches(pg_temp.refusal('soft_deleted'), '^This account no longer exists \| .+', 'soft-deleted: "This account no longer exists", with a hint');
select matches(pg_temp.refusal('deleted'), '^This account no longer exists \| .+', 'deleted: "This account no longer exists", with a hint');

-- TEST: the session must be the caller's own: another user's live session id is refused
select tests.authenticate_as('bob');
select (auth.jwt() ->> 'session_id') as bob_session \gset
select tests.authenticate_as('alice');
select set_config('request.jwt.claims', (auth.jwt() || jsonb_build_object('session_id', :'bob_session'))::text, true);
select throws_ok($$select public.create_project(name => 'Borrowed')$$, '42501', 'Your session has ended',
  'a session_id of another user''s session → 42501');

-- TEST: a session_id that is not a uuid is an ended session (42501), never a 22P02
select set_config('request.jwt.claims', (auth.jwt() || '{"session_id": "not-a-uuid"}')::text, true);
select throws_ok($$select public.create_project(name => 'Malformed')$$, '42501', 'Your session has ended',
  'a malformed session_id → 42501');

-- TEST: a token without session_id (minted with the secret) skips the session part, not the account part
select set_config('request.jwt.claims', (auth.jwt() - 'session_id')::text, true);
select lives_ok($$select public.validate_workflow_definition('{"nodes": [], "edges": []}')$$,
  'no session_id claim, account in order → ok');
select tests.clear_authentication();
update auth.users set banned_until = now() + interval '1 hour' where id = :'alice';
select tests.authenticate_as('alice');
select set_config('request.jwt.claims', (auth.jwt() - 'session_id')::text, true);
select throws_ok($$select public.validate_workflow_definition('{"nodes": [], "edges": []}')$$, '42501', 'This account is suspended',
  'no session_id claim, banned account → 42501');
select tests.clear_authentication();
update auth.users set banned_until = null, deleted_at = now() where id = :'alice';
select tests.authenticate_as('alice');
select set_config('request.jwt.claims', (auth.jwt() - 'session_id')::text, true);
select throws_ok($$select public.validate_workflow_definition('{"nodes": [], "edges": []}')$$, '42501', 'This account no longer exists',
  'no session_id claim, soft-deleted account → 42501');
select set_config('request.jwt.claims', jsonb_build_object('role', 'authenticated', 'sub', extensions.gen_random_uuid())::text, true);
select throws_ok($$select public.validate_workflow_definition('{"nodes": [], "edges": []}')$$, '42501', 'This account no longer exists',
  'no session_id claim, a sub with no user row → 42501');

-- TEST: anonymous is still "not signed in"
select tests.authenticate_as_anon();
select throws_ok($$select public.create_project(name => 'Anon')$$, '42501', null, 'anon → 42501');

-- TEST: nothing was written by any refused call
select tests.clear_authentication();
select is(tests.event_count(), :'events_before'::bigint, 'no audit event written');
select is((select count(*) from public.projects), :'projects_before'::bigint, 'no project written');

select * from finish();
rollback;
