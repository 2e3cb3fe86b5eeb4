-- revoke_invitation(invitation_id): owners withdraw a pending invitation.
begin;
select plan(12);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset
select tests.create_user('alice');
select tests.invite('acme', tests.email('alice'), 'editor') as inv \gset

-- TEST: who may not
select is(tests.outcome_as('acme_publisher', format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv')), '42501', 'a publisher → 42501');
select is(tests.outcome_as('globex_owner', format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'another project''s owner → PT404');
select is(tests.outcome_as('alice', format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'the invitee → PT404');
select is(tests.outcome_as('anon', format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv')), '42501', 'anon → 42501');

-- TEST: the owner revokes; one event by the owner
select tests.authenticate_as('acme_owner');
select i.revoked_at is not null as revoked from public.revoke_invitation(invitation_id => :'inv') i \gset
select ok(:'revoked'::boolean, 'revoked_at is set');
select tests.clear_authentication();
select results_eq(format($$select actor_id, details ->> 'invitation_id' from public.workflow_version_events where action = 'invitation_revoked'$$),
  format($$values (%L::uuid, %L)$$, tests.uid('acme_owner'), :'inv'), 'invitation_revoked by the owner');

-- TEST: only pending invitations
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv'), 'PT409', null, 'revoking twice → PT409');
select tests.invite('acme', tests.email('alice'), 'viewer') as inv2 \gset
select tests.authenticate_as('alice');
select public.accept_invitation(invitation_id => :'inv2');
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv2'), 'PT409', null, 'an accepted invitation → PT409');
select tests.expired_invitation(:'project', 'late@example.com') as inv3 \gset
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.revoke_invitation(invitation_id => %L)$$, :'inv3'), 'PT409', null, 'an expired invitation → PT409');
select throws_ok(format($$select public.revoke_invitation(invitation_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown id → PT404');
select throws_ok($$select public.revoke_invitation(invitation_id => null)$$, '22023', null, 'null id → 22023');

-- TEST: the accepted member stays a member
select tests.clear_authentication();
select is((select role::text from public.project_members where user_id = tests.uid('alice')), 'viewer', 'the refused revocation changed nothing');

select * from finish();
rollback;
