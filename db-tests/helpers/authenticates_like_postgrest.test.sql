-- The tests schema itself: users and the claims PostgREST would pass.
begin;
select plan(11);

select tests.create_user('alice') as alice \gset

-- TEST: a created user looks like a GoTrue email user
select results_eq(
  format($$select instance_id, aud::text, role::text, email::text, confirmation_token::text from auth.users where id = %L$$, :'alice'),
  $$values ('00000000-0000-0000-0000-000000000000'::uuid, 'authenticated', 'authenticated', 'alice@test.example.com', '')$$,
  'create_user makes a GoTrue-shaped user');
select is(tests.uid('alice'), :'alice'::uuid, 'tests.uid finds the user by identifier');

-- TEST: authenticate_as switches role and sets real claims
select tests.authenticate_as('alice');
select is(current_user::text, 'authenticated', 'authenticate_as: role authenticated');
select is(auth.uid(), tests.uid('alice'), 'authenticate_as: auth.uid() is the user');
select is(auth.jwt() ->> 'role', 'authenticated', 'authenticate_as: claims carry role like PostgREST');
select ok(auth.jwt() ? 'session_id' and auth.jwt() ->> 'aud' = 'authenticated' and auth.email() = 'alice@test.example.com',
  'authenticate_as: claims carry aud, email and session_id');
select (auth.jwt() ->> 'session_id') as alice_session \gset
select tests.clear_authentication();
select ok(exists (select 1 from auth.sessions s where s.id = :'alice_session'::uuid and s.user_id = tests.uid('alice')),
  'authenticate_as: the session_id claim names a session row of the user, as GoTrue writes at sign-in');

-- TEST: anon and service_role
select tests.authenticate_as_anon();
select results_eq($$select current_user::text collate "default", auth.role(), auth.uid()$$, $$values ('anon', 'anon', null::uuid)$$,
  'authenticate_as_anon: role anon, claims {"role":"anon"}');
select tests.authenticate_as_service_role();
select results_eq($$select current_user::text collate "default", auth.role()$$, $$values ('service_role', 'service_role')$$,
  'authenticate_as_service_role: role service_role');

-- TEST: clear_authentication returns to the session user without claims
select tests.clear_authentication();
select is(current_user::text, session_user::text, 'clear_authentication: back to the session user');
select is(auth.uid(), null, 'clear_authentication: no claims');

select * from finish();
rollback;
