-- remove_project_member(project_id, user_id): owners remove members; the last owner cannot be removed.
begin;
select plan(10);

select tests.setup_project('acme') as project \gset

-- TEST: the owner removes the viewer; one member_removed event; the viewer no longer sees the project
select tests.authenticate_as('acme_owner');
select public.remove_project_member(project_id => :'project', user_id => tests.uid('acme_viewer'));
select tests.clear_authentication();
select is((select count(*)::int from public.project_members where user_id = tests.uid('acme_viewer')), 0, 'the viewer is no longer a member');
select results_eq(
  format($$select action::text, actor_id, details from public.workflow_version_events where project_id = %L and action = 'member_removed'$$, :'project'),
  format($$values ('member_removed', %L::uuid, jsonb_build_object('user_id', %L::text, 'role', 'viewer'))$$, tests.uid('acme_owner'), tests.uid('acme_viewer')),
  'member_removed by the owner, with the role they had');
select tests.authenticate_as('acme_viewer');
select is_empty($$select 1 from public.projects$$, 'the removed member sees the project no more');

-- TEST: removing someone who is not a member → PT404
select tests.authenticate_as('acme_owner');
select throws_ok(format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_viewer')),
  'PT404', null, 'not a member (any more) → PT404');
select throws_ok(format($$select public.remove_project_member(project_id => %L, user_id => null)$$, :'project'), '22023', null, 'null user → 22023');

-- TEST: the last owner stays
select throws_ok(format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_owner')),
  'PT409', null, 'removing the last owner → PT409');

-- TEST: only owners
select tests.authenticate_as('acme_publisher');
select throws_ok(format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_editor')),
  '42501', null, 'a publisher → 42501');

-- TEST: with a second owner, an owner may leave
select tests.authenticate_as('acme_owner');
select public.set_member_role(project_id => :'project', user_id => tests.uid('acme_publisher'), role => 'owner');
select lives_ok(format($$select public.remove_project_member(project_id => %L, user_id => %L)$$, :'project', tests.uid('acme_owner')),
  'an owner removes themself while another owner remains');
select is_empty($$select 1 from public.projects$$, 'and no longer sees the project');
select tests.clear_authentication();
select results_eq(format($$select user_id from public.project_members where project_id = %L and role = 'owner'$$, :'project'),
  format($$values (%L::uuid)$$, tests.uid('acme_publisher')), 'one owner remains');

select * from finish();
rollback;
