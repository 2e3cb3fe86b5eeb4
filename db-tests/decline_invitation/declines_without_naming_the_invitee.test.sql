-- decline_invitation(invitation_id): only the invitee; recorded without a user id (an invitation's
-- events name no user until it is accepted).
begin;
select plan(9);

select tests.setup_project('acme') as project \gset
select tests.create_user('alice');
select tests.create_user('bob');
select tests.invite('acme', tests.email('alice'), 'editor') as inv \gset

-- TEST: the wrong person → PT404
select is(tests.outcome_as('bob', format($$select public.decline_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'another account → PT404');
select is(tests.outcome_as('acme_owner', format($$select public.decline_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'the owner → PT404');

-- TEST: the invitee declines
select tests.authenticate_as('alice');
select i.declined_at is not null as declined from public.decline_invitation(invitation_id => :'inv') i \gset
select ok(:'declined'::boolean, 'declined_at is set');
select tests.clear_authentication();
select is((select count(*)::int from public.project_members where user_id = tests.uid('alice')), 0, 'alice did not join');

-- TEST: one invitation_declined event, without actor or user id
select results_eq(
  format($$select actor_id, details ->> 'invitation_id', details ? 'user_id' from public.workflow_version_events
           where project_id = %L and action = 'invitation_declined'$$, :'project'),
  format($$values (null::uuid, %L, false)$$, :'inv'),
  'invitation_declined names no user');
select is((select count(*)::int from public.workflow_version_events where actor_id = tests.uid('alice')), 0,
  'nothing in the trail carries alice''s id');

-- TEST: answered once
select tests.authenticate_as('alice');
select throws_ok(format($$select public.decline_invitation(invitation_id => %L)$$, :'inv'), 'PT409', null, 'declining twice → PT409');
select throws_ok(format($$select public.accept_invitation(invitation_id => %L)$$, :'inv'), 'PT409', null, 'accepting a declined invitation → PT409');

-- TEST: the owner may invite again
select lives_ok(format($$select tests.invite('acme', %L, 'viewer')$$, tests.email('alice')), 'a declined address can be invited again');

select * from finish();
rollback;
