-- set_member_role(project_id, user_id, role): owners change roles; the last owner cannot be demoted.
begin;
select plan(14);

select tests.setup_project('acme') as project \gset
select tests.setup_project('globex') as globex \gset

-- TEST: the owner promotes the editor; one member_role_changed event by the owner
select tests.authenticate_as('acme_owner');
select m.role as new_role, m.user_id as who from public.set_member_role(project_id => :'project', user_id => tests.uid('acme_editor'), role => 'publisher') m \gset
select is(:'new_role'::text, 'publisher', 'returns the member with the new role');
select is(:'who'::uuid, tests.uid('acme_editor'), 'for that user');
select tests.clear_authentication();
select results_eq(
  format($$select action::text, actor_id, details from public.workflow_version_events where project_id = %L and action = 'member_role_changed'$$, :'project'),
  format($$values ('member_role_changed', %L::uuid, jsonb_build_object('user_id', %L::text, 'role', 'publisher', 'previous_role', 'editor'))$$,
         tests.uid('acme_owner'), tests.uid('acme_editor')),
  'member_role_changed by the owner, with the previous role');

-- TEST: the same role again changes nothing and records nothing
select tests.authenticate_as('acme_owner');
select public.set_member_role(project_id => :'project', user_id => tests.uid('acme_editor'), role => 'publisher');
select tests.clear_authentication();
select is((select count(*)::int from public.workflow_version_events where action = 'member_role_changed'), 1, 'no event for an unchanged role');

-- TEST: the last owner cannot demote themself; with a second owner they can
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'publisher')$$, :'project', tests.uid('acme_owner')),
  'PT409', null, 'demoting the last owner → PT409');
select public.set_member_role(project_id => :'project', user_id => tests.uid('acme_publisher'), role => 'owner');
select lives_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'publisher')$$, :'project', tests.uid('acme_owner')),
  'with another owner, an owner may step down');
-- … and then no longer manages members
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'viewer')$$, :'project', tests.uid('acme_viewer')),
  '42501', null, 'the former owner → 42501');

-- TEST: bad arguments and strangers
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => gen_random_uuid(), role => 'viewer')$$, :'project'),
  'PT404', null, 'not a member → PT404');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => null, role => 'viewer')$$, :'project'), '22023', null, 'null user → 22023');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => null)$$, :'project', tests.uid('acme_viewer')),
  '22023', null, 'null role → 22023');
select tests.authenticate_as('acme_editor');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'owner')$$, :'project', tests.uid('acme_editor')),
  '42501', null, 'a non-owner promoting themself → 42501');
select tests.authenticate_as('globex_owner');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'owner')$$, :'project', tests.uid('globex_owner')),
  'PT404', null, 'another project''s owner → PT404');
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'viewer')$$, :'globex', tests.uid('acme_viewer')),
  'PT404', null, 'someone who is not a member of my project → PT404');
select tests.authenticate_as_anon();
select throws_ok(format($$select public.set_member_role(project_id => %L, user_id => %L, role => 'viewer')$$, :'project', tests.uid('acme_viewer')),
  '42501', null, 'anon → 42501');

select * from finish();
rollback;
