-- accept_invitation(invitation_id): only the invitee (the signed-in user whose confirmed account e-mail
-- is the invitation's, compared case-insensitively) joins, once, while the invitation is pending.
begin;
select plan(20);

select tests.setup_project('acme') as project \gset
select tests.create_user('alice') as alice \gset
select tests.create_user('bob');
select tests.create_user('frank', 'Frank.Mixed@Test.Example.com') as frank \gset
select tests.invite('acme', upper(tests.email('alice')), 'publisher') as inv \gset

-- TEST: the wrong person gets PT404: another account, a member of the project, its owner
select is(tests.outcome_as('bob', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'another account → PT404');
select is(tests.outcome_as('acme_editor', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'a member → PT404');
select is(tests.outcome_as('acme_owner', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')), 'PT404', 'the inviting owner → PT404');
select is(tests.outcome_as('anon', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')), '42501', 'anon → 42501');
select is(tests.outcome_as('service_role', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')), '42501', 'service_role → 42501');

-- TEST: an unconfirmed account with the invited e-mail is not the invitee
select tests.unconfirm_email('alice');
select is(tests.outcome_as('alice', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv')), 'PT404',
  'the invited e-mail, not confirmed → PT404');
update auth.users set email_confirmed_at = now() where id = :'alice';

-- TEST: the invitee accepts and becomes a member with the invited role
select tests.authenticate_as('alice');
select m.project_id as m_project, m.user_id as m_user, m.role as m_role from public.accept_invitation(invitation_id => :'inv') m \gset
select is(array[:'m_project', :'m_user', :'m_role'], array[:'project', :'alice', 'publisher'], 'returns the membership: project, user, role');
select results_eq($$select name from public.projects$$, $$values ('acme project')$$, 'the new member sees the project');
select tests.clear_authentication();
select isnt((select accepted_at from public.project_invitations where id = :'inv'), null, 'accepted_at is set');

-- TEST: one event: member_added by the invitee, naming the invitation
select results_eq(
  format($$select action::text, actor_id, details ->> 'user_id', details ->> 'role', details ->> 'invitation_id'
           from public.workflow_version_events where project_id = %L and actor_id = %L$$, :'project', :'alice'),
  format($$values ('member_added', %1$L::uuid, %1$L, 'publisher', %2$L)$$, :'alice', :'inv'),
  'member_added: actor and user the invitee, with the invitation id');

-- TEST: twice → PT409, and declining afterwards too
select tests.authenticate_as('alice');
select throws_ok(format($$select public.accept_invitation(invitation_id => %L)$$, :'inv'), 'PT409', null, 'accepting twice → PT409');
select throws_ok(format($$select public.decline_invitation(invitation_id => %L)$$, :'inv'), 'PT409', null, 'declining an accepted invitation → PT409');

-- TEST: expired → PT409
select tests.expired_invitation(tests.project_of('acme'), tests.email('bob')) as inv_expired \gset
select is(tests.outcome_as('bob', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv_expired')), 'PT409', 'expired → PT409');

-- TEST: revoked → PT409
select tests.invite('acme', tests.email('bob')) as inv_revoked \gset
select tests.authenticate_as('acme_owner');
select public.revoke_invitation(invitation_id => :'inv_revoked');
select is(tests.outcome_as('bob', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv_revoked')), 'PT409', 'revoked → PT409');

-- TEST: already a member (added by an operator meanwhile) → PT409
select tests.invite('acme', tests.email('bob'), 'viewer') as inv_member \gset
select tests.add_member(:'project', 'bob', 'editor');
select is(tests.outcome_as('bob', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv_member')), 'PT409', 'already a member → PT409');
select is((select role::text from public.project_members where project_id = :'project' and user_id = tests.uid('bob')), 'editor',
  'the existing membership is unchanged');

-- TEST: the e-mail comparison ignores case on both sides
select tests.invite('acme', 'frank.mixed@test.example.com', 'viewer') as inv_frank \gset
select is(tests.outcome_as('frank', format($$select public.accept_invitation(invitation_id => %L)$$, :'inv_frank')), 'ok',
  'an account e-mail in mixed case matches');

-- TEST: unknown and missing ids
select tests.authenticate_as('alice');
select throws_ok(format($$select public.accept_invitation(invitation_id => %L)$$, gen_random_uuid()), 'PT404', null, 'unknown id → PT404');
select throws_ok($$select public.accept_invitation(invitation_id => null)$$, '22023', null, 'null id → 22023');

-- TEST: the refused calls added nobody
select tests.clear_authentication();
select is((select count(*)::int from public.project_members where project_id = :'project'), 6, 'members: the four, alice, and bob added by SQL');

select * from finish();
rollback;
