-- list_my_invitations(): the caller's pending invitations (to their confirmed account e-mail), with the
-- project's name and the inviter's e-mail.
begin;
select plan(6);

select tests.setup_project('acme', 'Acme automations') as project \gset
select tests.setup_project('globex', 'Globex') as globex \gset
select tests.create_user('alice');
select tests.create_user('bob');
select tests.invite('acme', tests.email('alice'), 'editor') as inv_acme \gset
select tests.invite('globex', upper(tests.email('alice')), 'viewer') as inv_globex \gset
select tests.expired_invitation(:'project', tests.email('bob'));
select tests.invite('globex', tests.email('bob')) as inv_bob \gset
select tests.authenticate_as('globex_owner');
select public.revoke_invitation(invitation_id => :'inv_bob');

-- TEST: alice sees her two pending invitations, with project names and inviters
select tests.authenticate_as('alice');
select results_eq(
  $$select project_name, role::text, invited_by_email, email, expires_at - created_at from public.list_my_invitations() order by project_name$$,
  format($$values ('Acme automations', 'editor', %L, %L, interval '14 days'), ('Globex', 'viewer', %L, %L, interval '14 days')$$,
         tests.email('acme_owner'), tests.email('alice'), tests.email('globex_owner'), tests.email('alice')),
  'pending invitations with project name, role, inviter e-mail and validity');

-- TEST: expired, revoked and answered invitations are not listed
select tests.authenticate_as('bob');
select is_empty($$select 1 from public.list_my_invitations()$$, 'bob''s expired and revoked invitations are not listed');
select tests.authenticate_as('alice');
select public.decline_invitation(invitation_id => :'inv_globex');
select results_eq($$select id from public.list_my_invitations()$$, format($$values (%L::uuid)$$, :'inv_acme'), 'a declined invitation drops off');

-- TEST: an unconfirmed account sees nothing
select tests.unconfirm_email('alice');
select is_empty($$select 1 from public.list_my_invitations()$$, 'an unconfirmed e-mail has no invitations');

-- TEST: members of the inviting project do not see them here
select tests.authenticate_as('acme_owner');
select is_empty($$select 1 from public.list_my_invitations()$$, 'the inviter has no invitations of their own');

-- TEST: anon
select tests.authenticate_as_anon();
select throws_ok($$select * from public.list_my_invitations()$$, '42501', null, 'anon → 42501');

select * from finish();
rollback;
