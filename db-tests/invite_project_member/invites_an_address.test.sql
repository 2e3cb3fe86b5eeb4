-- invite_project_member(project_id, email, role): owners invite an address (trimmed, lower-cased),
-- valid 14 days; nobody joins until they accept.
begin;
select plan(24);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset

-- TEST: the owner invites an address; the row is normalised and expires in 14 days
select tests.authenticate_as('acme_owner');
select i.id as inv, i.email as inv_email, i.role as inv_role, i.invited_by as inv_by, i.project_id as inv_project,
       i.expires_at - i.created_at as inv_ttl, num_nonnulls(i.accepted_at, i.declined_at, i.revoked_at) as inv_answers
from public.invite_project_member(project_id => :'project', email => E'  New.Person@Example.COM \t', role => 'editor') i \gset
select is(:'inv_email'::text, 'new.person@example.com', 'the e-mail is stored trimmed and lower-cased');
select is(:'inv_role'::text, 'editor', 'with the role');
select is(:'inv_by'::uuid, tests.uid('acme_owner'), 'invited_by is the owner');
select is(:'inv_project'::uuid, :'project'::uuid, 'in the project');
select is(:'inv_ttl'::interval, interval '14 days', 'it expires 14 days after it was made');
select is(:'inv_answers'::int, 0, 'pending: not accepted, declined or revoked');

-- TEST: one member_invited event by the owner, naming the address and no user
select tests.clear_authentication();
select results_eq(
  format($$select actor_id, details ->> 'invitation_id', details ->> 'email', details ->> 'role', details ? 'user_id'
           from public.workflow_version_events where project_id = %L and action = 'member_invited'$$, :'project'),
  format($$values (%L::uuid, %L, 'new.person@example.com', 'editor', false)$$, tests.uid('acme_owner'), :'inv'),
  'member_invited: actor the owner, details without a user id');

-- TEST: inviting adds nobody
select is((select count(*)::int from public.project_members where project_id = :'project'), 4, 'still four members');

-- TEST: the same address again (any case) is refused while the invitation is pending
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'NEW.person@example.com', role => 'viewer')$$, :'project'),
  'PT409', null, 'a pending invitation exists → PT409');
-- … and allowed again once it is revoked, or expired
select public.revoke_invitation(invitation_id => :'inv');
select lives_ok(format($$select public.invite_project_member(project_id => %L, email => 'new.person@example.com', role => 'viewer')$$, :'project'),
  'after a revocation the address may be invited again');
select tests.expired_invitation(:'project', 'late@example.com');
select tests.authenticate_as('acme_owner');
select lives_ok(format($$select public.invite_project_member(project_id => %L, email => 'late@example.com', role => 'viewer')$$, :'project'),
  'an expired invitation does not block a new one');

-- TEST: a member's address is refused (any case)
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => %L, role => 'owner')$$, :'project', upper(tests.email('acme_viewer'))),
  'PT409', null, 'already a member → PT409');

-- TEST: bad arguments → 22023 (or class 22 for an unknown role)
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => null, role => 'viewer')$$, :'project'), '22023', null, 'null e-mail → 22023');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => '   ', role => 'viewer')$$, :'project'), '22023', null, 'blank e-mail → 22023');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'no-at-sign', role => 'viewer')$$, :'project'), '22023', null, 'no @ → 22023');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'a b@example.com', role => 'viewer')$$, :'project'), '22023', null, 'a space inside → 22023');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'x@example.com', role => null)$$, :'project'), '22023', null, 'null role → 22023');
select is(left(tests.sqlstate_of(format($$select public.invite_project_member(project_id => %L, email => 'x@example.com', role => 'admin')$$, :'project')), 2),
  '22', 'unknown role → class 22');

-- TEST: only owners
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'x@example.com', role => 'viewer')$$, :'project'), '42501', null, 'a publisher → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'x@example.com', role => 'viewer')$$, :'project'), 'PT404', null, 'another project''s owner → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.invite_project_member(project_id => %L, email => 'x@example.com', role => 'viewer')$$, :'project'), '42501', null, 'anon → 42501');

-- TEST: the refused calls wrote nothing
select tests.clear_authentication();
select is((select count(*)::int from public.workflow_version_events where project_id = :'project' and action in ('member_invited', 'invitation_revoked')), 4,
  'three invitations and one revocation: four events');

-- TEST: only white space is trimmed (space, tab, newline, CR, FF, VT), never letters; direct SQL is normalised too
select tests.authenticate_as('acme_owner');
select is((public.invite_project_member(project_id => :'project', email => E'\013 vivi@v.dev\n', role => 'viewer')).email,
  'vivi@v.dev', 'white space around the address goes, the v at either end stays');
select tests.clear_authentication();
insert into public.project_invitations (project_id, email, role) values (:'project', E'\f Vt@Example.COM\t', 'viewer');
select is((select count(*)::int from public.project_invitations where email = 'vt@example.com'), 1, 'a row inserted by SQL is trimmed and lower-cased');

select * from finish();
rollback;
